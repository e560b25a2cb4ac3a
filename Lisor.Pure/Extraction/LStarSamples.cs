using Lisor.Pure.Tensors;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The equivalence oracle of <see cref="LStar"/>: instead of deciding whether the hypothesis H and R agree on
/// every word (impossible for an RNN), it looks for a word where they differ among sampled words, in this order
/// (Weiss, Goldberg and Yahav 2018 explore R beside H the same way; R runs in process, so sampling is cheap):
/// <list type="number">
/// <item>the caller's data words (for a model, the sequences of <c>--data</c>): the strings the user cares about
/// are fixed first, so on an R that is not exactly regular an early hypothesis already fits them
/// (<see cref="LStar"/> returns the smallest such one when the budget runs out);</item>
/// <item>every word of length 0, 1, 2, … up to the longest length whose words, all lengths together, number at most
/// <see cref="LStarOptions.ExhaustiveWords"/> (shortest first);</item>
/// <item>random walks: words of uniformly random length 1 … <see cref="LStarOptions.WalkLength"/> with uniformly random
/// symbols, drawn once from the seed (the same set in every round, so the result depends on the seed only).</item>
/// </list>
/// R's answers are cached by the oracle, so a later round asks R only about words it has not seen.
/// </summary>
internal sealed class LStarSamples
{
    private readonly int _sigma;
    private readonly int _exhaustiveLength;   // all words of length ≤ this are checked (−1: none)
    private readonly IReadOnlyList<int[]> _data;
    private readonly int[][] _walks;
    private readonly int[] _word;             // the odometer of the exhaustive words

    /// <summary>How many of the data words <paramref name="hypothesis"/> answers as <paramref name="oracle"/> does.</summary>
    public int DataAgreement(Func<int[], int> hypothesis, IMembershipOracle oracle)
    {
        int agree = 0;
        foreach (var w in _data) if (hypothesis(w) == oracle.Classify(w)) agree++;
        return agree;
    }

    public LStarSamples(int sigma, LStarOptions options)
    {
        _sigma = sigma;
        long total = 0, count = 1;
        _exhaustiveLength = -1;
        for (int n = 0; total + count <= options.ExhaustiveWords; n++)
        {
            total += count; _exhaustiveLength = n;
            if (count > long.MaxValue / sigma) break;
            count *= sigma;
        }
        ExhaustiveCount = total;
        _data = options.Data;
        int walkLength = options.WalkLength > 0 ? options.WalkLength : Math.Max(20, _data.Count == 0 ? 0 : _data.Max(w => w.Length));
        var rng = new Rng(options.Seed);
        _walks = new int[options.Walks][];
        for (int i = 0; i < _walks.Length; i++)
        {
            var w = new int[1 + rng.NextInt(walkLength)];
            for (int t = 0; t < w.Length; t++) w[t] = rng.NextInt(sigma);
            _walks[i] = w;
        }
        _word = new int[Math.Max(0, _exhaustiveLength)];
    }

    /// <summary>Words checked exhaustively (all lengths ≤ <see cref="ExhaustiveLength"/>).</summary>
    public long ExhaustiveCount { get; }
    /// <summary>The longest length checked exhaustively (−1: none).</summary>
    public int ExhaustiveLength => _exhaustiveLength;
    /// <summary>All sampled words (data, exhaustive, walks).</summary>
    public long Count => ExhaustiveCount + _data.Count + _walks.Length;

    /// <summary>
    /// The first sampled word where <paramref name="hypothesis"/> and <paramref name="oracle"/> answer differently, or null;
    /// with <paramref name="countAll"/> it goes on through every word and returns the number of agreements in
    /// <c>Agree</c>. Null with <c>TimedOut</c> when <paramref name="stop"/> said so before the end.
    /// </summary>
    public (int[]? Counterexample, long Agree, bool TimedOut) Check(Func<int[], int> hypothesis, IMembershipOracle oracle,
        Func<bool> stop, bool countAll = false)
    {
        long agree = 0, seen = 0;
        int[]? first = null;
        bool Differs(int[] w)
        {
            if (hypothesis(w) == oracle.Classify(w)) { agree++; return false; }
            first ??= (int[])w.Clone();
            return !countAll;
        }
        foreach (var w in _data)
        {
            if ((++seen & 255) == 0 && stop()) return (null, agree, true);
            if (Differs(w)) return (first, agree, false);
        }
        for (int n = 0; n <= _exhaustiveLength; n++)
        {
            var w = n == _word.Length ? _word : new int[n];   // one buffer per length (short lengths are few words)
            Array.Clear(w);
            while (true)
            {
                if ((++seen & 1023) == 0 && stop()) return (null, agree, true);
                if (Differs(w)) return (first, agree, false);
                int i = n - 1;   // next word of length n, in lexicographic order
                while (i >= 0 && ++w[i] == _sigma) w[i--] = 0;
                if (i < 0) break;
            }
        }
        foreach (var w in _walks)
        {
            if ((++seen & 255) == 0 && stop()) return (null, agree, true);
            if (Differs(w)) return (first, agree, false);
        }
        return (first, agree, false);
    }
}
