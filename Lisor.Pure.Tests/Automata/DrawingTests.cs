using System.Xml.Linq;
using Lisor.Pure.Automata;
using Lisor.Pure.Drawing;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

public class DrawingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg) => XDocument.Parse(svg);

    [Test]
    public void Svg_of_the_0110_FSA_is_well_formed_and_shows_every_state_and_edge_label()
    {
        var fsa = Fsa0110.Learn();
        var doc = Parse(FsaSvg.ToSvg(fsa));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        for (int q = 0; q < fsa.StateCount; q++) Assert.That(texts, Does.Contain(q.ToString()));
        var edges = FsaEdges.Of(fsa, new FsaDrawOptions(), out _);
        foreach (var e in edges) Assert.That(texts, Does.Contain(e.Label));
        Assert.That(edges.Select(e => e.Label), Does.Contain("0,1"), "parallel transitions 5 → 6 merge into one edge");
        Assert.That(doc.Descendants(Svg + "path").Count(p => ((string?)p.Attribute("class"))?.StartsWith("edge") == true), Is.EqualTo(edges.Count));
        Assert.That(doc.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "state accepting"), Is.EqualTo(1));
    }

    [Test]
    public void Highlighted_path_of_0110_is_red_and_other_edges_are_not()
    {
        var fsa = Fsa0110.Learn();
        var doc = Parse(FsaSvg.ToSvg(fsa, new FsaDrawOptions { Highlight = ["0", "1", "1", "0"] }));
        var red = doc.Descendants(Svg + "path").Where(p => (string?)p.Attribute("stroke") == "#d62728" && ((string?)p.Attribute("class"))?.StartsWith("edge") == true)
                     .Select(p => ((string)p.Attribute("class")!).Split(' ')[1]).Order().ToArray();
        Assert.That(red, Is.EqualTo(new[] { "e0-1", "e1-2", "e2-3", "e3-4" }));
    }

    [Test]
    public void Svg_escapes_symbols_and_draws_word_classes_as_one_edge()
    {
        string[][] seqs = [["<b>", "&", "\"x\""], ["a", "&"]];
        var fsa = FsaLearner.Learn(seqs, [[0, 1, 1], [0, 1]], 2, [0, 1], ["neg", "pos"], 1);
        var doc = Parse(FsaSvg.ToSvg(fsa));
        Assert.That(doc.Descendants(Svg + "text").Select(t => t.Value), Does.Contain("<b>,a"));
        var classes = Parse(FsaSvg.ToSvg(fsa, new FsaDrawOptions { WordClasses = true })).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(classes, Does.Contain("word class 0-1 (2)"));
        Assert.That(classes, Does.Contain("word class 1-2 (1)"));
    }

    [Test]
    public void Svg_of_random_30_state_FSAs_is_well_formed_with_every_state()
    {
        var rng = new Rng(5);
        for (int trial = 0; trial < 5; trial++)
        {
            var fsa = RandomFsa.Make(rng, 30, 3, 0.5);
            var doc = Parse(FsaSvg.ToSvg(fsa, new FsaDrawOptions { ShowSizes = true }));
            Assert.That(doc.Descendants(Svg + "circle").Select(c => (string?)c.Parent!.Attribute("id")).Distinct().Count(), Is.EqualTo(30));
            Assert.That(doc.Root!.Attribute("viewBox")!.Value, Does.Not.Contain("NaN"));
        }
    }

    [Test]
    public void Degenerate_FSAs_draw_a_single_state_with_or_without_a_loop()
    {
        var lone = new Fsa([], ["0", "1"], 1, [new FsaState(0, 1, 0)], []);
        var loop = new Fsa(["a"], ["0", "1"], 1, [new FsaState(0, 0, 0)], [new FsaTransition(0, 0, 0, 3)]);
        Assert.That(Parse(FsaSvg.ToSvg(lone)).Descendants(Svg + "circle").Count(), Is.EqualTo(2), "accepting: double circle");
        Assert.That(Parse(FsaSvg.ToSvg(loop, new FsaDrawOptions { Highlight = ["a", "a", "b"] })).Descendants(Svg + "text").Select(t => t.Value), Does.Contain("a"));
        Assert.That(FsaDot.ToDot(loop), Does.Contain("0 -> 0 [label=\"a\"]"));
    }

    [Test]
    public void Dot_contains_every_edge_with_its_label()
    {
        var fsa = Fsa0110.Learn();
        string dot = FsaDot.ToDot(fsa, new FsaDrawOptions { Highlight = ["0", "1", "1", "0"] });
        foreach (var e in FsaEdges.Of(fsa, new FsaDrawOptions(), out _))
            Assert.That(dot, Does.Contain($"{e.From} -> {e.To} [label=\"{e.Label}\""));
        Assert.That(dot, Does.Contain("4 [label=\"4\", shape=doublecircle"));
        Assert.That(dot, Does.Contain("0 -> 1 [label=\"0\", color=red"));
        Assert.That(dot, Does.Contain("__start -> 0"));
    }

    [Test]
    public void An_edge_of_many_symbols_names_the_most_used_and_one_of_few_lists_them_in_natural_order()
    {
        var c = new WordClass(0, 1, [("re", 343), ("the", 90), ("a", 90), ("10", 40), ("acoustic", 1), ("2", 1)]);
        Assert.That(FsaEdges.Label(c, 4), Is.EqualTo("re,a,the,10,…(+2)"), "most used first, ties in natural order");
        Assert.That(FsaEdges.Label(c, 6), Is.EqualTo("2,10,a,acoustic,re,the"), "all shown: natural order");
        var uncounted = new WordClass(0, 1, [("x", 0), ("10", 0), ("2", 0), ("b", 0), ("a", 0)]);
        Assert.That(FsaEdges.Label(uncounted, 4), Is.EqualTo("2,10,a,b,…(+1)"), "no counts: the first in natural order");
        // a symbol holding the list's comma (or a quote) is quoted, so "a,b" does not read as a and b
        Assert.That(FsaEdges.Label(new WordClass(0, 1, [("a,b", 2), ("c", 1), ("say \"hi\"", 1)]), 4), Is.EqualTo("\"a,b\",c,\"say \"\"hi\"\"\""));
        // through the SVG of a text-like FSA: the most used words of the edge, not the alphabet's first
        string[][] seqs = [["x", "zeta"], ["x", "zeta"], ["x", "zeta"], ["x", "alpha"], ["x", "beta"], ["x", "gamma"], ["x", "delta"]];
        var fsa = FsaLearner.Learn(seqs, seqs.Select(s => new int[s.Length]).ToArray(), 1, [0], ["no", "yes"], 1);
        var loop = FsaEdges.Of(fsa, new FsaDrawOptions(), out _).Single(e => e.From == e.To);
        Assert.That(loop.Label, Is.EqualTo("zeta,alpha,beta,delta,…(+1)"));
        Assert.That(Parse(FsaSvg.ToSvg(fsa)).Descendants(Svg + "text").Select(t => t.Value), Does.Contain(loop.Label));
    }

    [Test]
    public void The_legend_says_where_the_red_path_ends_and_what_it_answers()
    {
        var fsa = Fsa0110.Learn();
        Assert.That(FsaSvg.Legend(fsa, new FsaDrawOptions { Highlight = ["0", "1", "1", "0"] }), Does.Contain("red: the path of 0 1 1 0, to state 4 (class 1)"));
        // a run the FSA has no move for stops short, in a state whose class is not the answer: the legend says so
        string[][] seqs = [["a", "b"], ["b"]];
        var partial = FsaLearner.Learn(seqs, [[0, 1], [1]], 2, [0, 1], ["no", "yes"], 1);
        Assert.That(partial.Next(partial.Next(Fsa.Start, partial.SymbolIndex("a")), partial.SymbolIndex("a")), Is.LessThan(0));
        var legend = FsaSvg.Legend(partial, new FsaDrawOptions { Highlight = ["a", "a", "b"] });
        Assert.That(legend, Does.Contain($"red: the path of a a b, no move from state {partial.Next(Fsa.Start, partial.SymbolIndex("a"))} on symbol 2 (a): the dead state (class no)"));
        Assert.That(Parse(FsaSvg.ToSvg(partial, new FsaDrawOptions { Highlight = ["a", "a", "b"] })).Descendants(Svg + "text").Select(t => t.Value),
            Does.Contain(legend[^1]));
        // under stay and start the run goes on, as classify and predict --missing run it
        foreach (var policy in new[] { MissingPolicy.Stay, MissingPolicy.Start })
        {
            int q = Fsa.Start;
            foreach (var s in new[] { "a", "a", "b" })
            {
                int next = partial.Next(q, partial.SymbolIndex(s));
                q = next >= 0 ? next : policy == MissingPolicy.Stay ? q : Fsa.Start;
            }
            Assert.That(partial.Classify(["a", "a", "b"], policy), Is.EqualTo(partial.Classes[partial.States[q].Label]));
            // the red path goes on too: the edge of b, read after the missing move, is drawn red
            int from = policy == MissingPolicy.Stay ? partial.Next(Fsa.Start, partial.SymbolIndex("a")) : Fsa.Start;
            var red = FsaEdges.Of(partial, new FsaDrawOptions { Highlight = ["a", "a", "b"], Missing = policy }, out _).Where(e => e.Highlighted);
            Assert.That(red.Select(e => (e.From, e.To)), Does.Contain((from, q)));
            Assert.That(FsaSvg.Legend(partial, new FsaDrawOptions { Highlight = ["a", "a", "b"], Missing = policy }),
                Does.Contain($"red: the path of a a b, to state {q} (class {partial.Classes[partial.States[q].Label]}; no move on symbol 2: " +
                             (policy == MissingPolicy.Stay ? "stayed)" : "back to the start)")));
        }
    }

    [Test]
    public void Word_classes_group_words_by_state_pair_most_frequent_first()
    {
        string[][] seqs = [["good", "great"], ["good", "fine"], ["bad"], ["good"]];
        var fsa = FsaLearner.Learn(seqs, [[0, 0], [0, 0], [1], [0]], 2, [1, 0], ["neg", "pos"], 1);
        var classes = WordClasses.Of(fsa);
        Assert.That(classes.Select(c => c.Name), Is.EqualTo(new[] { "word class 0-1", "word class 0-2", "word class 1-1" }));
        Assert.That(classes[0].Words, Is.EqualTo(new[] { ("good", 3) }));
        Assert.That(classes[2].Words, Is.EqualTo(new[] { ("fine", 1), ("great", 1) }));
        string md = WordClasses.ToMarkdown(classes);
        Assert.That(md, Does.Contain("| word class 0-1 | 1 | 3 | good (3) |"));
    }

    [Test]
    public void Svg_writer_escapes_text_and_attributes()
    {
        var w = new SvgWriter(10, 10);
        w.Element("text", "a<b & 'c'", ("data-x", "\"q\""));
        var doc = Parse(w.ToString());
        var t = doc.Descendants(Svg + "text").Single();
        Assert.That((t.Value, (string?)t.Attribute("data-x")), Is.EqualTo(("a<b & 'c'", "\"q\"")));
    }
}
