using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Drawing;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Cli;

/// <summary>
/// `extract --method lstar`: Angluin's L* with R as the membership oracle (<see cref="RnnOracle"/>) and sampled
/// strings as the equivalence oracle (<see cref="LStar"/>), bounded by --max-states and --time-limit. Writes the
/// minimised hypothesis as JSON (and DOT/SVG) and prints what it cost: R's runs, equivalence checks, seconds, and
/// fidelity on --data. Σ is the model's vocabulary without &lt;unk&gt;.
/// </summary>
internal static class ExtractLStar
{
    /// <summary>The options only L* reads (added to `extract`'s list).</summary>
    public static readonly OptionSpec[] Options =
    [
        new("--time-limit", "S", "30", "lstar: stop after S seconds with the best hypothesis so far"),
        new("--exhaustive", "W", "16384", "lstar: equivalence checks try every string up to the longest length that keeps W strings in all"),
        new("--walks", "N", "2000", "lstar: then N random strings (after the --data sequences)"),
        new("--walk-length", "L", "0 (auto)", "lstar: longest random string (0: max(20, the longest --data sequence))"),
    ];

    // `extract` options that mean nothing to L*: given with --method lstar they are an error, not silently ignored. (L*
    // reads --model, --data, --test, --out, --dot, --svg, --highlight, --word-classes, --max-states and its own below.)
    private static readonly string[] ClusteringOnly =
        ["--clusters", "--layer", "--restarts", "--position-scale", "--standardise", "--select", "--labels", "--missing", "--save-points",
         "--mode", "--assignments", "--fidelity", "--probes", "--keep-unminimised", "--transitions"];

    public static int Run(ParsedOptions o, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        foreach (var name in ClusteringOnly)
            if (o.Has(name)) throw new InputException($"option '{name}' does not apply to --method lstar");
        string modelPath = o.Required("--model"), dataPath = o.Required("--data"), outPath = o.Required("--out");
        string? testPath = o.String("--test");
        var options = new LStarOptions
        {
            MaxStates = o.Int("--max-states", 500, min: 1, max: 1_000_000),
            TimeLimit = o.Double("--time-limit", 30, min: 0, max: 1e6),
            ExhaustiveWords = o.Int("--exhaustive", 1 << 14, min: 0, max: 100_000_000),
            Walks = o.Int("--walks", 2000, min: 0, max: 100_000_000),
            WalkLength = o.Int("--walk-length", 0, min: 0, max: 1_000_000),
            Seed = context.Seed,
        };
        string? dotPath = o.String("--dot"), svgPath = o.String("--svg"), highlight = o.String("--highlight");
        bool wordClasses = o.Flag("--word-classes");
        var plan = new OutputPlan().Input(modelPath, "--model").Input(dataPath, "--data").Input(testPath, "--test")
            .Output(outPath, "--out").Output(dotPath, "--dot").Output(svgPath, "--svg");
        plan.Check();

        var model = ModelData.LoadModel(modelPath);
        var (data, unknown) = ModelData.LoadFor(model, dataPath);
        var (test, unknownInTest) = testPath is null ? (null, null) : ModelData.LoadFor(model, testPath);
        int[] rnn = model.Predict(data);
        string[] alphabet = model.Vocabulary.Symbols.Where(s => s != Vocabulary.Unknown).Order(StringComparer.Ordinal).ToArray();
        if (alphabet.Length == 0) throw new InputException(modelPath, 0, "the model's vocabulary has no symbols besides <unk>");
        var index = alphabet.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        // The --data sequences over Σ are equivalence samples too (those with a symbol outside Σ cannot be).
        var words = data.Where(e => e.Tokens.All(index.ContainsKey)).Select(e => e.Tokens.Select(t => index[t]).ToArray()).ToList();

        var oracle = new RnnOracle(model, alphabet);
        var result = LStar.Learn(oracle, options with { Data = words });
        // A model without a positive class (three or more classes) gives an FSA without accepting states: every state answers its class.
        var hypothesis = result.ToFsa(alphabet, model.Classes.ToArray(), model.PositiveClass);
        var fsa = Minimiser.Minimise(hypothesis).Minimal;
        var score = FsaEvaluation.Of(fsa, data, rnn);
        int[] rnnTest = test is null ? [] : model.Predict(test);
        var testScore = test is null ? null : FsaEvaluation.Of(fsa, test, rnnTest);
        var differ = ExtractCommand.Differ(model, data, dataPath, score, rnn, test, testPath, testScore, rnnTest);
        var draw = new FsaDrawOptions
        {
            Highlight = highlight is null ? null : HighlightOption.Parse(highlight, fsa.Alphabet),
            WordClasses = wordClasses,
        };

        // Everything is computed; now write, all files or none.
        plan.Commit(() =>
        {
            FsaJson.Save(fsa, outPath);
            if (dotPath is not null) AtomicFile.WriteAllText(dotPath, FsaDot.ToDot(fsa, draw));
            if (svgPath is not null) AtomicFile.WriteAllText(svgPath, FsaSvg.ToSvg(fsa, draw));
        });

        context.Out.WriteLine($"L* on R ({model.CellKind} {model.Layers} × {model.Hidden}), Σ = {alphabet.Length} symbols: " +
            $"{Counted.Of(result.States, "state")} ({fsa.StateCount} after minimisation), {Counted.Of(result.Counterexamples, "counterexample")}, " +
            $"{result.EquivalenceChecks} equivalence checks, {result.Seconds:0.###} s");
        context.Out.WriteLine($"R runs: {oracle.Queries} membership queries ({result.MembershipQueries} from the table, the rest sampled), " +
            $"{oracle.Steps} steps, {oracle.Outputs} outputs, {oracle.CachedPrefixes} cached prefixes");
        context.Out.WriteLine($"on {Path.GetFileName(dataPath)}: accuracy {score.Accuracy:0.0000}, fidelity {score.Fidelity:0.0000} ({Counted.Of(data.Count, "sequence")})");
        if (testScore is not null)
            context.Out.WriteLine($"on {Path.GetFileName(testPath)}: accuracy {testScore.Accuracy:0.0000}, fidelity {testScore.Fidelity:0.0000} ({Counted.Of(test!.Count, "sequence")})");
        foreach (var d in differ) context.Out.Write(d.Text());
        context.Out.WriteLine(result.Note);
        context.Out.Write(TransitionTable.ToText(fsa, shortest: true));
        if (wordClasses) context.Out.Write(WordClasses.ToMarkdown(WordClasses.Of(fsa)));
        context.Out.WriteLine($"wrote {outPath}" + string.Concat(new[] { dotPath, svgPath }.Where(p => p is not null).Select(p => ", " + p)));
        // the inputs' warnings once the FSA is written (an error before then is the one line)
        if (unknown is not null) context.Err.WriteLine($"warning: {unknown}; L* learns over the model's alphabet, so the sequences that hold them are not samples");
        if (unknownInTest is not null) context.Err.WriteLine($"warning: {unknownInTest}, and the FSA has no move on them");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["method"] = "lstar",
            ["states"] = fsa.StateCount,            // saved (minimised), as in the other modes
            ["unminimised_states"] = result.States,   // L*'s last hypothesis
            ["largest_states"] = result.LargestStates,
            ["minimised_states"] = fsa.StateCount,
            ["accepting"] = Enumerable.Range(0, fsa.StateCount).Where(fsa.IsAccepting).ToArray(),
            ["transitions"] = fsa.Transitions.Count,
            ["accuracy"] = score.Accuracy,
            ["fidelity"] = score.Fidelity,
            ["test_accuracy"] = testScore?.Accuracy,
            ["test_fidelity"] = testScore?.Fidelity,
            ["membership_queries"] = oracle.Queries,
            ["table_queries"] = result.MembershipQueries,
            ["rnn_steps"] = oracle.Steps,
            ["equivalence_checks"] = result.EquivalenceChecks,
            ["counterexamples"] = result.Counterexamples,
            ["budget_reached"] = result.BudgetReached,
            ["sampled_agree"] = result.SampledAgree,
            ["sampled_total"] = result.SampledTotal,
            ["exhaustive_length"] = result.ExhaustiveLength,
            ["disagreements"] = differ.Select(d => d.Json()).ToArray(),
            ["shortest_strings"] = ExtractionReport.ShortestStringsJson(fsa),
            ["learn_seconds"] = Math.Round(result.Seconds, 4),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
