using System.Diagnostics;
using Lisor.Pure.Common;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Cli;

/// <summary>`reproduce`: regenerates the paper's tables and figures into one folder with report.md.</summary>
internal sealed class ReproduceCommand : ICommand
{
    public string Name => "reproduce";
    public string Summary => "regenerate the paper's tables (II–V), the Tomita table and the figures, with report.md";
    public string Usage => "reproduce [--quick] [--trials N] --out DIR";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--out", "DIR", null, "output folder (required); a rerun resumes from what it holds"),
        OptionSpec.Flag("--quick", "fewer trials, k loops stop at their targets, shorter text training (minutes, not hours)"),
        OptionSpec.Flag("--restart", "remove the results and models of an earlier run in DIR and start afresh (without it, a rerun resumes only under the same settings, DIR/manifest.json)"),
        new("--trials", "N", "5 (quick: 2)", "trials per cell for Tables II and III and the text tables, 1…20"),
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        string outDir = o.Required("--out");
        new OutputPlan().Folder(outDir, "--out", "report.md").Check();
        var options = o.Flag("--quick") ? ReproduceOptions.Quick(context.Seed) : ReproduceOptions.Full(context.Seed);
        if (o.Has("--trials")) options = options.WithTrials(o.Int("--trials", options.Trials, min: 1, max: ReproduceOptions.MaxTrials));
        Reproduction.Run(options, outDir, line => { if (!context.Quiet) context.Err.WriteLine(line); }, o.Flag("--restart"));
        string report = Path.Combine(outDir, "report.md");
        context.Out.WriteLine($"wrote {report} ({clock.Elapsed.TotalMinutes:0.0} min)");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["report"] = report,
            ["quick"] = options.IsQuick,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
