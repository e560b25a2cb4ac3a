using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// <c>predict --model M [--fsa F[,G…]] --data F|- --out OUT.tsv|-</c>: runs R (and FSAs) on every line of F
/// and writes, per line, R's class and probabilities and each FSA's class and final state. It streams:
/// lines are read, classified and written in batches of <see cref="BatchPredictor.BatchSize"/>, so memory
/// does not grow with the file. Line format, decided per line: with a TAB it is <c>label&lt;TAB&gt;tokens</c>
/// (an empty label means unlabelled), without one it is the tokens alone. Labelled lines are scored
/// (accuracy); fidelity (FSA = R) counts every line. From standard input (<c>--data -</c>) every batch is
/// written and flushed as soon as the lines received so far are answered, so another process can use
/// it as an oracle, one line at a time.
/// </summary>
internal sealed class PredictCommand : ICommand
{
    public string Name => "predict";
    public string Summary => "run a model (and FSAs) on sequences, labelled or not; write classes and probabilities (streams)";
    public string Usage => "predict --model MODEL [--fsa FSA.json[,FSA2.json,...]] --data F|- --out OUT.tsv|- [--missing dead|stay|start]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--model", "MODEL", null, "trained model file (required)"),
        new("--fsa", "FILES", null, "FSA file(s) (lisor-fsa JSON), comma-separated: also write each one's class and final state"),
        new("--data", "F|-", null, "sequences, one per line: 'tokens' or 'label<TAB>tokens'; '-' reads standard input (required)"),
        new("--out", "OUT.tsv|-", null, "where the predictions go (a header line, then one line per sequence); '-' is standard output (required)"),
        new("--missing", "dead|stay|start", "dead", MissingPolicyOption.Help),
    ];

    public int Run(ParsedOptions options, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        string modelPath = options.Required("--model"), dataPath = options.Required("--data"), outPath = options.Required("--out");
        var policy = MissingPolicyOption.Read(options);
        string[] fsaFiles = options.String("--fsa") is string list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        if (options.Has("--fsa") && fsaFiles.Length == 0) throw new InputException("option '--fsa': no file named");
        bool toStdout = outPath == "-", fromStdin = dataPath == "-";
        if (toStdout && context.Json)
            throw new InputException("option '--json': the summary goes to standard output, which '--out -' uses for the predictions; write them to a file");
        var plan = new OutputPlan().Input(modelPath, "--model");
        if (!fromStdin) plan.Input(dataPath, "--data");
        foreach (string file in fsaFiles) plan.Input(file, "--fsa");
        if (!toStdout) plan.Output(outPath, "--out");
        plan.Check();
        if (!fromStdin)
        {
            if (Directory.Exists(dataPath)) throw new InputException(dataPath, 0, "is a directory, expected a data file");
            if (!File.Exists(dataPath)) throw new InputException(dataPath, 0, "no such data file");
            FileKind.Require(dataPath, FileKind.Kind.Other, "a sequence file");
        }

        var model = ModelData.LoadModel(modelPath);
        var fsas = fsaFiles.Select(FsaJson.Load).ToArray();
        for (int m = 0; m < fsas.Length; m++)
            if (!fsas[m].Classes.SequenceEqual(model.Classes, StringComparer.Ordinal))
                throw new InputException(fsaFiles[m], 0, $"the FSA's classes [{Excerpt.List(fsas[m].Classes)}] differ from the model's [{Excerpt.List(model.Classes)}]");

        string dataName = fromStdin ? "<stdin>" : dataPath;
        var run = new PredictionRun(model, fsas, policy, dataName);
        using (var input = fromStdin ? null : new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            var lines = new LineBatches(input ?? context.In, dataName, interactive: fromStdin);
            // a data file without a sequence is bad input, as for every command (the output is then not written); a
            // stream on stdin may end before its first line
            void All(TextWriter w, CommandContext? progress)
            {
                run.WriteAll(lines, w, progress);
                if (run.Lines == 0 && !fromStdin) throw new InputException(dataPath, 0, "holds no sequences");
            }
            // A bad line can come at any point of the stream, and exit 2 leaves exactly one line on standard error: so the
            // count of lines read is shown only on a terminal, redrawn in place, and blanked before the error line; off a
            // terminal (a log, a pipe, a test) no progress line is written.
            var progress = fromStdin || context.Quiet || !context.ProgressInPlace ? null : context;
            try
            {
                if (toStdout) All(context.Out, null);
                else plan.Commit(() => AtomicFile.WriteText(outPath, w => All(w, progress)));
            }
            catch
            {
                context.ClearProgress();
                throw;
            }
        }
        context.EndProgress();

        // The summary goes where the predictions do not.
        var w = toStdout ? context.Err : context.Out;
        w.WriteLine($"data {dataName}: {Counted.Of(run.Lines, "sequence")}, {run.Labelled} labelled");
        w.WriteLine($"RNN {modelPath}: accuracy on the labelled lines of {dataName} {Fmt(run.RnnAccuracy)}" +
                    (run.RnnUnknown > 0 ? $", symbols outside its vocabulary {run.RnnUnknown} of {run.RnnSymbols} (read as <unk>)" : ""));
        for (int m = 0; m < fsas.Length; m++)
        {
            w.WriteLine($"FSA {fsaFiles[m]}: accuracy on the labelled lines of {dataName} {Fmt(run.FsaAccuracy(m))}, " +
                        $"fidelity to the RNN on {dataName} {Fmt(run.Fidelity(m))}, missing transitions {run.Missing[m]}, unknown symbols {run.Unknown[m]}");
            var shortest = run.ShortestDiffering(m);
            if (shortest.Count > 0)
                w.WriteLine($"  it and the RNN differ on {Counted.Of(run.Differing(m), "line")}" + (run.Differing(m) > shortest.Count ? "; the shortest: " : ": ") +
                            string.Join(", ", shortest.Select(d => $"line {d.Line} ({Counted.Of(d.Length, "symbol")})")));
        }
        if (!toStdout) w.WriteLine($"predictions written to {outPath}");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["data"] = dataName,
            ["sequences"] = run.Lines,
            ["labelled"] = run.Labelled,
            ["rnn_accuracy"] = run.RnnAccuracy,
            ["fsa_accuracy"] = Enumerable.Range(0, fsas.Length).Select(run.FsaAccuracy).ToArray(),
            ["fsa_fidelity"] = Enumerable.Range(0, fsas.Length).Select(run.Fidelity).ToArray(),
            ["fsa_differing"] = Enumerable.Range(0, fsas.Length).Select(run.Differing).ToArray(),
            ["fsa_differing_shortest_lines"] = Enumerable.Range(0, fsas.Length).Select(m => run.ShortestDiffering(m).Select(d => d.Line).ToArray()).ToArray(),
            ["rnn_seconds"] = Math.Round(run.RnnSeconds, 5),
            ["rnn_symbols"] = run.RnnSymbols,
            ["rnn_steps"] = run.RnnSteps,
            ["rnn_unknown_symbols"] = run.RnnUnknown,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }

    private static string Fmt(double? x) => x is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The header line of the output: <c>line, rnn, p(c) per class, then fsaN, stateN per FSA</c>.</summary>
    public static string Header(IReadOnlyList<string> classes, int fsaCount)
    {
        var h = new StringBuilder("line\trnn");
        foreach (var c in classes) h.Append("\tp(").Append(c).Append(')');
        for (int m = 1; m <= fsaCount; m++) h.Append("\tfsa").Append(m).Append("\tstate").Append(m);
        return h.ToString();
    }
}
