using Lisor.Pure.Kernels;

namespace Lisor.Pure.Clustering.Reference;

/// <summary>
/// Textbook Lloyd, the readable definition <see cref="Lloyd"/> is tested against: from the given seed
/// points, every point to its nearest centre by a scalar loop (first index on ties), centres as means
/// summed in double in point order, an empty cluster takes the point farthest from its centre — until
/// no assignment changes.
/// </summary>
internal static class ReferenceKMeans
{
    /// <summary>Result: assignment per point [n], centres [k, dim], Σ ‖x − centre‖², iterations, whether it converged,
    /// and how many empty clusters were re-seeded on the way.</summary>
    public sealed record Result(int[] Assignments, float[] Centres, double Inertia, int Iterations, bool Converged, int Reseeds);

    /// <summary>Lloyd on x [n, dim] (row-major) from centres = the points <paramref name="seeds"/> [k].</summary>
    public static Result Fit(float[] x, int n, int dim, int[] seeds, int maxIterations = 300)
    {
        int k = seeds.Length, reseeds = 0;
        var centres = new float[k * dim];
        for (int c = 0; c < k; c++) Array.Copy(x, seeds[c] * dim, centres, c * dim, dim);
        var a = new int[n];
        Array.Fill(a, -1);
        int it = 0;
        bool converged = false;
        while (it < maxIterations)
        {
            it++;
            int changes = 0;
            for (int i = 0; i < n; i++)                                                 // a_i = argmin_c ‖x_i − μ_c‖²
            {
                int best = 0;
                float bestD = float.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    float d = Dist(x, i, centres, c, dim);
                    if (d < bestD) { bestD = d; best = c; }
                }
                if (best != a[i]) { a[i] = best; changes++; }
            }
            var sums = new double[k * dim];                                             // Σ_{i: a_i = c} x_i
            var counts = new int[k];
            for (int i = 0; i < n; i++)
            {
                counts[a[i]]++;
                for (int d = 0; d < dim; d++) sums[a[i] * dim + d] += x[i * dim + d];
            }
            var far = new float[n];                                                     // ‖x_i − μ_{a_i}‖² (old centres)
            for (int i = 0; i < n; i++) far[i] = Dist(x, i, centres, a[i], dim);
            for (int c = 0; c < k; c++)                                                 // an empty cluster takes the farthest point
            {
                if (counts[c] != 0) continue;
                int p = 0;
                for (int i = 1; i < n; i++) if (far[i] > far[p]) p = i;
                if (!(far[p] > 0)) break;
                int donor = a[p];
                for (int d = 0; d < dim; d++) { sums[donor * dim + d] -= x[p * dim + d]; sums[c * dim + d] = x[p * dim + d]; }
                counts[donor]--; counts[c] = 1; a[p] = c; far[p] = -1; changes++; reseeds++;
            }
            for (int c = 0; c < k; c++)                                                 // μ_c = mean of its points
                if (counts[c] > 0)
                    for (int d = 0; d < dim; d++) centres[c * dim + d] = (float)(sums[c * dim + d] / counts[c]);
            if (changes == 0) { converged = true; break; }
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += Dist(x, i, centres, a[i], dim);         // Σ ‖x_i − μ_{a_i}‖²
        return new Result(a, centres, inertia, it, converged, reseeds);
    }

    private static float Dist(float[] x, int i, float[] centres, int c, int dim)
        => DistanceScalar.SquaredDistance(x.AsSpan(i * dim, dim), centres.AsSpan(c * dim, dim));
}
