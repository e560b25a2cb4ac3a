using Lisor.Pure.Cells;
using Lisor.Pure.Data;
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
        var (net, p, data) = NetworkGradientCheck.TinyNetwork(kind, input, layers, hidden, Data);
        var (worst, worstIndex, nonZero) = NetworkGradientCheck.Run(net, p, data);
        Assert.That(worst, Is.LessThan(2e-2), $"{kind}: worst relative error at parameter {worstIndex} of {p.Length}");
        Assert.That(nonZero, Is.GreaterThan(p.Length / 2), "most parameters receive gradient");
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
