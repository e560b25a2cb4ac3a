namespace Lisor.Pure.Data;

/// <summary>
/// A complete deterministic automaton over the alphabet {0, 1}: the reference definition of the
/// built-in tasks' labels (Tomita grammars 1–7 and the "000" task). State 0 is the start state.
/// </summary>
public sealed class BinaryDfa
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

/// <summary>The Tomita grammars (Tomita 1982; METHOD.md §7) as minimal complete DFAs.</summary>
public static class Tomita
{
    /// <summary>The DFA of Tomita grammar <paramref name="n"/> (1…7).</summary>
    public static BinaryDfa Grammar(int n) => n switch
    {
        // 1: 1*          q0 accepting, q1 dead.
        1 => new BinaryDfa((1, 0, true), (1, 1, false)),
        // 2: (10)*       q0 accepting (even), q1 saw the 1 of a pair, q2 dead.
        2 => new BinaryDfa((2, 1, true), (0, 2, false), (2, 2, false)),
        // 3: no odd (maximal) run of 1s immediately followed by an odd (maximal) run of 0s.
        //    q0 neutral, q1 odd run of 1s, q2 even run of 1s, q3 odd run of 0s after an odd 1-run
        //    (rejecting if the string ends), q4 even run of 0s after an odd 1-run, q5 dead.
        3 => new BinaryDfa((0, 1, true), (3, 2, true), (0, 1, true), (4, 5, false), (3, 1, true), (5, 5, false)),
        // 4: no 000      q_i = i trailing zeros, q3 dead.
        4 => new BinaryDfa((1, 0, true), (2, 0, true), (3, 0, true), (3, 3, false)),
        // 5: even number of 0s and of 1s   q = 2·(#0 mod 2) + (#1 mod 2).
        5 => new BinaryDfa((2, 1, true), (3, 0, false), (0, 3, false), (1, 2, false)),
        // 6: (#0 − #1) ≡ 0 (mod 3)          q = (#0 − #1) mod 3.
        6 => new BinaryDfa((1, 2, true), (2, 0, false), (0, 1, false)),
        // 7: 0*1*0*1*    q0 in 0*, q1 in 1*, q2 in 0*, q3 in 1*, q4 dead.
        7 => new BinaryDfa((0, 1, true), (2, 1, true), (2, 3, true), (4, 3, true), (4, 4, false)),
        _ => throw new ArgumentOutOfRangeException(nameof(n), "Tomita grammars are numbered 1 to 7"),
    };
}
