using System.Runtime.CompilerServices;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The dispatch point of the clustering kernels (squared distances, distance tiles, centre sums): the path is
/// <see cref="KernelPaths.Best"/>, the same choice as every other kernel (256-bit with FMA, else 128-bit, else
/// the scalar reference). The choice is a static readonly field, so the JIT folds the branch away.
/// <see cref="Paths"/> lists every path so tests can run them all.
/// </summary>
internal static class Distance
{
    /// <summary>The path used: "vector256", "vector128" or "scalar".</summary>
    public static readonly string Path = NameOf(KernelPaths.Best);

    private static readonly bool Use256 = KernelPaths.Best == KernelPath.Vector256;
    private static readonly bool Use128 = KernelPaths.Best == KernelPath.Vector128;
    // the nearest-centre tile with 16 centres to a register where 512-bit vectors run (the 256-bit tile's bits: Tile512)
    private static readonly bool Use512 = Use256 && KernelPaths.Has512;

    private static string NameOf(KernelPath path) => path switch
    {
        KernelPath.Vector256 => "vector256",
        KernelPath.Vector128 => "vector128",
        _ => "scalar",
    };

    /// <summary>‖x − y‖² over x's length (y at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        => Use256 ? Distance256.SquaredDistance(x, y)
         : Use128 ? Distance128.SquaredDistance(x, y)
         : DistanceScalar.SquaredDistance(x, y);

    /// <summary>acc ← acc + x, x widened to double (centre sums are kept in double).</summary>
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        if (Use256) Distance256.AddTo(x, acc);
        else if (Use128) Distance128.AddTo(x, acc);
        else DistanceScalar.AddTo(x, acc);
    }

    /// <summary>acc ← acc − x, x widened to double.</summary>
    public static void SubtractFrom(ReadOnlySpan<float> x, Span<double> acc)
    {
        if (Use256) Distance256.SubtractFrom(x, acc);
        else if (Use128) Distance128.SubtractFrom(x, acc);
        else DistanceScalar.SubtractFrom(x, acc);
    }

    /// <summary>acc_i ← acc_i + (x_i − mean_i)², in double.</summary>
    public static void AddSquaredDeviationsTo(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, Span<double> acc)
    {
        if (Use256) Distance256.AddSquaredDeviationsTo(x, mean, acc);
        else if (Use128) Distance128.AddSquaredDeviationsTo(x, mean, acc);
        else DistanceScalar.AddSquaredDeviationsTo(x, mean, acc);
    }

    /// <summary>
    /// acc_j ← acc_j + Σ_{r &lt; rows} min(tile[r, j], caps_r), j &lt; width (a multiple of 8), summed in double
    /// over r in order (the seeding's candidate potentials, 8 points at a time).
    /// </summary>
    public static void AddMinRows(ReadOnlySpan<float> tile, int rows, int width, ReadOnlySpan<float> caps, Span<double> acc)
    {
        if (Use256) Distance256.AddMinRows(tile, rows, width, caps, acc);
        else if (Use128) Distance128.AddMinRows(tile, rows, width, caps, acc);
        else DistanceScalar.AddMinRows(tile, rows, width, caps, acc);
    }

    /// <summary>The first index of the smallest of row[0 … count), that value, and the smallest at any other index.</summary>
    public static int MinAndSecond(ReadOnlySpan<float> row, int count, out float best, out float second)
        => Use256 ? Distance256.MinAndSecond(row, count, out best, out second)
         : Use128 ? Distance128.MinAndSecond(row, count, out best, out second)
         : DistanceScalar.MinAndSecond(row, count, out best, out second);

    /// <summary>MinAndSecond as a delegate type: returns the index, writes best and second into [0] and [1].</summary>
    public delegate int MinKernel(ReadOnlySpan<float> row, int count, Span<float> bestAndSecond);

    /// <summary>
    /// The distance tile: dist[r, j] = ‖x_{rows[r]} − c_j‖² for 4 points (rows) and every centre of
    /// centresT [dim, kPad] (the centres transposed, kPad a multiple of 8); dist is [4, kPad].
    /// </summary>
    public static void Distances4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (Use256) Tile256.Distances4(points, dim, rows, centresT, kPad, dist);
        else if (Use128) Tile128.Distances4(points, dim, rows, centresT, kPad, dist);
        else TileScalar.Distances4(points, dim, rows, centresT, kPad, dist);
    }

    /// <summary>The distance tile for 8 points (rows), dist [8, kPad]; the same values as two <see cref="Distances4"/>.</summary>
    public static void Distances8(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (Use256) Tile256.Distances8(points, dim, rows, centresT, kPad, dist);
        else if (Use128) Tile128.Distances8(points, dim, rows, centresT, kPad, dist);
        else TileScalar.Distances8(points, dim, rows, centresT, kPad, dist);
    }

    /// <summary>
    /// The nearest of the first k centres of centresT [dim, kPad] for 4 points (rows; repeats allowed),
    /// the lowest index on ties, with its squared distance and the smallest squared distance to any
    /// other centre (+∞ when k = 1): exactly <see cref="Distances4"/> then <see cref="MinAndSecond"/> per row.
    /// </summary>
    public static void Nearest4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second)
    {
        if (Use512) Tile512.Nearest4(points, dim, rows, centresT, kPad, k, nearest, best, second);
        else if (Use256) Tile256.Nearest4(points, dim, rows, centresT, kPad, k, nearest, best, second);
        else if (Use128) Tile128.Nearest4(points, dim, rows, centresT, kPad, k, nearest, best, second);
        else TileScalar.Nearest4(points, dim, rows, centresT, kPad, k, nearest, best, second);
    }

    /// <summary>
    /// dist[r] = ‖x_{first + r} − c‖² for the count consecutive points from row first on and one centre c [dim]: the
    /// value the tiles (<see cref="Distances4"/>, <see cref="Distances8"/>) give for c in any column, bit for bit.
    /// </summary>
    public static void DistancesToOne(ReadOnlySpan<float> points, int dim, int first, int count, ReadOnlySpan<float> centre, Span<float> dist)
    {
        if (Use256) Tile256.DistancesToOne(points, dim, first, count, centre, dist);
        else if (Use128) Tile128.DistancesToOne(points, dim, first, count, centre, dist);
        else TileScalar.DistancesToOne(points, dim, first, count, centre, dist);
    }

    /// <summary>Columns of a transposed centre block for k centres: k rounded up to a multiple of 8.</summary>
    public static int PadCentres(int k) => (k + 7) / 8 * 8;

    /// <summary>centresT[d, j] = centres[j, d] for j &lt; k; the padding columns are 0.</summary>
    public static void Transpose(ReadOnlySpan<float> centres, int k, int dim, Span<float> centresT)
    {
        int kPad = PadCentres(k);
        centresT.Slice(0, dim * kPad).Clear();
        for (int j = 0; j < k; j++)
            for (int d = 0; d < dim; d++) centresT[d * kPad + j] = centres[j * dim + d];
    }

    /// <summary>A tile kernel: points, dim, rows, centresT, kPad, dist.</summary>
    public delegate void TileKernel(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT, int kPad, Span<float> dist);

    /// <summary>A nearest-centre kernel: points, dim, rows, centresT, kPad, k, nearest, best, second.</summary>
    public delegate void NearestKernel(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                       int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second);

    /// <summary>One implementation of the kernels, for tests that must run every path.</summary>
    public sealed record PathKernels(
        string Name, bool Supported,
        Func<float[], float[], int, float> SquaredDistance,
        Action<float[], double[], int> AddTo,
        TileKernel Distances4,
        Action<float[], double[], int> SubtractFrom,
        MinKernel MinAndSecond,
        NearestKernel Nearest4,
        TileKernel Distances8,
        Action<float[], double[], double[], int> AddSquaredDeviationsTo,
        AddMinRowsKernel AddMinRows,
        ToOneKernel DistancesToOne);

    /// <summary>A one-centre kernel: points, dim, first, count, centre, dist.</summary>
    public delegate void ToOneKernel(ReadOnlySpan<float> points, int dim, int first, int count, ReadOnlySpan<float> centre, Span<float> dist);

    /// <summary>An AddMinRows kernel: tile, rows, width, caps, acc.</summary>
    public delegate void AddMinRowsKernel(ReadOnlySpan<float> tile, int rows, int width, ReadOnlySpan<float> caps, Span<double> acc);

    /// <summary>Every path, supported on this CPU or not (an unaccelerated vector path still runs, slowly).</summary>
    public static IReadOnlyList<PathKernels> Paths { get; } =
    [
        Catalog<DistanceScalar, TileScalar>("scalar", KernelPath.Scalar),
        Catalog<Distance128, Tile128>("vector128", KernelPath.Vector128),
        Catalog<Distance256, Tile256>("vector256", KernelPath.Vector256),
    ];

    // The catalog entry of one path: every kernel of TDistance and TTile behind the record's delegates.
    private static PathKernels Catalog<TDistance, TTile>(string name, KernelPath path)
        where TDistance : IDistanceKernels where TTile : ITileKernels
        => new(name, KernelPaths.IsSupported(path),
            (x, y, n) => TDistance.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n)),
            (x, a, n) => TDistance.AddTo(x.AsSpan(0, n), a.AsSpan(0, n)),
            TTile.Distances4,
            (x, a, n) => TDistance.SubtractFrom(x.AsSpan(0, n), a.AsSpan(0, n)),
            (row, count, bs) => TDistance.MinAndSecond(row, count, out bs[0], out bs[1]),
            TTile.Nearest4,
            TTile.Distances8,
            (x, m, a, n) => TDistance.AddSquaredDeviationsTo(x.AsSpan(0, n), m.AsSpan(0, n), a.AsSpan(0, n)),
            TDistance.AddMinRows,
            TTile.DistancesToOne);
}
