using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The sizes of a `reproduce` run. <see cref="Full"/> follows the paper (5 trials, k up to 64 / 200,
/// every k scored); <see cref="Quick"/> keeps every table and figure but uses fewer trials, stops each
/// k loop at its target and trains the text models for fewer epochs, to finish in minutes.
/// </summary>
internal sealed record ReproduceOptions
{
    public bool IsQuick { get; init; }
    public int Trials { get; init; } = 5;
    public int MaxK0110 { get; init; } = 64;
    public int MaxK000 { get; init; } = 200;
    /// <summary>Task 000 is swept until this accuracy (our target, above the paper's 0.7).</summary>
    public double Target000 { get; init; } = 0.99;
    public bool StopAtTarget { get; init; }
    public IReadOnlyList<string> Cells { get; init; } = ["srn", "mgu", "gru", "lstm"];
    public IReadOnlyList<string> TomitaCells { get; init; } = ["srn", "mgu", "gru", "lstm"];
    public int MaxKTomita { get; init; } = 40;
    public TrainingOptions Training { get; init; } = new();
    /// <summary>Tables IV–V (<see cref="TextExperimentOptions"/>: its defaults are the full run's).</summary>
    public TextExperimentOptions Text { get; init; } = new();
    /// <summary>Hidden points drawn per t-SNE panel (the paper shows 400).</summary>
    public int TsnePoints { get; init; } = 400;
    public ulong Seed { get; init; } = 1;

    /// <summary>The most trials `--trials` accepts.</summary>
    public const int MaxTrials = 20;

    public static ReproduceOptions Full(ulong seed) => new() { Seed = seed };

    /// <summary>These options with <paramref name="trials"/> trials per cell, for the synthetic tables and the text tables alike.</summary>
    public ReproduceOptions WithTrials(int trials)
    {
        if (trials < 1 || trials > MaxTrials) throw new ArgumentOutOfRangeException(nameof(trials), $"trials must be 1…{MaxTrials}");
        return this with { Trials = trials, Text = Text with { Trials = trials } };
    }

    public static ReproduceOptions Quick(ulong seed) => new()
    {
        IsQuick = true,
        Seed = seed,
        Trials = 2,
        StopAtTarget = true,
        MaxK000 = 40,
        MaxKTomita = 24,
        Text = new TextExperimentOptions { Trials = 2, Training = new TextExperimentOptions().Training with { Epochs = 6, Patience = 2 } },
        TsnePoints = 300,
    };
}
