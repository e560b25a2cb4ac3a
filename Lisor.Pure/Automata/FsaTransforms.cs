namespace Lisor.Pure.Automata;

/// <summary>Language-preserving rewrites of an <see cref="Fsa"/>: completion and pruning.</summary>
internal static class FsaTransforms
{
    /// <summary>
    /// The complete FSA that answers like <paramref name="fsa"/> run under <paramref name="policy"/>:
    /// under <see cref="MissingPolicy.Dead"/> every missing transition goes to an explicit sink state
    /// (appended last, labelled <see cref="Fsa.DeadLabel"/>, looping on every symbol); under
    /// <see cref="MissingPolicy.Stay"/> every missing transition becomes a self-loop, under
    /// <see cref="MissingPolicy.Start"/> a move to the start state. Added
    /// transitions have count 0. A complete FSA is returned as it is.
    /// </summary>
    public static Fsa Complete(Fsa fsa, MissingPolicy policy = MissingPolicy.Dead)
    {
        if (fsa.IsComplete) return fsa;
        int n = fsa.StateCount, sigma = fsa.Alphabet.Count;
        var states = fsa.States.ToList();
        var transitions = fsa.Transitions.ToList();
        int sink = n;
        if (policy == MissingPolicy.Dead) states.Add(new FsaState(sink, fsa.DeadLabel, 0));
        for (int q = 0; q < n; q++)
            for (int a = 0; a < sigma; a++)
                if (fsa.Next(q, a) < 0) transitions.Add(new FsaTransition(q, a, policy switch { MissingPolicy.Dead => sink, MissingPolicy.Start => Fsa.Start, _ => q }, 0));
        if (policy == MissingPolicy.Dead)
            for (int a = 0; a < sigma; a++) transitions.Add(new FsaTransition(sink, a, sink, 0));
        return fsa.With(states, transitions, fsa.Dropped);
    }

    /// <summary>Which states a path from the start state reaches (breadth-first over δ).</summary>
    public static bool[] Reachable(Fsa fsa)
    {
        var seen = new bool[fsa.StateCount];
        var queue = new Queue<int>();
        seen[Fsa.Start] = true;
        queue.Enqueue(Fsa.Start);
        while (queue.Count > 0)
        {
            int q = queue.Dequeue();
            for (int a = 0; a < fsa.Alphabet.Count; a++)
            {
                int t = fsa.Next(q, a);
                if (t >= 0 && !seen[t]) { seen[t] = true; queue.Enqueue(t); }
            }
        }
        return seen;
    }

    /// <summary>
    /// Removes the states no path from the start reaches (the learner's dropped rare moves can cut
    /// states off). Survivors keep their order, so the start stays 0. Returns the pruned FSA and the
    /// map old id → new id (−1 for removed states).
    /// </summary>
    public static (Fsa Pruned, int[] StateMap) Prune(Fsa fsa)
    {
        bool[] reachable = Reachable(fsa);
        var map = new int[fsa.StateCount];
        var states = new List<FsaState>();
        for (int q = 0; q < fsa.StateCount; q++)
        {
            map[q] = reachable[q] ? states.Count : -1;
            if (reachable[q]) states.Add(fsa.States[q] with { Id = states.Count });
        }
        IEnumerable<FsaTransition> Remap(IEnumerable<FsaTransition> ts)
            => ts.Where(t => reachable[t.From] && reachable[t.To]).Select(t => t with { From = map[t.From], To = map[t.To] });
        return (fsa.With(states, Remap(fsa.Transitions), Remap(fsa.Dropped)), map);
    }
}
