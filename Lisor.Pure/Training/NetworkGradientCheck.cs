using Lisor.Pure.Data;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

/// <summary>What <see cref="NetworkGradientCheck.Run"/> found: the worst relative error, at which parameter, and how many parameters receive gradient.</summary>
internal readonly record struct GradientCheck(double Worst, int WorstIndex, int NonZero);

/// <summary>
/// The network's finite-difference check, run by `check` and by the tests: the gradient g = ∂(mean loss)/∂θ
/// of backward against central differences of the mean loss L over the batch,
///     numeric_i = (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε,   ε = 4e-3,
///     error_i = |numeric_i − g_i| / (0.01 + |numeric_i| + |g_i|),
/// on a tiny network over the symbols x, y, z (and &lt;unk&gt;) with three classes a, b, c.
/// </summary>
internal static class NetworkGradientCheck
{
    private const float Eps = 4e-3f;

    /// <summary>Ragged lengths with an empty sequence (the head then sees h_0 = 0), three classes, an unknown symbol (q).</summary>
    public static readonly LabeledSequence[] Sequences =
    [
        new("a", ["x", "y", "z", "x", "y"]), new("b", ["y"]), new("c", []), new("a", ["z", "z", "x"]),
        new("b", ["x", "y"]), new("c", ["y", "x", "z", "q"]),
    ];

    /// <summary>
    /// A network of cell <paramref name="kind"/> over x, y, z with classes a, b, c: initialised with seed 7, then the
    /// head's weights and biases drawn from U(−1, 1) (seed 8) — larger than the initialisation, so every part
    /// carries gradient — and <paramref name="sequences"/> encoded for it.
    /// </summary>
    public static (Network Net, float[] Parameters, EncodedData Data) TinyNetwork(string kind, InputKind input, int layers,
        int hidden, IReadOnlyList<LabeledSequence> sequences, float stepLoss = 0f)
    {
        var vocabulary = Vocabulary.FromSymbols(["<unk>", "x", "y", "z"]);
        int X = input == InputKind.OneHot ? vocabulary.Count : 3;
        var net = new Network(kind, hidden, layers, classes: 3, vocabulary.Count, input, X, null) { StepLossWeight = stepLoss };
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(7));
        var rng = new Rng(8);
        for (int i = net.HeadWeightOffset; i < net.ParameterCount; i++) p[i] = rng.Uniform(-1f, 1f);
        var data = new Model(net, p, vocabulary, ["a", "b", "c"], -1).Encode(sequences);
        return (net, p, data);
    }

    /// <summary>Backward against central differences for every parameter of <paramref name="p"/> (restored afterwards), the whole data as one batch.</summary>
    public static GradientCheck Run(Network net, float[] p, EncodedData data)
    {
        var order = data.ByLength();
        var trainer = new DataParallel(net, data.MaxLength, data.Count, training: true);
        var evaluator = new DataParallel(net, data.MaxLength, data.Count, training: false);
        var g = new float[net.ParameterCount];
        trainer.Run(p, data, order, 0, data.Count, g);
        double worst = 0;
        int worstIndex = -1, nonZero = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float saved = p[i];
            p[i] = saved + Eps; double up = evaluator.Run(p, data, order, 0, data.Count).Loss;     // Σ loss = count · L
            p[i] = saved - Eps; double down = evaluator.Run(p, data, order, 0, data.Count).Loss;
            p[i] = saved;
            double numeric = (up - down) / (2 * Eps * data.Count);
            double error = Math.Abs(numeric - g[i]) / (1e-2 + Math.Abs(numeric) + Math.Abs(g[i]));
            if (error > worst) { worst = error; worstIndex = i; }
            if (g[i] != 0) nonZero++;
        }
        return new GradientCheck(worst, worstIndex, nonZero);
    }
}
