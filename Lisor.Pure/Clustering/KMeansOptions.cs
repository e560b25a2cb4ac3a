namespace Lisor.Pure.Clustering;

/// <summary>Settings of one k-means++ / k-means-x fit.</summary>
public sealed record KMeansOptions
{
    /// <summary>Seed of the k-means++ seeding; the same seed gives the same result for any thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>How many seedings to run; the fit with the lowest inertia is kept (the first on ties).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Cap on Lloyd iterations per restart.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// 0 (default): iterate until no assignment changes. Above 0: also stop once the summed squared
    /// centre shift Σ_c ‖c_new − c_old‖² ≤ Tolerance · mean_d Var(x_d) (scikit-learn's rule; the
    /// variance is over the points' own coordinates). The labels are then recomputed once against
    /// the final centres, so they always belong to their nearest centre.
    /// </summary>
    public double Tolerance { get; init; }
}
