using Lisor.Pure.Common;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>The parallel helper's promise: fixed blocks, reduced in block order, give the same bits for any thread count.</summary>
public class ParallelismTests
{
    // ‖x − y‖² by fixed blocks of 1000 (each block a vector reduction on its own), partial sums added in block order.
    private static float BlockedSquaredDistance(float[] x, float[] y)
    {
        const int blockSize = 1000;
        int blocks = Parallelism.BlockCount(x.Length, blockSize);
        var partial = new float[blocks];
        Parallelism.ForBlocks(blocks, b =>
        {
            var (start, end) = Parallelism.Block(b, x.Length, blockSize);
            partial[b] = Distance.SquaredDistance(x.AsSpan(start, end - start), y.AsSpan(start, end - start));
        });
        float total = 0;
        foreach (float p in partial) total += p;
        return total;
    }

    // C = A·B computed by fixed row blocks of 7 rows, one Gemm call per block.
    private static float[] BlockedGemm(float[] a, float[] b, int m, int n, int k)
    {
        var c = new float[m * n];
        Parallelism.ForBlocks(Parallelism.BlockCount(m, 7), blk =>
        {
            var (r0, r1) = Parallelism.Block(blk, m, 7);
            Gemm.NN(r1 - r0, n, k, a.AsSpan(r0 * k), k, b, n, c.AsSpan(r0 * n), n);
        });
        return c;
    }

    [Test]
    public void Results_are_bit_identical_for_1_2_3_and_8_threads()
    {
        var rng = new Rng(31);
        var x = KernelTestData.Random(rng, 12345);
        var y = KernelTestData.Random(rng, 12345);
        int m = 61, n = 45, k = 37;
        var a = KernelTestData.Random(rng, m * k);
        var b = KernelTestData.Random(rng, k * n);
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            float distance1 = BlockedSquaredDistance(x, y);
            var gemm1 = BlockedGemm(a, b, m, n, k);
            foreach (int threads in new[] { 2, 3, 8 })
            {
                Parallelism.Threads = threads;
                Assert.That(BitConverter.SingleToInt32Bits(BlockedSquaredDistance(x, y)), Is.EqualTo(BitConverter.SingleToInt32Bits(distance1)), $"{threads} threads");
                Assert.That(BlockedGemm(a, b, m, n, k), Is.EqualTo(gemm1), $"{threads} threads");
            }
            // and row-blocked GEMM equals one whole GEMM, bit for bit
            var whole = new float[m * n];
            Gemm.NN(m, n, k, a, k, b, n, whole, n);
            Assert.That(gemm1, Is.EqualTo(whole));
        }
        finally { Parallelism.Threads = saved; }
    }

    [Test]
    public void Blocks_cover_the_range_exactly_once()
    {
        Assert.That(Parallelism.BlockCount(10, 3), Is.EqualTo(4));
        Assert.That(Parallelism.Block(3, 10, 3), Is.EqualTo((9, 10)));
        Assert.That(Parallelism.BlockCount(0, 3), Is.EqualTo(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
    }

    [Test]
    public void Every_block_runs_exactly_once_whatever_the_threads_and_the_count()
    {
        int saved = Parallelism.Threads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3, 4, 7 })
            {
                Parallelism.Threads = threads;
                foreach (int blocks in Enumerable.Range(0, 40).Append(1000))
                {
                    var runs = new int[blocks];
                    var thread = new int[blocks];
                    // uneven blocks, so the ends meet at any block
                    Parallelism.ForBlocks(blocks, b =>
                    {
                        Interlocked.Increment(ref runs[b]);
                        thread[b] = Environment.CurrentManagedThreadId;
                        if (b % 5 == 0) Thread.SpinWait(2000);
                    });
                    Assert.That(runs, Is.All.EqualTo(1), $"{threads} threads, {blocks} blocks");
                    Assert.That(thread.Distinct().Count(), Is.LessThanOrEqualTo(Math.Max(1, threads)), $"{threads} threads, {blocks} blocks");
                }
            }
        }
        finally { Parallelism.Threads = saved; }
    }
}
