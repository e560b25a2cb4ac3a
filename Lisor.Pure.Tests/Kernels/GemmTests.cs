using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>SGEMM NN/NT/TN on every path against the triple-loop reference, on odd shapes with padded leading dimensions.</summary>
public class GemmTests
{
    public enum Op { NN, NT, TN }

    private static IEnumerable<TestCaseData> PathsAndOps =>
        from p in KernelTestData.Paths from op in Enum.GetValues<Op>() select new TestCaseData(p, op);

    // (m, n, k): empty and unit dimensions, every edge-tile case of 6×16 / 6×8 / 4×4 tiles, RNN-step
    // shapes, and sizes that cross the KC = 256 and MC = 96 block boundaries and NC = 2048.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 3), (5, 0, 3), (5, 3, 0), (1, 1, 1), (1, 17, 1), (17, 1, 3), (2, 3, 5), (6, 16, 7), (7, 17, 9),
        (5, 15, 4), (13, 33, 11), (64, 40, 20), (64, 30, 13), (37, 29, 31), (100, 45, 300), (97, 130, 257),
        (3, 2050, 5),
    ];

    private static void Run(Op op, KernelPath? path, int m, int n, int k, float[] a, int lda, float[] b, int ldb, Span<float> c, int ldc)
    {
        switch (op, path)
        {
            case (Op.NN, null): ScalarGemm.NN(m, n, k, a, lda, b, ldb, c, ldc); break;
            case (Op.NT, null): ScalarGemm.NT(m, n, k, a, lda, b, ldb, c, ldc); break;
            case (Op.TN, null): ScalarGemm.TN(m, n, k, a, lda, b, ldb, c, ldc); break;
            case (Op.NN, _): Gemm.NN(path.Value, m, n, k, a, lda, b, ldb, c, ldc); break;
            case (Op.NT, _): Gemm.NT(path.Value, m, n, k, a, lda, b, ldb, c, ldc); break;
            default: Gemm.TN(path!.Value, m, n, k, a, lda, b, ldb, c, ldc); break;
        }
    }

    [TestCaseSource(nameof(PathsAndOps))]
    public void Gemm_matches_the_scalar_reference_on_odd_shapes(KernelPath path, Op op)
    {
        var rng = new Rng(21);
        foreach (var (m, n, k) in Shapes)
        {
            // stored shapes of A and B for this op, each with 3 spare columns (ld > cols)
            var (aRows, aCols) = op == Op.TN ? (k, m) : (m, k);
            var (bRows, bCols) = op == Op.NT ? (n, k) : (k, n);
            int lda = aCols + 3, ldb = bCols + 3, ldc = n + 2;
            var a = KernelTestData.Random(rng, aRows * lda);
            var b = KernelTestData.Random(rng, bRows * ldb);
            var c0 = KernelTestData.Random(rng, m * ldc);

            var expected = (float[])c0.Clone();
            Run(op, null, m, n, k, a, lda, b, ldb, expected, ldc);
            var got = new Guarded(c0);
            Run(op, path, m, n, k, a, lda, b, ldb, got.Span, ldc);

            // |error| ≤ ≈ k·ε·Σ_p |a_ip b_pj| + |c|·ε; with |a|,|b| < 2 that is at most k·4·k·ε
            double tol = 1e-6 * (k + 2) * 4 + 1e-6;
            var actual = got.ToArray();
            for (int i = 0; i < m; i++)
                for (int j = 0; j < ldc; j++)
                {
                    int idx = i * ldc + j;
                    if (j >= n) Assert.That(actual[idx], Is.EqualTo(c0[idx]), $"{op} {m}×{n}×{k}: padding column written");
                    else Assert.That(actual[idx], Is.EqualTo(expected[idx]).Within(tol), $"{op} {m}×{n}×{k} at ({i},{j})");
                }
            got.AssertGuardsIntact();
        }
    }

    [TestCaseSource(nameof(PathsAndOps))]
    public void Gemm_is_deterministic_and_row_split_invariant(KernelPath path, Op op)
    {
        // Computing C's rows in two calls must give the same bits as one call: each element's sum
        // does not depend on which tile or block it falls in (the basis of thread-count invariance).
        var rng = new Rng(22);
        int m = 50, n = 37, k = 300;
        var (aRows, aCols) = op == Op.TN ? (k, m) : (m, k);
        var (bRows, bCols) = op == Op.NT ? (n, k) : (k, n);
        var a = KernelTestData.Random(rng, aRows * aCols);
        var b = KernelTestData.Random(rng, bRows * bCols);
        var whole = new float[m * n];
        Run(op, path, m, n, k, a, aCols, b, bCols, whole, n);

        var split = new float[m * n];
        int top = 23;
        if (op == Op.TN)
        {
            // rows of C are columns of the stored A: offset the start, keep lda
            Gemm.TN(path, top, n, k, a, aCols, b, bCols, split, n);
            Gemm.TN(path, m - top, n, k, a.AsSpan(top), aCols, b, bCols, split.AsSpan(top * n), n);
        }
        else
        {
            Run(op, path, top, n, k, a, aCols, b, bCols, split, n);
            Run(op, path, m - top, n, k, a[(top * aCols)..], aCols, b, bCols, split.AsSpan(top * n), n);
        }
        Assert.That(split, Is.EqualTo(whole));
    }

    [TestCaseSource(nameof(PathsAndOps))]
    public void Packed_and_unpacked_modes_give_identical_bits(KernelPath path, Op op)
    {
        // The small-product mode reads A and B in place; the blocked mode packs them. Both add the
        // same products in the same order, so they must agree exactly, at every shape.
        var rng = new Rng(23);
        foreach (var (m, n, k) in Shapes)
        {
            var (aRows, aCols) = op == Op.TN ? (k, m) : (m, k);
            var (bRows, bCols) = op == Op.NT ? (n, k) : (k, n);
            int lda = aCols + 1, ldb = bCols + 2, ldc = n + 3;
            var a = KernelTestData.Random(rng, aRows * lda);
            var b = KernelTestData.Random(rng, bRows * ldb);
            var c0 = KernelTestData.Random(rng, m * ldc);
            var (ars, acs) = op == Op.TN ? (1, lda) : (lda, 1);
            var (brs, bcs) = op == Op.NT ? (1, ldb) : (ldb, 1);
            var packed = (float[])c0.Clone();
            var direct = (float[])c0.Clone();
            GemmDriver.Run(path, m, n, k, new StridedMatrix(a, ars, acs), new StridedMatrix(b, brs, bcs), packed, ldc, direct: false);
            GemmDriver.Run(path, m, n, k, new StridedMatrix(a, ars, acs), new StridedMatrix(b, brs, bcs), direct, ldc, direct: true);
            Assert.That(direct, Is.EqualTo(packed), $"{op} {m}×{n}×{k}");
        }
    }

    [TestCase(Op.NN)]
    [TestCase(Op.NT)]
    [TestCase(Op.TN)]
    public void Small_product_path_gives_the_bits_of_the_micro_kernel(Op op)
    {
        // GemmSmall (no packing, 4-row blocks, 8-column chunks, padded tail) must add the same
        // products in the same order as the 6 × 16 micro-kernel: identical bits, every awkward size.
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) Assert.Ignore("Vector256 with FMA is not supported on this CPU");
        var rng = new Rng(24);
        int[] sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 22, 31, 33, GemmSmall.MaxN];   // every n mod 8
        foreach (int m in sizes)
            foreach (int n in sizes)
                foreach (int k in (int[])[1, 7, 9, 33, GemmDriver.KC])
                {
                    Assert.That(GemmSmall.Takes(n, k), $"{n}×{k}");
                    var (aRows, aCols) = op == Op.TN ? (k, m) : (m, k);
                    var (bRows, bCols) = op == Op.NT ? (n, k) : (k, n);
                    int lda = aCols + 1, ldb = bCols + 2, ldc = n + 3;
                    var a = KernelTestData.Random(rng, aRows * lda);
                    var b = KernelTestData.Random(rng, bRows * ldb);
                    var c0 = KernelTestData.Random(rng, m * ldc);
                    var (ars, acs) = op == Op.TN ? (1, lda) : (lda, 1);
                    var (brs, bcs) = op == Op.NT ? (1, ldb) : (ldb, 1);
                    var packed = (float[])c0.Clone();
                    GemmDriver.Run(KernelPath.Vector256, m, n, k, new StridedMatrix(a, ars, acs), new StridedMatrix(b, brs, bcs), packed, ldc, direct: false);
                    var small = new Guarded(c0);
                    GemmSmall.Run(m, n, k, new StridedMatrix(a, ars, acs), new StridedMatrix(b, brs, bcs), small.Span, ldc);
                    Assert.That(small.ToArray(), Is.EqualTo(packed), $"{op} {m}×{n}×{k}");
                    small.AssertGuardsIntact();
                }
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Prepacked_operand_gives_the_bits_of_the_plain_product(KernelPath path)
    {
        // PackedMatrix packs op(B) once (B̃ panels, or row-major for the small path); each Multiply must
        // equal Gemm.NN on B (or Gemm.NT on Bᵀ) bit for bit, on shapes crossing KC, NC and every tile edge.
        var rng = new Rng(25);
        var packed = new PackedMatrix();
        (int M, int N, int K)[] shapes = [.. Shapes, (16, 1024, 256), (16, 256, 1024), (9, 70, 300), (8, 10, 40)];
        foreach (bool transposed in (bool[])[false, true])
            foreach (var (m, n, k) in shapes)
            {
                var (bRows, bCols) = transposed ? (n, k) : (k, n);
                int lda = k + 1, ldb = bCols + 2, ldc = n + 3;
                var a = KernelTestData.Random(rng, m * lda);
                var b = KernelTestData.Random(rng, bRows * ldb);
                var c0 = KernelTestData.Random(rng, m * ldc);
                var plain = (float[])c0.Clone();
                if (transposed) Gemm.NT(path, m, n, k, a, lda, b, ldb, plain, ldc);
                else Gemm.NN(path, m, n, k, a, lda, b, ldb, plain, ldc);
                packed.Pack(path, k, n, b, ldb, transposed);
                var got = new Guarded(c0);
                packed.Multiply(m, a, lda, got.Span, ldc);
                Assert.That(got.ToArray(), Is.EqualTo(plain), $"{(transposed ? "NT" : "NN")} {m}×{n}×{k}");
                got.AssertGuardsIntact();
            }
    }

    [Test]
    public void Edge_rows_give_the_bits_of_a_full_register_tile()
    {
        // Blocks of at most 4 rows go through GemmSmall.EdgeRows on Vector256 instead of a zero-padded 6-row
        // tile: their rows must equal, bit for bit, the same rows computed inside a full 6-row tile.
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) Assert.Ignore("Vector256 with FMA is not supported on this CPU");
        var rng = new Rng(26);
        foreach (int k in (int[])[1, 9, 300])
            foreach (int rows in (int[])[1, 2, 3, 4])
            {
                int n = 48, lda = k, ldc = n;
                var a = KernelTestData.Random(rng, 6 * lda);
                var b = KernelTestData.Random(rng, k * n);
                var c0 = KernelTestData.Random(rng, 6 * ldc);
                var full = (float[])c0.Clone();
                GemmDriver.Run(KernelPath.Vector256, 6, n, k, new StridedMatrix(a, lda, 1), new StridedMatrix(b, n, 1), full, ldc, direct: false);
                var edge = (float[])c0.Clone();
                GemmDriver.Run(KernelPath.Vector256, rows, n, k, new StridedMatrix(a, lda, 1), new StridedMatrix(b, n, 1), edge, ldc, direct: false);
                Assert.That(edge.AsSpan(0, rows * ldc).ToArray(), Is.EqualTo(full.AsSpan(0, rows * ldc).ToArray()), $"{rows} rows, k = {k}");
            }
    }

    [Test]
    public void Few_row_products_streamed_by_rows_give_the_bits_of_the_blocked_driver()
    {
        // GemmSkinny (m ≤ 8, n > 64, B row-major) must match the blocked driver bit for bit, for NN and TN layouts,
        // a partial last vector of columns, and several KC blocks of k (the ∂Wx = xᵀ·da of a one-hot input).
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) Assert.Ignore("Vector256 with FMA is not supported on this CPU");
        var rng = new Rng(28);
        foreach (int m in (int[])[1, 2, 3, 5, 8])
            foreach (int n in (int[])[65, 72, 100, 1024])
                foreach (int k in (int[])[1, 7, 256, 257, 600])
                    foreach (bool transposedA in (bool[])[false, true])
                    {
                        int lda = transposedA ? m + 2 : k + 1, ldb = n + 3, ldc = n + 5;
                        var a = KernelTestData.Random(rng, transposedA ? k * lda : m * lda);
                        var b = KernelTestData.Random(rng, k * ldb);
                        var c0 = KernelTestData.Random(rng, m * ldc);
                        var am = transposedA ? new StridedMatrix(a, 1, lda) : new StridedMatrix(a, lda, 1);
                        var blocked = (float[])c0.Clone();
                        GemmDriver.Run(KernelPath.Vector256, m, n, k, am, new StridedMatrix(b, ldb, 1), blocked, ldc, direct: true);
                        Assert.That(GemmSkinny.Takes(m, n, new StridedMatrix(b, ldb, 1)), Is.True);
                        var skinny = (float[])c0.Clone();
                        GemmSkinny.Run(m, n, k, am, new StridedMatrix(b, ldb, 1), skinny, ldc);
                        Assert.That(skinny, Is.EqualTo(blocked).AsCollection, $"m = {m}, n = {n}, k = {k}, Aᵀ = {transposedA}");
                    }
    }

    [Test]
    public void Too_short_operands_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Gemm.NN(2, 2, 2, new float[3], 2, new float[4], 2, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.NN(2, 2, 2, new float[4], 1, new float[4], 2, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.NT(2, 3, 2, new float[4], 2, new float[4], 2, new float[6], 3));
        Assert.DoesNotThrow(() => Gemm.TN(0, 3, 2, ReadOnlySpan<float>.Empty, 0, new float[6], 3, Span<float>.Empty, 3));
    }
}
