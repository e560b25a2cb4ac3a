using System.Runtime.Intrinsics;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The blocked driver cuts a block of rows into tiles of MR and MR − 1 rows (16 = 6 + 5 + 5): every path's
/// products, at every row count and awkward n and k, must equal bit for bit the micro-kernels' arithmetic
/// written out element by element — acc = 0; acc = madd(a_ip, b_pj, acc) for p in order within each KC block;
/// then c_ij += acc — with madd the path's multiply-add (fused on Vector256, MultiplyAddEstimate on Vector128,
/// a product then a sum on Scalar).
/// </summary>
public class GemmRowTilesTests
{
    public enum Op { NN, NT, TN }

    // every row count up to 35 (each remainder of 6, 5 and 4, and the ones too small to cut without edge rows), then larger ones
    private static readonly int[] RowCounts = [.. Enumerable.Range(1, 35), 63, 64, 65, 100, 191, 256];

    private static IEnumerable<TestCaseData> PathsAndOps =>
        from p in KernelTestData.Paths from op in Enum.GetValues<Op>() select new TestCaseData(p, op);

    [TestCase(6)]
    [TestCase(4)]
    public void Row_tiles_cover_the_block_and_leave_edge_rows_only_below_the_bound(int mr)
    {
        for (int mc = 1; mc <= 300; mc++)
        {
            var (full, shorts, edge) = GemmDriver.CutRows(mc, mr);
            Assert.That(full * mr + shorts * (mr - 1) + edge, Is.EqualTo(mc), $"mc = {mc}");
            Assert.That(full >= 0 && shorts >= 0 && edge >= 0 && edge < mr - 1, $"mc = {mc}: ({full}, {shorts}, {edge})");
            if (mc >= (mr - 1) * (mr - 2)) Assert.That(edge, Is.Zero, $"mc = {mc} can be cut into {mr}- and {mr - 1}-row tiles");
            if (edge > 0) Assert.That(shorts, Is.Zero, $"mc = {mc}");
        }
        if (mr == 6) Assert.That(GemmDriver.CutRows(16, 6), Is.EqualTo((1, 2, 0)));
    }

    [TestCaseSource(nameof(PathsAndOps))]
    public void Blocked_driver_gives_the_micro_kernel_arithmetic_at_every_row_count(KernelPath path, Op op)
    {
        var rng = new Rng(41);
        (int N, int K)[] depths = [(1, 1), (17, 9), (16, 256), (33, 257), (40, 600)];
        foreach (int m in RowCounts)
            foreach (var (n, k) in depths)
                foreach (bool? direct in (bool?[])[true, false, null])
                {
                    var (aRows, aCols) = op == Op.TN ? (k, m) : (m, k);
                    var (bRows, bCols) = op == Op.NT ? (n, k) : (k, n);
                    int lda = aCols + 1, ldb = bCols + 3, ldc = n + 2;
                    var a = KernelTestData.Random(rng, aRows * lda);
                    var b = KernelTestData.Random(rng, bRows * ldb);
                    var c0 = KernelTestData.Random(rng, m * ldc);
                    var am = op == Op.TN ? new StridedMatrix(a, 1, lda) : new StridedMatrix(a, lda, 1);
                    var bm = op == Op.NT ? new StridedMatrix(b, 1, ldb) : new StridedMatrix(b, ldb, 1);
                    var expected = (float[])c0.Clone();
                    Reference(path, m, n, k, a, am.RowStride, am.ColStride, b, bm.RowStride, bm.ColStride, expected, ldc);
                    var got = new Guarded(c0);
                    GemmDriver.Run(path, m, n, k, am, bm, got.Span, ldc, direct);
                    KernelTestData.AssertSameBits(got.ToArray(), expected, $"{path} {op} {m}×{n}×{k}, direct {direct}");
                    got.AssertGuardsIntact();
                }
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Prepacked_products_give_the_micro_kernel_arithmetic_at_every_row_count(KernelPath path)
    {
        // the recurrent products: A read in place, op(B) packed once (B or Bᵀ), wide enough for the blocked driver
        var rng = new Rng(42);
        var packed = new PackedMatrix();
        (int N, int K)[] shapes = [(65, 3), (100, 256), (80, 300)];
        foreach (bool transposed in (bool[])[false, true])
            foreach (var (n, k) in shapes)
            {
                var (bRows, bCols) = transposed ? (n, k) : (k, n);
                int ldb = bCols + 1;
                var b = KernelTestData.Random(rng, bRows * ldb);
                packed.Pack(path, k, n, b, ldb, transposed);
                foreach (int m in RowCounts)
                {
                    int lda = k + 2, ldc = n + 1;
                    var a = KernelTestData.Random(rng, m * lda);
                    var c0 = KernelTestData.Random(rng, m * ldc);
                    var expected = (float[])c0.Clone();
                    Reference(path, m, n, k, a, lda, 1, b, transposed ? 1 : ldb, transposed ? ldb : 1, expected, ldc);
                    var got = new Guarded(c0);
                    packed.Multiply(m, a, lda, got.Span, ldc);
                    KernelTestData.AssertSameBits(got.ToArray(), expected, $"{path} {(transposed ? "NT" : "NN")} {m}×{n}×{k}");
                    got.AssertGuardsIntact();
                }
            }
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Short_tile_gives_the_bits_of_the_same_rows_in_a_full_tile(KernelPath path)
    {
        // RunShort on MR − 1 rows against Run on those rows plus one more, packed panels and in-place rows alike
        var rng = new Rng(43);
        foreach (int kc in (int[])[1, 2, 7, 256])
        {
            switch (path)
            {
                case KernelPath.Vector256: CompareShortToFull<MicroKernel256>(rng, kc); break;
                case KernelPath.Vector128: CompareShortToFull<MicroKernel128>(rng, kc); break;
                default: CompareShortToFull<MicroKernelScalar>(rng, kc); break;
            }
        }
    }

    private static void CompareShortToFull<TKernel>(Rng rng, int kc) where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR, lda = kc + 3, ldc = nr + 5;
        var a = KernelTestData.Random(rng, mr * lda);
        var b = KernelTestData.Random(rng, kc * nr);
        var c0 = KernelTestData.Random(rng, mr * ldc);
        var full = (float[])c0.Clone();
        TKernel.Run(kc, ref a[0], lda, 1, ref b[0], nr, ref full[0], ldc);
        var shortTile = new Guarded(c0.AsSpan(0, (mr - 1) * ldc));
        TKernel.RunShort(kc, ref a[0], lda, 1, ref b[0], nr, ref shortTile.Span[0], ldc);
        KernelTestData.AssertSameBits(shortTile.ToArray(), full.AsSpan(0, (mr - 1) * ldc), $"{typeof(TKernel).Name}, kc = {kc}");
        shortTile.AssertGuardsIntact();
    }

    // C[i, j] += Σ_blocks (acc = 0; acc = madd(a_ip, b_pj, acc), p in the block in order) with A (i, p) at a[i·ars + p·acs]
    // and B (p, j) at b[p·brs + j·bcs]: the micro-kernels' arithmetic on `path`, one element at a time.
    internal static void Reference(KernelPath path, int m, int n, int k, float[] a, int ars, int acs, float[] b, int brs, int bcs,
        float[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int pc = 0; pc < k; pc += GemmDriver.KC)
                {
                    float acc = 0;
                    for (int p = pc; p < Math.Min(k, pc + GemmDriver.KC); p++)
                        acc = MultiplyAdd(path, a[i * ars + p * acs], b[p * brs + j * bcs], acc);
                    c[i * ldc + j] += acc;
                }
    }

    private static float MultiplyAdd(KernelPath path, float x, float y, float acc) => path switch
    {
        KernelPath.Vector256 => MathF.FusedMultiplyAdd(x, y, acc),
        KernelPath.Vector128 => Vector128.MultiplyAddEstimate(Vector128.Create(x), Vector128.Create(y), Vector128.Create(acc)).ToScalar(),
        _ => acc + x * y,
    };
}
