using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The FSA of a partition of a <see cref="PrefixTree"/>: one state per block, the block holding ε
/// is the start state 0 (so the FSA answers R's answer on ε), the other blocks numbered in order of
/// their first node. A state answers the class R gives its prefixes that end strings (blocks are pure
/// there after <see cref="Refinement"/>; otherwise the heaviest class); a state whose prefixes end no
/// string is <i>free</i> (<c>labelled</c> false) and answers R's most common answer on them. δ(B, a) is the successor block the
/// moves v → v·a (v ∈ B) reach most often by weight, ties to the lower state; the other moves are
/// kept as <see cref="Fsa.Dropped"/>. A state's size is the total weight of its prefixes.
/// </summary>
internal static class PartitionAutomaton
{
    public static Fsa Build(PrefixTree tree, TreePartition partition, IReadOnlyList<string> classes, int positiveClass)
        => Build(tree, partition, classes, positiveClass, out _, out _);

    /// <summary>The same, also giving each block's state and which states carry a required answer.</summary>
    public static Fsa Build(PrefixTree tree, TreePartition partition, IReadOnlyList<string> classes, int positiveClass,
        out int[] stateOfBlock, out bool[] labelled)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(partition);
        int n = tree.Count, sigma = tree.Alphabet.Count, blocks = partition.Blocks, c = classes.Count;
        var blockOf = partition.BlockOf;
        // State ids: ε's block first, then by first node.
        var state = new int[blocks];
        Array.Fill(state, -1);
        int states = 0;
        state[blockOf[0]] = states++;
        for (int v = 1; v < n; v++) if (state[blockOf[v]] < 0) state[blockOf[v]] = states++;
        stateOfBlock = state;

        var labelWeight = new long[states * c];
        var hintWeight = new long[states * c];
        var size = new int[states];
        labelled = new bool[states];
        for (int v = 0; v < n; v++)
        {
            int q = state[blockOf[v]];
            if (tree.IsEnd(v)) { labelWeight[q * c + tree.Label(v)] += Math.Max(1, tree.Weight(v)); labelled[q] = true; }
            hintWeight[q * c + tree.Label(v)] += Math.Max(1, tree.Weight(v));
            size[q] += tree.Weight(v);
        }
        var fsaStates = new FsaState[states];
        for (int q = 0; q < states; q++)
        {
            var weight = labelled[q] ? labelWeight : hintWeight;
            int best = 0;
            for (int y = 1; y < c; y++) if (weight[q * c + y] > weight[q * c + best]) best = y;
            // ε's own answer decides the start state, whatever else shares its block.
            fsaStates[q] = new FsaState(q, q == 0 ? tree.Label(0) : best, size[q]);
        }

        // Moves (from, a, to) with their weights, then the heaviest per (from, a).
        var weights = new Dictionary<(int From, int Symbol, int To), int>();
        for (int v = 0; v < n; v++)
            for (int a = 0; a < sigma; a++)
            {
                int child = tree.Child(v, a);
                if (child < 0) continue;
                var key = (state[blockOf[v]], a, state[blockOf[child]]);
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
        return new Fsa(tree.Alphabet, classes, positiveClass, fsaStates, kept, dropped);
    }
}
