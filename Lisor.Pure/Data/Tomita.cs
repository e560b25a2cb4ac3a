using Lisor.Pure.Automata;

namespace Lisor.Pure.Data;

/// <summary>
/// The seven Tomita grammars over {0, 1} (docs/method.md §7), the standard benchmark for extracting
/// automata from RNNs: each as a definition (<see cref="Accepts"/>) and as a hand-written minimal
/// complete DFA (<see cref="Dfa"/>, rejecting sink included), which tests check against each other.
/// <list type="number">
/// <item>1*</item>
/// <item>(10)*</item>
/// <item>no odd-length run of 1s immediately followed by an odd-length run of 0s</item>
/// <item>no 000</item>
/// <item>an even number of 0s and an even number of 1s</item>
/// <item>(#0 − #1) ≡ 0 (mod 3)</item>
/// <item>0*1*0*1*</item>
/// </list>
/// </summary>
public static class Tomita
{
    /// <summary>The states of the minimal complete DFA of grammar <paramref name="n"/>: 2, 3, 5, 4, 4, 3, 5.</summary>
    public static int MinimalStates(int n) => Table(n).Accepting.Length;

    /// <summary>Whether grammar <paramref name="n"/> (1 … 7) contains <paramref name="s"/>, straight from its definition.</summary>
    public static bool Accepts(int n, IReadOnlyList<string> s)
    {
        if (s.Any(x => x != "0" && x != "1")) return false;
        int zeros = s.Count(x => x == "0"), ones = s.Count - zeros;
        return n switch
        {
            1 => zeros == 0,
            2 => s.Count % 2 == 0 && Enumerable.Range(0, s.Count).All(i => s[i] == (i % 2 == 0 ? "1" : "0")),
            3 => !OddOnesThenOddZeros(s),
            4 => !string.Concat(s).Contains("000", StringComparison.Ordinal),
            5 => zeros % 2 == 0 && ones % 2 == 0,
            6 => (zeros - ones) % 3 == 0,
            // 0*1*0*1* ⇔ at most one "10" (a descent) in the string.
            7 => Enumerable.Range(1, Math.Max(0, s.Count - 1)).Count(i => s[i - 1] == "1" && s[i] == "0") <= 1,
            _ => throw new ArgumentOutOfRangeException(nameof(n), "Tomita grammars are numbered 1 … 7"),
        };
    }

    private static bool OddOnesThenOddZeros(IReadOnlyList<string> s)
    {
        // Maximal runs as (symbol, length); look for a 1-run of odd length right before a 0-run of odd length.
        var runs = new List<(string Symbol, int Length)>();
        foreach (var x in s)
            if (runs.Count > 0 && runs[^1].Symbol == x) runs[^1] = (x, runs[^1].Length + 1);
            else runs.Add((x, 1));
        for (int i = 0; i + 1 < runs.Count; i++)
            if (runs[i].Symbol == "1" && runs[i].Length % 2 == 1 && runs[i + 1].Length % 2 == 1) return true;
        return false;
    }

    /// <summary>The minimal complete DFA of grammar <paramref name="n"/> (1 … 7) over Σ = {0, 1},
    /// classes {0, 1} with 1 = accepted; state 0 is the start.</summary>
    public static Fsa Dfa(int n)
    {
        var (accepting, next) = Table(n);
        var states = accepting.Select((acc, q) => new FsaState(q, acc ? 1 : 0, 0)).ToArray();
        var transitions = new List<FsaTransition>();
        for (int q = 0; q < accepting.Length; q++)
            for (int a = 0; a < 2; a++) transitions.Add(new FsaTransition(q, a, next[q, a], 0));
        return new Fsa(["0", "1"], ["0", "1"], 1, states, transitions);
    }

    // Per grammar: which states accept, and next[state, symbol] (symbol 0 = "0", 1 = "1").
    private static (bool[] Accepting, int[,] Next) Table(int n) => n switch
    {
        // 0: only 1s so far; 1: sink.
        1 => ([true, false], new[,] { { 1, 0 }, { 1, 1 } }),
        // 0: inside (10)* at a pair boundary; 1: read the 1 of a pair; 2: sink.
        2 => ([true, false, false], new[,] { { 2, 1 }, { 0, 2 }, { 2, 2 } }),
        // 0: neutral (an even 1-run, or none, pending); 1: odd 1-run; 2: odd 0-run after an odd
        // 1-run (rejects if the string ends here); 3: even 0-run after an odd 1-run; 4: sink.
        3 => ([true, true, false, true, false], new[,] { { 0, 1 }, { 2, 0 }, { 3, 4 }, { 2, 1 }, { 4, 4 } }),
        // state i < 3: the string ends in i zeros; 3: sink (saw 000).
        4 => ([true, true, true, false], new[,] { { 1, 0 }, { 2, 0 }, { 3, 0 }, { 3, 3 } }),
        // state = 2 · (#0 mod 2) + (#1 mod 2).
        5 => ([true, false, false, false], new[,] { { 2, 1 }, { 3, 0 }, { 0, 3 }, { 1, 2 } }),
        // state = (#0 − #1) mod 3.
        6 => ([true, false, false], new[,] { { 1, 2 }, { 2, 0 }, { 0, 1 } }),
        // 0: in the first 0*; 1: first 1*; 2: second 0*; 3: second 1*; 4: sink.
        7 => ([true, true, true, true, false], new[,] { { 0, 1 }, { 2, 1 }, { 2, 3 }, { 4, 3 }, { 4, 4 } }),
        _ => throw new ArgumentOutOfRangeException(nameof(n), "Tomita grammars are numbered 1 … 7"),
    };
}
