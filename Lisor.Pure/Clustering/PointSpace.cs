using System.Runtime.CompilerServices;
using Lisor.Pure.Kernels;
namespace Lisor.Pure.Clustering;

/// <summary>
/// The points being clustered and their distances: plain points x [n, dim] (row-major), or k-means-x
/// points whose hidden part is x and whose extra position part is given by <see cref="Extra"/>.
/// Every squared distance is the SIMD ‖h − c‖² in float, plus the extra term for k-means-x.
/// </summary>
internal sealed class PointSpace
{
    public readonly float[] X;     // [n, dim]
    public readonly int N, Dim;
    public readonly ExtraPositionFeature? Extra;

    public PointSpace(float[] x, int n, int dim, ExtraPositionFeature? extra)
    {
        X = x; N = n; Dim = dim; Extra = extra;
    }

    public ReadOnlySpan<float> Point(int i) => X.AsSpan(i * Dim, Dim);

    /// <summary>‖p_a − p_b‖² between two points (k-means++ seeding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float PointDistance(int a, int b)
    {
        float h = Distance.SquaredDistance(Point(a), Point(b));
        return Extra is null ? h : (float)(h + Extra.PointTerm(a, b));
    }

    /// <summary>‖p_i − centre_c‖² with centres [k, dim].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float CentreDistance(int i, float[] centres, int c)
    {
        float h = Distance.SquaredDistance(Point(i), centres.AsSpan(c * Dim, Dim));
        return Extra is null ? h : (float)(h + Extra.CentreTerm(i, c));
    }

    /// <summary>
    /// For 4 points (rows; repeats allowed): each point's nearest centre (the lowest index on ties) and
    /// its two smallest squared distances to the k centres (centresT [dim, kPad], transposed). Plain
    /// points use the fused kernel; k-means-x points the distance tile dist [4, kPad] plus the extra terms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Nearest4(ReadOnlySpan<int> rows, float[] centresT, int k, int kPad, Span<float> dist,
                         Span<int> nearest, Span<float> best, Span<float> second)
    {
        if (Extra is null)
        {
            Distance.Nearest4(X, Dim, rows, centresT, kPad, k, nearest, best, second);
            return;
        }
        Distance.Distances4(X, Dim, rows, centresT, kPad, dist);
        for (int r = 0; r < 4; r++)
        {
            var row = dist.Slice(r * kPad, k);
            for (int c = 0; c < k; c++) row[c] = (float)(row[c] + Extra.CentreTerm(rows[r], c));
            int a = Distance.MinAndSecond(row, k, out float b1, out float b2);
            nearest[r] = a; best[r] = b1; second[r] = b2;
        }
    }
}
