using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Extraction;

// The k search works out its next k side by side, and the tolerant ladder all at once, on --threads threads: the result,
// the curve, the compact fits and every log line must be those of one thread. (Parallelism.Threads is process-wide.)
[NonParallelizable]
public class ExtractionThreadsTests
{
    private static readonly AutoExtractionOptions Fast = new() { ProbeStrings = 3000, ProbeSymbols = 40_000 };

    private sealed record Run(string Fsa, string Raw, int K, double Fidelity, double Probes, string Curve, string Compact, List<string> Log);

    private static Run Extract(IStateOracle oracle, IReadOnlyList<string[]> strings, AutoExtractionOptions o, int threads)
    {
        int previous = Parallelism.Threads;
        try
        {
            Parallelism.Threads = threads;
            var log = new List<string>();
            var r = AutoExtraction.Extract(oracle, strings, o, log.Add);
            return new Run(FsaJson.ToJson(r.Minimised), FsaJson.ToJson(r.Raw), r.K, r.Fidelity, r.ProbeAgreement,
                string.Join("; ", r.Curve), string.Join("; ", r.Compact.Select(c => $"{c.Round} {c.Fsa.StateCount} {c.Fidelity} {c.ProbeAgreement}")), log);
        }
        finally { Parallelism.Threads = previous; }
    }

    private static void AssertSame(Run one, Run other, int threads)
    {
        Assert.That(other.Log, Is.EqualTo(one.Log), $"log at {threads} threads");
        Assert.That(other, Is.EqualTo(one with { Log = other.Log }), $"result at {threads} threads");
    }

    [Test]
    public void An_exact_R_gives_the_same_search_and_FSA_on_any_number_of_threads()
    {
        // the search stops a few k past the smallest FSA: the k worked out past the stop are dropped
        var dfa = RandomDfa.Minimal(6, 3, seed: 5);
        var strings = RandomDfa.Sample(dfa, 400, 1, 12, new Rng(6)).Select(e => e.Tokens).ToList();
        var oracle = new DfaOracle(dfa, copies: 3);
        var one = Extract(oracle, strings, Fast, 1);
        Assert.That(Equivalence.Check(FsaJson.Parse(one.Fsa), dfa).Equivalent, Is.True);
        foreach (int threads in new[] { 2, 3, 5 }) AssertSame(one, Extract(oracle, strings, Fast, threads), threads);
    }

    [Test]
    public void An_R_no_small_FSA_matches_gives_the_same_ladder_and_fits_on_any_number_of_threads()
    {
        // a DFA that errs on a few strings: nothing reaches the target within the budget, so the k search runs to its
        // end, then the tolerant ladder and the compact fits
        var dfa = RandomDfa.Minimal(6, 3, seed: 5);
        var strings = RandomDfa.Sample(dfa, 400, 1, 12, new Rng(6)).Select(e => e.Tokens).ToList();
        var flipped = strings.Where(s => s.Length >= 8).Take(6).Select(s => string.Join(",", s)).ToHashSet();
        var oracle = new FlippingOracle(new DfaOracle(dfa, copies: 2), flipped);
        var o = Fast with { MaxStates = 8 };
        var one = Extract(oracle, strings, o, 1);
        Assert.That(one.Log.Any(line => line.Contains("tolerating")), string.Join("\n", one.Log));
        Assert.That(one.Compact, Is.Not.Empty, "compact fits ran");
        foreach (int threads in new[] { 2, 3 }) AssertSame(one, Extract(oracle, strings, o, threads), threads);
    }
}
