using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// GemmShallow writes C = bias + A·B in one pass for k ≤ 8 (a recurrent step's one-hot input projection): on every
/// path it must give, bit for bit, what the cells computed before — the bias copied into each row, then the product
/// added by the path's SGEMM, plain or with B packed once.
/// </summary>
public class GemmShallowTests
{
    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Bias_plus_shallow_product_gives_the_bits_of_copy_then_product(KernelPath path)
    {
        var rng = new Rng(51);
        var packed = new PackedMatrix();
        int[] rowCounts = [0, 1, 2, 3, 4, 5, 6, 7, 11, 16, 17, 35, 64];
        int[] widths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 1024];
        for (int k = 0; k <= GemmShallow.MaxK; k++)
            foreach (int n in widths)
            {
                int ldb = n + 3;
                var b = KernelTestData.Random(rng, k * ldb);
                var bias = KernelTestData.Random(rng, n);
                bias[0] = -0f;   // a signed zero must come out as the copy leaves it
                packed.Pack(path, k, n, b, ldb, transposed: false);
                foreach (int m in rowCounts)
                {
                    int lda = k + 2, ldc = n + 1;
                    var a = KernelTestData.Random(rng, m * lda);
                    // rows of a one-hot input (copied from a table row computed once: the same bits), and rows that
                    // only look like one: all +0, a −0 beside the 1, two 1s, a 1 and a 0.5; the rest random
                    for (int i = 1; i < m && k > 0; i++)
                    {
                        var row = a.AsSpan(i * lda, k);
                        int kind = i % 8;
                        if (kind == 7) continue;
                        row.Clear();
                        if (kind <= 2) row[(i / 8 + kind) % k] = 1f;
                        else if (kind == 3) continue;   // all +0
                        else if (kind == 4) { row[0] = 1f; if (k > 1) row[k - 1] = -0f; }
                        else if (kind == 5) { row[k - 1] = 1f; row[0] = k > 1 ? 1f : 0.5f; }
                        else if (kind == 6) { row[0] = 0.5f; row[k - 1] = 1f; }
                    }
                    var c0 = KernelTestData.Random(rng, m * ldc);
                    var plain = (float[])c0.Clone();
                    for (int i = 0; i < m; i++) bias.CopyTo(plain, i * ldc);
                    var prepacked = (float[])plain.Clone();
                    Gemm.NN(path, m, n, k, a, lda, b, ldb, plain, ldc);
                    packed.Multiply(m, a, lda, prepacked, ldc);
                    var got = new Guarded(c0);
                    GemmShallow.BiasPlus(path, m, n, k, a, lda, b, ldb, bias, got.Span, ldc);
                    KernelTestData.AssertSameBits(got.ToArray(), plain, $"{path} {m}×{n}×{k}");
                    KernelTestData.AssertSameBits(got.ToArray(), prepacked, $"{path} {m}×{n}×{k}, B packed");
                    got.AssertGuardsIntact();
                }
            }
    }

    [Test]
    public void Deeper_products_and_short_operands_are_rejected()
    {
        int k = GemmShallow.MaxK + 1;
        Assert.That(GemmShallow.Takes(k), Is.False);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GemmShallow.BiasPlus(KernelPath.Scalar, 1, 1, k, new float[k], k, new float[k], 1, new float[1], new float[1], 1));
        Assert.Throws<ArgumentException>(() =>
            GemmShallow.BiasPlus(KernelPath.Scalar, 2, 3, 2, new float[4], 2, new float[6], 3, new float[2], new float[6], 3));
        Assert.Throws<ArgumentException>(() =>
            GemmShallow.BiasPlus(KernelPath.Scalar, 2, 3, 2, new float[4], 2, new float[6], 3, new float[3], new float[5], 3));
    }
}
