using System.Globalization;
using System.Text;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The prose of `reproduce`'s report.md: the findings (computed from the tables, so they always say what the
/// tables hold), the definitions a reader new to the paper needs, and what differs from the paper.
/// </summary>
internal static class ReportText
{
    /// <summary>The findings in a few lines, from Tables II and III and the text part.</summary>
    public static string Findings(ReproduceOptions o, PaperTableResult table2, PaperTableResult table3, double learningRate, string text)
    {
        var sb = new StringBuilder("## Findings\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"- The RNNs learn both tasks: mean test accuracy {Accuracies(table2)} on 0110 and {Accuracies(table3)} on 000 ")
          .Append("(the paper's MGU reached 0.848 on 000).\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Table II (0110, FSA accuracy 1.0), the paper's protocol, LISOR-k: {PerCell(table2.PaperK, o.Cells)}; ")
          .Append(CultureInfo.InvariantCulture, $"the paper: {PaperPerCell(PaperNumbers.Table2, o.Cells)}. Our default extraction: {PerCell(table2.Default, o.Cells)} (floor 5).\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Table III (000, FSA accuracy 0.7), the paper's protocol, LISOR-k: {PerCell(table3.PaperK, o.Cells)}; ")
          .Append(CultureInfo.InvariantCulture, $"the paper: {PaperPerCell(PaperNumbers.Table3, o.Cells)}. Our default extraction: {PerCell(table3.Default, o.Cells)} (floor 4).\n");
        int beats = Beats(table2.Default, PaperNumbers.Table2, o.Cells) + Beats(table3.Default, PaperNumbers.Table3, o.Cells);
        sb.Append(CultureInfo.InvariantCulture, $"- Our default extraction needs fewer clusters than the paper's better method in {beats} of {2 * o.Cells.Count} (table, cell) pairs ")
          .Append("(every trial reaching the target, mean below the smaller of the paper's LISOR-k and LISOR-x means).\n");
        var (neverX, totalX) = Never(table2.PaperX, table3.PaperX);
        sb.Append(CultureInfo.InvariantCulture, $"- LISOR-x read literally never reaches the target in {neverX} of {totalX} trials: a centre seeded at step j carries ‖q‖² ≈ j², ")
          .Append("so it keeps only its own sequence's nearby steps (docs/method.md §5).");
        if (table2.PaperXScaled is not null && table3.PaperXScaled is not null)
        {
            var a2 = SmallestK.Agreement(table2.PaperXScaled.Outcomes, table2.PaperK.Outcomes);
            var a3 = SmallestK.Agreement(table3.PaperXScaled.Outcomes, table3.PaperK.Outcomes);
            sb.Append(CultureInfo.InvariantCulture, $" With the feature scaled by a factor chosen on validation fidelity, LISOR-x equals LISOR-k in {a2.Equal} of {a2.Total} Table II trials ")
              .Append(CultureInfo.InvariantCulture, $"and {a3.Equal} of {a3.Total} Table III trials (the paper: 13 of 20 Table II trials identical).");
        }
        sb.Append('\n');
        if (table2.SmallKTrials.Total > 0)
            sb.Append(CultureInfo.InvariantCulture, $"- With the paper's random 0110 training strings (≈ 6 % positive), the LISOR-k FSAs at k = 2–4 of {table2.SmallKTrials.Negative} of {table2.SmallKTrials.Total} trials ")
              .Append(CultureInfo.InvariantCulture, $"score exactly {table2.TestNegativeShare:0.000}, what answering \"negative\" everywhere scores on this test set; the paper's k = 2–4 accuracy is 0.950 for every cell, the same sign on its test set.\n");
        if (table2.Extra.Count >= 4)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- Training on a balanced 0110 set instead (our earlier choice): LISOR-k {PerCell(table2.Extra[0], o.Cells)}. ");
            var (same, total) = SmallestK.Agreement(table2.Extra[1].Outcomes, table2.Extra[2].Outcomes);
            var (same2, _) = SmallestK.Agreement(table2.Extra[1].Outcomes, table2.Extra[3].Outcomes);
            sb.Append(same == total && same2 == total
                ? "Missing transitions to a dead state, staying put or back to the start state give the same smallest k in every trial: on length-4 test strings the policies do not separate.\n"
                : $"Missing transitions back to the start state: {PerCell(table2.Extra[3], o.Cells)}; staying put: {PerCell(table2.Extra[2], o.Cells)}.\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"- Adam's learning rate {learningRate.ToString(CultureInfo.InvariantCulture)} was chosen on validation data only (Set-up). {text}\n\n");
        return sb.ToString();
    }

    /// <summary>The words of the tables, for a reader who has not read the paper.</summary>
    public const string Definitions = """
        ## Definitions

        - **FSA learned from an RNN (LISOR).** Run the trained RNN R over a set of strings, record its hidden state after every symbol,
          cluster these points into k clusters; each cluster is a state, a separate start state S begins every run, a state accepts when R's
          output layer applied to the cluster's centre says "positive", and the move on symbol s from state i goes to the state most often
          reached that way in the data.
        - **LISOR-k**: the clusters come from k-means++. **LISOR-x**: from k-means-x, k-means on the hidden state extended by a
          "position feature" that holds the step j in a coordinate of the point's own sequence. *Literal*: j as the paper writes it.
          *Scaled*: s·j, with s chosen per trained RNN on the validation strings (docs/method.md §5).
        - **Accuracy**: the fraction of test strings whose label the FSA answers. **Fidelity**: the fraction on which the FSA answers
          what R answers (the paper's "trustable").
        - **Smallest k**: the fewest clusters whose FSA reaches the table's target accuracy on the test set. **Never**: no k up to the
          limit does; such trials are counted apart, not averaged in. **Floor**: the clusters the minimal automaton of the task needs
          besides the start state; no FSA that answers every string as the task does can do with fewer (one that is right only on the
          task's lengths can).
        - **Paper protocol**: our reading of what the paper did (random 0110 training strings, the top layer's hidden states, k-means++
          with 10 seedings keeping the lowest inertia). **Default extraction**: what `extract` does with no option — k searched, clusters
          refined until the FSA agrees with R on the validation strings, merged and minimised; its entry is the number of states the FSA
          reaches after the first symbol (comparable to k, since the paper's start state owns no cluster). **Clustering recipe**: the best
          fixed-k clustering (all layers, standardised, restarts selected by validation fidelity) with the smallest-k entry.
        - **Transductive**: the FSA is learned from the test sequences themselves (their symbols and R's hidden states, never their
          labels), as the paper did for sentiment; otherwise it is learned on the validation set.
        - **Missing transition**: a (state, symbol) pair the data never showed. Our default sends the run to a dead, rejecting state;
          `--missing stay` stays in the state, `--missing start` returns to the start state.

        """;

    /// <summary>What differs from the paper, in one place.</summary>
    public const string Differences = """
        ## What differs from the paper, and why

        - **Training.** The paper gives no hyper-parameters; ours (Adam, early stopping on validation accuracy, length buckets, the
          learning rate chosen on validation data) train every cell to (near) 100 % on 0110 and 000.
        - **Where the FSA is learned.** On the validation set, scored on the test set; for text also transductively.
        - **Text.** No movie-review corpus ships offline, so Tables IV–V use the shipped e-mail corpus (the note under them says what
          that changes); `data --imdb` and `train --vectors` reproduce the paper's setting for users who have aclImdb and word2vec.
        - **Tomita grammars** are our addition (docs/method.md §7). The start state never accepts (docs/method.md §4), so a learned FSA
          rejects the empty string, which every Tomita grammar accepts: "yes, except ε" marks FSAs equivalent on every other string.

        """;

    private static string Accuracies(PaperTableResult t)
    {
        if (t.RnnAccuracy.Count == 0) return "–";
        string lo = t.RnnAccuracy.Values.Min().ToString("0.000", CultureInfo.InvariantCulture), hi = t.RnnAccuracy.Values.Max().ToString("0.000", CultureInfo.InvariantCulture);
        return lo == hi ? lo : $"{lo}–{hi}";
    }

    private static string PerCell(OutcomeRow row, IReadOnlyList<string> cells)
        => string.Join(", ", cells.Select(c => $"{PaperNumbers.CellName(c)} {SmallestK.Summary(SmallestK.Of(row.Outcomes, c))}"));

    private static string PaperPerCell(PaperSmallestK paper, IReadOnlyList<string> cells)
        => string.Join(", ", cells.Select(c => $"{PaperNumbers.CellName(c)} {MarkdownTable.Number(paper.Average(ExtractionMethods.KMeans, c), 1)}"));

    /// <summary>Cells where every trial reaches the target and the mean is below both of the paper's means.</summary>
    public static int Beats(OutcomeRow row, PaperSmallestK paper, IReadOnlyList<string> cells)
    {
        int count = 0;
        foreach (string c in cells)
        {
            var ks = SmallestK.Of(row.Outcomes, c).ToList();
            if (ks.Count == 0 || ks.Any(k => k is null)) continue;
            double best = Math.Min(paper.Average(ExtractionMethods.KMeans, c), paper.Average(ExtractionMethods.KMeansX, c));
            if (ks.Average(k => k!.Value) < best) count++;
        }
        return count;
    }

    private static (int Never, int Total) Never(params OutcomeRow[] rows)
        => (rows.Sum(r => r.Outcomes.Count(t => t.K is null)), rows.Sum(r => r.Outcomes.Count));
}
