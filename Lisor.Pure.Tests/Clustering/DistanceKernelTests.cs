using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

/// <summary>
/// The clustering kernels (<see cref="Distance"/>: distances, centre sums, tiles, nearest centres) on every path of
/// the catalog this CPU runs — the ones it would not pick too — at every length 0 … 4 × widest vector + 3 (and 1000),
/// every tile of 1 … 35 dimensions × 1 … 35 centres, against their double-precision definitions or the scalar path.
/// </summary>
public class DistanceKernelTests
{
    private static IEnumerable<int> Sizes() => Enumerable.Range(0, 4 * 8 + 4).Append(1000);

    /// <summary>Dimensions and centre counts of the tiles: 1 … 4 × widest vector + 3.</summary>
    private static readonly int[] TileLengths = Enumerable.Range(1, 4 * 8 + 3).ToArray();

    // (an unaccelerated vector path would run in slow software emulation, or not at all where it needs FMA)
    private static IEnumerable<Distance.PathKernels> Paths() => Distance.Paths.Where(p => p.Supported);

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var path in Paths())
            foreach (int n in Sizes())
                yield return new TestCaseData(path.Name, n).SetName($"{path.Name}_at_size_{n}");
    }

    private static float[] Random(int n, Rng rng) => Enumerable.Range(0, n).Select(_ => rng.Uniform(-2, 2)).ToArray();

    [TestCaseSource(nameof(Cases))]
    public void Squared_distance_matches_the_double_precision_definition(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 1);
        // Guard elements after n must not be read: make them huge.
        var x = Random(n, rng).Concat(Enumerable.Repeat(1e30f, 5)).ToArray();
        var y = Random(n, rng).Concat(Enumerable.Repeat(-1e30f, 5)).ToArray();
        double exact = 0;
        for (int i = 0; i < n; i++) { double d = (double)x[i] - y[i]; exact += d * d; }
        float got = path.SquaredDistance(x, y, n);
        Assert.That(got, Is.EqualTo(exact).Within(1e-6 * (1 + exact)));
        Assert.That(got, Is.EqualTo(DistanceScalar.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n))).Within(1e-5 * (1 + exact)));
    }

    [TestCaseSource(nameof(Cases))]
    public void AddTo_widens_and_adds_without_touching_the_guards(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 2);
        var x = Random(n + 5, rng);
        var acc = Enumerable.Range(0, n + 5).Select(i => 0.1 * i).ToArray();
        var expected = (double[])acc.Clone();
        for (int i = 0; i < n; i++) expected[i] += x[i];
        path.AddTo(x, acc, n);
        Assert.That(acc, Is.EqualTo(expected)); // exact: one double addition of a float per element
    }

    [TestCaseSource(nameof(Cases))]
    public void SubtractFrom_undoes_AddTo_exactly_on_small_sums(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 3);
        var x = Random(n + 5, rng);
        var acc = Enumerable.Range(0, n + 5).Select(i => 0.25 * i).ToArray();
        var expected = (double[])acc.Clone();
        for (int i = 0; i < n; i++) expected[i] -= x[i];
        path.SubtractFrom(x, acc, n);
        Assert.That(acc, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void MinAndSecond_finds_the_first_minimum_and_the_runner_up(string pathName, int n)
    {
        if (n == 0) return;
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 4);
        // Few distinct values, so ties (also between best and second) are common; guards are smaller.
        var row = Enumerable.Range(0, n).Select(_ => (float)rng.NextInt(5)).Concat(Enumerable.Repeat(-1f, 5)).ToArray();
        var bs = new float[2];
        int got = path.MinAndSecond(row, n, bs);
        int expected = DistanceScalar.MinAndSecond(row, n, out float best, out float second);
        Assert.That((got, bs[0], bs[1]), Is.EqualTo((expected, best, second)));
        Assert.That(row[got], Is.EqualTo(row.Take(n).Min()));
    }

    private static IEnumerable<TestCaseData> TilePaths() => Paths().Select(p => new TestCaseData(p.Name).SetName($"{p.Name}_tiles"));

    /// <summary>Runs <paramref name="check"/> on every tile shape: dim and k in 1 … 35, then dim 64 with k 64.</summary>
    private static void EveryTile(Action<int, int> check)
    {
        foreach (int dim in TileLengths)
            foreach (int k in TileLengths) check(dim, k);
        check(64, 64);
    }

    [TestCaseSource(nameof(TilePaths))]
    public void Distance_tile_matches_the_pairwise_definition(string pathName) => EveryTile((dim, k) =>
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)(dim * 100 + k));
        int n = 11, kPad = Distance.PadCentres(k);
        var x = Random(n * dim, rng);
        var centres = Random(k * dim, rng);
        var centresT = new float[dim * kPad];
        Distance.Transpose(centres, k, dim, centresT);
        var dist = Enumerable.Repeat(float.NaN, 4 * kPad + 3).ToArray(); // guards stay NaN
        int[] rows = [10, 0, 3, 3];
        path.Distances4(x, dim, rows, centresT, kPad, dist);
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < k; j++)
            {
                double exact = 0;
                for (int d = 0; d < dim; d++) { double e = (double)x[rows[r] * dim + d] - centres[j * dim + d]; exact += e * e; }
                if (!(Math.Abs(dist[r * kPad + j] - exact) <= 1e-5 * (1 + exact)))
                    Assert.Fail($"dim {dim}, k {k}, row {r}, centre {j}: {dist[r * kPad + j]}, expected {exact}");
            }
        Assert.That(dist.Skip(4 * kPad), Is.All.NaN, $"dim {dim}, k {k}: guards");
    });

    [TestCaseSource(nameof(Cases))]
    public void AddSquaredDeviationsTo_matches_the_double_definition(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 6);
        var x = Random(n + 5, rng);
        var mean = Enumerable.Range(0, n + 5).Select(i => 0.3 * i - 1).ToArray();
        var acc = Enumerable.Range(0, n + 5).Select(i => 0.5 * i).ToArray();
        var expected = (double[])acc.Clone();
        for (int i = 0; i < n; i++) { double e = x[i] - mean[i]; expected[i] += e * e; }
        path.AddSquaredDeviationsTo(x, mean, acc, n);
        Assert.That(acc.Take(n), Is.EqualTo(expected.Take(n)).Within(1e-12)); // a fused multiply-add may round once less
        Assert.That(acc.Skip(n), Is.EqualTo(expected.Skip(n)));
    }

    [TestCaseSource(nameof(TilePaths))]
    public void AddMinRows_adds_the_capped_values_row_after_row_in_double(string pathName) => EveryTile((dim, k) =>
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)(dim * 10 + k + 11));
        int width = Distance.PadCentres(k), rows = dim % 9; // 0…8 rows
        var tile = Enumerable.Range(0, rows * width).Select(_ => MathF.Abs(rng.Uniform(-2, 2))).ToArray();
        var caps = Enumerable.Range(0, 8).Select(r => r % 3 == 0 ? float.PositiveInfinity : MathF.Abs(rng.Uniform(-1, 1))).ToArray();
        var acc = Enumerable.Range(0, width + 3).Select(i => 0.25 * i).ToArray();
        var expected = (double[])acc.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) expected[j] += Math.Min(tile[r * width + j], caps[r]);
        path.AddMinRows(tile, rows, width, caps, acc);
        Assert.That(acc, Is.EqualTo(expected), $"dim {dim}, k {k}"); // same order of double additions: exact; guards untouched
    });

    [TestCaseSource(nameof(TilePaths))]
    public void Eight_point_tile_equals_two_four_point_tiles_bit_for_bit(string pathName) => EveryTile((dim, k) =>
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)(dim * 100 + k + 7));
        int n = 13, kPad = Distance.PadCentres(k);
        var x = Random(n * dim, rng);
        var centresT = new float[dim * kPad];
        Distance.Transpose(Random(k * dim, rng), k, dim, centresT);
        int[] rows = [12, 0, 3, 3, 7, 1, 11, 5];
        var eight = Enumerable.Repeat(float.NaN, 8 * kPad + 3).ToArray();
        var four = new float[8 * kPad];
        path.Distances8(x, dim, rows, centresT, kPad, eight);
        path.Distances4(x, dim, rows.AsSpan(0, 4), centresT, kPad, four);
        path.Distances4(x, dim, rows.AsSpan(4, 4), centresT, kPad, four.AsSpan(4 * kPad));
        Assert.That(eight.Take(8 * kPad), Is.EqualTo(four), $"dim {dim}, k {k}");
        Assert.That(eight.Skip(8 * kPad), Is.All.NaN, $"dim {dim}, k {k}: guards");
    });

    [TestCaseSource(nameof(TilePaths))]
    public void One_centre_distances_equal_the_tiles_column_bit_for_bit(string pathName) => EveryTile((dim, k) =>
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)(dim * 300 + k + 1));
        int n = 40, kPad = Distance.PadCentres(k);
        var x = Random(n * dim, rng);
        var centres = Random(k * dim, rng);
        var centresT = new float[dim * kPad];
        Distance.Transpose(centres, k, dim, centresT);
        var centre = centres.AsSpan((k - 1) * dim, dim).ToArray(); // the last column: any column gives the same bits
        int first = k % 5, count = Math.Min(n - first, k); // 1 … 35 points: every remainder of 4 and of 8
        var got = Enumerable.Repeat(float.NaN, count + 3).ToArray();
        path.DistancesToOne(x, dim, first, count, centre, got);
        var tile = new float[4 * kPad];
        for (int r = 0; r < count; r++)
        {
            path.Distances4(x, dim, [first + r, 0, 0, 0], centresT, kPad, tile);
            if (BitConverter.SingleToInt32Bits(got[r]) != BitConverter.SingleToInt32Bits(tile[k - 1]))
                Assert.Fail($"dim {dim}, point {first + r}: {got[r]}, the tile has {tile[k - 1]}");
        }
        Assert.That(got.Skip(count), Is.All.NaN, $"dim {dim}, {count} points: guards");
    });

    [TestCaseSource(nameof(TilePaths))]
    public void One_centre_distances_refuse_rows_outside_the_points(string pathName)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var x = new float[10 * 3];
        Assert.Throws<ArgumentException>(() => path.DistancesToOne(x, 3, 8, 3, new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => path.DistancesToOne(x, 3, 0, 4, new float[2], new float[4]));
        Assert.Throws<ArgumentException>(() => path.DistancesToOne(x, 3, 0, 4, new float[3], new float[3]));
        Assert.DoesNotThrow(() => path.DistancesToOne(x, 3, 7, 3, new float[3], new float[3]));
    }

    [TestCaseSource(nameof(TilePaths))]
    public void Nearest4_equals_the_tile_then_MinAndSecond_bit_for_bit(string pathName) => EveryTile((dim, k) =>
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)(dim * 1000 + k));
        int n = 40, kPad = Distance.PadCentres(k);
        // Small integer coordinates: many exactly tied distances (best = second, ties across lanes and groups);
        // padding columns (0) must never win although ‖x‖² may be the smallest value in the tile.
        var x = Enumerable.Range(0, n * dim).Select(_ => (float)rng.NextInt(3)).ToArray();
        var centres = Enumerable.Range(0, k * dim).Select(_ => (float)rng.NextInt(3) + 2).ToArray();
        var centresT = new float[dim * kPad];
        Distance.Transpose(centres, k, dim, centresT);
        var tile = new float[4 * kPad];
        int[] nearest = new int[4];
        float[] best = new float[4], second = new float[4], pair = new float[2];
        for (int g = 0; g < n; g += 4)
        {
            int[] rows = [g, g + 1, g + 2, (g + 3) % n];
            path.Nearest4(x, dim, rows, centresT, kPad, k, nearest, best, second);
            path.Distances4(x, dim, rows, centresT, kPad, tile);
            for (int r = 0; r < 4; r++)
            {
                int expected = DistanceScalar.MinAndSecond(tile.AsSpan(r * kPad, k), k, out float b, out float s);
                if ((nearest[r], best[r], second[r]) != (expected, b, s))
                    Assert.Fail($"dim {dim}, k {k}, row {rows[r]}: {(nearest[r], best[r], second[r])}, expected {(expected, b, s)}");
            }
        }
    });

    // The 512-bit nearest-centre tile (Tile512, where the process runs 512-bit vectors; in software elsewhere) gives the
    // 256-bit one's answers bit for bit: every tile of 1 … 35 dimensions × 1 … 35 centres (each kPad mod 32), 64 × 64,
    // and 100 and 200 centres, on small integer coordinates (many exact ties across lanes and groups) and on random ones.
    [Test]
    public void Nearest4_at_512_bits_gives_the_256_bit_answers_bit_for_bit()
    {
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) return;   // the reference is the 256-bit tile
        void Check(int dim, int k, bool integers)
        {
            var rng = new Rng((ulong)(dim * 1000 + k + (integers ? 0 : 7)));
            int n = 40, kPad = Distance.PadCentres(k);
            float Coordinate(int offset) => integers ? rng.NextInt(3) + offset : rng.Uniform(-2f, 2f);
            var x = Enumerable.Range(0, n * dim).Select(_ => Coordinate(0)).ToArray();
            var centres = Enumerable.Range(0, k * dim).Select(_ => Coordinate(2)).ToArray();
            var centresT = new float[dim * kPad];
            Distance.Transpose(centres, k, dim, centresT);
            int[] nearest = new int[4], nearest256 = new int[4];
            float[] best = new float[4], second = new float[4], best256 = new float[4], second256 = new float[4];
            for (int g = 0; g < n; g += 4)
            {
                int[] rows = [g, g + 1, g + 2, (g + 3) % n];
                Tile512.Nearest4(x, dim, rows, centresT, kPad, k, nearest, best, second);
                Tile256.Nearest4(x, dim, rows, centresT, kPad, k, nearest256, best256, second256);
                for (int r = 0; r < 4; r++)
                    if (nearest[r] != nearest256[r] || BitConverter.SingleToInt32Bits(best[r]) != BitConverter.SingleToInt32Bits(best256[r])
                        || BitConverter.SingleToInt32Bits(second[r]) != BitConverter.SingleToInt32Bits(second256[r]))
                        Assert.Fail($"dim {dim}, k {k}, integers {integers}, row {rows[r]}: {(nearest[r], best[r], second[r])}, "
                                    + $"256-bit {(nearest256[r], best256[r], second256[r])}");
            }
        }
        foreach (bool integers in (bool[])[true, false])
        {
            EveryTile((dim, k) => Check(dim, k, integers));
            Check(7, 100, integers);
            Check(16, 200, integers);
        }
    }

    [Test]
    public void The_dispatched_path_is_one_of_the_catalog()
        => Assert.That(Distance.Paths.Select(p => p.Name), Does.Contain(Distance.Path));
}
