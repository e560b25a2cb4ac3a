using System.Globalization;
using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>One line of the Tomita table: a cell trained on one grammar and the FSA extracted from it.</summary>
internal sealed record TomitaRow(int Grammar, string Cell, bool Recipe, double RnnAccuracy, int? SmallestK, double BestAccuracy,
    int States, int MinimisedStates, int GrammarStates, string Equivalence);

/// <summary>
/// Tomita grammars 1–7 (docs/method.md §7), the standard automaton-extraction benchmark: for each grammar
/// and cell, train, extract FSAs with LISOR-k for k = 2…max until one reaches test accuracy 1.0,
/// minimise it (Hopcroft) and check whether it is language-equivalent to the grammar's minimal DFA.
/// The start state owns no hidden state and is never accepting (docs/method.md §4), so a learned FSA
/// always rejects the empty string, which every Tomita grammar accepts: FSAs are therefore learned
/// and scored on the non-empty strings of the validation and test sets (the RNN is trained on all),
/// and the table says "yes, except ε" when ε is the only difference.
/// </summary>
internal static class TomitaExperiment
{
    /// <summary>
    /// Runs the table into <paramref name="outDir"/>, reusing the models in DIR/models when DIR/manifest.json has the
    /// same settings; other settings are an error naming the first difference, unless <paramref name="restart"/>
    /// removes the old models first.
    /// </summary>
    public static List<TomitaRow> Run(IReadOnlyList<string> cells, int maxK, TrainingOptions training, ulong seed,
        string outDir, Action<string>? log = null, bool restart = false)
    {
        string models = Path.Combine(outDir, "models");
        static bool Ours(string name) => name.StartsWith("tomita", StringComparison.Ordinal) && name.EndsWith(".lisor", StringComparison.Ordinal);
        new RunManifest("tomita").Add("--seed", seed).Add("--cells", cells).Add("--max-clusters", maxK).AddTraining(training)
            .Claim(outDir, restart, () => RunManifest.HoldsAny(models, Ours), () => RunManifest.DeleteOurs(models, Ours));
        Directory.CreateDirectory(models);
        var rows = new List<TomitaRow>();
        var allSplits = Enumerable.Range(1, 7).Select(n => SyntheticTasks.Generate($"tomita{n}", new TaskOptions(), seed)).ToArray();
        string ModelPath(int n, string cell) => Path.Combine(outDir, "models", $"tomita{n}-{cell}.lisor");
        // The models still missing are trained first, side by side; then each (grammar, cell) is extracted in order.
        var untrained = (from n in Enumerable.Range(1, 7) from cell in cells where !File.Exists(ModelPath(n, cell)) select (n, cell)).ToArray();
        SideBySide.Run(untrained.Length, i =>
        {
            var (n, cell) = untrained[i];
            var splits = allSplits[n - 1];
            Trainer.Train(splits.Train, splits.Valid, null, training with { Cell = cell, Seed = seed }, null).Model.Save(ModelPath(n, cell));
        });
        for (int n = 1; n <= 7; n++)
        {
            var splits = allSplits[n - 1];
            foreach (string cell in cells)
            {
                var model = Model.Load(ModelPath(n, cell));
                var nonEmpty = splits with
                {
                    Valid = splits.Valid.Where(e => e.Tokens.Length > 0).ToList(),
                    Test = splits.Test.Where(e => e.Tokens.Length > 0).ToList(),
                };
                foreach (bool recipe in new[] { false, true })
                {
                    var row = Extract(n, cell, model, nonEmpty, maxK, seed, recipe);
                    log?.Invoke($"tomita{n} {cell} {(recipe ? "recipe" : "paper")}: RNN {row.RnnAccuracy:0.000}, smallest k {(row.SmallestK?.ToString(CultureInfo.InvariantCulture) ?? "none")}, minimised {row.MinimisedStates} states (grammar {row.GrammarStates}), equivalent: {row.Equivalence}");
                    rows.Add(row);
                }
            }
        }
        return rows;
    }

    /// <summary>Restarts per extraction in our recipe (stacked state, standardised, fidelity-selected).</summary>
    public const int RecipeRestarts = 8;

    /// <summary>
    /// Smallest k reaching 1.0 with the paper's extraction (top layer, one k-means++ run) or, with
    /// <paramref name="recipe"/>, ours: the stacked state, z-scored, and of <see cref="RecipeRestarts"/>
    /// restarts the FSA most faithful to R on the validation strings.
    /// </summary>
    private static TomitaRow Extract(int n, string cell, Model model, TaskSplits splits, int maxK, ulong seed, bool recipe)
    {
        int[] rnnValid = model.Predict(splits.Valid), rnnTest = model.Predict(splits.Test);
        double rnnAccuracy = model.Accuracy(splits.Test);
        var points = HiddenPoints.Of(model, splits.Valid, recipe ? HiddenPoints.AllLayers : -1);
        Fsa? best = null;
        double bestAccuracy = -1;
        int? smallest = null;
        int lastK = Math.Min(maxK, points.Count), chunk = Math.Max(1, Parallelism.Threads);
        // k in chunks of one per thread, side by side; the chunk's results are read in k order and stop at the first
        // reaching 1.0, so the row is the one k = 2, 3, … one after another gives.
        for (int start = 2; start <= lastK && smallest is null; start += chunk)
        {
            int count = Math.Min(chunk, lastK - start + 1);
            var fsas = new Fsa[count];
            var scores = new FsaEvaluation[count];
            SideBySide.Run(count, i =>
            {
                int k = start + i;
                fsas[i] = recipe
                    ? FsaExtraction.Extract(model, splits.Valid, points, ExtractionMethods.KMeans, k, seed, RecipeRestarts, rnnValid,
                        standardise: true, selection: RestartSelection.Fidelity).Fsa
                    : FsaExtraction.Extract(model, splits.Valid, points, ExtractionMethods.KMeans, k, seed, 1, rnnValid).Fsa;
                scores[i] = FsaEvaluation.Of(fsas[i], splits.Test, rnnTest);
            });
            for (int i = 0; i < count; i++)
            {
                if (scores[i].Accuracy > bestAccuracy) { best = fsas[i]; bestAccuracy = scores[i].Accuracy; }
                if (scores[i].Accuracy >= 1.0) { smallest = start + i; break; }
            }
        }
        var minimal = Minimiser.Minimise(best!).Minimal;
        var dfa = Data.Tomita.Dfa(n);
        return new TomitaRow(n, cell, recipe, rnnAccuracy, smallest, bestAccuracy, best!.StateCount, minimal.StateCount,
            Data.Tomita.MinimalStates(n), Compare(minimal, dfa));
    }

    /// <summary>"yes", "yes, except ε", or "no: 0 1 1 (FSA 0, grammar 1)" with a shortest counterexample.</summary>
    public static string Compare(Fsa fsa, Fsa dfa)
    {
        var result = Equivalence.Check(fsa, dfa);
        if (result.Equivalent) return "yes";
        if (result.Counterexample!.Length == 0 && fsa.Transitions.All(t => t.To != Fsa.Start))
        {
            // Relabel only the start state (no transition enters it) to the grammar's answer on ε.
            var states = fsa.States.ToArray();
            int label = fsa.Classes.ToList().IndexOf(result.AnswerB!);
            if (label >= 0)
            {
                states[Fsa.Start] = states[Fsa.Start] with { Label = label };
                result = Equivalence.Check(fsa.With(states, fsa.Transitions, fsa.Dropped), dfa);
                if (result.Equivalent) return "yes, except ε";
            }
        }
        return $"no: \"{string.Join(' ', result.Counterexample!)}\" (FSA {result.AnswerA}, grammar {result.AnswerB})";
    }

    /// <summary>The table as Markdown.</summary>
    public static string Table(IReadOnlyList<TomitaRow> rows, int maxK)
    {
        var table = new MarkdownTable("grammar", "cell", "extraction", "RNN accuracy", "smallest k (acc 1.0)", "FSA states", "minimised", "grammar's minimal DFA", "equivalent to the grammar")
            .AlignNumbers(3);
        foreach (var r in rows)
            table.Row($"tomita{r.Grammar}", PaperNumbers.CellName(r.Cell), r.Recipe ? "ours" : "paper", MarkdownTable.Number(r.RnnAccuracy),
                r.SmallestK?.ToString(CultureInfo.InvariantCulture) ?? $"none ≤ {maxK} (best {r.BestAccuracy:0.000})",
                r.States.ToString(CultureInfo.InvariantCulture), r.MinimisedStates.ToString(CultureInfo.InvariantCulture),
                r.GrammarStates.ToString(CultureInfo.InvariantCulture), r.Equivalence);
        var sb = new StringBuilder();
        sb.Append("Tomita grammars (docs/method.md §7): LISOR-k, smallest k whose FSA reaches test accuracy 1.0, that FSA minimised (dead-state policy; ")
          .Append("the grammar's minimal DFA is complete and counts its sink) and checked for language equivalence. ")
          .Append("Extraction \"paper\": the top layer's states, one k-means++ run. \"ours\": every layer's state side by side, z-scored, ")
          .Append(CultureInfo.InvariantCulture, $"and of {RecipeRestarts} restarts the FSA most faithful to the RNN on the validation strings ")
          .Append("(`extract --layer all --standardise --restarts 8 --select fidelity`; no test data is looked at). Same models.\n\n")
          .Append(table);
        return sb.ToString();
    }
}
