using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Clustering.Reference;

/// <summary>
/// The `check` command's clustering rows: the engine's k-means++ seeding and its Lloyd iterations against the
/// readable references (<see cref="ReferenceKMeansPlusPlus"/>, <see cref="ReferenceKMeans"/>) on 3000 generated
/// points (12 overlapping Gaussian blobs in 6 dimensions, k = 8, one block of points and, at 9000, three).
/// Seeding error: the fraction of centres chosen differently. Lloyd error: the fraction of points assigned
/// differently, or the relative difference of the inertia, whichever is larger.
/// </summary>
internal sealed class ReferenceKMeansSelfCheck : ISelfCheck
{
    public string Area => "clustering";
    private const int Dim = 6, K = 8;

    public IEnumerable<SelfCheckResult> Run()
    {
        foreach (int n in new[] { 3000, 9000 })
        {
            var x = Blobs(n, 12, 7);
            var (seeding, lloyd) = Errors(x, n);
            yield return new SelfCheckResult(Area, "k-means++ against reference", $"n={n} dim={Dim} k={K}", seeding, 0);
            yield return new SelfCheckResult(Area, "Lloyd against reference", $"n={n} dim={Dim} k={K}", lloyd, 1e-5);
        }
    }

    /// <summary>The seeding and Lloyd errors of the engine against the references on x [n, Dim].</summary>
    public static (double Seeding, double Lloyd) Errors(float[] x, int n, ulong seed = 3)
    {
        var fastSeeds = new KMeansPlusPlus(new PointSpace(x, n, Dim, null)).Seed(K, new Rng(seed));
        var referenceSeeds = ReferenceKMeansPlusPlus.Seed(x, n, Dim, K, new Rng(seed));
        double seeding = (double)fastSeeds.Zip(referenceSeeds).Count(p => p.First != p.Second) / K;

        var fast = KMeans.Fit(x, n, Dim, K, new KMeansOptions { Seed = seed });
        var reference = ReferenceKMeans.Fit(x, n, Dim, referenceSeeds);
        if (!reference.Converged) return (seeding, double.NaN);
        double moved = (double)fast.Assignments.Zip(reference.Assignments).Count(p => p.First != p.Second) / n;
        double inertia = Math.Abs(fast.Inertia - reference.Inertia) / Math.Max(1e-30, Math.Abs(reference.Inertia));
        return (seeding, Math.Max(moved, inertia));
    }

    // n points [n, Dim] around `sources` Gaussian centres (noise sd 1, centres sd 2).
    private static float[] Blobs(int n, int sources, ulong seed)
    {
        var rng = new Rng(seed);
        var centres = new double[sources * Dim];
        for (int i = 0; i < centres.Length; i++) centres[i] = 2 * rng.NextGaussian();
        var x = new float[n * Dim];
        for (int i = 0; i < n; i++)
        {
            int s = rng.NextInt(sources);
            for (int d = 0; d < Dim; d++) x[i * Dim + d] = (float)(centres[s * Dim + d] + rng.NextGaussian());
        }
        return x;
    }
}
