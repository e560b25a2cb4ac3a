using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>
/// Greedy state merging on a learned FSA whose missing transitions mean "not seen", not "dead" (the
/// FSA of a refined prefix-tree partition). Hopcroft cannot merge a state with an unseen move into one
/// that has it, so k-means cutting one state of R into several clusters leaves copies behind. Here, in
/// the order of RPNI (Oncina &amp; García 1992), each state q = 1, 2, … is merged into the first earlier
/// state p it is compatible with: merging p and q merges δ(p, a) and δ(q, a) for every a both have
/// (folding, so the result stays deterministic), and fails — and is undone — as soon as two states of
/// different classes would meet. A free state (one no string ends in) meets any class and takes it. A merge keeps every seen path and its answer, so the FSA still agrees
/// with R wherever it did on the learning prefixes; probing checks what it does beyond them.
/// <para>
/// Whether a merge succeeds, and the partition it leaves, do not depend on the order in which the folded pairs are
/// merged (the result is the smallest deterministic folding that joins p and q; it fails when that folding joins two
/// classes). Most attempts fail, and a failing attempt costs the pairs merged (and undone) before the clash is seen, so
/// the pairs go breadth first, and a pair whose two sets already carry different fixed classes fails the attempt as it
/// is queued: a fixed class never changes and two such sets never join, so the attempt could only fail later.
/// A set's moves are also listed by symbol, so folding a pair visits the symbols the absorbed set has a move on, not
/// all of Σ (on a text model's thousands of words, a state has a few dozen). A failure is for good (joining larger
/// sets only folds more), so pairs of sets known not to join are marked, and an attempt that meets one stops there.
/// </para>
/// </summary>
internal static class StateMerging
{
    public static Fsa Merge(Fsa fsa) => Merge(fsa, null, out _);

    /// <summary>The most states whose known failures are kept as n² bits (32 KB); above, in a hash set.</summary>
    private const int MarkedFlags = 512;

    /// <summary>Tests: merge the folded pairs depth first and see a clash only when its pair is merged (the plain algorithm).</summary>
    internal static bool Plain;

    /// <summary>The same, with the free states (<paramref name="labelled"/> false; null: none) and each input state's merged state.</summary>
    public static Fsa Merge(Fsa fsa, bool[]? labelled, out int[] stateMap)
    {
        ArgumentNullException.ThrowIfNull(fsa);
        var fixedLabel = labelled is null ? Enumerable.Repeat(true, fsa.StateCount).ToArray() : (bool[])labelled.Clone();
        int n = fsa.StateCount, sigma = fsa.Alphabet.Count;
        var parent = new int[n];
        var next = new int[n * sigma];
        Array.Fill(next, -1);
        for (int q = 0; q < n; q++) parent[q] = q;
        foreach (var t in fsa.Transitions) next[t.From * sigma + t.Symbol] = t.To;
        // the symbols each state (each set, at its root) has a move on
        var movesOn = new List<int>[n];
        for (int q = 0; q < n; q++) movesOn[q] = [];
        foreach (var t in fsa.Transitions) movesOn[t.From].Add(t.Symbol);
        var label = fsa.States.Select(s => s.Label).ToArray();
        // the pairs still to merge, [head, tail) of a queue (a stack in the plain mode); an attempt merges at most n − 1
        // pairs of sets and queues at most |Σ| pairs for each
        var pendingA = new int[n * sigma + 1];
        var pendingB = new int[n * sigma + 1];
        bool plain = Plain;
        // Undo log of one attempted merge: (what, index, old value) with what = 0 parent, 1 next, 2 a free state's label,
        // 3 the length of a set's list of symbols.
        var undo = new List<(int What, int Index, int Old)>();
        // Failures are for good: when the sets of p and q cannot be joined, no sets holding them can (their folding
        // only joins more). So roots r and s whose sets are known not to join are marked (r · n + s in `bad`, and each
        // in the other's list): the pair of a failed attempt, and, after a successful one, an absorbed root's marks
        // carried to its new root. An attempt that reaches a marked pair fails there, and a marked (p, q) is not tried:
        // the same partition, fewer folds. (Not in the plain mode, the reference the tests compare with.) Up to
        // MarkedFlags states the marks are n² bits (at most 32 KB, so not on the large-object heap, whose allocations
        // bring on full collections), looked up at once; above, a hash set of the marked pairs (a partition automaton
        // can have thousands of states).
        bool marking = !plain;
        var flags = marking && n <= MarkedFlags ? new ulong[((long)n * n + 63) / 64] : null;
        var bad = marking && flags is null ? new HashSet<long>() : null;
        var badWith = new List<int>?[marking ? n : 0];
        bool IsBad(int r, int t) => flags is not null ? (flags[(r * n + t) >> 6] & (1UL << (r * n + t))) != 0 : bad!.Contains((long)r * n + t);
        void Mark(int r, int t)
        {
            if (IsBad(r, t)) return;
            if (flags is not null) { flags[(r * n + t) >> 6] |= 1UL << (r * n + t); flags[(t * n + r) >> 6] |= 1UL << (t * n + r); }
            else { bad!.Add((long)r * n + t); bad.Add((long)t * n + r); }
            (badWith[r] ??= []).Add(t);
            (badWith[t] ??= []).Add(r);
        }

        int Find(int x)
        {
            while (parent[x] != x) x = parent[x];
            return x;
        }

        bool Union(int x, int y)
        {
            int head = 0, tail = 0;
            pendingA[tail] = x; pendingB[tail++] = y;
            while (head < tail)
            {
                int a, b;
                if (plain) { tail--; a = pendingA[tail]; b = pendingB[tail]; }
                else { a = pendingA[head]; b = pendingB[head]; head++; }
                int ra = Find(a), rb = Find(b);
                if (ra == rb) continue;
                if (fixedLabel[ra] && fixedLabel[rb] && label[ra] != label[rb]) return false;
                if (marking && IsBad(ra, rb)) return false;
                if (rb < ra) (ra, rb) = (rb, ra); // the smaller state stays the root, so the start stays 0
                undo.Add((0, rb, parent[rb]));
                parent[rb] = ra;
                if (!fixedLabel[ra] && fixedLabel[rb])
                {
                    undo.Add((2, ra, label[ra]));
                    label[ra] = label[rb];
                    fixedLabel[ra] = true;
                }
                foreach (int s in movesOn[rb])
                {
                    int nb = next[rb * sigma + s];
                    int na = next[ra * sigma + s];
                    if (na < 0)
                    {
                        undo.Add((1, ra * sigma + s, na)); next[ra * sigma + s] = nb;
                        undo.Add((3, ra, movesOn[ra].Count)); movesOn[ra].Add(s);
                        continue;
                    }
                    if (!plain)
                    {
                        int fa = Find(na), fb = Find(nb);
                        if (fa != fb && fixedLabel[fa] && fixedLabel[fb] && label[fa] != label[fb]) return false;
                    }
                    pendingA[tail] = na; pendingB[tail++] = nb;
                }
            }
            return true;
        }

        for (int q = 1; q < n; q++)
        {
            if (Find(q) != q) continue;
            for (int p = 0; p < q; p++)
            {
                if (Find(p) != p || (fixedLabel[p] && fixedLabel[q] && label[p] != label[q])) continue;
                if (marking && IsBad(p, q)) continue;
                undo.Clear();
                if (Union(p, q))
                {
                    if (marking)
                        foreach (var (what, absorbed, _) in undo)
                        {
                            if (what != 0 || badWith[absorbed] is not List<int> marks) continue;
                            int root = Find(absorbed);
                            foreach (int x in marks) Mark(root, x);
                        }
                    break;
                }
                for (int u = undo.Count - 1; u >= 0; u--)
                {
                    var (what, index, old) = undo[u];
                    if (what == 0) parent[index] = old;
                    else if (what == 1) next[index] = old;
                    else if (what == 3) movesOn[index].RemoveRange(old, movesOn[index].Count - old);
                    else { label[index] = old; fixedLabel[index] = false; }
                }
                if (marking) Mark(p, q);
            }
        }

        // The merged FSA: roots in order, counts and sizes added up.
        var id = new int[n];
        Array.Fill(id, -1);
        var states = new List<FsaState>();
        for (int q = 0; q < n; q++)
            if (Find(q) == q) { id[q] = states.Count; states.Add(new FsaState(states.Count, label[q], 0)); }
        for (int q = 0; q < n; q++)
        {
            int r = id[Find(q)];
            states[r] = states[r] with { Size = states[r].Size + fsa.States[q].Size };
        }
        stateMap = new int[n];
        for (int q = 0; q < n; q++) stateMap[q] = id[Find(q)];
        var counts = new Dictionary<(int, int), int>();
        foreach (var t in fsa.Transitions)
        {
            var key = (id[Find(t.From)], t.Symbol);
            counts[key] = counts.GetValueOrDefault(key) + t.Count;
        }
        var transitions = new List<FsaTransition>();
        for (int q = 0; q < n; q++)
        {
            if (Find(q) != q) continue;
            for (int s = 0; s < sigma; s++)
                if (next[q * sigma + s] >= 0)
                    transitions.Add(new FsaTransition(id[q], s, id[Find(next[q * sigma + s])], counts.GetValueOrDefault((id[q], s))));
        }
        return fsa.With(states, transitions);
    }
}
