using Lisor.Pure.Common;

namespace Lisor.Pure.Automata;

/// <summary>
/// For every state of an FSA, the shortest string that leads to it from the start state — what a reader needs to tell
/// what a state stands for ("state 7: after a a a a a a a"). Among strings of the least length it is the first in the
/// order of the FSA's alphabet (shortlex order): a breadth-first search from the start state that takes the symbols in
/// alphabet order finds each state first along that string. Only the FSA's moves count: a missing move leads to the
/// dead state, which is not one of the listed states.
/// </summary>
internal static class ShortestStrings
{
    /// <summary>Per state, its shortest string as symbol indices (empty for the start state); null for a state no string reaches.</summary>
    public static int[]?[] Of(Fsa fsa)
    {
        ArgumentNullException.ThrowIfNull(fsa);
        int n = fsa.StateCount, sigma = fsa.Alphabet.Count;
        var parent = new int[n];
        var symbol = new int[n];
        var length = new int[n];
        Array.Fill(parent, -2);          // −2: not reached yet
        var queue = new int[n];
        int head = 0, tail = 0;
        if (n > 0) { parent[Fsa.Start] = -1; queue[tail++] = Fsa.Start; }
        while (head < tail)
        {
            int s = queue[head++];
            for (int a = 0; a < sigma; a++)
            {
                int t = fsa.Next(s, a);
                if (t < 0 || parent[t] != -2) continue;
                parent[t] = s; symbol[t] = a; length[t] = length[s] + 1;
                queue[tail++] = t;
            }
        }
        var strings = new int[]?[n];
        for (int s = 0; s < n; s++)
        {
            if (parent[s] == -2) continue;
            var w = new int[length[s]];
            for (int v = s, i = w.Length - 1; i >= 0; v = parent[v], i--) w[i] = symbol[v];
            strings[s] = w;
        }
        return strings;
    }

    /// <summary>
    /// A string of symbols as a reader sees it: the symbols separated by single spaces (the data files' form), "ε" for the
    /// empty string; past <paramref name="maxSymbols"/> symbols, the first ones and "… (N symbols)"; each symbol as
    /// <see cref="Excerpt.Plain"/> shows it (a long one cut, control characters escaped: the report stays one line each).
    /// </summary>
    public static string Show(IReadOnlyList<string> symbols, int maxSymbols = 40)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0) return "ε";
        string shown = string.Join(' ', symbols.Take(maxSymbols).Select(Excerpt.Plain));
        return symbols.Count <= maxSymbols ? shown : shown + $" … ({symbols.Count} symbols)";
    }

    /// <summary><see cref="Show(IReadOnlyList{string}, int)"/> of a string of <paramref name="fsa"/>'s symbol indices.</summary>
    public static string Show(Fsa fsa, int[] word, int maxSymbols = 40)
        => Show(word.Select(a => fsa.Alphabet[a]).ToArray(), maxSymbols);
}
