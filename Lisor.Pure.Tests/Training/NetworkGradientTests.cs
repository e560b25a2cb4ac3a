using Lisor.Pure.Cells;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The whole network's backward (head, stacked cells, embedding) against central finite differences of the mean loss.</summary>
public class NetworkGradientTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    // Ragged lengths, two empty sequences (the head then sees h_0 = 0), three classes, an unknown symbol.
    private static readonly LabeledSequence[] Data =
    [
        new("a", ["x", "y", "z", "x", "y"]), new("b", ["y"]), new("c", []), new("a", ["z", "z", "x"]),
        new("b", ["x", "y"]), new("c", ["y", "x", "z", "q"]), new("a", []),
    ];

    [TestCaseSource(nameof(Kinds))]
    public void Backward_matches_finite_differences_with_embedding_and_two_layers(string kind)
        => Check(kind, InputKind.Embedding, layers: 2);

    [TestCaseSource(nameof(Kinds))]
    public void Backward_matches_finite_differences_with_one_hot_input_and_three_layers(string kind)
        => Check(kind, InputKind.OneHot, layers: 3);

    /// <summary>Hidden sizes reaching every vector width (8, 16: whole 256-bit vectors) and the scalar tail (11, 19).</summary>
    private static IEnumerable<TestCaseData> WidthCases
        => from kind in RecurrentCell.Kinds from hidden in new[] { 8, 11, 16, 19 } select new TestCaseData(kind, hidden);

    [TestCaseSource(nameof(WidthCases))]
    public void Backward_matches_finite_differences_at_every_vector_width_and_the_tail(string kind, int hidden)
        => Check(kind, InputKind.Embedding, layers: 1, hidden);

    private static void Check(string kind, InputKind input, int layers, int hidden = 4)
    {
        var vocabulary = Vocabulary.FromSymbols(["<unk>", "x", "y", "z"]);
        int X = input == InputKind.OneHot ? vocabulary.Count : 3;
        var net = new Network(kind, hidden, layers, classes: 3, vocabulary.Count, input, X, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(7));
        // Larger head and bias values than the initialisation so every part carries gradient.
        var rng = new Rng(8);
        for (int i = net.HeadWeightOffset; i < net.ParameterCount; i++) p[i] = rng.Uniform(-1f, 1f);
        var model = new Model(net, p, vocabulary, ["a", "b", "c"], -1);
        var data = model.Encode(Data);
        var order = data.ByLength();
        var trainer = new DataParallel(net, data.MaxLength, data.Count, training: true);
        var evaluator = new DataParallel(net, data.MaxLength, data.Count, training: false);
        var g = new float[net.ParameterCount];
        trainer.Run(p, data, order, 0, data.Count, g);

        double MeanLoss() => evaluator.Run(p, data, order, 0, data.Count).Loss / data.Count;
        const float eps = 4e-3f;
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < p.Length; i++)
        {
            float saved = p[i];
            p[i] = saved + eps; double up = MeanLoss();
            p[i] = saved - eps; double down = MeanLoss();
            p[i] = saved;
            double numeric = (up - down) / (2 * eps);
            double error = Math.Abs(numeric - g[i]) / (1e-2 + Math.Abs(numeric) + Math.Abs(g[i]));
            if (error > worst) { worst = error; worstIndex = i; }
        }
        Assert.That(worst, Is.LessThan(2e-2), $"{kind}: worst relative error at parameter {worstIndex} of {p.Length}");
        Assert.That(g.Count(x => x != 0), Is.GreaterThan(p.Length / 2), "most parameters receive gradient");
    }
}

public class NetworkSelfCheckTests
{
    [Test]
    public void The_check_commands_network_rows_pass_for_every_cell()
    {
        var rows = new NetworkSelfCheck().Run().ToList();
        Assert.That(rows, Has.Count.EqualTo(RecurrentCell.Kinds.Length));
        Assert.That(rows.Where(r => !r.Pass).Select(r => $"{r.Path}: {r.MaxError}"), Is.Empty);
    }
}
