using System.Globalization;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Cli;

/// <summary>
/// <c>classify --fsa A.json[,B.json…] --data F [--missing dead|stay|start] [--predictions OUT.tsv]</c>:
/// runs one FSA, or several by majority vote, on every sequence of F and reports accuracy,
/// missing transitions and unknown symbols. <c>--predictions</c> writes the answers as a sequence
/// file (<c>predicted-label&lt;TAB&gt;tokens</c>, F's order). Fidelity needs the RNN's own
/// predictions: with <c>--model</c> the RNN classifies F too and fidelity is their agreement.
/// </summary>
internal sealed class ClassifyCommand : ICommand
{
    public string Name => "classify";
    public string Summary => "run FSAs on sequences (several: majority vote) and score them";
    public string Usage => "classify --fsa FSA.json[,FSA2.json,...] --data F [--model MODEL] [--missing dead|stay|start] [--predictions OUT.tsv]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--fsa", "FILES", null, "FSA file(s) (lisor-fsa JSON), comma-separated; several vote by majority (a tie goes to the tied class that the earliest listed FSA voted for)"),
        new("--data", "F", null, "sequences to classify (label<TAB>tokens)"),
        new("--model", "MODEL", null, "the RNN the FSA came from: also report fidelity (agreement with it)"),
        new("--missing", "dead|stay|start", "dead", MissingPolicyOption.Help),
        new("--predictions", "OUT.tsv", null, "write each answer as 'predicted<TAB>tokens'"),
    ];

    public int Run(ParsedOptions options, CommandContext context)
    {
        var files = options.Required("--fsa").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (files.Length == 0) throw new InputException("option '--fsa': no file named");
        var policy = MissingPolicyOption.Read(options);
        string dataPath = options.Required("--data");
        string? predictionsPath = options.String("--predictions");
        string? modelPath = options.String("--model");
        var plan = new OutputPlan().Input(dataPath, "--data").Input(modelPath, "--model").Output(predictionsPath, "--predictions");
        foreach (string file in files) plan.Input(file, "--fsa");
        plan.Check();

        var fsas = files.Select(FsaJson.Load).ToList();
        for (int i = 1; i < fsas.Count; i++)
            if (!fsas[i].Classes.SequenceEqual(fsas[0].Classes, StringComparer.Ordinal))
                throw new InputException(files[i], 0, $"classes [{Excerpt.List(fsas[i].Classes)}] differ from " +
                                                       $"[{Excerpt.List(fsas[0].Classes)}] in {files[0]}; an ensemble needs the same classes");
        var data = ModelData.LoadData(dataPath);
        for (int i = 0; i < data.Count; i++)
            if (!fsas[0].Classes.Contains(data[i].Label))
                throw ModelData.LabelError(dataPath, i, data[i].Label, $"is not one of the FSA's classes ({Excerpt.List(fsas[0].Classes)})");
        int[]? rnn = modelPath is not null ? RnnPredictions(modelPath, fsas[0], data, dataPath) : null;
        var score = Score(fsas, data, policy, rnn);
        if (predictionsPath is not null)
            plan.Commit(() => Tsv.Write(predictionsPath, data.Select((s, i) => s with { Label = fsas[0].Classes[score.Predictions[i]] })));

        var w = context.Out;
        for (int i = 0; i < fsas.Count; i++)
            w.WriteLine($"FSA {files[i]}: {Counted.Of(fsas[i].StateCount, "state")}, {Counted.Of(fsas[i].Transitions.Count, "transition")}, |Σ| = {fsas[i].Alphabet.Count}");
        if (fsas.Count > 1) w.WriteLine($"ensemble of {fsas.Count} FSAs, majority vote (a tie goes to the tied class that the earliest listed FSA voted for)");
        w.WriteLine($"data {dataPath}: {score.Examples} examples; missing transitions and unknown symbols: {MissingPolicyOption.Describe(policy)}");
        w.WriteLine($"on {Path.GetFileName(dataPath)}: accuracy {Fmt(score.Accuracy)}   fidelity {(score.Fidelity is double f ? Fmt(f) : "n/a")}   " +
                    $"missing transitions {score.MissingTransitions}   unknown symbols {score.UnknownSymbols}");
        // with the model: where the FSA (or the ensemble's vote) and the model answer differently, the shortest strings
        var differ = rnn is null ? null : Disagreements.Of(Path.GetFileName(dataPath), data, score.Predictions, rnn, fsas[0].Classes);
        if (differ is not null) w.Write(differ.Text());
        if (predictionsPath is not null) w.WriteLine($"predictions written to {predictionsPath}");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["examples"] = score.Examples,
            ["accuracy"] = score.Accuracy,
            ["fidelity"] = score.Fidelity,
            ["missing_transitions"] = score.MissingTransitions,
            ["unknown_symbols"] = score.UnknownSymbols,
            ["disagreements"] = differ?.Json(),
        });
        return 0;
    }

    /// <summary>The scoring behind the command, with the seam for fidelity: pass the RNN's predicted
    /// class indices (into the FSAs' class list) to get <see cref="FsaScore.Fidelity"/>.</summary>
    public static FsaScore Score(IReadOnlyList<Fsa> fsas, IReadOnlyList<LabeledSequence> data, MissingPolicy policy, int[]? rnnPredictions)
        => new FsaEnsemble(fsas, policy).Score(data, rnnPredictions);

    /// <summary>The model's predictions on <paramref name="data"/> as indices into the FSA's class list.</summary>
    private static int[] RnnPredictions(string modelPath, Fsa fsa, IReadOnlyList<LabeledSequence> data, string dataPath)
    {
        var model = ModelData.LoadModel(modelPath);
        if (!model.Classes.SequenceEqual(fsa.Classes, StringComparer.Ordinal))
            throw new InputException(modelPath, 0, $"the model's classes [{Excerpt.List(model.Classes)}] differ from the FSA's [{Excerpt.List(fsa.Classes)}]");
        ModelData.RequireModelClasses(model, data, dataPath);
        return model.Predict(data);
    }

    private static string Fmt(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
}
