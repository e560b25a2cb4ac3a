using Lisor.Pure.Automata;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The compact candidates of <see cref="AutoExtraction"/> when no FSA agrees with R exactly: a curve of small
/// complete DFAs, one per size m = m₀, m₀ − 1, …, 1, each fitted to R's answers (<see cref="AgreementFit"/>).
/// <list type="number">
/// <item><b>Sample.</b> The learning strings and <c>count</c> random strings (each symbol uniform, the length
///   of a learning string drawn uniformly), in a prefix tree with R's answer on every prefix: a fresh sample,
///   apart from the probes that later choose among the candidates.</item>
/// <item><b>Seed.</b> A refined FSA, completed with its dead state (m₀ states), its moves improved by coordinate
///   ascent on the agreement.</item>
/// <item><b>Shrink.</b> Remove the state whose folding into another loses least, improve the moves again, and
///   record the FSA; down to one state.</item>
/// </list>
/// Each size thus starts from the best automaton one state larger, so the curve is a path of nested
/// decisions (greedy, not the optimum of each size — finding that is NP-hard, Gold 1978).
/// </summary>
internal static class CompactSearch
{
    /// <summary>Sweeps of coordinate ascent after each shrinking step (the seed gets twice as many).</summary>
    public const int Sweeps = 2;

    /// <summary>The sample: <paramref name="data"/> plus <paramref name="count"/> random strings over <paramref name="alphabet"/>, R run on all.</summary>
    public static AgreementFit Sample(IStateOracle model, IReadOnlyList<string[]> data, IReadOnlyList<string> alphabet, int count,
        IReadOnlyList<double> lengthShare, ulong seed, out long rRuns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var rng = new Rng(seed);
        var strings = new List<string[]>(data.Count + count);
        strings.AddRange(data);
        for (int i = 0; i < count; i++)
        {
            var s = new string[data[rng.NextInt(data.Count)].Length];
            for (int t = 0; t < s.Length; t++) s[t] = alphabet[rng.NextInt(alphabet.Count)];
            strings.Add(s);
        }
        var tree = new PrefixTree(model, strings);
        if (tree.Alphabet.Count != alphabet.Count) throw new InvalidOperationException("the sample's alphabet differs from the learning data's");
        rRuns = tree.RRuns;
        return new AgreementFit(tree, lengthShare, model.Classes.Count);
    }

    /// <summary>
    /// The fitted FSAs from <paramref name="seedFsa"/>'s size down to 1 state, minimised (dead policy), largest first.
    /// After each improvement Hopcroft merges the states that became equivalent, and shrinking goes on from there.
    /// </summary>
    public static List<Fsa> Curve(AgreementFit fit, Fsa seedFsa)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(seedFsa);
        var complete = FsaTransforms.Complete(seedFsa, MissingPolicy.Dead);
        int m = complete.StateCount, sigma = fit.Sigma;
        if (complete.Alphabet.Count != sigma) throw new ArgumentException("the seed's alphabet differs from the sample's", nameof(seedFsa));
        var next = new int[m * sigma];
        for (int q = 0; q < m; q++)
            for (int a = 0; a < sigma; a++) next[q * sigma + a] = complete.Next(q, a);
        var curve = new List<Fsa>();
        var smaller = new int[m * sigma];
        for (int sweeps = 2 * Sweeps; ; sweeps = Sweeps)
        {
            fit.Improve(next, m, sweeps);
            var minimal = Minimal(fit, complete, next, m);
            curve.Add(Minimiser.Minimise(minimal).Minimal);
            m = minimal.StateCount;
            if (m == 1) break;
            for (int q = 0; q < m; q++)
                for (int a = 0; a < sigma; a++) next[q * sigma + a] = minimal.Next(q, a);
            fit.Shrink(next, m, smaller);
            m--;
            Array.Copy(smaller, next, m * sigma);
        }
        return curve;
    }

    /// <summary>The complete minimal DFA of δ with each state's best class (unreached states: the dead class); a state's size is the sample prefixes it holds.</summary>
    private static Fsa Minimal(AgreementFit fit, Fsa like, int[] next, int m)
    {
        var labels = new int[m];
        Array.Fill(labels, like.DeadLabel);
        fit.Agreement(next.AsSpan(0, m * fit.Sigma), m, labels);
        var sizes = new int[m];
        fit.Count(next.AsSpan(0, m * fit.Sigma), m, sizes);
        var states = new FsaState[m];
        for (int q = 0; q < m; q++) states[q] = new FsaState(q, labels[q], sizes[q]);
        var transitions = new List<FsaTransition>(m * fit.Sigma);
        for (int q = 0; q < m; q++)
            for (int a = 0; a < fit.Sigma; a++) transitions.Add(new FsaTransition(q, a, next[q * fit.Sigma + a], 0));
        return Minimiser.Minimise(new Fsa(like.Alphabet, like.Classes, like.PositiveClass, states, transitions), keepSink: true).Minimal;
    }
}
