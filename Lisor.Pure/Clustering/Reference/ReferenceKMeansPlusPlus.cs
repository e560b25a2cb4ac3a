using Lisor.Pure.Tensors;

namespace Lisor.Pure.Clustering.Reference;

/// <summary>
/// The textbook greedy k-means++ (Arthur &amp; Vassilvitskii 2007; scikit-learn's greedy variant), the readable
/// definition <see cref="KMeansPlusPlus"/> is tested against: distances in double, sums in point order,
/// D² updated after every choice — nothing shared with the engine but the random draws (first centre
/// NextInt(n), then L = 2 + ⌊ln k⌋ NextDouble() per centre, in that order).
/// </summary>
internal static class ReferenceKMeansPlusPlus
{
    /// <summary>k point indices of x [n, dim] (row-major) as initial centres.</summary>
    public static int[] Seed(float[] x, int n, int dim, int k, Rng rng)
    {
        double Dist(int a, int b)                                                       // ‖x_a − x_b‖² in double
        {
            double s = 0;
            for (int d = 0; d < dim; d++) { double e = (double)x[a * dim + d] - x[b * dim + d]; s += e * e; }
            return s;
        }
        int L = KMeansPlusPlus.Candidates(k);                                           // L = 2 + ⌊ln k⌋
        var chosen = new int[k];
        chosen[0] = rng.NextInt(n);                                                     // the first centre: uniform
        var d2 = new double[n];                                                         // D(x)² to the nearest chosen centre
        for (int i = 0; i < n; i++) d2[i] = Dist(i, chosen[0]);
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++) total += d2[i];                                 // Σ D²
            if (!(total > 0)) { chosen[c] = rng.NextInt(n); continue; }                 // every point is a centre: uniform
            var candidates = new int[L];
            for (int l = 0; l < L; l++)                                                 // draw with probability D(x)² / Σ D²
            {
                double r = rng.NextDouble() * total, running = 0;
                int pick = Array.FindLastIndex(d2, v => v > 0);                         // rounding left r past the end
                for (int i = 0; i < n; i++) { running += d2[i]; if (running > r) { pick = i; break; } }
                candidates[l] = pick;
            }
            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int l = 0; l < L; l++)                                                 // keep the smallest Σ_x min(D², ‖x − cand‖²)
            {
                double potential = 0;
                for (int i = 0; i < n; i++) potential += Math.Min(d2[i], Dist(i, candidates[l]));
                if (potential < bestPotential) { bestPotential = potential; best = l; }
            }
            chosen[c] = candidates[best];
            for (int i = 0; i < n; i++) d2[i] = Math.Min(d2[i], Dist(i, chosen[c]));    // D² ← min(D², ‖x − new centre‖²)
        }
        return chosen;
    }
}
