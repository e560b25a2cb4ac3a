using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Drawing;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// `reproduce`: the paper's experiments in one run (METHOD.md §6–7) — Table II (task 0110),
/// Table III (task 000, plus our 0.99 target), the Tomita table, Tables IV and V on the shipped
/// text corpus, and the figures (accuracy vs k, fidelity vs accuracy, ensemble vs average, t-SNE,
/// word classes) — into one folder with report.md setting our numbers beside the paper's.
/// Every part keeps its models and rows on disk, so an interrupted run resumes — only under the same
/// settings (DIR/manifest.json, and each part's own manifest): a folder of another run is an error naming
/// the first difference, unless the run is asked to restart.
/// </summary>
public static class Reproduction
{
    /// <summary>The parts' folders and files in DIR.</summary>
    private static readonly string[] Parts = ["0110", "000", "000-all-layers", "000-selected", "tomita", "text"];
    private static readonly string[] Outputs = ["report.md", "tsne-000.svg"];

    /// <summary>Every setting of a run (the parts' manifests follow from these).</summary>
    public static RunManifest Manifest(ReproduceOptions o)
        => new RunManifest("reproduce").Add("--quick", o.IsQuick).Add("--seed", o.Seed)
            .Add("trials", o.Trials).Add("cells", o.Cells).Add("max k 0110", o.MaxK0110).Add("max k 000", o.MaxK000)
            .Add("target 000", o.Target000).Add("stop at target", o.StopAtTarget)
            .Add("tomita cells", o.TomitaCells).Add("max k tomita", o.MaxKTomita).AddTraining(o.Training)
            .AddOptions(o.Text, "text ").Add("t-SNE points", o.TsnePoints);

    /// <summary>
    /// Runs (or resumes) every part into <paramref name="outDir"/>; with <paramref name="restart"/> the results of an
    /// earlier run there are removed first.
    /// </summary>
    public static void Run(ReproduceOptions o, string outDir, Action<string> log, bool restart = false)
    {
        var total = Stopwatch.StartNew();
        Manifest(o).Claim(outDir, restart,
            () => Parts.Any(p => Directory.Exists(Path.Combine(outDir, p))) || Outputs.Any(f => File.Exists(Path.Combine(outDir, f))),
            () => RunManifest.DeleteOurs(outDir, name => Array.IndexOf(Outputs, name) >= 0));
        var report = new StringBuilder();
        report.Append("# Lisor.Pure: the paper's experiments reproduced\n\n")
              .Append("Hou & Zhou, \"Learning with Interpretable Structure from Gated RNN\" (TNNLS 2020, arXiv 1810.10708). ")
              .Append(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project Lisor.Pure -- reproduce{(o.IsQuick ? " --quick" : "")} --out {outDir} --seed {o.Seed}`")
              .Append(o.IsQuick ? $" (quick: {o.Trials} trials, each k loop stops at its target, fewer text epochs)" : "")
              .Append(".\n\nAll models: ")
              .Append(CultureInfo.InvariantCulture, $"{o.Training.Layers} layers × {o.Training.Hidden} units (the paper's size), Adam lr {o.Training.LearningRate}, batch {o.Training.Batch}, ")
              .Append(CultureInfo.InvariantCulture, $"at most {o.Training.Epochs} epochs with early stopping on validation accuracy (patience {o.Training.Patience}). ")
              .Append("The FSA is learned from the top layer's hidden states on the validation set and scored on the test set.\n\n");

        var sw = Stopwatch.StartNew();
        var sweep0110 = PaperTask("0110", o, outDir, 1.0, o.MaxK0110, o.IsQuick, log, restart, out var options0110);
        report.Append("## Table II — task 0110\n\n")
              .Append("Length-4 binary strings, positive iff 0110. Smallest k whose FSA reaches accuracy 1.0.\n\n")
              .Append(SweepReport.Table(sweep0110, options0110, 1.0, PaperNumbers.Table2))
              .Append("![accuracy vs k](0110/accuracy-vs-k.svg)\n\n")
              .Append(CultureInfo.InvariantCulture, $"Time: {sw.Elapsed.TotalSeconds:0} s. Rows: [0110/results.csv](0110/results.csv).\n\n");

        sw.Restart();
        var sweep000 = PaperTask("000", o, outDir, o.Target000, o.MaxK000, o.StopAtTarget, log, restart, out var options000);
        report.Append("## Table III — task 000\n\n")
              .Append("Binary strings of length 5–20, negative iff they contain 000. The paper's MGU reached 0.848 test accuracy; ")
              .Append(CultureInfo.InvariantCulture, $"ours: {RnnAccuracies(sweep000, options000)}.\n\n")
              .Append("Smallest k reaching the paper's target 0.7:\n\n")
              .Append(SweepReport.Table(sweep000, options000 with { Target = 0.7 }, 0.7, PaperNumbers.Table3))
              .Append(CultureInfo.InvariantCulture, $"Smallest k reaching our target {o.Target000}:\n\n")
              .Append(SweepReport.Table(sweep000, options000, o.Target000))
              .Append("![accuracy vs k](000/accuracy-vs-k.svg)\n\n![fidelity vs accuracy](000/fidelity-vs-accuracy.svg)\n\n")
              .Append(FullStatePart(o, outDir, log, restart))
              .Append(CultureInfo.InvariantCulture, $"Time: {sw.Elapsed.TotalSeconds:0} s. Rows: [000/results.csv](000/results.csv).\n\n");

        sw.Restart();
        string tsnePath = Path.Combine(outDir, "tsne-000.svg");
        TsnePanels(o, Path.Combine(outDir, "000"), tsnePath);
        report.Append("## Figure 1 — t-SNE of hidden states (task 000, trial 1, coloured by k-means++ cluster)\n\n")
              .Append("![t-SNE](tsne-000.svg)\n\n")
              .Append(CultureInfo.InvariantCulture, $"Time: {sw.Elapsed.TotalSeconds:0} s.\n\n");

        sw.Restart();
        string tomitaDir = Path.Combine(outDir, "tomita");
        var tomita = TomitaExperiment.Run(o.TomitaCells, o.MaxKTomita, o.Training, o.Seed, tomitaDir, log, restart);
        string tomitaTable = TomitaExperiment.Table(tomita, o.MaxKTomita);
        AtomicFile.WriteAllText(Path.Combine(tomitaDir, "table.md"), "# Tomita grammars\n\n" + tomitaTable);
        report.Append("## Beyond the paper — Tomita grammars 1–7\n\n").Append(tomitaTable)
              .Append(CultureInfo.InvariantCulture, $"\nTime: {sw.Elapsed.TotalSeconds:0} s.\n\n");

        sw.Restart();
        report.Append(TextPart(o, outDir, log, restart));
        report.Append(CultureInfo.InvariantCulture, $"Time: {sw.Elapsed.TotalSeconds:0} s.\n\n");

        report.Append(Differences);
        report.Append(CultureInfo.InvariantCulture, $"\nTotal time: {total.Elapsed.TotalMinutes:0.0} min on {Environment.ProcessorCount} cores.\n");
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), report.ToString());
    }

    private static SweepResults PaperTask(string task, ReproduceOptions o, string outDir, double target, int maxK, bool stop,
        Action<string> log, bool restart, out SweepOptions options)
    {
        string dir = Path.Combine(outDir, task);
        var splits = SyntheticTasks.Generate(task, new TaskOptions(), o.Seed);
        Directory.CreateDirectory(dir);
        Tsv.Write(Path.Combine(dir, "train.tsv"), splits.Train);
        Tsv.Write(Path.Combine(dir, "valid.tsv"), splits.Valid);
        Tsv.Write(Path.Combine(dir, "test.tsv"), splits.Test);
        options = new SweepOptions
        {
            Cells = o.Cells, Trials = o.Trials, MinClusters = 2, MaxClusters = maxK, Target = target,
            StopAtTarget = stop, Training = o.Training, Seed = o.Seed,
        };
        var results = Sweep.Run(splits.Train, splits.Valid, splits.Test, options, dir, log, restart);
        SweepReport.Write(dir, results, options, $"Task {task}", task == "0110" ? PaperNumbers.Table2 : null);
        return results;
    }

    /// <summary>
    /// Our extension on task 000: cluster the whole stacked state (every layer's h_t side by side)
    /// instead of the top layer alone — the top layer does not determine the next state, the stack does.
    /// Same models as Table III.
    /// </summary>
    private static string FullStatePart(ReproduceOptions o, string outDir, Action<string> log, bool restart)
    {
        string dir = Path.Combine(outDir, "000-all-layers");
        var splits = SyntheticTasks.Generate("000", new TaskOptions(), o.Seed);
        var options = new SweepOptions
        {
            Cells = o.Cells, Trials = o.Trials, MinClusters = 2, MaxClusters = o.MaxK000, Target = o.Target000,
            StopAtTarget = o.StopAtTarget, Training = o.Training, Seed = o.Seed, Layer = HiddenPoints.AllLayers,
            ModelsDir = Path.Combine(outDir, "000", "models"),
        };
        var results = Sweep.Run(splits.Train, splits.Valid, splits.Test, options, dir, log, restart);
        SweepReport.Write(dir, results, options, "Task 000, all layers");
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"### Our extension: clustering the whole stacked state (task 000, target {o.Target000})\n\n")
            .Append("The top layer's h_t alone does not determine the RNN's next state; the stack of all layers' h_t does. ")
            .Append("Clustering [h_t of layer 1, …, layer 3] (`extract --layer all`, same models) gives:\n\n")
            .Append(SweepReport.Table(results, options, o.Target000))
            .Append("![accuracy vs k, all layers](000-all-layers/accuracy-vs-k.svg)\n\n")
            .Append(SelectedStatePart(o, outDir, splits, log, restart))
            .ToString();
    }

    /// <summary>Restarts per extraction in <see cref="SelectedStatePart"/>.</summary>
    public const int SelectedRestarts = 8;

    /// <summary>
    /// Our full recipe on task 000 (the issue's target: ≥ 0.99 with k ≤ 20): the stacked state, z-scored
    /// coordinates, and of <see cref="SelectedRestarts"/> k-means restarts the one whose FSA agrees best with
    /// R on the validation set it is learned from. Same models as Table III; each k loop stops at the target.
    /// </summary>
    private static string SelectedStatePart(ReproduceOptions o, string outDir, TaskSplits splits, Action<string> log, bool restart)
    {
        string dir = Path.Combine(outDir, "000-selected");
        var options = new SweepOptions
        {
            Cells = o.Cells, Trials = o.Trials, Methods = [ExtractionMethods.KMeans], MinClusters = 2, MaxClusters = o.MaxK000,
            Target = o.Target000, StopAtTarget = true, Training = o.Training, Seed = o.Seed, Layer = HiddenPoints.AllLayers,
            Standardise = true, Restarts = SelectedRestarts, Selection = RestartSelection.Fidelity,
            ModelsDir = Path.Combine(outDir, "000", "models"),
        };
        var results = Sweep.Run(splits.Train, splits.Valid, splits.Test, options, dir, log, restart);
        SweepReport.Write(dir, results, options, "Task 000, all layers, standardised, fidelity-selected restarts");
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"### Our recipe: stacked state, standardised, fidelity-selected restarts (task 000, target {o.Target000})\n\n")
            .Append("Two more changes to the clustering, neither looking at test data: each unit's coordinate is z-scored over the points ")
            .Append("(`--standardise`: the units with the widest range no longer decide the clusters alone; centres are mapped back before R labels them), ")
            .Append(CultureInfo.InvariantCulture, $"and of {SelectedRestarts} k-means++ restarts the one whose FSA agrees best with R on the validation ")
            .Append("strings it is learned from is kept (`--restarts 8 --select fidelity`). LISOR-k, same models, each k loop stopped at the target:\n\n")
            .Append(SweepReport.Table(results, options, o.Target000))
            .Append("Command: `sweep --train T --valid V --test S --methods kmeans --layer all --standardise --restarts 8 --select fidelity ")
            .Append(CultureInfo.InvariantCulture, $"--target {o.Target000} --stop-at-target --max-clusters {o.MaxK000} --out DIR`.\n\n")
            .ToString();
    }

    private static string RnnAccuracies(SweepResults results, SweepOptions o)
        => string.Join(", ", o.Cells.Select(c =>
        {
            var rows = results.Rows.Where(r => r.Cell == c).GroupBy(r => r.Trial).Select(g => g.First().RnnAccuracy).ToList();
            return rows.Count == 0 ? $"{PaperNumbers.CellName(c)} –" : $"{PaperNumbers.CellName(c)} {rows.Average():0.000}";
        })) + " (mean test accuracy over trials)";

    /// <summary>Paper Fig. 1: t-SNE of the first points of the validation set per cell, coloured by a k-means++ clustering (k = 6).</summary>
    private static void TsnePanels(ReproduceOptions o, string dir000, string path)
    {
        var splits = SyntheticTasks.Generate("000", new TaskOptions(), o.Seed);
        var panels = new List<(string, float[], int[])>();
        foreach (string cell in o.Cells)
        {
            string modelPath = Path.Combine(dir000, "models", $"{cell}-1.lisor");
            if (!File.Exists(modelPath)) continue;
            var points = HiddenPoints.Of(Model.Load(modelPath), splits.Valid);
            int n = Math.Min(o.TsnePoints, points.Count);
            var subset = points.Points.AsSpan(0, n * points.Dim).ToArray();
            var clusters = KMeans.Fit(subset, n, points.Dim, 6, new KMeansOptions { Seed = o.Seed }).Assignments;
            var embedding = Tsne.Embed(subset, n, points.Dim, new TsneOptions { Seed = o.Seed, Iterations = o.IsQuick ? 500 : 1000 }).Embedding;
            panels.Add((PaperNumbers.CellName(cell), embedding, clusters));
        }
        TsneFigure.Save(path, panels, $"t-SNE of {o.TsnePoints} top-layer hidden states per cell (task 000), coloured by k-means++ cluster (k = 6)");
    }

    private static string TextPart(ReproduceOptions o, string outDir, Action<string> log, bool restart)
    {
        string dir = Path.Combine(outDir, "text");
        string corpus = SpamCorpus.Locate();
        var train = Tsv.Read(Path.Combine(corpus, "train.tsv"));
        var valid = Tsv.Read(Path.Combine(corpus, "valid.tsv"));
        var test = Tsv.Read(Path.Combine(corpus, "test.tsv"));
        var text = o.Text with { Cells = o.Cells };
        var results = TextExperiment.Run(train, valid, test, text, o.Seed, dir, log, restart);
        return TextReport.Write(results, text, train, dir, "text", "the shipped SpamAssassin corpus (spam vs ham)");
    }

    private const string Differences = """
        ## What differs from the paper, and why

        - **Training.** The paper gives no hyper-parameters; ours (Adam, early stopping on validation accuracy, length buckets) train
          every cell to (near) 100 % on 0110 and 000, where the paper's MGU reached 0.848 on 000. Better-trained RNNs have cleaner
          hidden-state clusters, so our FSAs need fewer states for the same target — hence the much smaller k in Table III.
        - **Where the FSA is learned.** On the validation set, scored on the test set; for text also transductively on the test
          sequences (their words and the RNN's hidden states, never their labels), as the paper learned its sentiment FSA.
        - **Missing transitions** send the run to a dead, rejecting state (METHOD.md §4); that reproduces the paper's 0110 FSA scoring 1.0.
        - **Text.** No movie-review corpus ships offline; Tables IV–V are computed on the shipped SpamAssassin corpus (spam vs ham) with a
          learned embedding instead of fixed 300-d word2vec vectors. The paper's sentiment numbers are shown for the pattern only.
          `data --imdb` and `train --vectors` reproduce the paper's setting for users who have aclImdb and word2vec. The text RNNs are
          trained with our per-step loss (`--step-loss 1`: the label is asked for at every step), so that two clusters of hidden
          states follow the running decision; words the RNN reads as <unk> are <unk> for the FSA too; of 8 k-means runs the FSA
          most faithful to the RNN on the data it is learned from is kept (docs/readme-text.md).
        - **Tomita grammars** are our addition (METHOD.md §7). The start state never accepts (METHOD.md §4), so a learned FSA rejects
          the empty string, which every Tomita grammar accepts: "yes, except ε" marks FSAs equivalent on every other string.

        """;
}
