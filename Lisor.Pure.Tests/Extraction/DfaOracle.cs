using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// A made-up R that is exactly a DFA: its state after a prefix is the one-hot vector of the DFA state
/// plus a small offset that depends on the prefix (so distinct prefixes have distinct points, as an
/// RNN's do), its answer the DFA's class. With <c>copies</c> &gt; 1 every DFA state is represented by
/// that many well-separated points (chosen by the prefix's length), so k-means sees more clusters than
/// R has states.
/// </summary>
internal sealed class DfaOracle(Fsa dfa, int copies = 1) : IStateOracle
{
    public int Runs { get; private set; }
    public int Dim => dfa.StateCount * copies;
    public IReadOnlyList<string> Classes => dfa.Classes;
    public int PositiveClass => dfa.PositiveClass;
    public (float[] State, int Answer) Initial => (Point(Fsa.Start, 0, 0), dfa.States[Fsa.Start].Label);

    public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
    {
        Runs += strings.Count;
        for (int i = 0; i < strings.Count; i++)
        {
            var s = strings[i];
            states[i] = new float[s.Length * Dim];
            answers[i] = new int[s.Length];
            int q = Fsa.Start, hash = 17;
            for (int t = 0; t < s.Length; t++)
            {
                q = dfa.Next(q, dfa.SymbolIndex(s[t]));
                hash = unchecked(hash * 31 + dfa.SymbolIndex(s[t]) + 1);
                Point(q, t + 1, hash).CopyTo(states[i].AsSpan(t * Dim, Dim));
                answers[i][t] = dfa.States[q].Label;
            }
        }
    }

    public int[] Answer(IReadOnlyList<string[]> strings)
    {
        Runs += strings.Count;
        return strings.Select(s => dfa.Classes.ToList().IndexOf(dfa.Classify(s))).ToArray();
    }

    private float[] Point(int q, int length, int hash)
    {
        var x = new float[Dim];
        x[q * copies + length % copies] = 1;
        x[(q * copies + 1) % Dim] += (hash & 1023) / 1024f * 0.01f;
        return x;
    }
}
