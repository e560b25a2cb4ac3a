using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>One row of a summary table: a label and one entry per (cell, trial).</summary>
internal sealed record OutcomeRow(string Label, IReadOnlyList<TrialOutcome> Outcomes);

/// <summary>What Table II or III found, for the report's summary: the rows by role, and the RNNs' mean test accuracy per cell.</summary>
internal sealed record PaperTableResult(string Markdown, OutcomeRow PaperK, OutcomeRow PaperX, OutcomeRow? PaperXScaled,
    OutcomeRow Default, IReadOnlyDictionary<string, double> RnnAccuracy, IReadOnlyList<OutcomeRow> Extra)
{
    /// <summary>Table II: the share of negative strings in the test set (what "negative everywhere" scores).</summary>
    public double TestNegativeShare { get; init; } = double.NaN;
    /// <summary>Table II, paper-protocol LISOR-k: (cell, trial) pairs whose FSAs at k = 2…4 all score exactly <see cref="TestNegativeShare"/>, and all pairs with such rows.</summary>
    public (int Negative, int Total) SmallKTrials { get; init; }
}

/// <summary>
/// Tables II (task 0110) and III (task 000) with three kinds of rows (docs/method.md §6): the paper's
/// averages; ours under the paper's protocol (uniformly random 0110 training strings, the top layer's
/// points, k-means++ with 10 seedings keeping the lowest inertia, LISOR-x literal and scaled); ours with the
/// project's default extraction (<see cref="DefaultRow"/>) on the same RNNs; and the floor, the clusters the
/// minimal DFA needs. Entries are mean ± standard deviation over the trials that reach the target, with the
/// trials that never do counted apart.
/// </summary>
internal static class PaperTables
{
    /// <summary>k-means++ seedings per extraction under the paper's protocol (scikit-learn's default n_init then).</summary>
    public const int PaperRestarts = 10;

    /// <summary>Clusters the minimal DFA needs besides the start state: 0110 (prefixes 0, 01, 011, 0110 and "off the path") and 000 (0, 1 or 2 trailing zeros, and "seen 000").</summary>
    public static int Floor(string task) => task == "0110" ? 5 : 4;

    /// <summary>The paper's protocol for one task: the sweep options of the "ours, paper protocol" rows.</summary>
    public static SweepOptions PaperProtocol(ReproduceOptions o, TrainingOptions training, double target, int maxK, bool stop) => new()
    {
        Cells = o.Cells, Trials = o.Trials, MinClusters = 2, MaxClusters = maxK, Target = target, StopAtTarget = stop,
        Training = training, Seed = o.Seed, Restarts = PaperRestarts, Selection = RestartSelection.Inertia,
        Methods = [ExtractionMethods.KMeans, ExtractionMethods.KMeansX, ExtractionMethods.KMeansXScaled],
    };

    /// <summary>Table II: task 0110, target accuracy 1.0, k = 2…64.</summary>
    public static PaperTableResult Table2(ReproduceOptions o, TrainingOptions training, string outDir, RunProgress progress)
    {
        var random = SyntheticTasks.Generate("0110", new TaskOptions(Training0110: Task0110Training.Random), o.Seed);
        var balanced = SyntheticTasks.Generate("0110", new TaskOptions(Training0110: Task0110Training.Balanced), o.Seed);
        string dir = Path.Combine(outDir, "0110");
        WriteSplits(dir, random);
        var paper = PaperProtocol(o, training, 1.0, o.MaxK0110, o.IsQuick);
        progress.Stage("Table II · 0110");
        var results = Sweep.Run(random.Train, random.Valid, random.Test, paper, dir, progress: progress);
        progress.EndStage();
        SweepReport.Write(dir, results, paper, "Task 0110, the paper's protocol", PaperNumbers.Table2);
        string models = Path.Combine(dir, "models");

        string balancedDir = Path.Combine(outDir, "0110-balanced");
        WriteSplits(balancedDir, balanced);
        var balancedOptions = paper with { Methods = [ExtractionMethods.KMeans], StopAtTarget = true };
        progress.Stage("Table II · 0110-balanced");
        var balancedResults = Sweep.Run(balanced.Train, balanced.Valid, balanced.Test, balancedOptions, balancedDir, progress: progress);
        progress.EndStage();

        var policies = new List<OutcomeRow> { new("LISOR-k, missing move → dead state (our default)", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeans, 1.0)) };
        foreach (var (policy, name) in new[] { (MissingPolicy.Stay, "stay"), (MissingPolicy.Start, "start") })
        {
            var po = paper with { Methods = [ExtractionMethods.KMeans], StopAtTarget = true, Missing = policy, ModelsDir = models };
            progress.Stage($"Table II · 0110-missing-{name}");
            var pr = Sweep.Run(random.Train, random.Valid, random.Test, po, Path.Combine(outDir, $"0110-missing-{name}"), progress: progress);
            progress.EndStage();
            policies.Add(new($"LISOR-k, missing move → {(policy == MissingPolicy.Stay ? "stay in the state" : "back to the start state")}", SmallestK.Outcomes(pr, po, ExtractionMethods.KMeans, 1.0)));
        }

        progress.Stage("Table II · 0110-recipe");
        var recipe = DefaultRow.Recipe(random.Train, random.Valid, random.Test, paper with { ModelsDir = models }, Path.Combine(outDir, "0110-recipe"), null, progress);
        progress.EndStage();
        progress.Stage("Table II · 0110-default");
        var defaults = DefaultRow.Run(random.Valid, random.Test, paper with { ModelsDir = models }, dir, Path.Combine(outDir, "0110-default"), progress.PerLine());
        progress.EndStage();
        var rows = new List<OutcomeRow>
        {
            new("ours, paper protocol, LISOR-k", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeans, 1.0)),
            new("ours, paper protocol, LISOR-x literal", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeansX, 1.0)),
            new("ours, paper protocol, LISOR-x scaled", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeansXScaled, 1.0)),
            new("ours, balanced training set, LISOR-k", SmallestK.Outcomes(balancedResults, balancedOptions, ExtractionMethods.KMeans, 1.0)),
            new(DefaultRow.RecipeLabel, recipe),
            new($"**{DefaultRow.Label}**", defaults),
        };
        var md = new StringBuilder()
            .Append("Length-4 binary strings, positive iff 0110. The RNN is trained on 1 000 uniformly random strings (≈ 6 % positive, the paper's protocol; ")
            .Append("the balanced row trains on 0110 with probability ½ instead). The FSA is learned on the 16 distinct strings (64 points) and scored on 100 random test strings. ")
            .Append(CultureInfo.InvariantCulture, $"Entry: the smallest k whose FSA reaches test accuracy 1.0, k = 2…{o.MaxK0110}, mean ± sd over {o.Trials} trials; ")
            .Append("\"n never\": trials where no k does (counted apart, not averaged in).\n\n")
            .Append(Summary(o.Cells, PaperNumbers.Table2, rows, Floor("0110"), o.MaxK0110))
            .Append(RnnLine(results, o.Cells, "0110"))
            .Append("The paper prints 11.4 for GRU's LISOR-k average; the five trial values of its own Table II average 11.2.\n\n")
            .Append(ScaleLine(dir, o.Cells))
            .Append("**Missing transitions** (docs/method.md §4) — the same LISOR-k FSAs run under the three policies:\n\n")
            .Append(Summary(o.Cells, null, policies, Floor("0110"), o.MaxK0110))
            .Append("Per trial, every method (the paper's protocol):\n\n")
            .Append(SweepReport.Table(results, paper, 1.0, PaperNumbers.Table2))
            .Append("![accuracy vs k](0110/accuracy-vs-k.svg)\n\n")
            .Append("Rows: [0110/results.csv](0110/results.csv), [0110/scales.csv](0110/scales.csv), [0110-balanced/results.csv](0110-balanced/results.csv), ")
            .Append("[0110-recipe/results.csv](0110-recipe/results.csv), [0110-default/results.csv](0110-default/results.csv), [0110-missing-stay/results.csv](0110-missing-stay/results.csv), ")
            .Append("[0110-missing-start/results.csv](0110-missing-start/results.csv).\n\n");
        return new PaperTableResult(md.ToString(), rows[0], rows[1], rows[2], rows[5], RnnMeans(results, o.Cells), [rows[3], .. policies, rows[4]])
        {
            TestNegativeShare = random.Test.Count(s => s.Label != "1") / (double)random.Test.Count,
            SmallKTrials = SmallKTrials(results, random.Test),
        };
    }

    /// <summary>Table III: task 000, target accuracy 0.7, k = 2…MaxK000; the literal LISOR-x row comes from <paramref name="topLayer"/> (one k-means run per k).</summary>
    public static PaperTableResult Table3(ReproduceOptions o, TrainingOptions training, string outDir, TaskSplits splits,
        SweepResults topLayer, SweepOptions topLayerOptions, RunProgress progress)
    {
        string models = Path.Combine(outDir, "000", "models");
        var paper = PaperProtocol(o, training, 0.7, o.MaxK000, true) with
        {
            Methods = [ExtractionMethods.KMeans, ExtractionMethods.KMeansXScaled], ModelsDir = models,
        };
        string dir = Path.Combine(outDir, "000-paper");
        progress.Stage("Table III · 000-paper");
        var results = Sweep.Run(splits.Train, splits.Valid, splits.Test, paper, dir, progress: progress);
        SweepReport.Write(dir, results, paper, "Task 000, the paper's protocol", PaperNumbers.Table3);
        progress.EndStage();
        progress.Stage("Table III · 000-recipe");
        var recipe = DefaultRow.Recipe(splits.Train, splits.Valid, splits.Test, paper, Path.Combine(outDir, "000-recipe"), null, progress);
        progress.EndStage();
        progress.Stage("Table III · 000-default");
        var defaults = DefaultRow.Run(splits.Valid, splits.Test, paper, dir, Path.Combine(outDir, "000-default"), progress.PerLine());
        progress.EndStage();
        var rows = new List<OutcomeRow>
        {
            new("ours, paper protocol, LISOR-k", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeans, 0.7)),
            new("ours, paper protocol, LISOR-x literal (1 k-means run per k)", SmallestK.Outcomes(topLayer, topLayerOptions, ExtractionMethods.KMeansX, 0.7)),
            new("ours, paper protocol, LISOR-x scaled", SmallestK.Outcomes(results, paper, ExtractionMethods.KMeansXScaled, 0.7)),
            new(DefaultRow.RecipeLabel, recipe),
            new($"**{DefaultRow.Label}**", defaults),
        };
        var md = new StringBuilder()
            .Append("Binary strings of length 5–20, negative iff they contain 000; 3 000 training, 500 validation, 500 test strings. ")
            .Append(CultureInfo.InvariantCulture, $"Entry: the smallest k whose FSA reaches the paper's target, test accuracy 0.7, k = 2…{o.MaxK000}, mean ± sd over {o.Trials} trials. ")
            .Append("The literal LISOR-x row keeps one k-means-x run per k, from the top-layer sweep below: it reaches no target, so ten seedings ")
            .Append("would mean ten k-means-x runs at every k up to the limit, ten times the run's longest sweep.\n\n")
            .Append(Summary(o.Cells, PaperNumbers.Table3, rows, Floor("000"), o.MaxK000))
            .Append(RnnLine(results, o.Cells, "000"))
            .Append(ScaleLine(dir, o.Cells))
            .Append("Per trial (the paper's protocol):\n\n")
            .Append(SweepReport.Table(results, paper, 0.7, PaperNumbers.Table3))
            .Append("Rows: [000-paper/results.csv](000-paper/results.csv), [000-paper/scales.csv](000-paper/scales.csv), [000-recipe/results.csv](000-recipe/results.csv), [000-default/results.csv](000-default/results.csv).\n\n");
        return new PaperTableResult(md.ToString(), rows[0], rows[1], rows[2], rows[4], RnnMeans(results, o.Cells), [rows[3]]);
    }

    /// <summary>The summary table: the paper's rows (when given), ours, and the floor.</summary>
    public static string Summary(IReadOnlyList<string> cells, PaperSmallestK? paper, IReadOnlyList<OutcomeRow> rows, int floor, int maxK)
    {
        var table = new MarkdownTable(["", .. cells.Select(PaperNumbers.CellName)]).AlignNumbers();
        if (paper is not null)
            foreach (string method in PaperNumbers.Methods)
                table.Row([$"paper, {PaperNumbers.MethodName(method)} (mean of 5, \"never\" counted as {paper.Never})",
                    .. cells.Select(c => MarkdownTable.Number(paper.Average(method, c), 1))]);
        foreach (var row in rows)
            table.Row([row.Label, .. cells.Select(c => SmallestK.Summary(SmallestK.Of(row.Outcomes, c)))]);
        table.Row(["floor: clusters of the minimal DFA", .. cells.Select(_ => floor.ToString(CultureInfo.InvariantCulture))]);
        return table + "\n";
    }

    private static (int Negative, int Total) SmallKTrials(SweepResults results, IReadOnlyList<LabeledSequence> test)
    {
        double share = test.Count(s => s.Label != "1") / (double)test.Count;
        var groups = results.Rows.Where(r => r.Method == ExtractionMethods.KMeans && r.K <= 4).GroupBy(r => (r.Cell, r.Trial)).ToList();
        return (groups.Count(g => g.All(r => Math.Abs(r.Accuracy - share) < 1e-9)), groups.Count);
    }

    private static void WriteSplits(string dir, TaskSplits splits)
    {
        Directory.CreateDirectory(dir);
        Tsv.Write(Path.Combine(dir, "train.tsv"), splits.Train);
        Tsv.Write(Path.Combine(dir, "valid.tsv"), splits.Valid);
        Tsv.Write(Path.Combine(dir, "test.tsv"), splits.Test);
    }

    /// <summary>Mean test accuracy of the RNNs per cell (one value per trial in the rows).</summary>
    public static Dictionary<string, double> RnnMeans(SweepResults results, IReadOnlyList<string> cells)
    {
        var means = new Dictionary<string, double>();
        foreach (string c in cells)
        {
            var perTrial = results.Rows.Where(r => r.Cell == c).GroupBy(r => r.Trial).Select(g => g.First().RnnAccuracy).ToList();
            if (perTrial.Count > 0) means[c] = perTrial.Average();
        }
        return means;
    }

    private static string RnnLine(SweepResults results, IReadOnlyList<string> cells, string task)
    {
        var means = RnnMeans(results, cells);
        return $"RNN test accuracy on {task} (mean over trials): "
            + string.Join(", ", cells.Select(c => $"{PaperNumbers.CellName(c)} {(means.TryGetValue(c, out double a) ? a.ToString("0.000", CultureInfo.InvariantCulture) : "–")}"))
            + ".\n\n";
    }

    private static string ScaleLine(string dir, IReadOnlyList<string> cells)
    {
        var scales = PositionScaleSelection.Load(Path.Combine(dir, "scales.csv"));
        if (scales.Count == 0) return "";
        return "Scaled LISOR-x: the factor s on the position feature chosen per trial on validation fidelity (docs/method.md §5), from "
            + string.Join(", ", PositionScaleSelection.Grid.Select(g => g.ToString(CultureInfo.InvariantCulture))) + ": "
            + string.Join("; ", cells.Select(c => $"{PaperNumbers.CellName(c)} " + string.Join("/",
                scales.Where(e => e.Key.Item1 == c).OrderBy(e => e.Key.Item2).Select(e => e.Value.Scale.ToString(CultureInfo.InvariantCulture)))))
            + " (trial 1/2/…).\n\n";
    }
}
