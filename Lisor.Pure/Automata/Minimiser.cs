namespace Lisor.Pure.Automata;

/// <summary>The result of <see cref="Minimiser.Minimise"/>.</summary>
/// <param name="Minimal">The minimal FSA answering like the input.</param>
/// <param name="StateMap">Input state → its state in <paramref name="Minimal"/>; −1 when unreachable
/// or (without the kept sink) equivalent to the dead state.</param>
public sealed record Minimisation(Fsa Minimal, int[] StateMap);

/// <summary>
/// Hopcroft's DFA minimisation (1971), generalised from accept/reject to class labels: two states
/// are equivalent when every continuation ends in states with the same label. Steps: complete the
/// FSA under the run policy, prune unreachable states, refine the partition "by label" with
/// Hopcroft's "process the smaller half" rule — O(|Q| · |Σ| · log |Q|) — and build the quotient.
/// Blocks are numbered by their smallest input state, so the start block is 0 and the result does
/// not depend on hash or queue order. Counts and sizes of merged states add up; the input's dropped
/// moves are not carried over (they belong to the learned states, not to the language).
/// The completed and pruned automaton lives in two int arrays [|Q| + 1, |Σ|] (δ and counts), not as an
/// <see cref="Fsa"/> of transition records: on a text model's alphabet of thousands of words an FSA of a hundred
/// states completes to about a million moves.
/// </summary>
public static class Minimiser
{
    /// <param name="fsa">Any FSA (partial or complete, reachable or not).</param>
    /// <param name="policy">How the input's missing transitions are read.</param>
    /// <param name="keepSink">Under the dead policy the minimal complete DFA may have a non-start
    /// sink state labelled <see cref="Fsa.DeadLabel"/>; false (default) removes it and the
    /// transitions into it (the implicit dead state then plays its part), true keeps the complete DFA.</param>
    public static Minimisation Minimise(Fsa fsa, MissingPolicy policy = MissingPolicy.Dead, bool keepSink = false)
    {
        // Complete (FsaTransforms.Complete, as arrays): under the dead policy a partial FSA gets a sink, state n0.
        int n0 = fsa.StateCount, sigma = fsa.Alphabet.Count;
        bool addSink = policy == MissingPolicy.Dead && !fsa.IsComplete;
        int full = n0 + (addSink ? 1 : 0);
        var completeNext = new int[full * sigma];
        var completeCount = new int[full * sigma];
        for (int q = 0; q < n0; q++)
            for (int a = 0; a < sigma; a++)
            {
                int t = fsa.Next(q, a);
                completeNext[q * sigma + a] = t >= 0 ? t : policy switch { MissingPolicy.Dead => n0, MissingPolicy.Start => Fsa.Start, _ => q };
            }
        if (addSink) completeNext.AsSpan(n0 * sigma, sigma).Fill(n0);
        foreach (var t in fsa.Transitions) completeCount[t.From * sigma + t.Symbol] = t.Count;

        // Prune (FsaTransforms.Prune): the states a path from the start reaches, in their order.
        var pruneMap = new int[full];
        Array.Fill(pruneMap, -1);
        var queue = new int[full];
        int head = 0, tail = 0;
        pruneMap[Fsa.Start] = 0; queue[tail++] = Fsa.Start;
        while (head < tail)
        {
            int q = queue[head++];
            for (int a = 0; a < sigma; a++)
            {
                int t = completeNext[q * sigma + a];
                if (pruneMap[t] < 0) { pruneMap[t] = 0; queue[tail++] = t; }
            }
        }
        int n = 0;
        for (int q = 0; q < full; q++) if (pruneMap[q] >= 0) pruneMap[q] = n++;
        var delta = new int[n * sigma];
        var stateLabel = new int[n];
        var stateSize = new int[n];
        var moveCount = new int[n * sigma];
        for (int q = 0; q < full; q++)
        {
            int r = pruneMap[q];
            if (r < 0) continue;
            stateLabel[r] = q < n0 ? fsa.States[q].Label : fsa.DeadLabel;
            stateSize[r] = q < n0 ? fsa.States[q].Size : 0;
            for (int a = 0; a < sigma; a++)
            {
                delta[r * sigma + a] = pruneMap[completeNext[q * sigma + a]];
                moveCount[r * sigma + a] = completeCount[q * sigma + a];
            }
        }
        int[] blockOf = Refine(n, sigma, delta, stateLabel);

        int blocks = n == 0 ? 0 : blockOf.Max() + 1;
        var labels = new int[blocks];
        var sizes = new int[blocks];
        for (int q = 0; q < n; q++) { labels[blockOf[q]] = stateLabel[q]; sizes[blockOf[q]] += stateSize[q]; }
        var next = new int[blocks * sigma];
        var counts = new int[blocks * sigma];
        for (int q = 0; q < n; q++)
            for (int a = 0; a < sigma; a++)
            {
                next[blockOf[q] * sigma + a] = blockOf[delta[q * sigma + a]];
                counts[blockOf[q] * sigma + a] += moveCount[q * sigma + a];
            }

        int sink = -1;
        if (!keepSink && policy == MissingPolicy.Dead)
            for (int b = 1; b < blocks && sink < 0; b++)
                if (labels[b] == fsa.DeadLabel && Enumerable.Range(0, sigma).All(a => next[b * sigma + a] == b)) sink = b;

        // Renumber: blocks in order, the sink (if removed) left out.
        var id = new int[blocks];
        var states = new List<FsaState>();
        for (int b = 0; b < blocks; b++)
        {
            id[b] = b == sink ? -1 : states.Count;
            if (b != sink) states.Add(new FsaState(states.Count, labels[b], sizes[b]));
        }
        var transitions = new List<FsaTransition>();
        for (int b = 0; b < blocks; b++)
            for (int a = 0; a < sigma; a++)
                if (b != sink && next[b * sigma + a] != sink)
                    transitions.Add(new FsaTransition(id[b], a, id[next[b * sigma + a]], counts[b * sigma + a]));

        var map = new int[fsa.StateCount];
        for (int q = 0; q < fsa.StateCount; q++) map[q] = pruneMap[q] < 0 ? -1 : id[blockOf[pruneMap[q]]];
        return new Minimisation(fsa.With(states, transitions), map);
    }

    /// <summary>Hopcroft's partition refinement of a complete δ ([q · |Σ| + a] → state) whose states have the given
    /// labels; returns each state's block, blocks numbered in order of their smallest state.</summary>
    internal static int[] Refine(int n, int sigma, int[] delta, int[] label)
    {
        // Inverse δ in compressed rows: the predecessors of q on a are inv[invStart[a·(n+1)+q] … invStart[a·(n+1)+q+1]).
        var invStart = new int[sigma * (n + 1) + 1];
        for (int p = 0; p < n; p++)
            for (int a = 0; a < sigma; a++) invStart[a * (n + 1) + delta[p * sigma + a] + 1]++;
        for (int i = 1; i < invStart.Length; i++) invStart[i] += invStart[i - 1];
        var fill = (int[])invStart.Clone();
        var inv = new int[n * sigma];
        for (int p = 0; p < n; p++)
            for (int a = 0; a < sigma; a++) inv[fill[a * (n + 1) + delta[p * sigma + a]]++] = p;

        // The partition: elems is a permutation of the states, block b owns elems[first[b] … end[b]).
        var elems = Enumerable.Range(0, n).OrderBy(q => label[q]).ThenBy(q => q).ToArray();
        var pos = new int[n];
        var blockOf = new int[n];
        var first = new List<int>();
        var end = new List<int>();
        for (int i = 0; i < n; i++)
        {
            pos[elems[i]] = i;
            if (i == 0 || label[elems[i]] != label[elems[i - 1]]) { first.Add(i); end.Add(i); }
            blockOf[elems[i]] = first.Count - 1;
            end[^1] = i + 1;
        }
        var marked = new List<int>(new int[first.Count]);
        var inWork = new List<bool>(new bool[first.Count]);
        var work = new Stack<int>();
        // Splitting by every initial block but the largest suffices.
        int largest = first.Count == 0 ? -1 : Enumerable.Range(0, first.Count).MaxBy(b => end[b] - first[b]);
        for (int b = first.Count - 1; b >= 0; b--)
            if (b != largest) { work.Push(b); inWork[b] = true; }

        var splitter = new int[n];
        var touched = new List<int>();
        while (work.Count > 0)
        {
            int A = work.Pop();
            inWork[A] = false;
            int size = end[A] - first[A];
            Array.Copy(elems, first[A], splitter, 0, size); // A may split while we use it
            for (int a = 0; a < sigma; a++)
            {
                // Mark X = δ⁻¹(A, a): move each marked p to the front of its block. In a DFA p has
                // one a-successor, so it is marked at most once.
                for (int s = 0; s < size; s++)
                {
                    int q = splitter[s], row = a * (n + 1) + q;
                    for (int k = invStart[row]; k < invStart[row + 1]; k++)
                    {
                        int p = inv[k], b = blockOf[p];
                        if (marked[b] == 0) touched.Add(b);
                        int slot = first[b] + marked[b]++;
                        int other = elems[slot];
                        (elems[slot], elems[pos[p]]) = (p, other);
                        (pos[other], pos[p]) = (pos[p], slot);
                    }
                }
                foreach (int b in touched)
                {
                    int m = marked[b];
                    marked[b] = 0;
                    if (m == end[b] - first[b]) continue; // all of b is in X: no split
                    int nb = first.Count;           // the marked part becomes block nb
                    first.Add(first[b]); end.Add(first[b] + m); marked.Add(0); inWork.Add(false);
                    first[b] += m;
                    for (int i = first[nb]; i < end[nb]; i++) blockOf[elems[i]] = nb;
                    if (inWork[b]) { work.Push(nb); inWork[nb] = true; }
                    else
                    {
                        int smaller = end[nb] - first[nb] <= end[b] - first[b] ? nb : b;
                        work.Push(smaller); inWork[smaller] = true;
                    }
                }
                touched.Clear();
            }
        }

        // Number the blocks by their smallest state.
        var rename = new int[first.Count];
        Array.Fill(rename, -1);
        int next = 0;
        for (int q = 0; q < n; q++) if (rename[blockOf[q]] < 0) rename[blockOf[q]] = next++;
        for (int q = 0; q < n; q++) blockOf[q] = rename[blockOf[q]];
        return blockOf;
    }
}
