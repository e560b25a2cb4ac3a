using Lisor.Pure.Clustering;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

/// <summary>
/// The obviously-correct reference: the engine's own k-means++ seeding, then textbook Lloyd —
/// every point to its nearest centre by a scalar loop (first index on ties), centres as means
/// summed in double in point order, an empty cluster takes the point farthest from its centre —
/// until no assignment changes.
/// </summary>
internal static class NaiveKMeans
{
    public static (int[] Assignments, float[] Centres, double Inertia, int Iterations) Fit(float[] x, int n, int dim, int k, ulong seed, int maxIterations = 300)
    {
        int[] seeds = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(seed));
        var r = FitFrom(x, n, dim, seeds, maxIterations);
        return (r.Assignments, r.Centres, r.Inertia, r.Iterations);
    }

    /// <summary>Lloyd from the given seed points (centre c starts at point seeds[c]); Reseeds counts the empty clusters re-seeded.</summary>
    public static (int[] Assignments, float[] Centres, double Inertia, int Iterations, int Reseeds) FitFrom(float[] x, int n, int dim, int[] seeds,
        int maxIterations = 300)
    {
        int k = seeds.Length, reseeds = 0;
        var centres = new float[k * dim];
        for (int c = 0; c < k; c++) Array.Copy(x, seeds[c] * dim, centres, c * dim, dim);
        var a = Enumerable.Repeat(-1, n).ToArray();
        int it = 0;
        bool converged = false;
        while (it < maxIterations)
        {
            it++;
            int changes = 0;
            for (int i = 0; i < n; i++)
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
            var sums = new double[k * dim];
            var counts = new int[k];
            for (int i = 0; i < n; i++)
            {
                counts[a[i]]++;
                for (int d = 0; d < dim; d++) sums[a[i] * dim + d] += x[i * dim + d];
            }
            var far = new float[n];
            for (int i = 0; i < n; i++) far[i] = Dist(x, i, centres, a[i], dim);
            for (int c = 0; c < k; c++)
            {
                if (counts[c] != 0) continue;
                int p = 0;
                for (int i = 1; i < n; i++) if (far[i] > far[p]) p = i;
                if (!(far[p] > 0)) break;
                int donor = a[p];
                for (int d = 0; d < dim; d++) { sums[donor * dim + d] -= x[p * dim + d]; sums[c * dim + d] = x[p * dim + d]; }
                counts[donor]--; counts[c] = 1; a[p] = c; far[p] = -1; changes++; reseeds++;
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (int d = 0; d < dim; d++) centres[c * dim + d] = (float)(sums[c * dim + d] / counts[c]);
            if (changes == 0) { converged = true; break; }
        }
        Assert.That(converged, Is.True, "the reference did not converge");
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += Dist(x, i, centres, a[i], dim);
        return (a, centres, inertia, it, reseeds);
    }

    private static float Dist(float[] x, int i, float[] centres, int c, int dim)
        => DistanceScalar.SquaredDistance(x.AsSpan(i * dim, dim), centres.AsSpan(c * dim, dim));
}
