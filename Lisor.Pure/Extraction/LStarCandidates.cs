using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The default extraction's last resort before the compact fits (docs/extraction.md, step 6): when no FSA from R's
/// clustered states reaches the target, Angluin's L* asks R itself (<see cref="LStar"/>, R as the membership oracle)
/// and every hypothesis it builds becomes a candidate, minimised. Clusters fail where R's states do not fall into
/// clean groups — a GRU counting symbols modulo 3 and 5 spreads its 15 states over a continuum — while L* never
/// looks at the states, only at R's answers, so it finds such an R's automaton from a few thousand queries.
/// <para>
/// Bounded without a clock, so the result depends on the seed alone: at most <c>maxStates</c> states (each
/// counterexample adds one, so at most that many rounds). The equivalence samples are the learning strings, every
/// string of the first lengths up to <see cref="ExhaustiveWords"/> strings in all, and random walks from their own
/// seed: not the probes' longer exhaustive lengths and random strings, which then still measure every candidate —
/// L*'s included — on strings it never learned from.
/// </para>
/// </summary>
internal static class LStarCandidates
{
    /// <summary>Exhaustive equivalence samples: every string up to the longest length that keeps this many in all
    /// (length 9 for two symbols; the probes go on to 13).</summary>
    public const long ExhaustiveWords = 1 << 10;

    /// <summary>Seed offset of the random walks (the probes take the seed itself, the compact fits' sample seed + 2).</summary>
    public const ulong SeedOffset = 3;

    /// <summary>
    /// L*'s hypotheses on <paramref name="model"/> over the alphabet of <paramref name="tree"/>, each minimised, the
    /// distinct ones in the order L* built them (so smallest first), each state's size and each move's count those of
    /// the tree's prefixes (<see cref="Annotate"/>). <paramref name="learning"/> are the learning strings as symbol
    /// indices; <paramref name="runs"/> receives the strings R was run on.
    /// </summary>
    public static List<Fsa> Learn(IStateOracle model, PrefixTree tree, IReadOnlyList<int[]> learning, int maxStates,
        ulong seed, out long runs)
    {
        var alphabet = tree.Alphabet;
        var oracle = model is ModelOracle m ? (IMembershipOracle)new RnnOracle(m.Model, alphabet) : new StateMembership(model, alphabet);
        var hypotheses = new List<(int[] Labels, int[] Next)>();
        var result = LStar.Learn(oracle, new LStarOptions
        {
            MaxStates = maxStates,
            TimeLimit = 1e9,   // no clock in effect (31 years): the state bound ends it
            ExhaustiveWords = ExhaustiveWords,
            Data = learning,
            Seed = seed + SeedOffset,
            OnHypothesis = (labels, next) => hypotheses.Add((labels, next)),
        });
        hypotheses.Add((result.Labels, result.Next));
        runs = oracle switch { RnnOracle r => r.Outputs, StateMembership s => s.Queries, _ => 0 };   // distinct words R answered
        var fsas = new List<Fsa>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, next) in hypotheses)
        {
            var hypothesis = new LStarResult { Labels = labels, Next = next, AlphabetSize = alphabet.Count }
                .ToFsa(alphabet, model.Classes, model.PositiveClass);
            var minimal = Annotate(Minimiser.Minimise(hypothesis).Minimal, tree);
            if (seen.Add(FsaJson.ToJson(minimal))) fsas.Add(minimal);
        }
        return fsas;
    }

    /// <summary>
    /// <paramref name="fsa"/> with the sizes and counts a refined FSA has: a state's size is the total weight of the
    /// prefixes of <paramref name="tree"/> that reach it (the strings passing through), a move's count the weight of the
    /// tree's moves it takes — what the report's "points" column and the drawing's numbers show. Nothing else changes.
    /// </summary>
    internal static Fsa Annotate(Fsa fsa, PrefixTree tree)
    {
        int sigma = fsa.Alphabet.Count;
        var size = new int[fsa.StateCount];
        var count = new int[fsa.StateCount * sigma];
        var state = new int[tree.Count];
        state[0] = Fsa.Start;
        size[Fsa.Start] += tree.Weight(0);
        for (int v = 1; v < tree.Count; v++)   // a parent comes before its children
        {
            int q = state[tree.Parent(v)], a = tree.SymbolOf(v);
            int next = q < 0 ? -1 : fsa.Next(q, a);
            state[v] = next;
            if (next < 0) continue;   // past a missing move: the dead state, not drawn
            size[next] += tree.Weight(v);
            count[q * sigma + a] += tree.Weight(v);
        }
        var states = fsa.States.Select(s => s with { Size = size[s.Id] }).ToArray();
        var transitions = fsa.Transitions.Select(t => t with { Count = count[t.From * sigma + t.Symbol] }).ToArray();
        return new Fsa(fsa.Alphabet, fsa.Classes, fsa.PositiveClass, states, transitions);
    }

    /// <summary>Any <see cref="IStateOracle"/> as a membership oracle: one <see cref="IStateOracle.Answer"/> per new word, cached.</summary>
    private sealed class StateMembership(IStateOracle model, IReadOnlyList<string> alphabet) : IMembershipOracle
    {
        private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);

        public int AlphabetSize => alphabet.Count;

        /// <summary>Distinct words R answered.</summary>
        public long Queries => _answers.Count;

        public int Classify(ReadOnlySpan<int> word)
        {
            var tokens = new string[word.Length];
            for (int t = 0; t < word.Length; t++) tokens[t] = alphabet[word[t]];
            string key = string.Join('\u0001', tokens);
            if (!_answers.TryGetValue(key, out int answer)) _answers[key] = answer = model.Answer([tokens])[0];
            return answer;
        }
    }
}
