namespace Lisor.Pure.Automata;

/// <summary>
/// Builds the FSA of docs/method.md §4 from a clustering of an RNN's hidden states:
/// <list type="bullet">
/// <item>Σ = every symbol in the sequences (ordinal order);</item>
/// <item>Q = the start state S = 0, which owns no points, plus state c + 1 for cluster c (|Q| = k + 1);</item>
/// <item>labels: state c + 1 answers <c>stateLabels[c]</c> (the RNN's output layer on the cluster centre);
///   S answers the first non-positive class, so it is never accepting (the paper; the first class when none
///   is positive), unless a start label is given (e.g. R's answer on the empty string, so the FSA answers ε as R does);</item>
/// <item>δ: N_s(i, j) = how often symbol s moved state i to state j (the first symbol of a sequence
///   moves from S); per (i, s) keep argmax_j N_s(i, j), ties to the smaller j.</item>
/// </list>
/// Every count is kept: the winners as <see cref="Fsa.Transitions"/>, the rest as <see cref="Fsa.Dropped"/>.
/// </summary>
public static class FsaLearner
{
    /// <param name="sequences">The sequences the hidden states came from (the paper: the validation set).</param>
    /// <param name="clusterOfStep">Per sequence, the cluster id 0 … k − 1 of the hidden state after each step.</param>
    /// <param name="k">The number of clusters.</param>
    /// <param name="stateLabels">Per cluster, the class index the RNN predicts for its centre.</param>
    /// <param name="classes">The class names.</param>
    /// <param name="positiveClass">Index of the positive class (its states are the accepting ones), or −1 for none (any number of classes).</param>
    /// <param name="startLabel">The class S answers (the empty string's); null: the first non-positive class, as in the paper.</param>
    public static Fsa Learn(IReadOnlyList<string[]> sequences, int[][] clusterOfStep, int k, int[] stateLabels,
                            IReadOnlyList<string> classes, int positiveClass, int? startLabel = null)
    {
        Check(sequences, clusterOfStep, k, stateLabels, classes, positiveClass);
        if (startLabel is { } given && (uint)given >= (uint)classes.Count)
            throw new ArgumentOutOfRangeException(nameof(startLabel), $"start label {given} is not a class index");
        string[] alphabet = sequences.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var symbolIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int a = 0; a < alphabet.Length; a++) symbolIndex[alphabet[a]] = a;

        int n = k + 1;
        var sizes = new int[n];
        // N_s(i, j), keyed (i · |Σ| + s) · n + j; sparse because most (i, s, j) never occur.
        var counts = new Dictionary<long, int>();
        for (int q = 0; q < sequences.Count; q++)
        {
            int from = Fsa.Start;
            for (int t = 0; t < sequences[q].Length; t++)
            {
                int to = clusterOfStep[q][t] + 1;
                sizes[to]++;
                long key = ((long)from * alphabet.Length + symbolIndex[sequences[q][t]]) * n + to;
                counts[key] = counts.GetValueOrDefault(key) + 1;
                from = to;
            }
        }

        var kept = new List<FsaTransition>();
        var dropped = new List<FsaTransition>();
        // Group by (i, s): sorted keys put the j of one (i, s) together in increasing j order,
        // so a strict '>' keeps the smaller j on ties.
        var moves = counts.Select(kv => new FsaTransition(
            (int)(kv.Key / n / alphabet.Length), (int)(kv.Key / n % alphabet.Length), (int)(kv.Key % n), kv.Value))
            .OrderBy(t => t.From).ThenBy(t => t.Symbol).ThenBy(t => t.To).ToList();
        for (int g = 0; g < moves.Count;)
        {
            int end = g;
            while (end < moves.Count && moves[end].From == moves[g].From && moves[end].Symbol == moves[g].Symbol) end++;
            int best = g;
            for (int m = g + 1; m < end; m++) if (moves[m].Count > moves[best].Count) best = m;
            for (int m = g; m < end; m++) (m == best ? kept : dropped).Add(moves[m]);
            g = end;
        }

        var states = new FsaState[n];
        states[0] = new FsaState(0, startLabel ?? Fsa.FirstNonPositive(classes.Count, positiveClass), 0);
        for (int c = 0; c < k; c++) states[c + 1] = new FsaState(c + 1, stateLabels[c], sizes[c + 1]);
        return new Fsa(alphabet, classes, positiveClass, states, kept, dropped);
    }

    private static void Check(IReadOnlyList<string[]> sequences, int[][] clusterOfStep, int k, int[] stateLabels,
                              IReadOnlyList<string> classes, int positiveClass)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), "k must be ≥ 1");
        if (sequences.Count != clusterOfStep.Length)
            throw new ArgumentException($"{sequences.Count} sequences but {clusterOfStep.Length} cluster lists", nameof(clusterOfStep));
        if (stateLabels.Length != k) throw new ArgumentException($"{stateLabels.Length} state labels for k = {k}", nameof(stateLabels));
        if (positiveClass < -1 || positiveClass >= classes.Count) throw new ArgumentOutOfRangeException(nameof(positiveClass));
        foreach (int label in stateLabels)
            if ((uint)label >= (uint)classes.Count) throw new ArgumentException($"state label {label} is not a class index", nameof(stateLabels));
        for (int q = 0; q < sequences.Count; q++)
        {
            if (sequences[q].Length != clusterOfStep[q].Length)
                throw new ArgumentException($"sequence {q} has {sequences[q].Length} steps but {clusterOfStep[q].Length} cluster ids", nameof(clusterOfStep));
            foreach (int c in clusterOfStep[q])
                if ((uint)c >= (uint)k) throw new ArgumentException($"cluster id {c} in sequence {q} is outside 0 … {k - 1}", nameof(clusterOfStep));
        }
    }
}
