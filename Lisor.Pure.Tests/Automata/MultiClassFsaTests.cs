using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Drawing;

namespace Lisor.Pure.Tests.Automata;

/// <summary>FSAs without a positive class (3 or more classes): runs, minimisation, equivalence, JSON v2, drawings.</summary>
public class MultiClassFsaTests
{
    private static readonly string[] Classes = ["one", "two", "zero"];

    /// <summary>Count of 'a' mod 3 over {a, b}, with a redundant copy of every state (6 states, minimal 3).</summary>
    private static Fsa Mod3Doubled()
    {
        // state 2·r + copy counts r 'a's mod 3; 'b' switches copy, 'a' moves to the other copy of r + 1.
        int[] label = [2, 0, 1];   // r = 0 → "zero", 1 → "one", 2 → "two"
        var states = Enumerable.Range(0, 6).Select(q => new FsaState(q, label[q / 2], q)).ToArray();
        var transitions = new List<FsaTransition>();
        for (int q = 0; q < 6; q++)
        {
            int r = q / 2, copy = q % 2;
            transitions.Add(new FsaTransition(q, 0, 2 * ((r + 1) % 3) + (1 - copy), 1));
            transitions.Add(new FsaTransition(q, 1, 2 * r + (1 - copy), 1));
        }
        return new Fsa(["a", "b"], Classes, -1, states, transitions);
    }

    private static string Expected(string[] s) => Classes[new[] { 2, 0, 1 }[s.Count(t => t == "a") % 3]];

    private static IEnumerable<string[]> AllStrings(int maxLength)
    {
        for (int n = 0; n <= maxLength; n++)
            for (int bits = 0; bits < 1 << n; bits++)
                yield return Enumerable.Range(0, n).Select(i => ((bits >> i) & 1) == 0 ? "a" : "b").ToArray();
    }

    [Test]
    public void An_fsa_without_a_positive_class_answers_every_class_and_accepts_nothing()
    {
        var fsa = Mod3Doubled();
        Assert.That(fsa.HasPositiveClass, Is.False);
        Assert.That(Enumerable.Range(0, fsa.StateCount).Any(fsa.IsAccepting), Is.False);
        foreach (var s in AllStrings(8)) Assert.That(fsa.Classify(s), Is.EqualTo(Expected(s)), string.Join(' ', s));
        var compiled = new CompiledFsa(fsa, MissingPolicy.Dead);
        long missing = 0;
        Assert.That(compiled.LabelOf(compiled.DeadState), Is.EqualTo(0), "the dead state answers the first class");
        Assert.That(Classes[compiled.Classify([0, 0, 1, 0, 0], ref missing)], Is.EqualTo("one"));
        Assert.That(() => new Fsa(["a"], Classes, -2, fsa.States, []), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Minimiser_and_equivalence_work_on_class_labels()
    {
        var fsa = Mod3Doubled();
        var minimal = Minimiser.Minimise(fsa).Minimal;
        Assert.That(minimal.StateCount, Is.EqualTo(3));
        Assert.That(minimal.HasPositiveClass, Is.False);
        Assert.That(Equivalence.Check(fsa, minimal).Equivalent, Is.True);
        var states = fsa.States.ToArray();
        states[3] = states[3] with { Label = 1 };   // "one" after an odd number of b's with one 'a' → "two"
        var changed = Equivalence.Check(fsa, fsa.With(states, fsa.Transitions));
        Assert.That(changed.Equivalent, Is.False);
        Assert.That((changed.AnswerA, changed.AnswerB), Is.EqualTo(("one", "two")));
        Assert.That(string.Join(' ', changed.Counterexample!), Is.EqualTo("a"));
    }

    [Test]
    public void Json_writes_version_2_without_accepting_and_reads_it_back()
    {
        var fsa = Mod3Doubled();
        string json = FsaJson.ToJson(fsa);
        Assert.That(json, Does.Contain("\"version\": 2").And.Contain("\"positive\": null").And.Not.Contain("accepting"));
        var back = FsaJson.Parse(json, "m.json");
        Assert.That(back.PositiveClass, Is.EqualTo(-1));
        Assert.That(back.States, Is.EqualTo(fsa.States));
        Assert.That(back.Transitions, Is.EqualTo(fsa.Transitions));
        Assert.That(FsaJson.ToJson(back), Is.EqualTo(json));
    }

    [Test]
    public void Json_binary_fsas_stay_version_1_byte_for_byte()
    {
        string json = FsaJson.ToJson(Fsa0110.Learn());
        Assert.That(json, Does.StartWith("{\n  \"format\": \"lisor-fsa\", \"version\": 1,\n"));
        Assert.That(json, Does.Contain("  \"positive\": \"1\",\n"));
        Assert.That(json, Does.Contain("    {\"id\": 0, \"start\": true, \"label\": \"0\", \"accepting\": false, \"size\": 0},\n"));
    }

    [TestCase("\"version\": 2", "\"version\": 2", "\"size\": 1}", "\"accepting\": true, \"size\": 1}", "says \"accepting\": true, but the FSA has no positive class")]
    [TestCase("\"version\": 2", "\"version\": 1", "x", "x", "'positive' must be a string")]
    [TestCase("\"version\": 2", "\"version\": 3", "x", "x", "'version' 3 is not supported")]
    public void Json_rejects_broken_version_2_files(string from1, string to1, string from2, string to2, string message)
    {
        string json = FsaJson.ToJson(Mod3Doubled()).Replace(from1, to1);
        int at = json.IndexOf(from2, StringComparison.Ordinal);
        if (at >= 0 && from2 != "x") json = json[..at] + to2 + json[(at + from2.Length)..];
        var e = Assert.Throws<InputException>(() => FsaJson.Parse(json, "m.json"));
        Assert.That(e!.Message, Does.StartWith("m.json:").And.Contain(message));
    }

    [Test]
    public void Drawings_name_each_states_class_and_draw_no_accepting_rings()
    {
        var fsa = Mod3Doubled();
        string svg = FsaSvg.ToSvg(fsa, new FsaDrawOptions { ShowSizes = true });
        Assert.That(svg, Does.Contain("class=\"class-name\">zero<").And.Contain(">one<").And.Contain(">two<"));
        Assert.That(svg, Does.Not.Contain("state accepting"));
        Assert.That(svg, Does.Not.Contain("n=3"), "sizes go in the tooltip when the class name takes the line");
        string dot = FsaDot.ToDot(fsa);
        Assert.That(dot, Does.Contain("1 [label=\"1\\nzero\", shape=circle];").And.Not.Contain("doublecircle"));
        Assert.That(FsaSvg.ClassTag("a-very-long-class"), Is.EqualTo("a-very…"));
        // cut by characters as a reader sees them: an emoji is never split into half a surrogate pair
        Assert.That(FsaSvg.ClassTag("ab😀cd😀efg"), Is.EqualTo("ab😀cd😀…"));
        // names that cut alike lose the prefix they share instead
        Assert.That(FsaSvg.ClassTags(["remainder_zero", "remainder_one", "remainder_two"]), Is.EqualTo(new[] { "…zero", "…one", "…two" }));
        Assert.That(FsaSvg.ClassTags(["zero", "one", "two"]), Is.EqualTo(new[] { "zero", "one", "two" }));
        Assert.That(FsaSvg.ClassTags(["long-name-a", "long-name-b"]), Is.EqualTo(new[] { "…a", "…b" }));
    }

    [Test]
    public void An_empty_highlighted_sequence_is_named_in_the_legend()
    {
        var fsa = Lisor.Pure.Data.Tomita.Dfa(1);
        Assert.That(FsaSvg.Legend(fsa, new FsaDrawOptions { Highlight = [] }), Has.Some.StartsWith("red: the path of the empty sequence, to state 0 (class "));
    }
}
