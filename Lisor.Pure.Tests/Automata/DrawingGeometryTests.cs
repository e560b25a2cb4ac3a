using System.Xml.Linq;
using Lisor.Pure.Automata;
using Lisor.Pure.Drawing;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

/// <summary>
/// FSA drawings are readable, measured on their geometry: labels overlap neither each other nor
/// states, a self-loop's label touches its loop, a label is nearest its own edge, and distinct lines
/// meet a state at distinct points (never one point that reads as a two-headed edge).
/// </summary>
public class DrawingGeometryTests
{
    /// <summary>The drawings checked: the 0110 FSA as the demo draws it, random 10-state FSAs over 2 and
    /// 3 symbols, 3-class FSAs (class names in the circles) and word-class drawings (long labels).</summary>
    private static IEnumerable<TestCaseData> Drawings()
    {
        yield return new TestCaseData(Fsa0110.Learn(), new FsaDrawOptions { Highlight = ["0", "1", "1", "0"], ShowSizes = true }).SetName("0110 as the demo draws it");
        for (int seed = 1; seed <= 8; seed++)
            yield return new TestCaseData(RandomFsa.Make(new Rng((ulong)seed), 10, 2, 0.8), new FsaDrawOptions { ShowSizes = true }).SetName($"random 10 states, 2 symbols, seed {seed}");
        for (int seed = 1; seed <= 4; seed++)
            yield return new TestCaseData(RandomFsa.Make(new Rng((ulong)(100 + seed)), 10, 3, 0.9), new FsaDrawOptions { ShowSizes = true }).SetName($"random 10 states, 3 symbols, seed {seed}");
        for (int seed = 1; seed <= 3; seed++)
            yield return new TestCaseData(ThreeClasses(new Rng((ulong)(200 + seed)), 8), new FsaDrawOptions()).SetName($"3 classes, 8 states, seed {seed}");
        // The text experiment's FSAs: k = 2 clusters and the start state, a word class on every pair.
        for (int seed = 1; seed <= 4; seed++)
            yield return new TestCaseData(RandomFsa.Make(new Rng((ulong)(300 + seed)), 3, 40, 0.9), new FsaDrawOptions { WordClasses = true, ShowSizes = true }).SetName($"word classes, 3 states, seed {seed}");

    }

    /// <summary>A random FSA over {0, 1} whose states answer one of three classes (no positive class).</summary>
    private static Fsa ThreeClasses(Rng rng, int states)
    {
        var binary = RandomFsa.Make(rng, states, 2, 0.8);
        var st = Enumerable.Range(0, states).Select(q => new FsaState(q, rng.NextInt(3), binary.States[q].Size)).ToArray();
        return new Fsa(binary.Alphabet, ["even", "odd", "other"], -1, st, binary.Transitions);
    }

    [TestCaseSource(nameof(Drawings))]
    public void Labels_overlap_neither_each_other_nor_states_nor_the_start_arrow(Fsa fsa, FsaDrawOptions options)
    {
        var p = new FsaPicture(fsa, options);
        Assert.That(FsaPictureChecks.LabelsOverlapping(p), Is.Empty);
        Assert.That(FsaPictureChecks.LabelsOnStates(p), Is.Empty);
    }

    [TestCaseSource(nameof(Drawings))]
    public void Distinct_lines_meet_a_state_at_distinct_points(Fsa fsa, FsaDrawOptions options)
        => Assert.That(FsaPictureChecks.PortsTooClose(new FsaPicture(fsa, options)), Is.Empty);

    [TestCaseSource(nameof(Drawings))]
    public void A_self_loop_label_touches_its_loop(Fsa fsa, FsaDrawOptions options)
        => Assert.That(FsaPictureChecks.LoopLabelsAway(new FsaPicture(fsa, options)), Is.Empty);

    [TestCaseSource(nameof(Drawings))]
    public void A_label_is_nearer_its_own_edge_than_any_other(Fsa fsa, FsaDrawOptions options)
        => Assert.That(FsaPictureChecks.LabelsNearerAnotherEdge(new FsaPicture(fsa, options)), Is.Empty);

    [Test]
    public void The_checks_flag_a_label_moved_onto_another_and_ends_moved_together()
    {
        var p = new FsaPicture(Fsa0110.Learn(), new FsaDrawOptions { ShowSizes = true });
        Assert.That(FsaPictureChecks.All(p), Is.Empty, "the drawing itself is clean");
        int loop = Array.FindIndex(p.LoopAngle, a => !double.IsNaN(a));
        int other = loop == 0 ? 1 : 0;
        p.Labels[other] = p.Labels[loop];
        Assert.That(FsaPictureChecks.LabelsOverlapping(p), Is.Not.Empty);
        Assert.That(FsaPictureChecks.LabelsNearerAnotherEdge(p), Is.Not.Empty);
        p.Labels[loop] = p.Labels[loop] with { X0 = p.Labels[loop].X0 + 40, X1 = p.Labels[loop].X1 + 40 };
        Assert.That(FsaPictureChecks.LoopLabelsAway(p), Is.Not.Empty);
        // Move the end of one edge onto the start of another at the same state.
        var fresh = new FsaPicture(Fsa0110.Learn(), new FsaDrawOptions());
        var routes = fresh.Layout.Routes;
        int into = Enumerable.Range(0, routes.Count).First(i => routes[i].Edge.From != routes[i].Edge.To
                                                              && routes.Any(r => r.Edge.From == routes[i].Edge.To && r.Edge.To != r.Edge.From));
        int outOf = Enumerable.Range(0, routes.Count).First(i => routes[i].Edge.From == routes[into].Edge.To && routes[i].Edge.To != routes[i].Edge.From);
        fresh.Curves[into][^1] = fresh.Curves[into][^1] with { P3 = fresh.Curves[outOf][0].P0 };
        Assert.That(FsaPictureChecks.PortsTooClose(fresh), Is.Not.Empty);
    }

    [Test]
    public void Spreading_pushes_coinciding_ports_apart_and_leaves_fixed_ones()
    {
        var two = FsaPorts.SpreadAngles([10, 10], []);
        Assert.That(FsaGeometry.AngleBetween(two[0], two[1]), Is.EqualTo(FsaPorts.MinSeparation).Within(1e-6));
        Assert.That((two[0] + two[1]) / 2, Is.EqualTo(10).Within(1e-6), "both move, half each");
        var beside = FsaPorts.SpreadAngles([175], [180]);
        Assert.That(beside[0], Is.EqualTo(150).Within(1e-6), "only the movable one moves");
        var wrap = FsaPorts.SpreadAngles([-179, 179], []);
        Assert.That(FsaGeometry.AngleBetween(wrap[0], wrap[1]), Is.EqualTo(FsaPorts.MinSeparation).Within(1e-6), "across ±180°");
        var crowded = FsaPorts.SpreadAngles(Enumerable.Repeat(0.0, 18).Select((a, i) => a + i * 0.1).ToArray(), []);
        var sorted = crowded.Select(a => ((a % 360) + 360) % 360).Order().ToArray();
        for (int i = 0; i < sorted.Length; i++)
            Assert.That(FsaGeometry.AngleBetween(sorted[i], sorted[(i + 1) % sorted.Length]), Is.GreaterThanOrEqualTo(0.98 * 360.0 / 18 - 0.01));
    }

    [Test]
    public void Sizes_fit_inside_the_accepting_ring_and_the_legend_says_what_they_are_in_svg_and_dot()
    {
        Assert.That(new long[] { 0, 432, 999, 1000, 4321, 9949, 9950, 43210, 999_499, 999_500, 4_321_000, 43_210_000 }.Select(FsaSvg.CompactCount),
                    Is.EqualTo(new[] { "0", "432", "999", "1.0k", "4.3k", "9.9k", "10k", "43k", "999k", "1.0M", "4.3M", "43M" }));
        var states = new[] { new FsaState(0, 0, 0), new FsaState(1, 1, 123_456) };
        var fsa = new Fsa(["a"], ["0", "1"], 1, states, [new FsaTransition(0, 0, 1, 1)]);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var doc = XDocument.Parse(FsaSvg.ToSvg(fsa, new FsaDrawOptions { ShowSizes = true }));
        var texts = doc.Descendants(ns + "text").ToList();
        Assert.That(texts.Where(t => (string?)t.Attribute("class") == "size").Select(t => t.Value), Is.EqualTo(new[] { "123k" }), "no size for the start state, which holds no points");
        Assert.That(texts.Select(t => t.Value), Has.None.Contains("n="));
        string legend = string.Join(" ", texts.Where(t => (string?)t.Attribute("class") == "legend").Select(t => t.Value));
        Assert.That(legend, Does.Contain("double circle: accepting").And.Contain("number under a state's id: hidden states clustered into it"));
        Assert.That(FsaSvg.Legend(fsa, new FsaDrawOptions()), Has.None.Contains("number"), "no sizes drawn, none explained");
        string dot = FsaDot.ToDot(fsa, new FsaDrawOptions { ShowSizes = true });
        Assert.That(dot, Does.Contain("1 [label=\"1\\n123456\", shape=doublecircle"));
        Assert.That(dot, Does.Contain("label=\"double circle: accepting (class 1)\\nnumber under a state's id: hidden states clustered into it\";"));
    }
}
