using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Extraction;

public class CompactFitTests
{
    /// <summary>R = a DFA whose answer is flipped on the strings whose hash falls in 1 of <c>every</c>: irregular noise.</summary>
    private sealed class NoisyOracle(Fsa dfa, int every) : IStateOracle
    {
        private readonly DfaOracle _inner = new(dfa);
        public int Dim => _inner.Dim;
        public IReadOnlyList<string> Classes => _inner.Classes;
        public int PositiveClass => _inner.PositiveClass;
        public (float[] State, int Answer) Initial => _inner.Initial;

        public static bool Flipped(IReadOnlyList<string> w, int length, int every)
        {
            uint h = 2166136261;
            for (int t = 0; t < length; t++) h = unchecked((h ^ w[t][0]) * 16777619);
            return length >= 6 && h % (uint)every == 0;
        }

        public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
        {
            _inner.Run(strings, states, answers);
            for (int i = 0; i < strings.Count; i++)
                for (int t = 0; t < strings[i].Length; t++)
                    if (Flipped(strings[i], t + 1, every)) answers[i][t] = 1 - answers[i][t];
        }

        public int[] Answer(IReadOnlyList<string[]> strings)
        {
            int[] answers = _inner.Answer(strings);
            for (int i = 0; i < strings.Count; i++)
                if (Flipped(strings[i], strings[i].Length, every)) answers[i] = 1 - answers[i];
            return answers;
        }
    }

    private static (AgreementFit Fit, Fsa Dfa) Sample(IStateOracle? oracle = null, int states = 5, ulong seed = 3)
    {
        var dfa = RandomDfa.Minimal(states, 3, seed);
        var strings = RandomDfa.Sample(dfa, 600, 1, 12, new Rng(seed + 1)).Select(e => e.Tokens).ToList();
        var tree = new PrefixTree(oracle ?? new DfaOracle(dfa), strings);
        var share = new double[13];
        foreach (var s in strings) share[s.Length] += 1.0 / strings.Count;
        return (new AgreementFit(tree, share, 2), dfa);
    }

    private static int[] Delta(Fsa dfa)
    {
        var next = new int[dfa.StateCount * dfa.Alphabet.Count];
        for (int q = 0; q < dfa.StateCount; q++)
            for (int a = 0; a < dfa.Alphabet.Count; a++) next[q * dfa.Alphabet.Count + a] = dfa.Next(q, a);
        return next;
    }

    [Test]
    public void The_target_dfa_agrees_with_its_own_answers_everywhere_and_gets_its_classes()
    {
        var (fit, dfa) = Sample();
        var labels = new int[dfa.StateCount];
        Assert.That(fit.Agreement(Delta(dfa), dfa.StateCount, labels), Is.EqualTo(1.0).Within(1e-9));
        for (int q = 0; q < dfa.StateCount; q++) Assert.That(labels[q], Is.EqualTo(dfa.States[q].Label), $"state {q}");
        var sizes = new int[dfa.StateCount];
        fit.Count(Delta(dfa), dfa.StateCount, sizes);
        Assert.That(sizes.Sum(), Is.EqualTo(fit.Nodes), "every prefix ends in one state");
        Assert.That(sizes[0], Is.GreaterThanOrEqualTo(1), "ε ends in the start state");
        // One state for everything: the agreement is the weight of the larger class, below 1.
        Assert.That(fit.Agreement(new int[3], 1), Is.LessThan(0.95).And.GreaterThanOrEqualTo(0.5));
    }

    [Test]
    public void Improving_repairs_a_wrong_move_and_reports_the_agreement_a_full_pass_gives()
    {
        var (fit, dfa) = Sample();
        var next = Delta(dfa);
        double exact = fit.Agreement(next, dfa.StateCount);
        int broken = Enumerable.Range(0, next.Length).First(i => next[i] != (next[i] + 1) % dfa.StateCount && fit.Agreement(With(next, i, (next[i] + 1) % dfa.StateCount), dfa.StateCount) < exact - 1e-6);
        next[broken] = (next[broken] + 1) % dfa.StateCount;
        double before = fit.Agreement(next, dfa.StateCount);
        double after = fit.Improve(next, dfa.StateCount, sweeps: 3);
        Assert.That(before, Is.LessThan(1 - 1e-6));
        Assert.That(after, Is.EqualTo(1.0).Within(1e-9), "the incremental search found the move back (or an equally good one)");
        Assert.That(fit.Agreement(next, dfa.StateCount), Is.EqualTo(after).Within(1e-12), "the incremental sums equal a full pass");
    }

    private static int[] With(int[] next, int i, int t)
    {
        var copy = (int[])next.Clone();
        copy[i] = t;
        return copy;
    }

    [Test]
    public void Shrinking_a_dfa_with_a_copied_state_loses_nothing()
    {
        var (fit, dfa) = Sample();
        int n = dfa.StateCount, sigma = 3;
        // State n copies δ(0, a) = q's moves and takes over that one move: same language, one state more.
        var next = new int[(n + 1) * sigma];
        Delta(dfa).CopyTo(next, 0);
        int q = next[0];
        for (int a = 0; a < sigma; a++) next[n * sigma + a] = next[q * sigma + a];
        next[0] = n;
        Assert.That(fit.Agreement(next, n + 1), Is.EqualTo(1.0).Within(1e-9));
        var smaller = new int[n * sigma];
        Assert.That(fit.Shrink(next, n + 1, smaller), Is.EqualTo(1.0).Within(1e-9));
        Assert.That(fit.Agreement(smaller, n), Is.EqualTo(1.0).Within(1e-9));
        // The curve from that automaton ends at one state and passes through the target's size with agreement 1.
        var curve = CompactSearch.Curve(fit, Minimiser.Minimise(dfa).Minimal);
        Assert.That(curve[^1].StateCount, Is.EqualTo(1));
        Assert.That(Equivalence.Check(curve[0], dfa).Equivalent, Is.True);
    }

    [Test]
    public void A_warm_improvement_allocates_nothing()
    {
        var (fit, dfa) = Sample(states: 6);
        var next = Delta(dfa);
        var rng = new Rng(9);
        for (int i = 0; i < next.Length; i += 2) next[i] = rng.NextInt(dfa.StateCount);
        var copy = (int[])next.Clone();
        fit.Improve(copy, dfa.StateCount, 1); // grows the workspace
        long allocated = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            next.CopyTo(copy, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            fit.Improve(copy, dfa.StateCount, 2);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.That(copy, Is.Not.EqualTo(next), "the search moved something");
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Where_R_is_noisy_the_default_extraction_is_compact_and_close_to_the_language_under_the_noise()
    {
        var dfa = RandomDfa.Minimal(5, 3, seed: 11);
        var oracle = new NoisyOracle(dfa, every: 40);
        var data = RandomDfa.Sample(dfa, 500, 1, 16, new Rng(12)).Select(e => e.Tokens).ToList();
        Assert.That(data.Count(s => NoisyOracle.Flipped(s, s.Length, 40)), Is.GreaterThan(5), "R errs on some learning strings");
        var result = AutoExtraction.Extract(oracle, data, new AutoExtractionOptions());
        Assert.That(result.ReachedTarget, Is.False, "no FSA within the budget agrees with the noise");
        Assert.That(result.Compact, Is.Not.Empty);
        Assert.That(result.Minimised.StateCount, Is.LessThanOrEqualTo(2 * 5));
        var fresh = RandomDfa.Sample(dfa, 2000, 1, 16, new Rng(13));
        int[] r = oracle.Answer(fresh.Select(e => e.Tokens).ToList());
        double fidelity = fresh.Select((e, i) => result.Minimised.Classify(e.Tokens) == oracle.Classes[r[i]] ? 1.0 : 0).Average();
        double noise = fresh.Count(e => NoisyOracle.Flipped(e.Tokens, e.Tokens.Length, 40)) / (double)fresh.Count;
        Assert.That(fidelity, Is.GreaterThanOrEqualTo(1 - noise - 0.01), "about as faithful as the noise-free language");
    }
}
