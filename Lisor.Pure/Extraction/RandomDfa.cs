using Lisor.Pure.Automata;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Extraction;

/// <summary>
/// Seeded random minimal DFAs, the targets for testing extraction beyond the Tomita grammars: a
/// complete DFA over the symbols "a", "b", "c", … with n states, every δ(q, a) uniform over Q and every
/// state accepting with probability ½, redrawn until all n states are reachable and pairwise
/// distinguishable (Hopcroft keeps n states). Classes "0" and "1" (1 = accepted).
/// </summary>
public static class RandomDfa
{
    /// <summary>A minimal complete DFA with <paramref name="states"/> states over <paramref name="symbols"/> symbols.</summary>
    public static Fsa Minimal(int states, int symbols, ulong seed)
    {
        if (states < 1) throw new ArgumentOutOfRangeException(nameof(states), "a DFA needs a state");
        if (symbols < 1 || symbols > 26) throw new ArgumentOutOfRangeException(nameof(symbols), "1 … 26 symbols");
        var rng = new Rng(seed);
        string[] alphabet = Enumerable.Range(0, symbols).Select(a => ((char)('a' + a)).ToString()).ToArray();
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            var fsaStates = new FsaState[states];
            for (int q = 0; q < states; q++) fsaStates[q] = new FsaState(q, rng.NextInt(2), 0);
            var transitions = new List<FsaTransition>(states * symbols);
            for (int q = 0; q < states; q++)
                for (int a = 0; a < symbols; a++) transitions.Add(new FsaTransition(q, a, rng.NextInt(states), 0));
            var dfa = new Fsa(alphabet, ["0", "1"], 1, fsaStates, transitions);
            if (Minimiser.Minimise(dfa, MissingPolicy.Dead, keepSink: true).Minimal.StateCount == states) return dfa;
        }
        throw new InvalidOperationException($"no minimal {states}-state DFA over {symbols} symbols found");
    }

    /// <summary>
    /// <paramref name="count"/> labelled strings: lengths uniform in <paramref name="minLength"/> … <paramref name="maxLength"/>,
    /// symbols uniform, each labelled by <paramref name="dfa"/>.
    /// </summary>
    public static List<LabeledSequence> Sample(Fsa dfa, int count, int minLength, int maxLength, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(dfa);
        ArgumentNullException.ThrowIfNull(rng);
        var list = new List<LabeledSequence>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = new string[minLength + rng.NextInt(maxLength - minLength + 1)];
            for (int t = 0; t < tokens.Length; t++) tokens[t] = dfa.Alphabet[rng.NextInt(dfa.Alphabet.Count)];
            list.Add(new LabeledSequence(dfa.Classify(tokens), tokens));
        }
        return list;
    }
}
