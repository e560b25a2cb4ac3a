using Lisor.Pure.Data;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The third row of Tables II and III: the project's default extraction on the same trained RNNs as the
/// paper-protocol rows. Today that is the recipe of docs/method.md §7 — the whole stacked state
/// (<see cref="HiddenPoints.AllLayers"/>), z-scored coordinates, and of <see cref="Restarts"/> k-means++
/// restarts the one whose FSA agrees best with R on the validation set it is learned from; the entry is
/// the smallest k whose FSA reaches the table's target on the test set. Every report row of "our default"
/// comes through <see cref="Run"/>, so changing the default extraction changes this one function.
/// </summary>
public static class DefaultRow
{
    /// <summary>k-means++ restarts per extraction, selected by validation fidelity.</summary>
    public const int Restarts = 8;

    /// <summary>How reports name the row.</summary>
    public const string Label = "ours, default extraction (all layers, standardised, best of 8 restarts by validation fidelity)";

    /// <summary>The sweep options of the row, derived from the paper-protocol sweep's (same cells, trials, models, k range, target).</summary>
    public static SweepOptions Options(SweepOptions paper) => paper with
    {
        Methods = [ExtractionMethods.KMeans], Layer = HiddenPoints.AllLayers, Standardise = true,
        Restarts = Restarts, Selection = RestartSelection.Fidelity, StopAtTarget = true,
        Missing = Automata.MissingPolicy.Dead,
    };

    /// <summary>Runs (or resumes) the row into <paramref name="outDir"/>; one entry per (cell, trial) of <paramref name="paper"/>.</summary>
    public static IReadOnlyList<TrialOutcome> Run(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, SweepOptions paper, string outDir, Action<string>? log)
    {
        var options = Options(paper);
        var results = Sweep.Run(train, valid, test, options, outDir, log);
        SweepReport.Write(outDir, results, options, "Default extraction");
        return SmallestK.Outcomes(results, options, ExtractionMethods.KMeans, options.Target);
    }
}
