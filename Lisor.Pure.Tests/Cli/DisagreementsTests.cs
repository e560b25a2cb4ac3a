using Lisor.Pure.Automata;
using Lisor.Pure.Cli;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Cli;

/// <summary>Where the FSA and the model answer differently (<see cref="Disagreements"/>): the count, the shortest strings, the report's lines.</summary>
public class DisagreementsTests
{
    // An FSA that accepts every string (one accepting state with both moves) and "model" answers given by hand.
    private static readonly Fsa All = new(["a", "b"], ["0", "1"], 1, [new(0, 1, 1)], [new(0, 0, 0, 1), new(0, 1, 0, 1)]);

    private static (List<LabeledSequence> Data, FsaEvaluation Score) Run(params string[] strings)
    {
        var data = strings.Select(s => new LabeledSequence("1", s.Length == 0 ? [] : s.Split(' '))).ToList();
        return (data, FsaEvaluation.Of(All, data, null));
    }

    [Test]
    public void Counts_every_differing_string_and_shows_the_shortest_distinct_ones_in_file_order()
    {
        var (data, score) = Run("a b a b", "b", "a a", "b", "a", "b b b", "a a");
        int[] model = [0, 0, 0, 0, 1, 0, 0];   // differs from the FSA (always 1) on all but "a"
        var d = Disagreements.Of("x.tsv", data, score, model, All.Classes);
        Assert.That(d.Count, Is.EqualTo(6));
        Assert.That(d.Strings, Is.EqualTo(7));
        Assert.That(d.Distinct, Is.EqualTo(4), "b, a a, b b b, a b a b");
        Assert.That(d.Shortest.Select(s => string.Join(' ', s.Tokens)), Is.EqualTo(new[] { "b", "a a", "b b b" }), "\"b\" once; then length 2, 3");
        Assert.That(d.Shortest.All(s => s.Model == "0" && s.Fsa == "1" && s.Label == "1"));
        Assert.That(d.Text(), Is.EqualTo("the FSA and the model differ on 6 of 7 strings of x.tsv (4 distinct); the shortest:\n" +
                                         "  b → model 0, FSA 1 (label 1)\n  a a → model 0, FSA 1 (label 1)\n  b b b → model 0, FSA 1 (label 1)\n"));
    }

    [Test]
    public void Says_nothing_when_they_agree_and_names_a_lone_string()
    {
        var (data, score) = Run("", "a", "a b");
        Assert.That(Disagreements.Of("x.tsv", data, score, [1, 1, 1], All.Classes).Text(), Is.Empty);
        var one = Disagreements.Of("x.tsv", data, score, [0, 1, 1], All.Classes);
        Assert.That(one.Text(), Is.EqualTo("the FSA and the model differ on 1 of 3 strings of x.tsv; it is:\n  ε → model 0, FSA 1 (label 1)\n"));
        var two = Disagreements.Of("x.tsv", data, score, [0, 0, 1], All.Classes);
        Assert.That(two.Text(), Does.StartWith("the FSA and the model differ on 2 of 3 strings of x.tsv; they are:\n"));
    }

    [Test]
    public void Repeats_of_a_shown_string_count_but_do_not_make_the_list_the_shortest_of_more()
    {
        // 4 differing strings, 2 of them distinct: both are shown, so "they are", and the header says how many are distinct
        var (data, score) = Run("a b a b", "b", "b", "a", "b");
        var d = Disagreements.Of("x.tsv", data, score, [0, 0, 0, 1, 0], All.Classes);
        Assert.That(d.Count, Is.EqualTo(4));
        Assert.That(d.Distinct, Is.EqualTo(2));
        Assert.That(d.Text(), Is.EqualTo("the FSA and the model differ on 4 of 5 strings of x.tsv (2 distinct); they are:\n" +
                                         "  b → model 0, FSA 1 (label 1)\n  a b a b → model 0, FSA 1 (label 1)\n"));
        Assert.That(d.Json()["distinct"], Is.EqualTo(2));
        // 5 distinct of 6: three shown, the shortest
        var (more, moreScore) = Run("a", "b", "a a", "b b", "a b", "a");
        var m = Disagreements.Of("x.tsv", more, moreScore, [0, 0, 0, 0, 0, 0], All.Classes);
        Assert.That(m.Text(), Does.StartWith("the FSA and the model differ on 6 of 6 strings of x.tsv (5 distinct); the shortest:\n  a → "));
        // all distinct: no "(N distinct)"
        var (once, onceScore) = Run("a", "b");
        Assert.That(Disagreements.Of("x.tsv", once, onceScore, [0, 0], All.Classes).Text(),
            Does.StartWith("the FSA and the model differ on 2 of 2 strings of x.tsv; they are:\n"));
    }

    [Test]
    public void The_json_form_names_the_file_and_each_string_as_the_data_files_write_it()
    {
        var (data, score) = Run("a b", "b");
        var json = Disagreements.Of("x.tsv", data, score, [0, 1], All.Classes).Json();
        Assert.That(json["file"], Is.EqualTo("x.tsv"));
        Assert.That(json["count"], Is.EqualTo(1));
        Assert.That(json["strings"], Is.EqualTo(2));
        var shown = (Dictionary<string, object?>[])json["shortest"]!;
        Assert.That(shown, Has.Length.EqualTo(1));
        Assert.That(shown[0]["tokens"], Is.EqualTo("a b"));
        Assert.That(shown[0]["model"], Is.EqualTo("0"));
        Assert.That(shown[0]["fsa"], Is.EqualTo("1"));
    }
}
