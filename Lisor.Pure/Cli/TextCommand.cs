using System.Diagnostics;
using System.Globalization;
using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Cli;

/// <summary>`text`: the paper's Tables IV–V (k = 2 FSAs of text RNNs) on the shipped spam corpus or a folder of splits, offline.</summary>
internal sealed class TextCommand : ICommand
{
    private static readonly TextExperimentOptions Defaults = new();

    public string Name => "text";
    public string Summary => "Tables IV–V: train text RNNs, learn k = 2 FSAs, score them alone and as 5-trial ensembles (shipped spam corpus)";
    public string Usage => "text --out DIR [--data DIR] [--cells mgu,…] [--trials T] [--epochs N] [--step-loss λ] [--restarts R --select fidelity|inertia] [--learn-on validation|train] [--missing dead|stay|start] [--no-transductive]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--out", "DIR", null, "output folder (required): report.md, tables.md, FSAs, word classes, models/ (a rerun reuses the models)"),
        new("--data", "DIR", "data/spam (shipped)", "folder with train.tsv, valid.tsv, test.tsv"),
        new("--cells", "LIST", string.Join(",", Defaults.Cells), "comma-separated cells"),
        new("--trials", "T", D(Defaults.Trials), "trials per cell (seeds seed … seed + T − 1); the ensemble is their FSAs' vote"),
        new("--clusters", "K", D(Defaults.Clusters), "clusters (the paper's sentiment experiment: 2)"),
        new("--epochs", "N", D(Defaults.Training.Epochs), "maximum training epochs (early stopping, patience 3)"),
        new("--step-loss", "λ", D(Defaults.Training.StepLoss), "weight of the per-step loss (0 = the paper's last-step loss only)"),
        new("--missing", "POLICY", "dead", MissingPolicyOption.Help),
        new("--labels", "RULE", "centre", "state classes: centre (the paper) or vote"),
        new("--position-scale", "S", "1", "LISOR-x: multiply the extra position feature by S (1 = the paper's k-means-x)"),
        new("--restarts", "R", D(Defaults.Restarts), "k-means restarts per FSA (1 = the paper's single run)"),
        new("--select", "RULE", "fidelity", "fidelity or inertia: which restart is kept (fidelity: the FSA most faithful to R on the data it is learned from)"),
        OptionSpec.Flag("--standardise", "cluster z-scored hidden-state coordinates"),
        new("--learn-on", "SET", "validation", "validation (the method) or train: the labelled set the inductive FSA is learned from"),
        OptionSpec.Flag("--no-transductive", "learn FSAs on the --learn-on set only, not also on the test sequences"),
        OptionSpec.Flag("--raw-words", "give the FSA the raw words (default: words the RNN reads as <unk> are <unk>)"),
        OptionSpec.Flag("--restart", "remove the models of an earlier run in DIR and start afresh (without it, a rerun reuses them only under the same settings, DIR/manifest.json)"),
    ];

    private static string D(double x) => x.ToString(CultureInfo.InvariantCulture);

    public int Run(ParsedOptions o, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        string outDir = o.Required("--out");
        string dataDir = o.String("--data") ?? SpamCorpus.Locate();
        // the shipped corpus is named as such (its folder is a clone's data/spam or a copy under the temporary folder)
        string dataName = o.Has("--data") ? $"'{dataDir}'" : "the shipped SpamAssassin corpus (spam vs ham)";
        // as sweep's: known cells in any case, none twice (a repeated cell ended in an internal failure)
        var cells = o.ChoiceList("--cells", string.Join(",", Defaults.Cells), RecurrentCell.Kinds);
        var options = Defaults with
        {
            Cells = cells,
            Trials = o.Int("--trials", Defaults.Trials, min: 1, max: 1000),
            Clusters = o.Int("--clusters", Defaults.Clusters, min: 1, max: 100_000),
            Training = Defaults.Training with
            {
                Epochs = o.Int("--epochs", Defaults.Training.Epochs, min: 1),
                StepLoss = o.Double("--step-loss", Defaults.Training.StepLoss, min: 0, max: 1e6),
            },
            Missing = MissingPolicyOption.Read(o),
            Labels = o.Choice("--labels", "centre", "centre", "vote") == "vote" ? StateLabelRule.Vote : StateLabelRule.Centre,
            Restarts = o.Int("--restarts", Defaults.Restarts, min: 1, max: 1000),
            Selection = o.Choice("--select", "fidelity", "inertia", "fidelity") == "fidelity" ? RestartSelection.Fidelity : RestartSelection.Inertia,
            Standardise = o.Flag("--standardise"),
            LearnOn = o.Choice("--learn-on", "validation", "validation", "train"),
            Transductive = !o.Flag("--no-transductive"),
            PositionScale = o.Double("--position-scale", 1, min: 1e-9, max: 1e9),
            AsRnnReads = !o.Flag("--raw-words"),
        };
        // Every file the run will write — the report's and, from the options, each trial's model, trial 1's FSAs and
        // scales.csv — is checked now, against the data and each other, before anything is read or trained.
        var plan = new OutputPlan().Folder(outDir, "--out", "report.md", "tables.md", "ensemble-vs-average.svg", "word-classes.md", "word-classes.svg")
            .Outputs(TextExperiment.Outputs(options, outDir), "--out");
        foreach (string split in SpamCorpus.SplitFiles) plan.Input(Path.Combine(dataDir, split), "--data");
        plan.Check();
        var splits = new[] { "train", "valid", "test" }.Select(s => ModelData.LoadData(Path.Combine(dataDir, s + ".tsv"))).ToArray();
        plan.CreateFolders();
        var results = plan.Work(() => TextExperiment.Run(splits[0], splits[1], splits[2], options, context.Seed, outDir,
            line => { if (!context.Quiet) context.Err.WriteLine(line); }, o.Flag("--restart")));
        string report = Path.Combine(outDir, "report.md");
        plan.Commit(() =>
        {
            string section = TextReport.Write(results, options, splits[0], outDir, ".", dataName);
            AtomicFile.WriteAllText(report, "# Text experiment\n\n" +
                $"Data: {(o.Has("--data") ? $"`{dataDir}`" : dataName)}; cells {string.Join(", ", cells)}; {Counted.Of(options.Trials, "trial")} from seed {context.Seed}; at most {Counted.Of(options.Training.Epochs, "epoch")}.\n\n" + section);
        });
        context.Out.Write(TextExperiment.Tables(results, options, dataName));
        context.Out.WriteLine($"wrote {report} ({clock.Elapsed.TotalSeconds:0} s)");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["report"] = report,
            ["cells"] = results.ToDictionary(r => r.Cell, r => (object?)new Dictionary<string, object?>
            {
                ["rnn"] = r.RnnAccuracy,
                ["fsa"] = r.Methods.ToDictionary(m => m.Key, m => (object?)new[] { m.Value.AverageAccuracy, m.Value.EnsembleAccuracy }),
                ["fsa_transductive"] = r.Transductive.ToDictionary(m => m.Key, m => (object?)new[] { m.Value.AverageAccuracy, m.Value.EnsembleAccuracy }),
            }),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
