using Lisor.Pure.Automata;
using Lisor.Pure.Common;

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

        // Moves (from, a, to) with their weights, then the heaviest per (from, a): the moves as keys
        // (from·|Σ| + a)·states + to, sorted, so each (from, a) lists its successors together in order of `to`.
        var (keys, moveWeight, keyScratch, weightScratch) = Scratch(Math.Max(n - 1, 0));   // a tree of n nodes has n − 1 moves
        // (each node but ε is the end of one move, from its parent; equal keys' weights are summed, so the order the
        // moves are listed in changes nothing)
        int moves = 0;
        for (int child = 1; child < n; child++)
        {
            int v = tree.Parent(child), a = tree.SymbolOf(child);
            keys[moves] = ((ulong)state[blockOf[v]] * (ulong)sigma + (ulong)a) * (ulong)states + (ulong)state[blockOf[child]];
            moveWeight[moves++] = tree.Weight(child);
        }
        RadixSort.Sort(keys.AsSpan(0, moves), moveWeight.AsSpan(0, moves), keyScratch, weightScratch, _counts ??= new int[RadixSort.CountsLength]);
        // the runs of equal keys, each one move with its summed weight, in order
        int distinct = 0;
        for (int i = 0; i < moves; distinct++)
        {
            ulong key = keys[i];
            int w = 0;
            for (; i < moves && keys[i] == key; i++) w += moveWeight[i];
            keys[distinct] = key; moveWeight[distinct] = w;
        }
        var kept = new List<FsaTransition>();
        var dropped = new List<FsaTransition>();
        for (int start = 0; start < distinct;)
        {
            ulong group = keys[start] / (ulong)states;
            int end = start, best = start;
            for (; end < distinct && keys[end] / (ulong)states == group; end++)
                if (moveWeight[end] > moveWeight[best]) best = end;   // the heaviest, the first (smallest `to`) of equals
            int from = (int)(group / (ulong)sigma), symbol = (int)(group % (ulong)sigma);
            for (int i = start; i < end; i++)
                (i == best ? kept : dropped).Add(new FsaTransition(from, symbol, (int)(keys[i] % (ulong)states), moveWeight[i]));
            start = end;
        }
        return new Fsa(tree.Alphabet, classes, positiveClass, fsaStates, kept, dropped);
    }

    // The moves' keys and weights and their sort's scratch, per thread (the candidates of a k search are built side by
    // side), grown to the largest tree met: the moves take no new arrays per build.
    [ThreadStatic] private static ulong[]? _keys, _keyScratch;
    [ThreadStatic] private static int[]? _weights, _weightScratch, _counts;

    private static (ulong[] Keys, int[] Weights, ulong[] KeyScratch, int[] WeightScratch) Scratch(int moves)
    {
        if (_keys is null || _keys.Length < moves)
        {
            int size = Math.Max(moves, 2 * (_keys?.Length ?? 0));
            _keys = new ulong[size]; _keyScratch = new ulong[size]; _weights = new int[size]; _weightScratch = new int[size];
        }
        return (_keys, _weights!, _keyScratch!, _weightScratch!);
    }
}
