using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The "ours" rows of Tables II and III on the same trained RNNs as the paper-protocol rows:
/// <list type="bullet">
/// <item><see cref="Run"/>: the project's default extraction, what `extract --model M --data V` does with no option
///   (<see cref="AutoExtraction"/>: k searched, clusters refined until the FSA agrees with R, merged, minimised, probed).
///   Its entry is comparable to the paper's k: the number of states the minimal complete FSA reaches after at least one
///   symbol (the start state owns no cluster in the paper's FSA; the dead state does), or "never" when the FSA misses
///   the table's target on the test set.</item>
/// <item><see cref="Recipe"/>: the best fixed-k clustering (stacked state, z-scored, fidelity-selected restarts) with
///   the paper's smallest-k entry.</item>
/// </list>
/// Every report row of "our default" comes through <see cref="Run"/>.
/// </summary>
internal static class DefaultRow
{
    /// <summary>k-means++ restarts per extraction of the recipe row, selected by validation fidelity.</summary>
    public const int Restarts = 8;

    /// <summary>How reports name the default row.</summary>
    public const string Label = "ours, default `extract` (automatic k, refinement, minimised; states after the first symbol)";

    /// <summary>How reports name the recipe row.</summary>
    public const string RecipeLabel = "ours, clustering recipe (all layers, standardised, best of 8 restarts by validation fidelity)";

    /// <summary>The sweep options of the recipe row, derived from the paper-protocol sweep's (same cells, trials, models, k range, target).</summary>
    public static SweepOptions Options(SweepOptions paper) => paper with
    {
        Methods = [ExtractionMethods.KMeans], Layer = HiddenPoints.AllLayers, Standardise = true,
        Restarts = Restarts, Selection = RestartSelection.Fidelity, StopAtTarget = true,
        Missing = MissingPolicy.Dead,
    };

    /// <summary>Runs (or resumes) the recipe row into <paramref name="outDir"/>; one entry per (cell, trial) of <paramref name="paper"/>.</summary>
    public static IReadOnlyList<TrialOutcome> Recipe(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, SweepOptions paper, string outDir, Action<string>? log, RunProgress? progress = null)
    {
        var options = Options(paper);
        var results = Sweep.Run(train, valid, test, options, outDir, log, progress: progress);
        SweepReport.Write(outDir, results, options, "Clustering recipe");
        return SmallestK.Outcomes(results, options, ExtractionMethods.KMeans, options.Target);
    }

    /// <summary>
    /// The default extraction on every (cell, trial) model of <paramref name="paper"/>'s models folder (trained by the
    /// paper-protocol sweep), learned on <paramref name="valid"/> and scored on <paramref name="test"/>. Writes
    /// DIR/results.csv (one line per model) and DIR/fsa/CELL-TRIAL.json (the saved FSA). Deterministic for a seed.
    /// </summary>
    public static IReadOnlyList<TrialOutcome> Run(IReadOnlyList<LabeledSequence> valid, IReadOnlyList<LabeledSequence> test,
        SweepOptions paper, string sweepDir, string outDir, Action<string>? log)
    {
        string models = paper.ModelsDir ?? Path.Combine(sweepDir, "models");
        Directory.CreateDirectory(Path.Combine(outDir, "fsa"));
        var outcomes = new List<TrialOutcome>();
        var csv = new StringBuilder("cell,trial,states_after_first_symbol,saved_states,fidelity_valid,fidelity_test,accuracy_test,reaches_target\n");
        foreach (string cell in paper.Cells)
            for (int trial = 1; trial <= paper.Trials; trial++)
            {
                var model = Model.Load(Path.Combine(models, $"{cell}-{trial}.lisor"));
                var result = AutoExtraction.Extract(model, valid, new AutoExtractionOptions { Seed = paper.TrialSeed(trial) });
                var fsa = result.Minimised;
                var onValid = FsaEvaluation.Of(fsa, valid, model.Predict(valid));
                var onTest = FsaEvaluation.Of(fsa, test, model.Predict(test));
                int states = StatesAfterFirstSymbol(fsa);
                bool reaches = SweepResults.Reaches(onTest.Accuracy, paper.Target);
                outcomes.Add(new TrialOutcome(cell, trial, reaches ? states : null));
                FsaJson.Save(fsa, Path.Combine(outDir, "fsa", $"{cell}-{trial}.json"));
                csv.Append(CultureInfo.InvariantCulture,
                    $"{cell},{trial},{states},{fsa.StateCount},{onValid.Fidelity:0.######},{onTest.Fidelity:0.######},{onTest.Accuracy:0.######},{(reaches ? "yes" : "no")}\n");
                log?.Invoke($"{cell} trial {trial} default extract: {fsa.StateCount} states saved ({states} after the first symbol), " +
                            $"test accuracy {onTest.Accuracy:0.000}, fidelity {onTest.Fidelity:0.000}");
            }
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.csv"), csv.ToString());
        return outcomes;
    }

    /// <summary>
    /// The states the minimal complete FSA can be in after one or more symbols (its dead state included when reachable,
    /// the start state only when a non-empty string returns to it): what the paper's k counts, since its start state
    /// owns no cluster.
    /// </summary>
    public static int StatesAfterFirstSymbol(Fsa minimal)
    {
        var complete = FsaTransforms.Complete(minimal, MissingPolicy.Dead);
        int sigma = complete.Alphabet.Count;
        var seen = new bool[complete.StateCount];
        var queue = new Queue<int>();
        for (int a = 0; a < sigma; a++)
        {
            int t = complete.Next(Fsa.Start, a);
            if (t >= 0 && !seen[t]) { seen[t] = true; queue.Enqueue(t); }
        }
        while (queue.Count > 0)
        {
            int q = queue.Dequeue();
            for (int a = 0; a < sigma; a++)
            {
                int t = complete.Next(q, a);
                if (t >= 0 && !seen[t]) { seen[t] = true; queue.Enqueue(t); }
            }
        }
        return seen.Count(s => s);
    }
}
