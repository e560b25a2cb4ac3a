using System.Diagnostics;
using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Cli;

/// <summary>`sweep`: the paper's Tables II and III — the smallest k whose FSA reaches a target accuracy.</summary>
internal sealed class SweepCommand : ICommand
{
    public string Name => "sweep";
    public string Summary => "for each cell and trial train, then extract and score FSAs for k = min…max (paper Tables II, III)";
    public string Usage => "sweep --train F --valid F --test F --cells srn,mgu,gru,lstm --methods kmeans,kmeansx --min-clusters 2 --max-clusters 64 --target A --trials T --out DIR [training options]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--train", "F", null, "training data (.tsv, required)"),
        new("--valid", "F", null, "validation data: early stopping, and the FSA is learned on it (required)"),
        new("--test", "F", null, "test data the FSAs are scored on (required)"),
        new("--cells", "LIST", "srn,mgu,gru,lstm", "cells to train"),
        new("--methods", "LIST", "kmeans,kmeansx", "clustering methods: kmeans (LISOR-k), kmeansx (LISOR-x), kmeansx-scaled (LISOR-x with the position scale chosen per trial on validation fidelity, written to scales.csv)"),
        new("--min-clusters", "K", "2", "smallest k"),
        new("--max-clusters", "K", "64", "largest k"),
        new("--target", "A", "1.0", "accuracy the table's smallest k must reach"),
        new("--trials", "T", "5", "trials per cell (they differ only in their seed)"),
        new("--out", "DIR", null, "output folder: manifest.json, table.md, results.csv, figures, models/ (required)"),
        new("--layer", "L", "-1 (top)", "layer whose states are clustered (0-based, −1 = top) or 'all' (every layer side by side)"),
        new("--position-scale", "S", "1", "kmeansx: multiply the extra position feature j by S (1 = the paper's k-means-x)"),
        OptionSpec.Flag("--standardise", "cluster z-scored coordinates (each unit's mean 0, deviation 1); centres are mapped back"),
        new("--select", "RULE", "inertia", "with --restarts R: keep the restart of lowest inertia, or the one whose FSA is most faithful to R on the data it is learned from (fidelity)"),
        new("--restarts", "R", "1", "k-means restarts per extraction (see --select)"),
        OptionSpec.Flag("--stop-at-target", "stop a trial's k loop once the target is reached"),
        OptionSpec.Flag("--restart", "remove the results and models of an earlier sweep in DIR and start afresh (without it, a rerun resumes only under the same settings, DIR/manifest.json)"),
        .. TrainingOptionsCli.Specs,
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        string outDir = o.Required("--out");
        int min = o.Int("--min-clusters", 2, min: 1, max: 100_000);
        int max = o.Int("--max-clusters", 64, min: 1, max: 100_000);
        if (max < min) throw new InputException($"option '--max-clusters': {max} is below --min-clusters {min}");
        var options = new SweepOptions
        {
            Cells = o.ChoiceList("--cells", "srn,mgu,gru,lstm", RecurrentCell.Kinds),
            Methods = o.ChoiceList("--methods", "kmeans,kmeansx", [.. ExtractionMethods.All, ExtractionMethods.KMeansXScaled]),
            MinClusters = min,
            MaxClusters = max,
            Target = o.Double("--target", 1.0, min: 0, max: 1),
            Trials = o.Int("--trials", 5, min: 1, max: 1000),
            StopAtTarget = o.Flag("--stop-at-target"),
            PositionScale = o.Double("--position-scale", 1, min: 1e-9, max: 1e9),
            Standardise = o.Flag("--standardise"),
            Restarts = o.Int("--restarts", 1, min: 1, max: 1000),
            Selection = o.Choice("--select", "inertia", "inertia", "fidelity") == "fidelity" ? RestartSelection.Fidelity : RestartSelection.Inertia,
            Layer = o.String("--layer") == "all" ? HiddenPoints.AllLayers : o.Int("--layer", -1, min: -1000, max: 1000),
            Training = TrainingOptionsCli.Parse(o, "mgu", context.Seed),
            Seed = context.Seed,
        };
        // Every file the sweep will write — the fixed ones and, from the options, each trial's model and best FSAs — is
        // checked now, against the inputs and each other, before anything is read or trained.
        var plan = new OutputPlan().Input(o.Required("--train"), "--train").Input(o.Required("--valid"), "--valid")
            .Input(o.Required("--test"), "--test").Input(o.String("--vectors"), "--vectors")
            .Folder(outDir, "--out", "table.md", "results.csv", "accuracy-vs-k.svg", "fidelity-vs-accuracy.svg")
            .Outputs(Sweep.Outputs(options, outDir), "--out");
        plan.Check();
        var train = ModelData.LoadData(o.Required("--train"));
        var valid = ModelData.LoadData(o.Required("--valid"));
        var test = ModelData.LoadData(o.Required("--test"));
        TrainingMemory.Check(options.Training, train);
        // the layer must be one the models will have: checked now, not after training them
        int layers = options.Training.Layers;
        if (options.Layer != HiddenPoints.AllLayers && (options.Layer < -layers || options.Layer >= layers))
            throw new InputException($"option '--layer': {options.Layer} is not a layer of the {layers}-layer models (0 … {layers - 1}, or −1 … −{layers} from the top)");
        // One progress line per event: "[sweep · gru trial 2/5] run 7/20 · 1:02 so far · ≈ 2:10 left · …".
        var progress = context.Quiet ? null : new RunProgress(context.Err.WriteLine, options.Cells.Count * options.Trials);
        progress?.Stage("sweep");
        var results = plan.Work(() => Sweep.Run(train, valid, test, options, outDir, null, restart: o.Flag("--restart"), progress: progress));
        progress?.EndStage();
        plan.Commit(() => SweepReport.Write(outDir, results, options, "Sweep"));
        context.Out.Write(SweepReport.Table(results, options, options.Target));
        context.Out.WriteLine($"wrote {Path.Combine(outDir, "table.md")}, results.csv, accuracy-vs-k.svg, fidelity-vs-accuracy.svg");
        var table = options.Cells.ToDictionary(c => c, c => options.Methods.ToDictionary(m => m,
            m => Enumerable.Range(1, options.Trials).Select(t => results.SmallestK(c, t, m, options.Target, options.MaxClusters)).ToArray()));
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["table"] = table,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
