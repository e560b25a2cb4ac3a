using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// <see cref="PartitionAutomaton"/> counts the moves of a partition of the prefix tree by sorting them; the plain
/// definition groups them in a dictionary: per (from, a) every seen target with its summed weight, the heaviest kept
/// (the smallest target among equals), the others dropped, both in order of (from, a, to).
/// </summary>
public class PartitionAutomatonTests
{
    [TestCase(2, 1)]
    [TestCase(3, 5)]
    [TestCase(40, 4)]
    [TestCase(400, 9)]
    public void The_moves_are_the_dictionary_definitions_kept_and_dropped(int blocks, int seed)
    {
        var dfa = RandomDfa.Minimal(7, 3, seed: (ulong)seed);
        var strings = RandomDfa.Sample(dfa, 300, 1, 12, new Rng((ulong)seed + 1)).Select(e => e.Tokens).ToList();
        var tree = new PrefixTree(new DfaOracle(dfa), strings);
        var rng = new Rng((ulong)seed + 2);
        var blockOf = Enumerable.Range(0, tree.Count).Select(_ => rng.NextInt(blocks)).ToArray();
        int used = blockOf.Distinct().Count();
        // (blocks numbered 0 … used − 1, as refinement leaves them)
        var renumber = blockOf.Distinct().Select((b, i) => (b, i)).ToDictionary(p => p.b, p => p.i);
        blockOf = blockOf.Select(b => renumber[b]).ToArray();
        var fsa = PartitionAutomaton.Build(tree, new TreePartition(blockOf, used, 0, false), dfa.Classes, dfa.PositiveClass,
            out int[] stateOfBlock, out _);

        var weights = new Dictionary<(int From, int Symbol, int To), int>();
        for (int v = 0; v < tree.Count; v++)
            for (int a = 0; a < tree.Alphabet.Count; a++)
            {
                int child = tree.Child(v, a);
                if (child < 0) continue;
                var key = (stateOfBlock[blockOf[v]], a, stateOfBlock[blockOf[child]]);
                weights[key] = weights.GetValueOrDefault(key) + tree.Weight(child);
            }
        var kept = new List<FsaTransition>();
        var dropped = new List<FsaTransition>();
        foreach (var group in weights.GroupBy(kv => (kv.Key.From, kv.Key.Symbol)).OrderBy(g => g.Key.From).ThenBy(g => g.Key.Symbol))
        {
            var best = group.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.To).First();
            foreach (var kv in group.OrderBy(kv => kv.Key.To))
                (kv.Key == best.Key ? kept : dropped).Add(new FsaTransition(kv.Key.From, kv.Key.Symbol, kv.Key.To, kv.Value));
        }
        Assert.That(fsa.Transitions, Is.EqualTo(kept));
        Assert.That(fsa.Dropped, Is.EqualTo(dropped));
        if (blocks > 2) Assert.That(dropped, Is.Not.Empty, "a partition that merges states with different moves");
    }
}
