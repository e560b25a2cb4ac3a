using Lisor.Pure.Common;
using System.Diagnostics;
using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>Budget and equivalence sampling of <see cref="LStar.Learn"/>.</summary>
public sealed record LStarOptions
{
    /// <summary>The largest hypothesis L* may build; reaching it ends learning with the best hypothesis so far.</summary>
    public int MaxStates { get; init; } = 500;
    /// <summary>Seconds of learning; when they are up, the best hypothesis so far is returned.</summary>
    public double TimeLimit { get; init; } = 30;
    /// <summary>Equivalence sampling: check all words of every length up to the longest that keeps this many words in all.</summary>
    public long ExhaustiveWords { get; init; } = 1 << 14;
    /// <summary>Equivalence sampling: the given words (e.g. the learning data), checked after the exhaustive ones.</summary>
    public IReadOnlyList<int[]> Data { get; init; } = [];
    /// <summary>Equivalence sampling: random walks checked last.</summary>
    public int Walks { get; init; } = 2000;
    /// <summary>Longest random walk; 0 = max(20, the longest data word).</summary>
    public int WalkLength { get; init; }
    /// <summary>Seed of the random walks.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Called with every hypothesis (its classes and δ, as in <see cref="LStarResult"/>) before it is checked.</summary>
    public Action<int[], int[]>? OnHypothesis { get; init; }
}

/// <summary>
/// What <see cref="LStar.Learn"/> found: a complete DFA over symbols 0 … |Σ| − 1 whose state 0 is the start
/// (R's class on ε is <c>Labels[0]</c>), and what it cost.
/// </summary>
public sealed record LStarResult
{
    /// <summary>Class of each state.</summary>
    public required int[] Labels { get; init; }
    /// <summary>δ(q, a) at [q · |Σ| + a]; every entry is a state.</summary>
    public required int[] Next { get; init; }
    /// <summary>|Σ|.</summary>
    public required int AlphabetSize { get; init; }
    /// <summary>Membership queries L* asked (counterexample analysis included; sampled equivalence words are not counted here).</summary>
    public long MembershipQueries { get; init; }
    /// <summary>Equivalence queries: rounds of checking a hypothesis against the sampled words.</summary>
    public int EquivalenceChecks { get; init; }
    /// <summary>Counterexamples found (one new suffix each).</summary>
    public int Counterexamples { get; init; }
    /// <summary>Seconds of learning.</summary>
    public double Seconds { get; init; }
    /// <summary>Null when L* stopped because no sampled word told R and the hypothesis apart; else what stopped it: "states" or "time".</summary>
    public string? BudgetReached { get; init; }
    /// <summary>Sampled words on which the returned hypothesis answers as R, and how many were sampled.</summary>
    public long SampledAgree { get; init; }
    /// <inheritdoc cref="SampledAgree"/>
    public long SampledTotal { get; init; }
    /// <summary>The longest length at which every word was sampled (−1: none).</summary>
    public int ExhaustiveLength { get; init; }
    /// <summary>States of the last hypothesis built (larger than <see cref="States"/> when a smaller one was returned).</summary>
    public int LargestStates { get; init; }
    /// <summary>Data words (<see cref="LStarOptions.Data"/>) on which the returned hypothesis answers as R, and how many there are.</summary>
    public int DataAgree { get; init; }
    /// <inheritdoc cref="DataAgree"/>
    public int DataTotal { get; init; }

    /// <summary>|Q|.</summary>
    public int States => Labels.Length;

    /// <summary>The hypothesis' class on <paramref name="word"/>.</summary>
    public int Classify(ReadOnlySpan<int> word)
    {
        int q = 0;
        foreach (int a in word) q = Next[q * AlphabetSize + a];
        return Labels[q];
    }

    /// <summary>One line: how it ended.</summary>
    public string Note => BudgetReached is null
        ? $"no sampled string tells the hypothesis from R: it agrees on all {SampledTotal} sampled strings (every string up to length {ExhaustiveLength}, the data, random walks)"
        : $"budget reached ({(BudgetReached == "states" ? "state limit" : "time limit")}) after {Counted.Of(LargestStates, "state")} / {Seconds:0.###} s; " +
          (LargestStates > States ? $"returned the {States}-state hypothesis, the smallest with the most data strings right ({DataAgree} of {DataTotal}); " : "") +
          $"the hypothesis agrees with R on {SampledAgree} of {SampledTotal} sampled strings";

    /// <summary>The hypothesis as an <see cref="Fsa"/> (complete; state sizes and transition counts 0).</summary>
    public Fsa ToFsa(IReadOnlyList<string> alphabet, IReadOnlyList<string> classes, int positiveClass)
    {
        if (alphabet.Count != AlphabetSize) throw new ArgumentException($"expected {AlphabetSize} symbols", nameof(alphabet));
        var states = Labels.Select((label, q) => new FsaState(q, label, 0)).ToArray();
        var transitions = new List<FsaTransition>(Next.Length);
        for (int i = 0; i < Next.Length; i++) transitions.Add(new FsaTransition(i / AlphabetSize, i % AlphabetSize, Next[i], 0));
        return new Fsa(alphabet, classes, positiveClass, states, transitions);
    }
}

/// <summary>
/// Angluin's L* (1987) with a membership oracle (R, <see cref="RnnOracle"/>) and a sampling equivalence oracle
/// (<see cref="LStarSamples"/>), bounded by states and time. The loop:
/// <code>
///   close the table (LStarTable.Close) → hypothesis H
///   look for a sampled word w with H(w) ≠ R(w); none → done
///   Rivest–Schapire: find the index i where the answer flips and add the suffix w[i+1..] to E; repeat
/// </code>
/// Counterexamples are handled as Rivest and Schapire (1993) do rather than by adding every prefix of w to S:
/// with q_i = δ_H(ε, w[..i)) and u_i its access word, α(i) = MQ(u_i · w[i..]) starts at α(0) = R(w) and ends
/// at α(|w|) = H(w), which differ; a binary search (log |w| queries) finds i with α(i) ≠ α(i+1), and then
/// v = w[i+1..] tells row(u_i · w[i]) from row(u_{i+1}), its representative in S, so closing adds a state.
/// S keeps distinct rows, so the table never needs a consistency check, and every round adds one suffix and
/// at least one state: at most n rounds for a target of n states.
/// When a budget runs out, the current table gives a hypothesis (transitions of rows not yet in S go to the
/// nearest row). With data words, the returned hypothesis is the smallest one seen that answers the most of them as
/// R does (the data come first among the samples, so on an R that is not exactly regular the hypotheses fit the data
/// early and then grow on strings far from it); without, the last one. It is checked against every sampled word for
/// the note. Learning never waits on anything
/// but the oracle and checks the clock between queries, so it always ends.
/// </summary>
public static class LStar
{
    /// <summary>Learns a DFA of <paramref name="oracle"/>'s classes.</summary>
    public static LStarResult Learn(IMembershipOracle oracle, LStarOptions options)
    {
        if (oracle.AlphabetSize < 1) throw new ArgumentException("the alphabet is empty", nameof(oracle));
        if (options.MaxStates < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxStates must be ≥ 1");
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.TimeLimit);
        bool Stop() => clock.Elapsed > limit;
        var samples = new LStarSamples(oracle.AlphabetSize, options);
        var table = new LStarTable(oracle);
        int checks = 0, counterexamples = 0;
        string? budget = null;
        bool exact = false;
        // The first (so the smallest) hypothesis with the most data words right, returned if the budget runs out.
        (int[] Labels, int[] Next, int Agree)? best = null;
        while (budget is null)
        {
            budget = table.Close(options.MaxStates, Stop);
            if (budget is not null) break;
            var (labels, next) = table.Hypothesis();
            options.OnHypothesis?.Invoke(labels, next);
            int dataAgree = samples.DataAgreement(word => Run(labels, next, oracle.AlphabetSize, word), oracle);
            if (best is null || dataAgree > best.Value.Agree) best = (labels, next, dataAgree);
            checks++;
            var (w, _, timedOut) = samples.Check(word => Run(labels, next, oracle.AlphabetSize, word), oracle, Stop);
            if (timedOut) { budget = "time"; break; }
            if (w is null) { exact = true; break; }
            counterexamples++;
            var suffix = Distinguishing(table, labels, next, oracle.AlphabetSize, w);
            if (!table.AddSuffix(suffix, Stop)) budget = Stop() ? "time" : throw new InvalidOperationException(
                "the membership oracle answered the same word differently (its suffix is already in the table)");
        }
        var (finalLabels, finalNext) = table.Hypothesis();
        int lastStates = finalLabels.Length;
        if (!exact && options.Data.Count > 0 && best is { } b
            && b.Agree >= samples.DataAgreement(word => Run(finalLabels, finalNext, oracle.AlphabetSize, word), oracle))
            (finalLabels, finalNext) = (b.Labels, b.Next);
        long agree = samples.Count;
        if (!exact)   // count the final hypothesis' agreements on every sampled word (a bounded final pass: no stop)
            agree = samples.Check(word => Run(finalLabels, finalNext, oracle.AlphabetSize, word), oracle, () => false, countAll: true).Agree;
        return new LStarResult
        {
            Labels = finalLabels, Next = finalNext, AlphabetSize = oracle.AlphabetSize,
            MembershipQueries = table.Queries, EquivalenceChecks = checks, Counterexamples = counterexamples,
            Seconds = clock.Elapsed.TotalSeconds, BudgetReached = budget,
            SampledAgree = agree, SampledTotal = samples.Count, ExhaustiveLength = samples.ExhaustiveLength,
            LargestStates = lastStates,
            DataAgree = options.Data.Count == 0 ? 0 : samples.DataAgreement(word => Run(finalLabels, finalNext, oracle.AlphabetSize, word), oracle),
            DataTotal = options.Data.Count,
        };
    }

    private static int Run(int[] labels, int[] next, int sigma, int[] word)
    {
        int q = 0;
        foreach (int a in word) q = next[q * sigma + a];
        return labels[q];
    }

    /// <summary>Rivest–Schapire: the suffix w[i+1..] at an index i where α(i) = MQ(u_i · w[i..]) differs from α(i + 1).</summary>
    private static int[] Distinguishing(LStarTable table, int[] labels, int[] next, int sigma, int[] w)
    {
        // q_i for every i, so α(i) needs one membership query.
        var q = new int[w.Length + 1];
        for (int i = 0; i < w.Length; i++) q[i + 1] = next[q[i] * sigma + w[i]];
        int Alpha(int i) => table.Query(table.Access(q[i]), -1, w.AsSpan(i));
        int lo = 0, hi = w.Length, low = Alpha(0);   // α(lo) = R(w) ≠ α(hi) = H(w) = labels[q[|w|]]
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Alpha(mid) == low) lo = mid; else hi = mid;
        }
        return w[hi..];
    }
}
