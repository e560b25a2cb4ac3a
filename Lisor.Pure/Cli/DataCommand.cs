using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Cli;

/// <summary>`data`: writes train/valid/test TSV files for a built-in task, the shipped spam corpus, or an IMDB import.</summary>
internal sealed class DataCommand : ICommand
{
    public string Name => "data";
    public string Summary => "write train/valid/test .tsv files: a built-in task, the shipped spam corpus, or IMDB";
    public string Usage => "data (--task NAME | --spam | --imdb PATH | --spam-build PACKAGE_DIR) --out DIR [--train N] [--valid N] [--test N] [--min-length L] [--max-length L] [--0110-train random|balanced] [--max-tokens N]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--task", "NAME", null, $"built-in task: {string.Join(", ", SyntheticTasks.Names)}"),
        OptionSpec.Flag("--spam", "copy the shipped real-text corpus (SpamAssassin spam vs ham, data/spam)"),
        new("--imdb", "PATH", null, "convert an aclImdb folder (train|test/pos|neg/*.txt)"),
        new("--spam-build", "PACKAGE_DIR", null, "rebuild the spam corpus from the SpamAssassin package folder"),
        new("--out", "DIR", null, "output folder (required)"),
        new("--train", "N", "task default", "training examples (at least 2: every split of 2 or more holds both classes)"),
        new("--valid", "N", "task default", "validation examples"),
        new("--test", "N", "task default", "test examples"),
        new("--min-length", "L", "task default", "shortest string"),
        new("--max-length", "L", "task default", "longest string"),
        new("--max-tokens", "N", "all", "with --imdb: keep the first N tokens of a review"),
        new("--0110-train", "random|balanced", "balanced", "task 0110: uniformly random training strings (the paper, ≈ 6 % positive) or balanced classes"),
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        string outDir = o.Required("--out");
        var sources = new[] { "--task", "--spam", "--imdb", "--spam-build" }.Where(o.Has).ToArray();
        if (sources.Length != 1) throw SourceError(sources);
        // an option of another source would be ignored: say so instead
        foreach (var (option, source) in SourceOnly)
            if (o.Has(option) && sources[0] != source) throw new InputException($"option '{option}' applies to {source} only, not {sources[0]}");
        // the three split files are written together at the end, or not at all (the folder included)
        var plan = new OutputPlan().Folder(outDir, "--out", SpamCorpus.SplitFiles)
            .Input(o.String("--imdb"), "--imdb").Input(o.String("--spam-build"), "--spam-build");
        if (sources[0] == "--spam")
            foreach (string split in SpamCorpus.SplitFiles) plan.Input(Path.Combine(SpamCorpus.Locate(), split), "--spam");
        plan.Check();
        Dictionary<string, object?> summary;
        switch (sources[0])
        {
            case "--task":
            {
                string task = o.Choice("--task", "", SyntheticTasks.Names);
                // the ranges the tasks accept: a split of at least one example (training: two, one per class), lengths 0 … 1000
                int? Count(string name) => o.Has(name) ? o.Int(name, 0, min: name == "--train" ? 2 : 1, max: 100_000_000) : null;
                int? Length(string name) => o.Has(name) ? o.Int(name, 0, min: 0, max: 1000) : null;
                var splits = SyntheticTasks.Generate(task,
                    new TaskOptions(Count("--train"), Count("--valid"), Count("--test"), Length("--min-length"), Length("--max-length"), Training0110(o, task)), context.Seed);
                plan.Commit(() =>
                {
                    Tsv.Write(Path.Combine(outDir, "train.tsv"), splits.Train);
                    Tsv.Write(Path.Combine(outDir, "valid.tsv"), splits.Valid);
                    Tsv.Write(Path.Combine(outDir, "test.tsv"), splits.Test);
                });
                var stats = CorpusStats.Of(("train", splits.Train), ("valid", splits.Valid), ("test", splits.Test));
                summary = stats.ToSummary();
                summary["task"] = task;
                context.Out.Write(stats.ToMarkdown());
                break;
            }
            case "--spam":
            {
                string[] written = [];
                plan.Commit(() => written = SpamCorpus.CopySplits(outDir));
                var stats = CorpusStats.Of(written.Select(p => (Path.GetFileNameWithoutExtension(p), (IReadOnlyList<LabeledSequence>)Tsv.Read(p))).ToArray());
                summary = stats.ToSummary();
                summary["task"] = "spam";
                context.Out.Write(stats.ToMarkdown());
                break;
            }
            case "--imdb":
            {
                int? maxTokens = o.Has("--max-tokens") ? o.Int("--max-tokens", 0, min: 1) : null;
                CorpusStats? imported = null;
                plan.Commit(() => imported = ImdbImporter.Convert(o.Required("--imdb"), outDir, maxTokens, context.Seed));
                var stats = imported!;
                summary = stats.ToSummary();
                summary["task"] = "imdb";
                context.Out.Write(stats.ToMarkdown());
                // aclImdb has no validation split: say where ours came from, and that it is the seed's
                context.Out.WriteLine($"valid.tsv: {ImdbImporter.ValidFraction * 100:0} % of each label's training reviews (at least {ImdbImporter.MinValidPerLabel}), " +
                    $"drawn with --seed {context.Seed} and left out of train.tsv; test.tsv: aclImdb's test reviews");
                break;
            }
            default:
            {
                SpamCorpusBuildReport? built = null;
                plan.Commit(() => built = SpamCorpusBuilder.Build(o.Required("--spam-build"), outDir));
                var report = built!;
                summary = report.Stats.ToSummary();
                summary["task"] = "spam-build";
                summary["mails"] = report.Mails;
                summary["without_tokens"] = report.WithoutTokens;
                summary["duplicates"] = report.Duplicates;
                summary["conflicting"] = report.Conflicting;
                context.Out.Write(report.Stats.ToMarkdown());
                break;
            }
        }
        summary["out"] = outDir;
        context.Out.WriteLine($"wrote {Path.Combine(outDir, "train.tsv")}, valid.tsv, test.tsv");
        context.WriteJsonSummary(summary);
        return 0;
    }

    /// <summary>
    /// No source, or two: the error names the option at fault, as every usage error does — the missing one, or the
    /// second source given (sources in the order of the usage line).
    /// </summary>
    private static InputException SourceError(string[] sources)
    {
        const string one = "give exactly one of --task, --spam, --imdb, --spam-build";
        return sources.Length == 0
            ? new InputException($"missing required option '--task', '--spam', '--imdb' or '--spam-build' (one of them; see 'data --help')")
            : new InputException($"option '{sources[1]}' does not go with {sources[0]}: {one}");
    }

    /// <summary>The options only one source reads.</summary>
    private static readonly (string Option, string Source)[] SourceOnly =
    [
        ("--train", "--task"), ("--valid", "--task"), ("--test", "--task"), ("--min-length", "--task"), ("--max-length", "--task"),
        ("--0110-train", "--task"), ("--max-tokens", "--imdb"),
    ];

    /// <summary>`--0110-train`: only task 0110 takes it.</summary>
    private static Task0110Training? Training0110(ParsedOptions o, string task)
    {
        if (!o.Has("--0110-train")) return null;
        if (task != "0110") throw new InputException($"option '--0110-train' applies to task 0110 only, not '{task}'");
        return o.Choice("--0110-train", "balanced", "balanced", "random") == "random" ? Task0110Training.Random : Task0110Training.Balanced;
    }
}
