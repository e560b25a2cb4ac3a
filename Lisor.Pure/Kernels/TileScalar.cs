using System.Runtime.CompilerServices;
namespace Lisor.Pure.Kernels;

/// <summary>
/// The scalar reference of the distance tile: 4 points against every centre.
/// dist[r, j] = ‖x_{rows[r]} − c_j‖² = Σ_d (x_{rows[r], d} − cT[d, j])² for r &lt; 4, j &lt; kPad, where
/// points is [n, dim], centresT is the centres transposed [dim, kPad] and dist is [4, kPad].
/// Each sum runs over d in order, the order the vector paths keep within each lane.
/// </summary>
internal readonly struct TileScalar : ITileKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Distances4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        for (int r = 0; r < 4; r++)
        {
            var x = points.Slice(rows[r] * dim, dim);
            for (int j = 0; j < kPad; j++)
            {
                float s = 0;
                for (int d = 0; d < dim; d++) { float e = x[d] - centresT[d * kPad + j]; s += e * e; }
                dist[r * kPad + j] = s;
            }
        }
    }

    /// <summary>
    /// dist[r] = ‖x_{first + r} − c‖² for the count consecutive points from row first on and one centre c [dim]: the
    /// tile's value for c in any column, bit for bit (the seeding folds its last chosen centre into D² with it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DistancesToOne(ReadOnlySpan<float> points, int dim, int first, int count, ReadOnlySpan<float> centre, Span<float> dist)
    {
        CheckToOne(points.Length, dim, first, count, centre.Length, dist.Length);
        for (int r = 0; r < count; r++)
        {
            var x = points.Slice((first + r) * dim, dim);
            float s = 0;
            for (int d = 0; d < dim; d++) { float e = x[d] - centre[d]; s += e * e; }
            dist[r] = s;
        }
    }

    /// <summary>Every path's checks of <see cref="DistancesToOne"/>: the count points from row first lie inside the points, the
    /// centre holds dim values and dist count.</summary>
    internal static void CheckToOne(int pointsLength, int dim, int first, int count, int centreLength, int distLength)
    {
        if (first < 0 || count < 0 || (long)(first + count) * dim > pointsLength || centreLength < dim || distLength < count)
            throw new ArgumentException("rows outside the points, or centre or dist too short");
    }

    /// <summary>The offset of point first + r in a vector path's group of lanes: the last point (first + count − 1) for r past
    /// it, so the lanes past the end repeat it (and are not stored).</summary>
    internal static nuint LaneRow(int first, int r, int count, int dim) => (nuint)((first + Math.Min(r, count - 1)) * dim);

    /// <summary>The tile for 8 points (rows), dist [8, kPad]: two 4-point tiles (the same values).</summary>
    public static void Distances8(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (rows.Length < 8 || dist.Length < 8 * kPad) throw new ArgumentException("tile buffers too short");
        Distances4(points, dim, rows, centresT, kPad, dist);
        Distances4(points, dim, rows.Slice(4), centresT, kPad, dist.Slice(4 * kPad));
    }

    /// <summary>
    /// For 4 points (rows) the nearest of the first k centres (the lowest index on ties), its squared
    /// distance and the smallest squared distance to any other centre (+∞ when k = 1): the tile's row
    /// j &lt; k followed by <see cref="DistanceScalar.MinAndSecond"/>, which the vector paths reproduce
    /// without storing the tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nearest4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second)
    {
        if (k < 1 || k > kPad) throw new ArgumentException($"need 1 ≤ k = {k} ≤ kPad = {kPad}");
        for (int r = 0; r < 4; r++)
        {
            var x = points.Slice(rows[r] * dim, dim);
            int a = 0;
            float b = float.PositiveInfinity, s = float.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                float v = 0;
                for (int d = 0; d < dim; d++) { float e = x[d] - centresT[d * kPad + j]; v += e * e; }
                if (v < b) { s = b; b = v; a = j; }
                else if (v < s) s = v;
            }
            nearest[r] = a; best[r] = b; second[r] = s;
        }
    }
}
