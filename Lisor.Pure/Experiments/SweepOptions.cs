using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// What a sweep runs (the paper's Tables II and III): for each cell and trial one trained RNN, then
/// for every k in [MinClusters, MaxClusters] and every method an FSA scored on the test set.
/// </summary>
internal sealed record SweepOptions
{
    public IReadOnlyList<string> Cells { get; init; } = ["srn", "mgu", "gru", "lstm"];
    public IReadOnlyList<string> Methods { get; init; } = ExtractionMethods.All;
    public int MinClusters { get; init; } = 2;
    public int MaxClusters { get; init; } = 64;
    /// <summary>The accuracy an FSA must reach (≥) for the table's "smallest k".</summary>
    public double Target { get; init; } = 1.0;
    public int Trials { get; init; } = 5;
    /// <summary>Stop a (cell, trial, method)'s k loop once the target is reached (saves time; the accuracy-vs-k figure then stops there).</summary>
    public bool StopAtTarget { get; init; }
    /// <summary>Training options; the trial's seed replaces <see cref="TrainingOptions.Seed"/>.</summary>
    public TrainingOptions Training { get; init; } = new();
    /// <summary>Base seed: trial t (1-based) trains with seed + t − 1 and clusters with the same seed (the trials differ only in their seed).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The layer whose states are clustered (−1 = top, as the paper; <see cref="HiddenPoints.AllLayers"/> = the whole stacked state).</summary>
    public int Layer { get; init; } = -1;
    /// <summary>k-means-x: factor on the extra position feature j (1 = the paper's k-means-x).</summary>
    public double PositionScale { get; init; } = 1;
    /// <summary>Cluster z-scored coordinates (<see cref="PointScaling"/>; our extension).</summary>
    public bool Standardise { get; init; }
    /// <summary>k-means restarts per extraction, and which one is kept (<see cref="RestartSelection"/>).</summary>
    public int Restarts { get; init; } = 1;
    public RestartSelection Selection { get; init; } = RestartSelection.Inertia;
    /// <summary>What a run of the FSA does on a missing transition (the test scores; docs/method.md §4).</summary>
    public Automata.MissingPolicy Missing { get; init; } = Automata.MissingPolicy.Dead;
    /// <summary>The candidate factors of <see cref="ExtractionMethods.KMeansXScaled"/>, tried in this order.</summary>
    public IReadOnlyList<double> PositionScales { get; init; } = PositionScaleSelection.Grid;
    /// <summary>Where trained models are kept and looked for (null: DIR/models), so two sweeps can share them.</summary>
    public string? ModelsDir { get; init; }

    /// <summary>The seed of trial <paramref name="trial"/> (1-based).</summary>
    public ulong TrialSeed(int trial) => Seed + (ulong)(trial - 1);
}

/// <summary>One scored FSA: a line of results.csv.</summary>
internal sealed record SweepRow(string Cell, int Trial, string Method, int K, double Accuracy, double? Fidelity,
    int States, int MinimisedStates, double RnnAccuracy, double Seconds);
