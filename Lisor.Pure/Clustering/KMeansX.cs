namespace Lisor.Pure.Clustering;

/// <summary>
/// k-means-x (LISOR-x, docs/method.md §5): k-means++ on hidden states extended by the n-dimensional extra
/// position feature — the point of step j (1…T_i) of sequence i is [h, 0 … 0, j, 0 … 0] with j at
/// position i — computed without ever materialising the n extra columns (see <see cref="ExtraPositionFeature"/>).
/// The returned centres hold the hidden-state part only; the inertia is over the extended points.
/// </summary>
public static class KMeansX
{
    /// <summary>
    /// Clusters n hidden states [n, dim] (row-major); point p belongs to sequence sequenceIndex[p]
    /// (any non-negative ids; sequences without points add only zero columns and are dropped) at
    /// step[p] ≥ 1. Throws <see cref="ArgumentException"/> on bad input.
    /// </summary>
    public static KMeansResult Fit(float[] points, int n, int dim, int[] sequenceIndex, int[] step, int k, KMeansOptions o)
    {
        KMeans.Check(points, n, dim, k, o);
        ArgumentNullException.ThrowIfNull(sequenceIndex);
        ArgumentNullException.ThrowIfNull(step);
        if (sequenceIndex.Length != n) throw new ArgumentException($"expected {n} sequence indices (one per point), got {sequenceIndex.Length}");
        if (step.Length != n) throw new ArgumentException($"expected {n} steps (one per point), got {step.Length}");
        var compact = new int[n];
        var ids = new Dictionary<int, int>();
        for (int p = 0; p < n; p++)
        {
            if (sequenceIndex[p] < 0) throw new ArgumentException($"point {p + 1}: sequence index {sequenceIndex[p]} is negative");
            if (step[p] < 1) throw new ArgumentException($"point {p + 1}: step {step[p]} must be at least 1 (steps count 1 … T)");
            if (!ids.TryGetValue(sequenceIndex[p], out int id)) { id = ids.Count; ids.Add(sequenceIndex[p], id); }
            compact[p] = id;
        }
        var extra = new ExtraPositionFeature(compact, (int[])step.Clone(), ids.Count, k);
        return KMeans.Run(new PointSpace(points, n, dim, extra), k, o);
    }
}
