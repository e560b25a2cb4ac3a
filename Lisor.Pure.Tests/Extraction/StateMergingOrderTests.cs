using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Extraction;

// StateMerging.Plain is process-wide, so these tests run alone.
[NonParallelizable]
public class StateMergingOrderTests
{
    // StateMerging merges the folded pairs of an attempt breadth first, fails it as soon as a queued pair joins two
    // different fixed classes or two sets known not to join (marked by earlier failures), and does not try a marked
    // pair: the same merges must succeed and fail, with the same result, as in the plain algorithm (depth first, a
    // clash seen only when its pair is merged, no marks).
    [TestCase(2, 2, 0.9, 0.0)]
    [TestCase(3, 2, 0.7, 0.3)]
    [TestCase(3, 3, 0.5, 0.5)]
    [TestCase(4, 2, 0.95, 0.1)]
    [TestCase(70, 2, 0.1, 0.2)]
    public void Breadth_first_with_early_clashes_merges_exactly_what_the_plain_algorithm_merges(int symbols, int classes, double moves, double free)
    {
        var rng = new Rng((ulong)(symbols * 100 + classes));
        int merged = 0;
        for (int round = 0; round < 60; round++)
        {
            // copies of the states of a small random automaton (what refinement leaves for merging to fold), a few
            // with a wrong class, so that some merges succeed and others clash at once or deep down
            int m = 2 + rng.NextInt(6), n = m + rng.NextInt(120);
            var copyOf = Enumerable.Range(0, n).Select(q => q < m ? q : rng.NextInt(m)).ToArray();
            var copies = Enumerable.Range(0, m).Select(d => Enumerable.Range(0, n).Where(q => copyOf[q] == d).ToArray()).ToArray();
            var delta = Enumerable.Range(0, m * symbols).Select(_ => rng.NextInt(m)).ToArray();
            var classOf = Enumerable.Range(0, m).Select(_ => rng.NextInt(classes)).ToArray();
            var states = Enumerable.Range(0, n).Select(q => new FsaState(q, rng.NextDouble() < 0.05 ? rng.NextInt(classes) : classOf[copyOf[q]], 1 + rng.NextInt(5))).ToArray();
            var transitions = new List<FsaTransition>();
            for (int q = 0; q < n; q++)
                for (int a = 0; a < symbols; a++)
                {
                    if (rng.NextDouble() >= moves) continue;
                    var targets = copies[delta[copyOf[q] * symbols + a]];
                    transitions.Add(new FsaTransition(q, a, targets[rng.NextInt(targets.Length)], 1 + rng.NextInt(9)));
                }
            var fsa = new Fsa(Enumerable.Range(0, symbols).Select(a => $"s{a}").ToArray(), Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray(),
                -1, states, transitions);
            var labelled = Enumerable.Range(0, n).Select(_ => rng.NextDouble() >= free).ToArray();
            var fast = StateMerging.Merge(fsa, labelled, out int[] fastMap);
            Fsa full;
            int[] fullMap;
            StateMerging.Plain = true;
            try { full = StateMerging.Merge(fsa, labelled, out fullMap); }
            finally { StateMerging.Plain = false; }
            Assert.That(fastMap, Is.EqualTo(fullMap), $"round {round}");
            Assert.That(fast.States, Is.EqualTo(full.States));
            Assert.That(fast.Transitions, Is.EqualTo(full.Transitions));
            merged += n - full.StateCount;
        }
        Assert.That(merged, Is.GreaterThan(100), "merges happen");
    }
}
