using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

public class MinimiserTests
{
    /// <summary>All strings over {0, 1} of length 0 … <paramref name="maxLength"/>, shortlex order.</summary>
    private static IEnumerable<string[]> AllStrings(int maxLength)
    {
        for (int len = 0; len <= maxLength; len++)
            for (int i = 0; i < 1 << len; i++)
                yield return Enumerable.Range(0, len).Select(b => ((i >> (len - 1 - b)) & 1).ToString()).ToArray();
    }

    [TestCase(1), TestCase(2), TestCase(3), TestCase(4), TestCase(5), TestCase(6), TestCase(7)]
    public void Hand_written_Tomita_DFA_matches_its_definition_up_to_length_10(int n)
    {
        var dfa = Tomita.Dfa(n);
        foreach (var s in AllStrings(10))
            Assert.That(dfa.Classify(s) == "1", Is.EqualTo(Tomita.Accepts(n, s)), $"Tomita {n} on '{string.Concat(s)}'");
    }

    [TestCase(1, 2), TestCase(2, 3), TestCase(3, 5), TestCase(4, 4), TestCase(5, 4), TestCase(6, 3), TestCase(7, 5)]
    public void Tomita_DFAs_are_already_minimal(int n, int states)
    {
        var m = Minimiser.Minimise(Tomita.Dfa(n), keepSink: true);
        Assert.That(m.Minimal.StateCount, Is.EqualTo(states));
        Assert.That(Tomita.MinimalStates(n), Is.EqualTo(states));
        Assert.That(Equivalence.Check(m.Minimal, Tomita.Dfa(n)).Equivalent, Is.True);
    }

    [Test]
    public void Without_keepSink_the_dead_sink_is_left_implicit()
    {
        var m = Minimiser.Minimise(Tomita.Dfa(4));
        Assert.That(m.Minimal.StateCount, Is.EqualTo(3));
        Assert.That(m.StateMap, Is.EqualTo(new[] { 0, 1, 2, -1 }));
        Assert.That(Equivalence.Check(m.Minimal, Tomita.Dfa(4)).Equivalent, Is.True);
    }

    [Test]
    public void Redundant_states_merge_counter_mod_6_becomes_mod_3()
    {
        // Tomita 6 written with a counter mod 6: states q and q + 3 are equivalent.
        var states = Enumerable.Range(0, 6).Select(q => new FsaState(q, q % 3 == 0 ? 1 : 0, 10 + q)).ToArray();
        var ts = new List<FsaTransition>();
        for (int q = 0; q < 6; q++) { ts.Add(new(q, 0, (q + 1) % 6, 1)); ts.Add(new(q, 1, (q + 5) % 6, 2)); }
        var big = new Fsa(["0", "1"], ["0", "1"], 1, states, ts);
        var m = Minimiser.Minimise(big);
        Assert.That(m.Minimal.StateCount, Is.EqualTo(3));
        Assert.That(m.StateMap, Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
        Assert.That(m.Minimal.States.Select(s => s.Size), Is.EqualTo(new[] { 10 + 13, 11 + 14, 12 + 15 }), "merged sizes add up");
        Assert.That(m.Minimal.Transitions.Sum(t => t.Count), Is.EqualTo(big.Transitions.Sum(t => t.Count)), "merged counts add up");
        Assert.That(Equivalence.Check(m.Minimal, Tomita.Dfa(6)).Equivalent, Is.True);
    }

    [Test]
    public void The_0110_FSA_minimises_to_the_minimal_DFA_of_its_language()
    {
        // States 5 and 6 ("1…" and "other") both reject and loop into 6: equivalent. Under the dead
        // policy they are the dead state, so the minimal FSA is the chain S →0→ →1→ →1→ →0→ accept.
        var m = Minimiser.Minimise(Fsa0110.Learn());
        Assert.That(m.Minimal.StateCount, Is.EqualTo(5));
        Assert.That(m.StateMap, Is.EqualTo(new[] { 0, 1, 2, 3, 4, -1, -1 }));
        Assert.That(Minimiser.Minimise(Fsa0110.Learn(), keepSink: true).Minimal.StateCount, Is.EqualTo(6));
    }

    [Test]
    public void Minimisation_preserves_the_language_of_random_FSAs_under_both_policies()
    {
        var rng = new Rng(11);
        for (int trial = 0; trial < 40; trial++)
        {
            var fsa = RandomFsa.Make(rng, 1 + rng.NextInt(10), 1 + rng.NextInt(3), 0.6);
            foreach (var policy in new[] { MissingPolicy.Dead, MissingPolicy.Stay })
            {
                var min = Minimiser.Minimise(fsa, policy).Minimal;
                Assert.That(Equivalence.Check(fsa, min, policy).Equivalent, Is.True);
                Assert.That(Minimiser.Minimise(min, policy).Minimal.StateCount, Is.EqualTo(min.StateCount), "minimal is a fixed point");
                foreach (var s in AllStrings(5).Where(s => s.All(x => int.Parse(x) < fsa.Alphabet.Count)))
                    Assert.That(min.Classify(s, policy), Is.EqualTo(fsa.Classify(s, policy)));
            }
        }
    }

    /// <summary>Moore's algorithm, the slow reference: refine "same label" by the successors' classes until stable.</summary>
    private static int MooreClassCount(Fsa fsa, MissingPolicy policy)
    {
        var (dfa, _) = FsaTransforms.Prune(FsaTransforms.Complete(fsa, policy));
        var cls = dfa.States.Select(s => s.Label).ToArray();
        int count = cls.Distinct().Count();
        while (true)
        {
            var sig = Enumerable.Range(0, dfa.StateCount)
                .Select(q => string.Join(",", new[] { cls[q] }.Concat(Enumerable.Range(0, dfa.Alphabet.Count).Select(a => cls[dfa.Next(q, a)]))))
                .ToArray();
            var ids = sig.Distinct().Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
            cls = sig.Select(x => ids[x]).ToArray();
            if (ids.Count == count) return count;
            count = ids.Count;
        }
    }

    [Test]
    public void Hopcroft_finds_as_few_states_as_Moore_on_random_FSAs()
    {
        var rng = new Rng(23);
        for (int trial = 0; trial < 60; trial++)
        {
            var fsa = RandomFsa.Make(rng, 1 + rng.NextInt(14), 1 + rng.NextInt(3), 0.5 + 0.5 * rng.NextDouble());
            foreach (var policy in new[] { MissingPolicy.Dead, MissingPolicy.Stay })
                Assert.That(Minimiser.Minimise(fsa, policy, keepSink: true).Minimal.StateCount, Is.EqualTo(MooreClassCount(fsa, policy)));
        }
    }

    [Test]
    public void Minimisation_keeps_multi_class_labels_apart()
    {
        // Three states looping on "a" with three different labels: nothing merges.
        var fsa = new Fsa(["a"], ["x", "y", "z"], 0,
            [new(0, 0, 0), new(1, 1, 0), new(2, 2, 0)], [new(0, 0, 1, 1), new(1, 0, 2, 1), new(2, 0, 0, 1)]);
        Assert.That(Minimiser.Minimise(fsa).Minimal.StateCount, Is.EqualTo(3));
    }

    [Test]
    public void Pruning_removes_unreachable_states_and_keeps_the_start()
    {
        var fsa = new Fsa(["a"], ["0", "1"], 1,
            [new(0, 0, 0), new(1, 1, 5), new(2, 1, 7), new(3, 0, 1)],
            [new(0, 0, 2, 3), new(1, 0, 2, 1), new(3, 0, 0, 1)]);
        var (pruned, map) = FsaTransforms.Prune(fsa);
        Assert.That(map, Is.EqualTo(new[] { 0, -1, 1, -1 }));
        Assert.That(pruned.StateCount, Is.EqualTo(2));
        Assert.That(pruned.Transitions, Is.EqualTo(new[] { new FsaTransition(0, 0, 1, 3) }));
        Assert.That(pruned.States[1].Size, Is.EqualTo(7));
    }

    [Test]
    public void Completion_adds_one_sink_or_self_loops()
    {
        var fsa = Fsa0110.Learn();
        var dead = FsaTransforms.Complete(fsa, MissingPolicy.Dead);
        var stay = FsaTransforms.Complete(fsa, MissingPolicy.Stay);
        Assert.That((dead.IsComplete, dead.StateCount), Is.EqualTo((true, 8)));
        Assert.That(dead.Next(4, 0), Is.EqualTo(7));
        Assert.That(dead.IsAccepting(7), Is.False);
        Assert.That((stay.IsComplete, stay.StateCount, stay.Next(4, 0)), Is.EqualTo((true, 7, 4)));
        Assert.That(FsaTransforms.Complete(dead), Is.SameAs(dead));
    }
}
