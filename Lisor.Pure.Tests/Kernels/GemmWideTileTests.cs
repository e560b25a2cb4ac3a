using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The 512-bit tile (<see cref="GemmWideTile"/>) computes two neighbouring 6 × 16 tiles of <see cref="MicroKernel256"/> at
/// once: it must give their bits exactly, so that whether a CPU has 512-bit vectors never changes a result. Vector512 runs
/// in software where the CPU has none, so these tests run (slowly, on small shapes) on every machine with AVX2.
/// </summary>
[NonParallelizable]   // switches GemmWideTile.Enabled, which the whole process shares (it changes speed, never bits)
public class GemmWideTileTests
{
    private static readonly int[] Depths = [1, 2, 3, 7, 64, 256, 257];

    [Test]
    public void Wide_tile_gives_the_bits_of_two_256_bit_tiles_on_packed_and_in_place_operands()
    {
        var rng = new Rng(51);
        foreach (int kc in Depths)
            foreach (bool packed in (bool[])[true, false])
                foreach (bool shortTile in (bool[])[false, true])
                {
                    int rows = shortTile ? 5 : 6, lda = kc + 3, ldb = 32 + 5, ldc = 32 + 7;
                    // packed: Ã in 6-row panels (aRow 1, aK 6), B̃ as two 16-column panels kc·16 apart;
                    // in place: A rows lda apart, B rows ldb apart with the second panel 16 columns to the right
                    nint aRow = packed ? 1 : lda, aK = packed ? 6 : 1, bK = packed ? 16 : ldb, bNext = packed ? 16 * kc : 16;
                    var a = KernelTestData.Random(rng, packed ? 6 * kc : 6 * lda);
                    var b = KernelTestData.Random(rng, packed ? 32 * kc : kc * ldb);
                    var c0 = KernelTestData.Random(rng, (rows - 1) * ldc + 32);
                    var expected = (float[])c0.Clone();
                    for (int panel = 0; panel < 2; panel++)
                    {
                        ref float bPanel = ref b[panel * (int)bNext];
                        ref float cTile = ref expected[panel * 16];
                        if (shortTile) MicroKernel256.RunShort(kc, ref a[0], aRow, aK, ref bPanel, bK, ref cTile, ldc);
                        else MicroKernel256.Run(kc, ref a[0], aRow, aK, ref bPanel, bK, ref cTile, ldc);
                    }
                    var got = new Guarded(c0);
                    if (shortTile) GemmWideTile.RunShort(kc, ref a[0], aRow, aK, ref b[0], bNext, bK, ref got.Span[0], ldc);
                    else GemmWideTile.Run(kc, ref a[0], aRow, aK, ref b[0], bNext, bK, ref got.Span[0], ldc);
                    KernelTestData.AssertSameBits(got.ToArray(), expected, $"kc = {kc}, packed {packed}, {rows} rows");
                    got.AssertGuardsIntact();
                }
    }

    private static IEnumerable<TestCaseData> WideOrNot =>
        KernelPaths.IsSupported(KernelPath.Vector256) ? [new TestCaseData(false), new TestCaseData(true)] : [];

    [TestCaseSource(nameof(WideOrNot))]
    public void Driver_gives_the_micro_kernel_arithmetic_with_and_without_the_wide_tile(bool wide)
    {
        // n around one, two and three panels of 16 and across the NC block (2048): pairs, a lone panel, a partial one
        var rng = new Rng(52);
        (int M, int N, int K)[] shapes = [(6, 32, 1), (11, 33, 9), (5, 47, 256), (17, 64, 257), (64, 96, 40), (13, 2100, 3), (100, 80, 30)];
        bool was = GemmWideTile.Enabled;
        GemmWideTile.Enabled = wide;
        try
        {
            foreach (var op in Enum.GetValues<GemmRowTilesTests.Op>())
                foreach (var (m, n, k) in shapes)
                    foreach (bool? direct in (bool?[])[true, false, null])
                    {
                        var (aRows, aCols) = op == GemmRowTilesTests.Op.TN ? (k, m) : (m, k);
                        var (bRows, bCols) = op == GemmRowTilesTests.Op.NT ? (n, k) : (k, n);
                        int lda = aCols + 1, ldb = bCols + 3, ldc = n + 2;
                        var a = KernelTestData.Random(rng, aRows * lda);
                        var b = KernelTestData.Random(rng, bRows * ldb);
                        var c0 = KernelTestData.Random(rng, m * ldc);
                        var am = op == GemmRowTilesTests.Op.TN ? new StridedMatrix(a, 1, lda) : new StridedMatrix(a, lda, 1);
                        var bm = op == GemmRowTilesTests.Op.NT ? new StridedMatrix(b, 1, ldb) : new StridedMatrix(b, ldb, 1);
                        var expected = (float[])c0.Clone();
                        GemmRowTilesTests.Reference(KernelPath.Vector256, m, n, k, a, am.RowStride, am.ColStride, b, bm.RowStride, bm.ColStride, expected, ldc);
                        var got = new Guarded(c0);
                        GemmDriver.Run(KernelPath.Vector256, m, n, k, am, bm, got.Span, ldc, direct);
                        KernelTestData.AssertSameBits(got.ToArray(), expected, $"wide {wide}, {op} {m}×{n}×{k}, direct {direct}");
                        got.AssertGuardsIntact();
                    }
            // the recurrent products: B packed once, A read in place
            var packed = new PackedMatrix();
            foreach (var (m, n, k) in shapes)
            {
                int ldb = n + 1, lda = k + 2, ldc = n + 1;
                var b = KernelTestData.Random(rng, k * ldb);
                packed.Pack(KernelPath.Vector256, k, n, b, ldb, transposed: false);
                var a = KernelTestData.Random(rng, m * lda);
                var c0 = KernelTestData.Random(rng, m * ldc);
                var expected = (float[])c0.Clone();
                GemmRowTilesTests.Reference(KernelPath.Vector256, m, n, k, a, lda, 1, b, ldb, 1, expected, ldc);
                var got = new Guarded(c0);
                packed.Multiply(m, a, lda, got.Span, ldc);
                KernelTestData.AssertSameBits(got.ToArray(), expected, $"wide {wide}, prepacked {m}×{n}×{k}");
                got.AssertGuardsIntact();
            }
        }
        finally { GemmWideTile.Enabled = was; }
    }

    [Test]
    public void Wide_tile_is_on_exactly_where_the_CPU_runs_512_bit_vectors()
    {
        Assert.That(GemmWideTile.Enabled, Is.EqualTo(GemmWideTile.IsSupported), "the default: the wide tile wherever it runs in hardware");
    }
}
