using Lisor.Pure.Tensors;

namespace Lisor.Pure.Extraction;

/// <summary>
/// Strings beyond the learning data on which R and an extracted FSA are compared, the way an
/// equivalence query would: every non-empty string over Σ of the probed lengths up to the longest length L
/// with Σ_{probed l ≤ L} |Σ|^l within the budget (exhaustive, so "agrees on all strings of those lengths" is
/// a fact, not a sample), then random strings (each symbol uniform) with lengths uniform among the probed
/// ones in L + 1 … the longest learning string, until the string or symbol budget is spent. Only lengths
/// the learning strings have are probed (a task whose strings all have length 4 says nothing about R on
/// length 3): on task 000 (lengths 5 … 20, two symbols) the exhaustive part is every string of length
/// 5 … 13, and none of length 1 … 4 (<see cref="ExhaustiveLengths"/>). Seeded, so a seed fixes them.
/// </summary>
internal sealed class ProbeStrings
{
    /// <summary>The strings as symbol indices into Σ, shortest first.</summary>
    public int[][] Ids { get; }
    /// <summary>The strings as symbols (what R reads).</summary>
    public string[][] Tokens { get; }
    /// <summary>L: every string of a probed length ≤ L is among the probes (0 when not even the shortest probed length fits).</summary>
    public int ExhaustiveLength { get; }

    /// <summary>The lengths (≤ <see cref="ExhaustiveLength"/>, ascending) whose every string is among the probes.</summary>
    public IReadOnlyList<int> ExhaustiveLengths { get; }

    /// <summary>The largest L′ such that every string of length 1 … L′ is among the probes (0 when length 1 is not probed).</summary>
    public int ExhaustiveFromOne => ExhaustiveLengths.TakeWhile((length, i) => length == i + 1).Count();

    private readonly int _sigma;
    private ProbeTree? _tree;

    private ProbeStrings(int[][] ids, string[][] tokens, int exhaustive, IReadOnlyList<int> exhaustiveLengths, int sigma)
    {
        Ids = ids; Tokens = tokens; ExhaustiveLength = exhaustive; ExhaustiveLengths = exhaustiveLengths; _sigma = sigma;
    }

    /// <summary>
    /// The strings as their prefix tree (made on first use, safely from several threads: all see one tree): an FSA runs
    /// each distinct prefix once.
    /// </summary>
    public ProbeTree Tree => Volatile.Read(ref _tree) ?? Interlocked.CompareExchange(ref _tree, ProbeTree.Of(Ids, Math.Max(_sigma, 1)), null) ?? _tree!;

    /// <summary>Number of probe strings.</summary>
    public int Count => Ids.Length;

    /// <param name="alphabet">Σ, in the order the ids refer to.</param>
    /// <param name="maxLength">The longest learning string: random probes are at most this long.</param>
    /// <param name="maxStrings">At most this many strings.</param>
    /// <param name="maxSymbols">At most this many symbols in all (keeps long-string tasks cheap).</param>
    /// <param name="seed">Seeds the random part.</param>
    /// <param name="lengths">The lengths to probe (null: all of 1 … <paramref name="maxLength"/>).</param>
    public static ProbeStrings Generate(IReadOnlyList<string> alphabet, int maxLength, int maxStrings, long maxSymbols, ulong seed,
        ISet<int>? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        bool Probed(int length) => lengths is null || lengths.Contains(length);
        int sigma = alphabet.Count;
        var ids = new List<int[]>();
        if (sigma == 0 || maxStrings <= 0) return new ProbeStrings([], [], 0, [], sigma);
        // Exhaustive part: lengths 1 … L in shortlex order.
        int exhaustive = 0;
        var exhaustiveLengths = new List<int>();
        long strings = 0, symbols = 0, layer = 1;
        while (true)
        {
            long next = layer * sigma, count = Probed(exhaustive + 1) ? next : 0;
            if (strings + count > maxStrings || symbols + count * (exhaustive + 1) > maxSymbols || exhaustive + 1 > Math.Max(maxLength, 1)
                || next > int.MaxValue) break;
            exhaustive++;
            layer = next;
            if (count == 0) continue;
            exhaustiveLengths.Add(exhaustive);
            strings += count;
            symbols += count * exhaustive;
            var s = new int[exhaustive];
            for (long i = 0; i < layer; i++)
            {
                ids.Add((int[])s.Clone());
                for (int t = exhaustive - 1; t >= 0 && ++s[t] == sigma; t--) s[t] = 0; // next in lexicographic order
            }
        }
        // Random part: the probed lengths in L + 1 … maxLength.
        int[] longer = Enumerable.Range(exhaustive + 1, Math.Max(0, maxLength - exhaustive)).Where(Probed).ToArray();
        if (longer.Length > 0)
        {
            var rng = new Rng(seed);
            while (strings < maxStrings)
            {
                int length = longer[rng.NextInt(longer.Length)];
                if (symbols + length > maxSymbols) break;
                var s = new int[length];
                for (int t = 0; t < length; t++) s[t] = rng.NextInt(sigma);
                ids.Add(s);
                strings++;
                symbols += length;
            }
        }
        var array = ids.ToArray();
        var tokens = new string[array.Length][];
        for (int i = 0; i < array.Length; i++)
        {
            tokens[i] = new string[array[i].Length];
            for (int t = 0; t < array[i].Length; t++) tokens[i][t] = alphabet[array[i][t]];
        }
        return new ProbeStrings(array, tokens, exhaustive, exhaustiveLengths, sigma);
    }
}
