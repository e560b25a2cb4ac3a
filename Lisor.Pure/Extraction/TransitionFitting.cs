using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>
/// Refinement on the cluster level (text, <see cref="TextExtraction"/>): the k states and their classes stay as the
/// clustering made them; only δ is re-chosen so that the FSA agrees with R on more learning sequences.
/// <para>
/// The paper's δ keeps, per (state q, symbol a), the most frequent observed successor. Over a 57-word mail the
/// dropped 1 % of moves add up, so the run ends in R's cluster less often than each move suggests. Here, by
/// coordinate ascent on the count of agreeing sequences A(δ) = Σ_i [label(δ*(S, x_i)) = r_i]: symbols in order of
/// how many sequences hold them (ties: lower id), each source state q, each target t ≠ S, set δ(q, a) = t when that
/// raises A strictly (the first best t wins); repeat sweeps until none changes or <see cref="MaxSweeps"/>. Only the
/// sequences holding a are run again for a's candidates, and only pairs (q, a) that some run reaches are tried.
/// A never falls, so fidelity on the learning data is at least the majority δ's. Labels are never used: r_i is R's answer.
/// Runs follow the missing-transition policy the FSA will be run with (a fitted δ may lead a run onto a move it never
/// had, so the policy changes what δ is best).
/// </para>
/// </summary>
internal static class TransitionFitting
{
    /// <summary>Sweeps over the alphabet at most.</summary>
    public const int MaxSweeps = 4;

    /// <summary>
    /// <paramref name="fsa"/> with δ fitted to R's answers <paramref name="rnn"/> (class indices) on <paramref name="data"/>;
    /// transitions carry the number of learning runs that take them; the dropped moves are kept as they were.
    /// Runs treat a missing move or unknown symbol by <paramref name="policy"/>.
    /// </summary>
    public static Fsa Fit(Fsa fsa, IReadOnlyList<string[]> data, int[] rnn, MissingPolicy policy = MissingPolicy.Dead)
    {
        ArgumentNullException.ThrowIfNull(fsa);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rnn);
        if (rnn.Length != data.Count) throw new ArgumentException($"{rnn.Length} answers of R for {data.Count} sequences", nameof(rnn));
        int states = fsa.StateCount, symbols = fsa.Alphabet.Count;
        var next = new int[states * symbols];
        for (int q = 0; q < states; q++)
            for (int a = 0; a < symbols; a++) next[q * symbols + a] = fsa.Next(q, a);
        var label = fsa.States.Select(s => s.Label).ToArray();
        int dead = fsa.DeadLabel;
        var ids = data.Select(s => s.Select(fsa.SymbolIndex).ToArray()).ToArray();

        // holders[a]: the sequences holding a (each once).
        var holders = new List<int>[symbols];
        for (int a = 0; a < symbols; a++) holders[a] = [];
        for (int i = 0; i < ids.Length; i++)
            foreach (int a in ids[i].Where(a => a >= 0).Distinct()) holders[a].Add(i);
        int[] order = Enumerable.Range(0, symbols).OrderByDescending(a => holders[a].Count).ThenBy(a => a).ToArray();

        // The state after one symbol under the policy (−1: the dead state, which never leaves).
        int Step(int q, int a)
        {
            int to = a < 0 ? -1 : next[q * symbols + a];
            if (to >= 0) return to;
            return policy switch { MissingPolicy.Stay => q, MissingPolicy.Start => Fsa.Start, _ => -1 };
        }
        // The class a run answers: its last state's, or the dead state's.
        int Answer(int[] x)
        {
            int q = Fsa.Start;
            foreach (int a in x)
                if ((q = Step(q, a)) < 0) return dead;
            return label[q];
        }
        var agrees = new bool[ids.Length];
        for (int i = 0; i < ids.Length; i++) agrees[i] = Answer(ids[i]) == rnn[i];
        var reached = new bool[states];

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool changed = false;
            foreach (int a in order)
            {
                var users = holders[a];
                if (users.Count == 0) continue;
                // Which sources some run of a holder is in when it reads a.
                Array.Clear(reached);
                foreach (int i in users)
                {
                    int q = Fsa.Start;
                    foreach (int b in ids[i])
                    {
                        if (b == a) reached[q] = true;
                        if ((q = Step(q, b)) < 0) break;
                    }
                }
                for (int q = 0; q < states; q++)
                {
                    if (!reached[q]) continue;
                    int slot = q * symbols + a, current = next[slot], best = current, bestGain = 0;
                    for (int t = 1; t < states; t++)
                    {
                        if (t == current) continue;
                        next[slot] = t;
                        int gain = 0;
                        foreach (int i in users) gain += (Answer(ids[i]) == rnn[i] ? 1 : 0) - (agrees[i] ? 1 : 0);
                        if (gain > bestGain) { bestGain = gain; best = t; }
                    }
                    next[slot] = best;
                    if (best == current) continue;
                    changed = true;
                    foreach (int i in users) agrees[i] = Answer(ids[i]) == rnn[i];
                }
            }
            if (!changed) break;
        }

        // Transitions with the number of learning runs taking them (a kept move no run takes counts 0).
        var counts = new int[next.Length];
        foreach (var x in ids)
        {
            int q = Fsa.Start;
            foreach (int a in x)
            {
                if (a >= 0 && next[q * symbols + a] >= 0) counts[q * symbols + a]++;
                if ((q = Step(q, a)) < 0) break;
            }
        }
        var transitions = new List<FsaTransition>();
        for (int q = 0; q < states; q++)
            for (int a = 0; a < symbols; a++)
                if (next[q * symbols + a] >= 0) transitions.Add(new FsaTransition(q, a, next[q * symbols + a], counts[q * symbols + a]));
        return fsa.With(fsa.States, transitions, fsa.Dropped);
    }
}
