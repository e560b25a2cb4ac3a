using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Drawing;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `extract`: learns the FSA from a model's hidden states on a data set. By default (mode auto) it
/// searches the smallest FSA that agrees with the RNN (<see cref="AutoExtraction"/>); mode paper is the
/// paper's Algorithm 1 with a given k and the clustering options as given.
/// </summary>
internal sealed class ExtractCommand : ICommand
{
    public string Name => "extract";
    public string Summary => "learn the smallest FSA that agrees with the model (or the paper's clustering FSA with --mode paper); write JSON, DOT, SVG";
    public string Usage => "extract --model MODEL --data F --out FSA.json [--test F] [--clusters K|auto] [--fidelity X] [--max-states N] [--keep-unminimised] [--dot F] [--svg F] [--highlight \"0 1 1 0\"] [--word-classes] | --mode paper --clusters K [--method kmeans|kmeansx] [--layer L] [--restarts R] [--select inertia|fidelity] [--standardise] [--labels centre|vote] [--save-points FILE.npy] | --mode paper --assignments A.tsv | --method lstar [--max-states N] [--time-limit S]";

    /// <summary>What a state's number counts in the drawing of an L* hypothesis (<see cref="Extraction.LStarCandidates.Annotate"/>).</summary>
    internal const string LStarSizes = "steps of the learning strings that reach it";

    /// <summary>Options that only the paper's mode reads.</summary>
    private static readonly string[] PaperOnly = ["--method", "--layer", "--restarts", "--position-scale", "--standardise", "--select", "--labels", "--save-points", "--assignments"];

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--model", "MODEL", null, "trained model file (required)"),
        new("--data", "F", null, "data the FSA is learned from; the paper uses the validation set (required)"),
        new("--out", "FSA.json", null, "FSA file to write (required); the minimised FSA unless --keep-unminimised"),
        new("--mode", "MODE", "auto (text: text)", "text, the default for a model that reads ≥ 100 words: the clustering recipe (top layer, k-means++ × 8 keeping the FSA most faithful to the model; k searched or --clusters K), then δ fitted to the model with the states kept (--transitions), no state splitting; docs/readme-text.md. auto: search k, refine the clusters until the FSA agrees with the model on --data, probe the model on strings beyond --data, minimise. paper: the paper's extraction as written (top layer, one k-means++ run, the given k, no refinement, the start state rejects) with the options below; any of --method, --layer, --restarts, --position-scale, --standardise, --select, --labels, --save-points, --assignments implies paper"),
        new("--clusters", "K", "auto", "number of clusters k: 'auto' searches the smallest FSA (mode auto); a number fixes k (required in mode paper, where the FSA has k + 1 states)"),
        new("--fidelity", "X", "1.0", "auto: the agreement with the model on --data an FSA must reach"),
        new("--max-states", "N", "64 (lstar: 500)", "auto: state budget (k is searched up to N; refinement stops at 2N; larger FSAs do not count); lstar: stop when the hypothesis would pass N states"),
        new("--probes", "N", "20000", "auto: at most N strings beyond --data on which the FSA is checked against the model (all strings up to a length, then random ones; 0: none)"),
        new("--test", "F", null, "also report fidelity and accuracy on this data"),
        OptionSpec.Flag("--keep-unminimised", "save the FSA as learned (one state per refined cluster) instead of the minimised one"),
        new("--method", "NAME", "kmeans", "paper: kmeans (LISOR-k) or kmeansx (LISOR-x); or lstar: Angluin's L* with the model as the oracle (its options below)"),
        new("--layer", "L", "-1 (top)", "paper: layer whose hidden states are clustered (0-based, −1 = top), or 'all': every layer's h_t side by side"),
        new("--restarts", "R", "1", "paper: k-means restarts (see --select)"),
        new("--position-scale", "S", "1", "paper, kmeansx: multiply the extra position feature j by S (1 = the paper's k-means-x)"),
        OptionSpec.Flag("--standardise", "paper: cluster z-scored coordinates (each unit's mean 0, deviation 1); centres are mapped back"),
        new("--select", "RULE", "inertia", "paper, with --restarts R: keep the restart of lowest inertia, or the one whose FSA is most faithful to R on the data it is learned from (fidelity)"),
        new("--labels", "RULE", "centre", "paper: state classes: centre (R's output layer on the centre, the paper) or vote (R's majority on sequences ending there)"),
        new("--missing", "POLICY", "dead", MissingPolicyOption.Help),
        new("--dot", "F", null, "also write the FSA as Graphviz DOT"),
        new("--svg", "F", null, "also draw the FSA as SVG (own layout, no Graphviz)"),
        new("--highlight", "SEQ", null, "draw this sequence's path in red (symbols separated by spaces)"),
        OptionSpec.Flag("--word-classes", "merge parallel edges into word classes and list their words"),
        new("--save-points", "FILE.npy", null, "paper: write the clustered points (and FILE.sequences.tsv)"),
        new("--assignments", "A.tsv", null, "paper: learn the FSA from a clustering made elsewhere (of the points --save-points writes, same --data and --layer): one line per point, 'point-index<TAB>cluster' or the cluster id alone; k is the largest id + 1"),
        .. ExtractLStar.Options,
        .. ExtractText.Options,
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        if (o.String("--method") == "lstar") return ExtractLStar.Run(o, context);
        var clock = Stopwatch.StartNew();
        string modelPath = o.Required("--model"), dataPath = o.Required("--data"), outPath = o.Required("--out");
        // A paper-only option (--method, --layer, …) without --mode asks for the paper's extraction: the mode follows it.
        bool impliedPaper = !o.Has("--mode") && PaperOnly.Any(o.Has);
        bool paper = impliedPaper || o.Choice("--mode", "auto", "auto", "paper", "text") == "paper";
        bool autoK = o.String("--clusters") is null or "auto";
        string? assignmentsPath = o.String("--assignments");
        if (assignmentsPath is not null && o.Has("--clusters"))
            throw new InputException("option '--clusters' does not go with --assignments: the clustering in the file fixes k");
        if (paper && autoK && assignmentsPath is null) throw new InputException(o.Has("--clusters")
            ? "option '--clusters': --mode paper needs a number of clusters, not 'auto'"
            : impliedPaper
                ? $"missing required option '--clusters' ({PaperOnly.First(o.Has)} asks for --mode paper, which uses a given k)"
                : "missing required option '--clusters' (--mode paper uses a given k)");
        int? k = autoK ? null : o.Int("--clusters", 0, min: 1, max: 1_000_000);
        string method = o.Choice("--method", ExtractionMethods.KMeans, ExtractionMethods.All);
        int layer = o.String("--layer") == "all" ? HiddenPoints.AllLayers : o.Int("--layer", -1, min: -1000, max: 1000);
        int restarts = o.Int("--restarts", 1, min: 1, max: 1000);
        double positionScale = o.Double("--position-scale", 1, min: 1e-9, max: 1e9);
        bool standardise = o.Flag("--standardise");
        var selection = o.Choice("--select", "inertia", "inertia", "fidelity") == "fidelity" ? RestartSelection.Fidelity : RestartSelection.Inertia;
        var labelRule = o.Choice("--labels", "centre", "centre", "vote") == "vote" ? StateLabelRule.Vote : StateLabelRule.Centre;
        double fidelityTarget = o.Double("--fidelity", 1.0, min: 0, max: 1);
        int maxStates = o.Int("--max-states", 64, min: 1, max: 100_000);
        int probes = o.Int("--probes", 20_000, min: 0, max: 10_000_000);
        if (!paper)
            foreach (string option in PaperOnly)
                if (o.Has(option)) throw new InputException($"option '{option}' applies to --mode paper only (mode auto chooses the clustering itself)");
        if (paper)
            foreach (string option in new[] { "--fidelity", "--max-states", "--keep-unminimised", "--probes" })
                if (o.Has(option))
                    throw new InputException($"option '{option}' applies to --mode auto only" +
                        (impliedPaper ? $", and {PaperOnly.First(o.Has)} asks for --mode paper" : ""));
        var policy = MissingPolicyOption.Read(o);
        string? testPath = o.String("--test");
        string? dotPath = o.String("--dot"), svgPath = o.String("--svg"), pointsPath = o.String("--save-points");
        string? highlight = o.String("--highlight");
        bool wordClasses = o.Flag("--word-classes");
        string? sequencesPath = pointsPath is null ? null : SequencesPath(pointsPath);
        var plan = new OutputPlan().Input(modelPath, "--model").Input(dataPath, "--data").Input(testPath, "--test").Input(assignmentsPath, "--assignments")
            .Output(outPath, "--out").Output(dotPath, "--dot").Output(svgPath, "--svg")
            .Output(pointsPath, "--save-points").Output(sequencesPath, "--save-points (its .sequences.tsv)");
        plan.Check();

        var model = ModelData.LoadModel(modelPath);
        // the default extraction learns, chooses and probes its FSA with the dead state: another policy here would make
        // the reported fidelity disagree with the search's (the FSA can still be run so: classify or predict --missing);
        if (policy != MissingPolicy.Dead && !paper && !ExtractText.Applies(o, model))
            throw new InputException($"option '--missing': '{o.String("--missing")}' applies to --mode paper and --mode text; the default extraction " +
                                     "learns and checks its FSA with the dead state (classify and predict --missing run any FSA otherwise)");
        var (data, unknown) = ModelData.LoadFor(model, dataPath);
        var (test, unknownInTest) = testPath is null ? (null, null) : ModelData.LoadFor(model, testPath);
        // printed when the FSA is written (ExtractFiles.Warn), so that bad input found later still gets one error line alone
        var inputWarnings = new List<string>();
        if (unknown is not null) inputWarnings.Add($"{unknown}, and the FSA learns them as symbols of their own");
        if (unknownInTest is not null) inputWarnings.Add($"{unknownInTest}, and the FSA has no move on those it did not learn from --data");
        var files = new ExtractFiles(plan, outPath, dotPath, svgPath, highlight, wordClasses, policy, inputWarnings);
        if (!paper && ExtractText.Applies(o, model)) return ExtractText.Run(o, context, clock, model, data, dataPath, test, testPath, files, k);
        if (o.Has("--transitions")) throw new InputException($"option '--transitions' applies to --mode text only (a model that reads ≥ {TextRecipe.VocabularyThreshold} words, or --mode text)");
        if (paper)
            return RunPaper(context, clock, model, data, dataPath, test, testPath, files, k ?? 0, method, layer, restarts, positionScale,
                standardise, selection, labelRule, policy, pointsPath, wordClasses, assignmentsPath);

        AutoExtractionResult result;
        try
        {
            var options = new AutoExtractionOptions { Clusters = k, Fidelity = fidelityTarget, MaxStates = maxStates, Seed = context.Seed, ProbeStrings = probes };
            result = AutoExtraction.Extract(model, data, options);
        }
        catch (ArgumentException e) { throw new InputException(SettingFlags.Message(e)); }
        var fsa = o.Flag("--keep-unminimised") ? result.Raw : result.Minimised;
        int[] rnnData = model.Predict(data), rnnTest = test is null ? [] : model.Predict(test);
        var onData = FsaEvaluation.Of(fsa, data, rnnData, policy);
        var onTest = test is null ? null : FsaEvaluation.Of(fsa, test, rnnTest, policy);
        files.Write(fsa, sizeMeaning: result.Source == CandidateSource.LStar ? LStarSizes : null);

        var differ = Differ(model, data, dataPath, onData, rnnData, test, testPath, onTest, rnnTest);
        var smaller = ExtractionReport.SmallerHypotheses(result, fsa, data, rnnData, onData.Fidelity ?? 0);
        var report = new ExtractionReport(result, fsa, Path.GetFileName(dataPath), onData,
            testPath is null ? null : Path.GetFileName(testPath), onTest, o.Flag("--keep-unminimised"), differ, smaller);
        context.Out.Write(report.Text());
        context.Out.Write(TransitionTable.ToText(fsa, shortest: true));
        if (wordClasses) context.Out.Write(WordClasses.ToMarkdown(WordClasses.Of(fsa)));
        context.Out.WriteLine($"wrote {outPath}" + files.Extra);
        files.Warn(context);
        foreach (string warning in report.Warnings()) context.Err.WriteLine("warning: " + warning);
        context.WriteJsonSummary(report.Json(clock.Elapsed.TotalSeconds));
        return 0;
    }

    /// <summary>The output files, written only once everything is computed: all of them or none (<see cref="OutputPlan.Commit"/>).</summary>
    internal sealed record ExtractFiles(OutputPlan Plan, string Out, string? Dot, string? Svg, string? Highlight, bool WordClasses,
        MissingPolicy Missing = MissingPolicy.Dead, IReadOnlyList<string>? InputWarnings = null)
    {
        /// <summary>Prints the warnings about the inputs (once the FSA is written: an error before then is the one line).</summary>
        public void Warn(CommandContext context)
        {
            foreach (string warning in InputWarnings ?? []) context.Err.WriteLine("warning: " + warning);
        }

        /// <summary>Writes the FSA files (and, inside the same commit, whatever <paramref name="more"/> writes); <paramref name="sizeMeaning"/>:
        /// what the drawing's legend says a state's number counts, when not its clustered hidden states.</summary>
        public void Write(Fsa fsa, Action? more = null, string? sizeMeaning = null)
        {
            var draw = new FsaDrawOptions
            {
                Highlight = Highlight is null ? null : HighlightOption.Parse(Highlight, fsa.Alphabet),
                WordClasses = WordClasses,
                ShowSizes = true,
                Missing = Missing,
            };
            if (sizeMeaning is not null) draw = draw with { SizeMeaning = sizeMeaning };
            Plan.Commit(() =>
            {
                FsaJson.Save(fsa, Out);
                if (Dot is not null) AtomicFile.WriteAllText(Dot, FsaDot.ToDot(fsa, draw));
                if (Svg is not null) AtomicFile.WriteAllText(Svg, FsaSvg.ToSvg(fsa, draw));
                more?.Invoke();
            });
        }

        public string Extra => string.Concat(new[] { Dot, Svg }.Where(p => p is not null).Select(p => ", " + p));
    }

    /// <summary>Where the FSA and the model answer differently on the data file and, when given, on the test file (files by name).</summary>
    internal static IReadOnlyList<Disagreements> Differ(Model model, List<LabeledSequence> data, string dataPath, FsaEvaluation onData, int[] rnnData,
        List<LabeledSequence>? test, string? testPath, FsaEvaluation? onTest, int[] rnnTest)
    {
        var differ = new List<Disagreements> { Disagreements.Of(Path.GetFileName(dataPath), data, onData, rnnData, model.Classes) };
        if (test is not null && onTest is not null) differ.Add(Disagreements.Of(Path.GetFileName(testPath!), test, onTest, rnnTest, model.Classes));
        return differ;
    }

    /// <summary>Where --save-points P.npy writes each point's sequence and step: P.sequences.tsv.</summary>
    private static string SequencesPath(string pointsPath) => Path.ChangeExtension(pointsPath, null) + ".sequences.tsv";

    /// <summary>The paper's extraction as written (and our clustering options): the raw FSA with k + 1 states is saved.</summary>
    private static int RunPaper(CommandContext context, Stopwatch clock, Model model, List<LabeledSequence> data, string dataPath,
        List<LabeledSequence>? test, string? testPath, ExtractFiles files, int k, string method, int layer, int restarts,
        double positionScale, bool standardise, RestartSelection selection, StateLabelRule labelRule, MissingPolicy policy,
        string? pointsPath, bool wordClasses, string? assignmentsPath)
    {
        HiddenPoints points;
        ExtractedFsa extraction;
        int[] rnn = model.Predict(data);
        try
        {
            points = HiddenPoints.Of(model, data, layer);
            if (assignmentsPath is not null)
            {
                var assignments = ClusterAssignments.Read(assignmentsPath, points.Count);
                extraction = FsaExtraction.FromAssignments(model, data, points, assignments, rnn, labelRule);
                k = extraction.Clustering.K;
                method = "assignments";
            }
            else if (k > points.Count)
                throw new InputException($"option '--clusters': {k} is larger than the number of hidden-state points in {dataPath} ({points.Count})");
            else
                extraction = FsaExtraction.Extract(model, data, points, method, k, context.Seed, restarts, rnn, labelRule, positionScale,
                    standardise, selection);
        }
        catch (ArgumentException e) { throw new InputException(SettingFlags.Message(e)); }
        var fsa = extraction.Fsa;
        var score = FsaEvaluation.Of(fsa, data, rnn, policy);
        int[] rnnTest = test is null ? [] : model.Predict(test);
        var testScore = test is null ? null : FsaEvaluation.Of(fsa, test, rnnTest, policy);
        var differ = Differ(model, data, dataPath, score, rnn, test, testPath, testScore, rnnTest);

        // Everything is computed; now write, all files or none.
        files.Write(fsa, () =>
        {
            if (pointsPath is null) return;
            Npy.Write(pointsPath, points.Points, points.Count, points.Dim);
            PointSequences.Write(SequencesPath(pointsPath), points.SequenceIndex, points.Step);
        });

        context.Out.WriteLine($"{(assignmentsPath is null ? ExtractionMethods.PaperName(method) : $"clustering of {assignmentsPath}")} k = {k} on {points.Count} hidden states of {data.Count} sequences " +
            $"({(points.Layer == HiddenPoints.AllLayers ? "all layers" : $"layer {points.Layer}")}): on {Path.GetFileName(dataPath)} accuracy {score.Accuracy:0.0000}, fidelity {score.Fidelity:0.0000}, " +
            $"{Counted.Of(score.States, "state")} ({score.MinimisedStates} after minimisation), inertia {extraction.Clustering.Inertia:0.####}");
        if (testScore is not null)
            context.Out.WriteLine($"on {Path.GetFileName(testPath)}: fidelity {testScore.Fidelity:0.0000}, accuracy {testScore.Accuracy:0.0000}");
        foreach (var d in differ) context.Out.Write(d.Text());
        context.Out.Write(TransitionTable.ToText(fsa, missing: policy, shortest: true));
        if (wordClasses) context.Out.Write(WordClasses.ToMarkdown(WordClasses.Of(fsa)));
        context.Out.WriteLine($"wrote {files.Out}" + files.Extra + (pointsPath is null ? "" : $", {pointsPath}, {SequencesPath(pointsPath)}"));
        files.Warn(context);
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["mode"] = "paper",
            ["method"] = method,
            ["clusters"] = k,
            ["states"] = fsa.StateCount,
            ["minimised_states"] = score.MinimisedStates,
            ["accepting"] = Enumerable.Range(0, fsa.StateCount).Where(fsa.IsAccepting).ToArray(),
            ["transitions"] = fsa.Transitions.Count,
            ["inertia"] = extraction.Clustering.Inertia,
            ["accuracy"] = score.Accuracy,
            ["fidelity"] = score.Fidelity,
            ["test_accuracy"] = testScore?.Accuracy,
            ["test_fidelity"] = testScore?.Fidelity,
            ["missing_transitions"] = score.MissingTransitions,
            ["disagreements"] = differ.Select(d => d.Json()).ToArray(),
            ["shortest_strings"] = ExtractionReport.ShortestStringsJson(fsa),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
