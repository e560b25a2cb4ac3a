using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Drawing;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Cli;

/// <summary>`extract`: learns the FSA from a model's hidden states on a data set (the paper's Algorithm 1).</summary>
public sealed class ExtractCommand : ICommand
{
    public string Name => "extract";
    public string Summary => "learn the FSA from a model's clustered hidden states on a data set; write JSON, DOT, SVG";
    public string Usage => "extract --model MODEL --data F (--clusters K [--method kmeans|kmeansx] | --method lstar [--max-states N] [--time-limit S]) --out FSA.json [--layer L] [--dot F] [--svg F] [--highlight \"0 1 1 0\"] [--word-classes] [--save-points FILE.npy]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--model", "MODEL", null, "trained model file (required)"),
        new("--data", "F", null, "data whose hidden states are clustered; the paper uses the validation set (required)"),
        new("--clusters", "K", null, "number of clusters k; the FSA has k + 1 states (required)"),
        new("--method", "NAME", "kmeans", "kmeans (LISOR-k), kmeansx (LISOR-x), or lstar (Angluin's L* with R as the oracle; no --clusters)"),
        new("--out", "FSA.json", null, "FSA file to write (required)"),
        new("--layer", "L", "-1 (top)", "layer whose hidden states are clustered (0-based, −1 = top), or 'all': every layer's h_t side by side"),
        new("--restarts", "R", "1", "k-means restarts (see --select)"),
        new("--position-scale", "S", "1", "kmeansx: multiply the extra position feature j by S (1 = the paper's k-means-x)"),
        OptionSpec.Flag("--standardise", "cluster z-scored coordinates (each unit's mean 0, deviation 1); centres are mapped back"),
        new("--select", "RULE", "inertia", "with --restarts R: keep the restart of lowest inertia, or the one whose FSA is most faithful to R on the data it is learned from (fidelity)"),
        new("--labels", "RULE", "centre", "state classes: centre (R's output layer on the centre, the paper) or vote (R's majority on sequences ending there)"),
        new("--missing", "POLICY", "dead", MissingPolicyOption.Help),
        new("--dot", "F", null, "also write the FSA as Graphviz DOT"),
        new("--svg", "F", null, "also draw the FSA as SVG (own layout, no Graphviz)"),
        new("--highlight", "SEQ", null, "draw this sequence's path in red (symbols separated by spaces)"),
        OptionSpec.Flag("--word-classes", "merge parallel edges into word classes and list their words"),
        new("--save-points", "FILE.npy", null, "write the clustered points (and FILE.sequences.tsv)"),
        .. ExtractLStar.Options,
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        if (o.String("--method") == "lstar") return ExtractLStar.Run(o, context);
        var clock = Stopwatch.StartNew();
        string modelPath = o.Required("--model"), dataPath = o.Required("--data"), outPath = o.Required("--out");
        int k = o.Int("--clusters", 0, min: 1, max: 1_000_000);
        if (!o.Has("--clusters")) o.Required("--clusters");
        string method = o.Choice("--method", ExtractionMethods.KMeans, ExtractionMethods.All);
        int layer = o.String("--layer") == "all" ? HiddenPoints.AllLayers : o.Int("--layer", -1, min: -1000, max: 1000);
        int restarts = o.Int("--restarts", 1, min: 1, max: 1000);
        double positionScale = o.Double("--position-scale", 1, min: 1e-9, max: 1e9);
        bool standardise = o.Flag("--standardise");
        var selection = o.Choice("--select", "inertia", "inertia", "fidelity") == "fidelity" ? RestartSelection.Fidelity : RestartSelection.Inertia;
        var labelRule = o.Choice("--labels", "centre", "centre", "vote") == "vote" ? StateLabelRule.Vote : StateLabelRule.Centre;
        var policy = MissingPolicyOption.Read(o);
        string? dotPath = o.String("--dot"), svgPath = o.String("--svg"), pointsPath = o.String("--save-points");
        string? highlight = o.String("--highlight");
        bool wordClasses = o.Flag("--word-classes");
        string? sequencesPath = pointsPath is null ? null : Path.ChangeExtension(pointsPath, null) + ".sequences.tsv";
        var plan = new OutputPlan().Input(modelPath, "--model").Input(dataPath, "--data")
            .Output(outPath, "--out").Output(dotPath, "--dot").Output(svgPath, "--svg")
            .Output(pointsPath, "--save-points").Output(sequencesPath, "--save-points (its .sequences.tsv)");
        plan.Check();

        var model = ModelData.LoadModel(modelPath);
        var data = ModelData.LoadData(dataPath);
        ModelData.RequireModelClasses(model, data, dataPath);
        HiddenPoints points;
        Experiments.Extraction extraction;   // (qualified: Lisor.Pure.Extraction is a namespace)
        int[] rnn = model.Predict(data);
        try
        {
            points = HiddenPoints.Of(model, data, layer);
            if (k > points.Count)
                throw new InputException($"option '--clusters': {k} is larger than the number of hidden-state points in {dataPath} ({points.Count})");
            extraction = FsaExtraction.Extract(model, data, points, method, k, context.Seed, restarts, rnn, labelRule, positionScale,
                standardise, selection);
        }
        catch (ArgumentException e) { throw new InputException(ErrorLine.WithoutParameter(e)); }
        var fsa = extraction.Fsa;
        var score = FsaEvaluation.Of(fsa, data, rnn, policy);
        var draw = new FsaDrawOptions
        {
            Highlight = highlight is null ? null : HighlightOption.Parse(highlight, fsa.Alphabet),
            WordClasses = wordClasses,
            ShowSizes = true,
        };

        // Everything is computed; now write, all files or none.
        plan.Commit(() =>
        {
            FsaJson.Save(fsa, outPath);
            if (dotPath is not null) AtomicFile.WriteAllText(dotPath, FsaDot.ToDot(fsa, draw));
            if (svgPath is not null) AtomicFile.WriteAllText(svgPath, FsaSvg.ToSvg(fsa, draw));
            if (pointsPath is not null)
            {
                Npy.Write(pointsPath, points.Points, points.Count, points.Dim);
                PointSequences.Write(sequencesPath!, points.SequenceIndex, points.Step);
            }
        });

        context.Out.WriteLine($"{ExtractionMethods.PaperName(method)} k = {k} on {points.Count} hidden states of {data.Count} sequences " +
            $"({(points.Layer == HiddenPoints.AllLayers ? "all layers" : $"layer {points.Layer}")}): accuracy {score.Accuracy:0.0000}, fidelity {score.Fidelity:0.0000}, " +
            $"{score.States} states ({score.MinimisedStates} after minimisation), inertia {extraction.Clustering.Inertia:0.####}");
        context.Out.Write(TransitionTable.ToText(fsa));
        if (wordClasses) context.Out.Write(WordClasses.ToMarkdown(WordClasses.Of(fsa)));
        context.Out.WriteLine($"wrote {outPath}" + string.Concat(new[] { dotPath, svgPath, pointsPath }.Where(p => p is not null).Select(p => ", " + p)));
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["method"] = method,
            ["clusters"] = k,
            ["states"] = fsa.StateCount,
            ["minimised_states"] = score.MinimisedStates,
            ["accepting"] = Enumerable.Range(0, fsa.StateCount).Where(fsa.IsAccepting).ToArray(),
            ["transitions"] = fsa.Transitions.Count,
            ["inertia"] = extraction.Clustering.Inertia,
            ["accuracy"] = score.Accuracy,
            ["fidelity"] = score.Fidelity,
            ["missing_transitions"] = score.MissingTransitions,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        });
        return 0;
    }
}
