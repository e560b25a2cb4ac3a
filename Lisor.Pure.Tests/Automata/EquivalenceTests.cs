using Lisor.Pure.Automata;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Automata;

public class EquivalenceTests
{
    /// <summary>The shortlex-first string where two Tomita grammars disagree, by brute force.</summary>
    private static string BruteForce(int a, int b)
    {
        for (int len = 0; len <= 12; len++)
            for (int i = 0; i < 1 << len; i++)
            {
                var s = Enumerable.Range(0, len).Select(bit => ((i >> (len - 1 - bit)) & 1).ToString()).ToArray();
                if (Tomita.Accepts(a, s) != Tomita.Accepts(b, s)) return string.Concat(s);
            }
        throw new InvalidOperationException("no difference found");
    }

    [Test]
    public void Every_pair_of_Tomita_grammars_differs_on_the_shortest_brute_force_counterexample()
    {
        for (int a = 1; a <= 7; a++)
            for (int b = 1; b <= 7; b++)
            {
                var r = Equivalence.Check(Tomita.Dfa(a), Tomita.Dfa(b));
                if (a == b) { Assert.That(r.Equivalent, Is.True); continue; }
                Assert.That(r.Equivalent, Is.False, $"{a} vs {b}");
                Assert.That(string.Concat(r.Counterexample!), Is.EqualTo(BruteForce(a, b)), $"{a} vs {b}");
                bool acceptsA = Tomita.Accepts(a, r.Counterexample!);
                Assert.That((r.AnswerA, r.AnswerB), Is.EqualTo((acceptsA ? "1" : "0", acceptsA ? "0" : "1")));
            }
    }

    [Test]
    public void Tomita_1_and_2_first_differ_on_1()
    {
        var r = Equivalence.Check(Tomita.Dfa(1), Tomita.Dfa(2));
        Assert.That(r.Counterexample, Is.EqualTo(new[] { "1" }));
        Assert.That((r.AnswerA, r.AnswerB), Is.EqualTo(("1", "0")));
    }

    [Test]
    public void The_empty_sequence_is_a_counterexample_when_the_starts_differ()
    {
        var r = Equivalence.Check(Tomita.Dfa(4), Fsa0110.Learn());
        Assert.That(r.Counterexample, Is.Empty);
    }

    [Test]
    public void The_0110_FSA_equals_the_language_0110_under_the_dead_policy_but_not_under_stay()
    {
        // Reference: a chain DFA for exactly "0110".
        var chain = new Fsa(["0", "1"], ["0", "1"], 1,
            [new(0, 0, 0), new(1, 0, 0), new(2, 0, 0), new(3, 0, 0), new(4, 1, 0)],
            [new(0, 0, 1, 0), new(1, 1, 2, 0), new(2, 1, 3, 0), new(3, 0, 4, 0)]);
        Assert.That(Equivalence.Check(Fsa0110.Learn(), chain).Equivalent, Is.True);
        var stay = Equivalence.Check(Fsa0110.Learn(), chain, MissingPolicy.Stay);
        Assert.That(stay.Equivalent, Is.False);
        Assert.That(string.Concat(stay.Counterexample!), Is.EqualTo("00110"),
            "under stay the chain ignores the second 0 and accepts; the learned FSA went to its reject state");
    }

    [Test]
    public void Symbols_outside_one_alphabet_are_unknown_to_it()
    {
        var ab = new Fsa(["a", "b"], ["0", "1"], 1, [new(0, 1, 0)], [new(0, 0, 0, 1), new(0, 1, 0, 1)]);
        var a = new Fsa(["a"], ["0", "1"], 1, [new(0, 1, 0)], [new(0, 0, 0, 1)]);
        var r = Equivalence.Check(a, ab);
        Assert.That(r.Counterexample, Is.EqualTo(new[] { "b" }));
        Assert.That(Equivalence.Check(a, ab, MissingPolicy.Stay).Equivalent, Is.True);
    }
}
