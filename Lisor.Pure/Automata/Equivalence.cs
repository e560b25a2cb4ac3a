namespace Lisor.Pure.Automata;

/// <summary>The answer of <see cref="Equivalence.Check"/>.</summary>
/// <param name="Equivalent">True when both FSAs answer the same class on every sequence.</param>
/// <param name="Counterexample">When not equivalent: a shortest sequence they answer differently
/// (the first in shortlex order over the union alphabet sorted ordinally); null otherwise.</param>
/// <param name="AnswerA">What the first FSA answers on the counterexample.</param>
/// <param name="AnswerB">What the second FSA answers on the counterexample.</param>
public sealed record EquivalenceResult(bool Equivalent, string[]? Counterexample, string? AnswerA, string? AnswerB);

/// <summary>
/// Language equivalence of two FSAs by breadth-first search of their product automaton from
/// (start, start): the pair of states reached by a sequence is (δ_A*(w), δ_B*(w)); the FSAs differ
/// iff some reachable pair has different class names. BFS meets the first such pair along a shortest
/// w. Both run under the same <see cref="MissingPolicy"/>; symbols outside one FSA's alphabet are
/// unknown to it (dead state or stay). Labels are compared by class name, so the class lists may differ.
/// </summary>
public static class Equivalence
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> answer the same class on every sequence (missing moves read by <paramref name="policy"/>), with a shortest counterexample when not.</summary>
    public static EquivalenceResult Check(Fsa a, Fsa b, MissingPolicy policy = MissingPolicy.Dead)
    {
        string[] sigma = a.Alphabet.Union(b.Alphabet, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        int[] stepA = StepTable(a, sigma, policy), stepB = StepTable(b, sigma, policy);
        int na = a.StateCount + 1, nb = b.StateCount + 1; // + the dead state
        string LabelA(int q) => a.Classes[q == a.StateCount ? a.DeadLabel : a.States[q].Label];
        string LabelB(int q) => b.Classes[q == b.StateCount ? b.DeadLabel : b.States[q].Label];

        // parent[pair] = previous pair · |Σ| + symbol, or −1 for the root; −2 = not seen.
        var parent = new long[(long)na * nb];
        Array.Fill(parent, -2);
        var queue = new Queue<int>();
        parent[0] = -1;
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int pair = queue.Dequeue();
            int qa = pair / nb, qb = pair % nb;
            if (LabelA(qa) != LabelB(qb))
                return new EquivalenceResult(false, Path(parent, pair, sigma), LabelA(qa), LabelB(qb));
            for (int s = 0; s < sigma.Length; s++)
            {
                int next = stepA[qa * sigma.Length + s] * nb + stepB[qb * sigma.Length + s];
                if (parent[next] != -2) continue;
                parent[next] = (long)pair * sigma.Length + s;
                queue.Enqueue(next);
            }
        }
        return new EquivalenceResult(true, null, null, null);
    }

    // step[q · |Σ∪| + s] over the union alphabet, state |Q| being the dead state.
    private static int[] StepTable(Fsa fsa, string[] sigma, MissingPolicy policy)
    {
        int n = fsa.StateCount, dead = n;
        var step = new int[(n + 1) * sigma.Length];
        for (int q = 0; q <= n; q++)
            for (int s = 0; s < sigma.Length; s++)
            {
                int a = q == dead ? -1 : fsa.SymbolIndex(sigma[s]);
                int t = a < 0 ? -1 : fsa.Next(q, a);
                step[q * sigma.Length + s] = q == dead ? dead : t >= 0 ? t
                    : policy switch { MissingPolicy.Dead => dead, MissingPolicy.Start => Fsa.Start, _ => q };
            }
        return step;
    }

    private static string[] Path(long[] parent, int pair, string[] sigma)
    {
        var symbols = new List<string>();
        for (long p = parent[pair]; p != -1; p = parent[p / sigma.Length])
            symbols.Add(sigma[p % sigma.Length]);
        symbols.Reverse();
        return symbols.ToArray();
    }
}
