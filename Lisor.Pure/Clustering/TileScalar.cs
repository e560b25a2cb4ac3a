using System.Runtime.CompilerServices;
namespace Lisor.Pure.Clustering;

/// <summary>
/// The scalar reference of the distance tile: 4 points against every centre.
/// dist[r, j] = ‖x_{rows[r]} − c_j‖² = Σ_d (x_{rows[r], d} − cT[d, j])² for r &lt; 4, j &lt; kPad, where
/// points is [n, dim], centresT is the centres transposed [dim, kPad] and dist is [4, kPad].
/// Each sum runs over d in order, the order the vector paths keep within each lane.
/// </summary>
public static class TileScalar
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
}
