using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Drawing;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `demo`: task 0110 end to end (docs/method.md §6) — generate the data, train an MGU (3 × 10), learn FSAs
/// with LISOR-k and LISOR-x for k = 2…16 from its hidden states on the 16 distinct strings, report
/// the smallest k reaching test accuracy 1.0, print that FSA as a transition table and draw it; then
/// run the default extraction (what `extract` does with no option) on the same model and draw its FSA.
/// </summary>
internal sealed class DemoCommand : ICommand
{
    public string Name => "demo";
    public string Summary => "task 0110 end to end: train an MGU, extract FSAs for k = 2…16 with both methods, draw the best";
    public string Usage => "demo [--out DIR] [--cell mgu] [--max-clusters 16]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--out", "DIR", "out/demo", "folder for the data, model, FSA files, drawings and report.md"),
        new("--cell", "KIND", "mgu", "the cell to train"),
        new("--max-clusters", "K", "16", "largest k tried (from 2)"),
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        string outDir = o.String("--out", Path.Combine("out", "demo"))!;
        string cell = o.Choice("--cell", "mgu", Cells.RecurrentCell.Kinds);
        int maxK = o.Int("--max-clusters", 16, min: 2, max: 64);
        var plan = new OutputPlan().Folder(outDir, "--out", ["train.tsv", "valid.tsv", "test.tsv", "model.lisor",
            .. ExtractionMethods.All.Select(m => $"fsa-{m}.json"), "fsa.json", "fsa-minimal.json", "fsa.dot", "fsa.svg",
            "fsa-minimal.svg", "fsa-default.json", "fsa-default.svg", "accuracy-vs-k.svg", "report.md"]);
        plan.Check();
        var w = context.Out;

        var splits = SyntheticTasks.Generate("0110", new TaskOptions(), context.Seed);
        w.WriteLine($"task 0110: {splits.Train.Count} training strings, the FSA is learned on the {splits.Valid.Count} distinct strings, {splits.Test.Count} test strings");
        var training = Trainer.Train(splits.Train, splits.Valid, splits.Test,
            new TrainingOptions { Cell = cell, Seed = context.Seed }, p => { if (p.ValidAccuracy is double v) context.Progress($"training {cell}: epoch {p.Epoch}  loss {p.Loss:0.0000}  valid {v:0.000}"); });
        context.EndProgress();
        var model = training.Model;
        w.WriteLine($"trained {cell.ToUpperInvariant()} {model.Layers}×{model.Hidden} in {training.Seconds:0.0} s: test accuracy {training.TestAccuracy:0.000}");

        var points = HiddenPoints.Of(model, splits.Valid);
        int[] rnnValid = model.Predict(splits.Valid), rnnTest = model.Predict(splits.Test);
        var found = new Dictionary<string, (ExtractedFsa Extraction, FsaEvaluation Score)>();
        var table = new MarkdownTable("k", "LISOR-k accuracy", "LISOR-k fidelity", "LISOR-x accuracy", "LISOR-x fidelity").AlignNumbers();
        var curves = ExtractionMethods.All.ToDictionary(m => m, _ => new List<(double, double)>());
        for (int k = 2; k <= Math.Min(maxK, points.Count); k++)
        {
            var row = new List<string> { k.ToString(CultureInfo.InvariantCulture) };
            foreach (string method in ExtractionMethods.All)
            {
                var extraction = FsaExtraction.Extract(model, splits.Valid, points, method, k, context.Seed, 1, rnnValid);
                var score = FsaEvaluation.Of(extraction.Fsa, splits.Test, rnnTest);
                curves[method].Add((k, score.Accuracy));
                row.Add(MarkdownTable.Number(score.Accuracy)); row.Add(MarkdownTable.Number(score.Fidelity ?? double.NaN));
                if (!found.ContainsKey(method) && score.Accuracy >= 1.0) found[method] = (extraction, score);
            }
            table.Row([.. row]);
        }
        w.WriteLine();
        w.WriteLine($"FSAs learned on the {splits.Valid.Count} distinct strings, scored on the {splits.Test.Count} test strings (test.tsv; fidelity: agreement with the RNN):");
        w.Write(table);
        w.WriteLine();
        foreach (string method in ExtractionMethods.All)
            w.WriteLine(found.TryGetValue(method, out var f)
                ? $"{ExtractionMethods.PaperName(method)}: smallest k reaching accuracy 1.0 is {f.Extraction.Clustering.K} (paper's MGU average: 6)"
                : $"{ExtractionMethods.PaperName(method)}: no k ≤ {maxK} reached accuracy 1.0");

        // The FSA to show: LISOR-k's smallest perfect one, else LISOR-x's, else the best k = maxK one.
        var (shown, shownScore) = found.TryGetValue(ExtractionMethods.KMeans, out var a) ? a
            : found.TryGetValue(ExtractionMethods.KMeansX, out var b) ? b
            : Best(model, splits, points, maxK, context.Seed, rnnValid, rnnTest);
        var fsa = shown.Fsa;
        var minimal = Minimiser.Minimise(fsa).Minimal;
        w.WriteLine();
        w.WriteLine($"the {ExtractionMethods.PaperName(shown.Method)} FSA with k = {shown.Clustering.K} (test accuracy {shownScore.Accuracy:0.000}, fidelity {shownScore.Fidelity:0.000}):");
        w.Write(TransitionTable.ToText(fsa));
        w.WriteLine($"after Hopcroft minimisation: {minimal.StateCount} states");
        w.Write(TransitionTable.ToText(minimal));

        // What a user gets from `extract --model M --data V` with no option: k searched, refined, minimised.
        var auto = AutoExtraction.Extract(model, splits.Valid, new AutoExtractionOptions { Seed = context.Seed });
        var autoScore = FsaEvaluation.Of(auto.Minimised, splits.Test, rnnTest);
        w.WriteLine();
        w.WriteLine($"the default extraction (`extract` with no option: k searched, clusters refined, minimised): {auto.Minimised.StateCount} states, " +
                    $"test accuracy {autoScore.Accuracy:0.000}, fidelity {autoScore.Fidelity:0.000}");
        w.Write(TransitionTable.ToText(auto.Minimised, shortest: true));

        string[] highlight = ["0", "1", "1", "0"];
        var draw = new FsaDrawOptions { Highlight = highlight, ShowSizes = true };
        plan.Commit(() =>
        {
            Tsv.Write(Path.Combine(outDir, "train.tsv"), splits.Train);
            Tsv.Write(Path.Combine(outDir, "valid.tsv"), splits.Valid);
            Tsv.Write(Path.Combine(outDir, "test.tsv"), splits.Test);
            model.Save(Path.Combine(outDir, "model.lisor"));
            foreach (var (method, (extraction, _)) in found)
                FsaJson.Save(extraction.Fsa, Path.Combine(outDir, $"fsa-{method}.json"));
            FsaJson.Save(fsa, Path.Combine(outDir, "fsa.json"));
            FsaJson.Save(minimal, Path.Combine(outDir, "fsa-minimal.json"));
            AtomicFile.WriteAllText(Path.Combine(outDir, "fsa.dot"), FsaDot.ToDot(fsa, draw));
            AtomicFile.WriteAllText(Path.Combine(outDir, "fsa.svg"), FsaSvg.ToSvg(fsa, draw));
            AtomicFile.WriteAllText(Path.Combine(outDir, "fsa-minimal.svg"), FsaSvg.ToSvg(minimal, draw));
            FsaJson.Save(auto.Minimised, Path.Combine(outDir, "fsa-default.json"));
            AtomicFile.WriteAllText(Path.Combine(outDir, "fsa-default.svg"), FsaSvg.ToSvg(auto.Minimised, draw));
            var chart = new LineChart { Title = $"Task 0110, {cell.ToUpperInvariant()}: FSA test accuracy vs k", XTitle = "k (clusters)", YTitle = "accuracy", YMin = 0, YMax = 1 };
            foreach (var (method, points2) in curves) chart.Add(ExtractionMethods.PaperName(method), points2);
            chart.Save(Path.Combine(outDir, "accuracy-vs-k.svg"));
            AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), Report(cell, model, training, table, found, shown, shownScore, fsa, minimal, maxK, auto.Minimised, autoScore));
        });

        w.WriteLine();
        w.WriteLine($"wrote {outDir}/: model.lisor, fsa.json, fsa.svg (0110 in red), fsa-minimal.svg, fsa.dot, fsa-default.json, fsa-default.svg, accuracy-vs-k.svg, report.md, train/valid/test.tsv");
        w.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["cell"] = cell,
            ["rnn_test_accuracy"] = training.TestAccuracy,
            ["smallest_k"] = ExtractionMethods.All.ToDictionary(m => m, m => found.TryGetValue(m, out var f) ? (int?)f.Extraction.Clustering.K : null),
            ["states"] = fsa.StateCount,
            ["minimised_states"] = minimal.StateCount,
            ["accuracy"] = shownScore.Accuracy,
            ["fidelity"] = shownScore.Fidelity,
            ["default_states"] = auto.Minimised.StateCount,
            ["default_accuracy"] = autoScore.Accuracy,
            ["default_fidelity"] = autoScore.Fidelity,
            ["out"] = outDir,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }

    private static (ExtractedFsa, FsaEvaluation) Best(Model model, TaskSplits splits, HiddenPoints points, int maxK, ulong seed, int[] rnnValid, int[] rnnTest)
    {
        int k = Math.Min(maxK, points.Count);
        var extraction = FsaExtraction.Extract(model, splits.Valid, points, ExtractionMethods.KMeans, k, seed, 1, rnnValid);
        return (extraction, FsaEvaluation.Of(extraction.Fsa, splits.Test, rnnTest));
    }

    private static string Report(string cell, Model model, TrainingResult training, MarkdownTable table,
        Dictionary<string, (ExtractedFsa Extraction, FsaEvaluation Score)> found, ExtractedFsa shown, FsaEvaluation score,
        Fsa fsa, Fsa minimal, int maxK, Fsa auto, FsaEvaluation autoScore)
    {
        var sb = new StringBuilder();
        sb.Append("# Lisor.Pure demo: task 0110\n\n");
        sb.Append($"A {cell.ToUpperInvariant()} ({model.Layers} layers × {model.Hidden} units) learned to accept exactly the string 0110 among length-4 binary strings ")
          .Append(CultureInfo.InvariantCulture, $"(test accuracy {training.TestAccuracy:0.000}, {training.Epochs} epochs, {training.Seconds:0.0} s).\n");
        sb.Append("Its top-layer hidden states on the 16 distinct strings were clustered, and each clustering became an FSA (docs/method.md §4).\n\n");
        sb.Append("## FSA test accuracy and fidelity by k\n\n").Append(table).Append('\n');
        foreach (string method in ExtractionMethods.All)
            sb.Append("- ").Append(ExtractionMethods.PaperName(method)).Append(": ")
              .Append(found.TryGetValue(method, out var f) ? $"smallest k reaching 1.0 = **{f.Extraction.Clustering.K}**" : $"no k ≤ {maxK} reached 1.0")
              .Append(" (the paper's MGU: 6 on average)\n");
        sb.Append(CultureInfo.InvariantCulture, $"\n## The FSA ({ExtractionMethods.PaperName(shown.Method)}, k = {shown.Clustering.K})\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Accuracy {score.Accuracy:0.000}, fidelity {score.Fidelity:0.000}; {fsa.StateCount} states, {minimal.StateCount} after minimisation.\n\n");
        sb.Append("![FSA](fsa.svg)\n\n```\n").Append(TransitionTable.ToText(fsa)).Append("```\n\n");
        sb.Append("Minimised:\n\n![minimal FSA](fsa-minimal.svg)\n\n```\n").Append(TransitionTable.ToText(minimal)).Append("```\n\n");
        sb.Append("![accuracy vs k](accuracy-vs-k.svg)\n\n");
        sb.Append("## The default extraction\n\n")
          .Append("What `extract --model M --data V` gives with no option (k searched, clusters refined until the FSA agrees with the RNN, minimised): ")
          .Append(CultureInfo.InvariantCulture, $"{auto.StateCount} states, test accuracy {autoScore.Accuracy:0.000}, fidelity {autoScore.Fidelity:0.000}.\n\n")
          .Append("![default FSA](fsa-default.svg)\n\n```\n").Append(TransitionTable.ToText(auto, shortest: true)).Append("```\n");
        return sb.ToString();
    }
}
