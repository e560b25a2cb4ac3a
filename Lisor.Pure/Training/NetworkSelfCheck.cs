using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

/// <summary>
/// The `check` command's network rows: for every cell, the whole network's gradient (embedding,
/// two stacked layers, head, ragged lengths with an empty sequence) against central finite
/// differences of the mean loss. Error = max over parameters of |numeric − analytic| / (0.01 + |numeric| + |analytic|).
/// </summary>
internal sealed class NetworkSelfCheck : ISelfCheck
{
    public string Area => "network";

    private static readonly LabeledSequence[] Data =
    [
        new("a", ["x", "y", "z", "x", "y"]), new("b", ["y"]), new("c", []), new("a", ["z", "z", "x"]),
        new("b", ["x", "y"]), new("c", ["y", "x", "z", "q"]),
    ];

    public IEnumerable<SelfCheckResult> Run()
    {
        foreach (var kind in RecurrentCell.Kinds)
            yield return new SelfCheckResult(Area, $"{kind} embedding + 2 layers + head", "V=4 X=3 H=4 C=3 T≤5",
                WorstGradientError(kind), 2e-2);
    }

    /// <summary>The worst relative error of the network's backward for cell <paramref name="kind"/>.</summary>
    public static double WorstGradientError(string kind)
    {
        var vocabulary = Vocabulary.FromSymbols(["<unk>", "x", "y", "z"]);
        var net = new Network(kind, hidden: 4, layers: 2, classes: 3, vocabulary.Count, InputKind.Embedding, 3, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(7));
        var rng = new Rng(8);
        for (int i = net.HeadWeightOffset; i < net.ParameterCount; i++) p[i] = rng.Uniform(-1f, 1f);
        var model = new Model(net, p, vocabulary, ["a", "b", "c"], -1);
        var data = model.Encode(Data);
        var order = data.ByLength();
        var trainer = new DataParallel(net, data.MaxLength, data.Count, training: true);
        var evaluator = new DataParallel(net, data.MaxLength, data.Count, training: false);
        var g = new float[net.ParameterCount];
        trainer.Run(p, data, order, 0, data.Count, g);
        const float eps = 4e-3f;
        double worst = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float saved = p[i];
            p[i] = saved + eps; double up = evaluator.Run(p, data, order, 0, data.Count).Loss;
            p[i] = saved - eps; double down = evaluator.Run(p, data, order, 0, data.Count).Loss;
            p[i] = saved;
            double numeric = (up - down) / (2 * eps * data.Count);
            worst = Math.Max(worst, Math.Abs(numeric - g[i]) / (1e-2 + Math.Abs(numeric) + Math.Abs(g[i])));
        }
        return worst;
    }
}
