using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lisor.Pure.Sequences;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `extract --mode text`, and `extract`'s default for a text model (vocabulary ≥ <see cref="TextRecipe.VocabularyThreshold"/>):
/// the clustering recipe without refinement (<see cref="TextExtraction"/>). Prints why it was chosen, the fidelity-vs-k
/// curve, fidelity and accuracy on --data and --test by file name; saves the minimised FSA (--keep-unminimised: k + 1 states).
/// </summary>
internal static class ExtractText
{
    /// <summary>The options only mode text reads (added to `extract`'s list).</summary>
    public static readonly OptionSpec[] Options =
    [
        new("--transitions", "RULE", "fitted", "text: fitted (δ re-chosen to agree with the model on more --data sequences; the states stay) or majority (the paper's most frequent move)"),
    ];

    /// <summary>Options of mode auto that mean nothing here.</summary>
    private static readonly string[] AutoOnly = ["--probes"];

    /// <summary>Mode text when asked for, or when --mode is not given and the model reads text.</summary>
    public static bool Applies(ParsedOptions o, Model model)
        => o.String("--mode") == "text" || (!o.Has("--mode") && TextRecipe.IsText(model));

    public static int Run(ParsedOptions o, CommandContext context, Stopwatch clock, Model model, List<LabeledSequence> data, string dataPath,
        List<LabeledSequence>? test, string? testPath, ExtractCommand.ExtractFiles files, int? k)
    {
        bool chosenByData = !o.Has("--mode");
        foreach (string option in AutoOnly)
            if (o.Has(option))
                throw new InputException($"option '{option}' applies to --mode auto only" +
                    (chosenByData ? $" (this model reads text — {model.Vocabulary.Count} words — so extract uses --mode text; give --mode auto for refinement)" : ""));
        var options = new TextExtractionOptions
        {
            Clusters = k,
            Fidelity = o.Double("--fidelity", 1.0, min: 0, max: 1),
            MaxClusters = o.Int("--max-states", 64, min: 1, max: 100_000),
            Seed = context.Seed,
            FitTransitions = o.Choice("--transitions", "fitted", "fitted", "majority") == "fitted",
            Missing = MissingPolicyOption.Read(o),
        };
        var policy = options.Missing;
        bool unminimised = o.Flag("--keep-unminimised");
        string dataName = Path.GetFileName(dataPath), testName = testPath is null ? "" : Path.GetFileName(testPath);
        var inv = CultureInfo.InvariantCulture;
        context.Out.WriteLine((chosenByData
                ? $"text data (the model reads {model.Vocabulary.Count} words, ≥ {TextRecipe.VocabularyThreshold}): using --mode text"
                : "--mode text") +
            $" — top layer, k-means++ × {options.Restarts} keeping the FSA most faithful to the model, " +
            (options.FitTransitions ? "transitions fitted to the model" : "majority transitions") + ", no state splitting (docs/readme-text.md" +
            (chosenByData ? "; --mode auto refines, slowly on text)" : ")"));

        TextExtractionResult result;
        try { result = TextExtraction.Extract(model, data, options); }
        catch (ArgumentException e) { throw new InputException(ErrorLine.WithoutParameter(e)); }
        var fsa = unminimised ? result.Raw : result.Minimised;
        int[] rnnData = model.Predict(data), rnnTest = test is null ? [] : model.Predict(test);
        var onData = FsaEvaluation.Of(fsa, data, rnnData, policy);
        var onTest = test is null ? null : FsaEvaluation.Of(fsa, test, rnnTest, policy);
        var differ = ExtractCommand.Differ(model, data, dataPath, onData, rnnData, test, testPath, onTest, rnnTest);
        files.Write(fsa);

        var sb = new StringBuilder();
        sb.Append(inv, $"k {(k is null ? "search" : "given")} (fidelity to the model on {dataName}; states → minimised):");
        foreach (var p in result.Curve) sb.Append(inv, $" k={p.K} {p.Fidelity:0.000} {p.States}→{p.MinimisedStates};");
        sb.Length--;
        sb.Append('\n');
        sb.Append(inv, $"chose k = {result.K}: {Counted.Of(result.Raw.StateCount, "state")}, {result.Minimised.StateCount} after minimisation; ");
        // the curve's fidelity is the clusters' moves (majority); fitting them to the model comes after the choice
        if (options.FitTransitions)
            sb.Append(inv, $"transitions fitted to the model: fidelity {result.Curve.First(p => p.K == result.K).Fidelity:0.000} → {result.Fidelity:0.000}; ");
        sb.Append("saved the ")
          .Append(unminimised ? "unminimised" : "minimised").Append(inv, $" FSA ({Counted.Of(fsa.StateCount, "state")}); {result.Seconds:0.000} s\n");
        sb.Append(inv, $"fidelity on {dataName} {onData.Fidelity:0.0000}, accuracy on {dataName} {onData.Accuracy:0.0000}\n");
        if (onTest is not null) sb.Append(inv, $"fidelity on {testName} {onTest.Fidelity:0.0000}, accuracy on {testName} {onTest.Accuracy:0.0000}\n");
        foreach (var (name, score) in new[] { (dataName, onData), (testName, onTest) })
            if (score?.UnknownSymbols > 0)
                sb.Append(inv, $"{score.UnknownSymbols} words in {name} are outside the FSA's alphabet (policy: {MissingPolicyOption.Describe(policy)}; learning on the sequences to classify, as the paper did for sentiment, leaves none)\n");
        foreach (var d in differ) sb.Append(d.Text());
        context.Out.Write(sb.ToString());
        context.Out.Write(TransitionTable.ToText(fsa, missing: policy, shortest: true));
        if (files.WordClasses) context.Out.Write(WordClasses.ToMarkdown(WordClasses.Of(fsa)));
        context.Out.WriteLine($"wrote {files.Out}" + files.Extra);
        const string next = "a k-state FSA does not follow this model on every sequence; " +
            "try --clusters K, or --mode auto (refines until it agrees on every prefix: minutes and many states on text)";
        foreach (var (name, score) in new[] { (dataName, onData), (testName, onTest) })
            if (score?.Fidelity < ExtractionReport.WarnBelow)
                context.Err.WriteLine(string.Create(inv, $"warning: fidelity on {name} is {score.Fidelity:0.0000}, below {ExtractionReport.WarnBelow}: {next}"));
        files.Warn(context);
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["mode"] = "text",
            ["clusters"] = result.K,
            ["states"] = fsa.StateCount,
            ["unminimised_states"] = result.Raw.StateCount,
            ["minimised_states"] = result.Minimised.StateCount,
            ["accepting"] = Enumerable.Range(0, fsa.StateCount).Where(fsa.IsAccepting).ToArray(),
            ["transitions"] = fsa.Transitions.Count,
            ["accuracy"] = onData.Accuracy,
            ["fidelity"] = onData.Fidelity,
            ["test_accuracy"] = onTest?.Accuracy,
            ["test_fidelity"] = onTest?.Fidelity,
            ["reached_target"] = result.Fidelity >= options.Fidelity - 1e-12,
            ["curve"] = result.Curve.Select(p => new Dictionary<string, object>
            {
                ["k"] = p.K, ["fidelity"] = p.Fidelity, ["states"] = p.States, ["minimised_states"] = p.MinimisedStates,
            }).ToArray(),
            ["missing_transitions"] = onData.MissingTransitions,
            ["disagreements"] = differ.Select(d => d.Json()).ToArray(),
            ["shortest_strings"] = ExtractionReport.ShortestStringsJson(fsa),
            ["extract_seconds"] = Math.Round(result.Seconds, 3),
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
