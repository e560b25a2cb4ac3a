namespace Lisor.Pure.Data;

/// <summary>
/// A complete deterministic automaton over the alphabet {0, 1}: the reference definition of the
/// built-in tasks' labels (Tomita grammars 1–7 and the "000" task). State 0 is the start state.
/// </summary>
internal sealed class BinaryDfa
{
    private readonly int[,] _next;     // [state, symbol] → state
    private readonly bool[] _accepting; // [state]

    /// <summary>Builds the automaton from rows (next on '0', next on '1', accepting).</summary>
    public BinaryDfa(params (int On0, int On1, bool Accepting)[] states)
    {
        _next = new int[states.Length, 2];
        _accepting = new bool[states.Length];
        for (int q = 0; q < states.Length; q++)
        {
            _next[q, 0] = states[q].On0; _next[q, 1] = states[q].On1; _accepting[q] = states[q].Accepting;
        }
    }

    public int StateCount => _accepting.Length;
    public int Next(int state, int symbol) => _next[state, symbol];
    public bool IsAccepting(int state) => _accepting[state];

    /// <summary>True when the automaton accepts the 0/1 string.</summary>
    public bool Accepts(ReadOnlySpan<int> bits)
    {
        int q = 0;
        foreach (int b in bits) q = _next[q, b];
        return _accepting[q];
    }
}

/// <summary>The Tomita grammars (docs/method.md §7) as <see cref="BinaryDfa"/>s, from the hand-written
/// minimal DFAs of <see cref="Tomita"/>.</summary>
internal static class TomitaGrammars
{
    /// <summary>The DFA of Tomita grammar <paramref name="n"/> (1…7).</summary>
    public static BinaryDfa Grammar(int n)
    {
        var dfa = Tomita.Dfa(n);
        int zero = dfa.SymbolIndex("0"), one = dfa.SymbolIndex("1");
        return new BinaryDfa(dfa.States.Select(s => (dfa.Next(s.Id, zero), dfa.Next(s.Id, one), dfa.IsAccepting(s.Id))).ToArray());
    }
}
