using System.Text.Json;
using Lisor.Pure.Automata;
using Lisor.Pure.Cli;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;
using Lisor.Pure.Tests.Automata;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// The default extraction's L* candidates (docs/extraction.md, step 5b): when R's states do not fall into groups that
/// refine to its automaton, L* asks R's answers instead.
/// </summary>
public class LStarCandidatesTests
{
    private static readonly AutoExtractionOptions Fast = new() { ProbeStrings = 3000, ProbeSymbols = 40_000 };

    /// <summary>The count of 1s modulo 5 and of 0s modulo 3 (accept when both are 0): 15 states, every one needed.</summary>
    private static Fsa Counters()
    {
        var states = Enumerable.Range(0, 15).Select(q => new FsaState(q, q == 0 ? 1 : 0, 0)).ToArray();
        var moves = new List<FsaTransition>();
        for (int q = 0; q < 15; q++)
        {
            int ones = q % 5, zeros = q / 5;
            moves.Add(new FsaTransition(q, 0, ones + 5 * ((zeros + 1) % 3), 1));   // symbol "0"
            moves.Add(new FsaTransition(q, 1, (ones + 1) % 5 + 5 * zeros, 1));     // symbol "1"
        }
        return new Fsa(["0", "1"], ["0", "1"], 1, states, moves);
    }

    /// <summary>
    /// R is exactly <paramref name="dfa"/>, but its state after a prefix is a point drawn from the prefix alone (a hash):
    /// no clustering of the states says anything about the automaton, as with an RNN that spreads its states.
    /// </summary>
    private sealed class ScatteredOracle(Fsa dfa) : IStateOracle
    {
        private readonly DfaOracle _answers = new(dfa);
        public int Dim => 6;
        public IReadOnlyList<string> Classes => dfa.Classes;
        public int PositiveClass => dfa.PositiveClass;
        public (float[] State, int Answer) Initial => (Point(17), _answers.Initial.Answer);

        public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
        {
            var ignored = new float[strings.Count][];
            _answers.Run(strings, ignored, answers);
            for (int i = 0; i < strings.Count; i++)
            {
                states[i] = new float[strings[i].Length * Dim];
                uint hash = 17;
                for (int t = 0; t < strings[i].Length; t++)
                {
                    hash = unchecked((hash ^ (uint)dfa.SymbolIndex(strings[i][t]) + 1) * 16777619);
                    Point(hash).CopyTo(states[i].AsSpan(t * Dim, Dim));
                }
            }
        }

        public int[] Answer(IReadOnlyList<string[]> strings) => _answers.Answer(strings);

        private float[] Point(uint hash)
        {
            var rng = new Rng(hash);
            return Enumerable.Range(0, Dim).Select(_ => rng.NextFloat()).ToArray();
        }
    }

    private static List<string[]> Strings(Fsa dfa, int count, ulong seed)
        => RandomDfa.Sample(dfa, count, 1, 20, new Rng(seed)).Select(e => e.Tokens).ToList();

    [Test]
    public void Where_the_states_say_nothing_L_star_finds_the_automaton()
    {
        var dfa = Counters();
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), Strings(dfa, 600, 3), Fast);
        Assert.That(result.Source, Is.EqualTo(CandidateSource.LStar));
        Assert.That(result.ReachedTarget);
        Assert.That(result.K, Is.Zero, "no k chose it");
        Assert.That(result.Minimised.StateCount, Is.EqualTo(15));
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
        Assert.That(result.LStar, Is.Not.Empty);
        Assert.That(result.LStar.Select(p => p.Fsa.StateCount), Is.Ordered, "hypotheses grow: each counterexample adds a state");
        Assert.That(result.LStar.Any(p => ReferenceEquals(p.Fsa, result.Minimised)) || result.LStar.Any(p => Equivalence.Check(p.Fsa, dfa).Equivalent));
    }

    [Test]
    public void When_the_clusters_miss_the_target_no_counterexample_round_follows()
    {
        // R is the counter but for one string of length 10 outside the learning strings. L* learns the counter (fidelity 1
        // on them), the probes (every string up to length 10) meet the quirk; a round would add it to the prefix tree and
        // run the clusters' k search again, which missed the target on fewer strings: the rounds end instead.
        var dfa = Counters();
        string[] quirk = "1 0 1 1 0 0 1 0 1 1".Split(' ');
        var strings = RandomDfa.Sample(dfa, 600, 1, 10, new Rng(3)).Select(e => e.Tokens).Where(w => !w.SequenceEqual(quirk)).ToList();
        var result = AutoExtraction.Extract(new FlippingOracle(new ScatteredOracle(dfa), [string.Join(",", quirk)]), strings, Fast);
        Assert.That(result.Source, Is.EqualTo(CandidateSource.LStar));
        Assert.That(result.ReachedTarget);
        Assert.That(result.ProbeAgreement, Is.LessThan(1.0), "the probes found the quirk: a round could have followed");
        Assert.That(result.Rounds, Is.Zero);
        Assert.That(result.Counterexamples, Is.Zero);
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
    }

    [Test]
    public void A_large_state_budget_is_L_stars_while_the_k_search_keeps_its_own()
    {
        // --max-states 500: k is still searched up to 64 and refined up to 128 blocks (before: k up to 500, 1 000 blocks,
        // minutes), and L* may learn up to 500 states; here it finds the counter.
        var dfa = Counters();
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), Strings(dfa, 600, 3), Fast with { MaxStates = 500 });
        Assert.That(AutoExtraction.ClusterStates, Is.EqualTo(64));
        Assert.That(result.Curve.Max(p => p.K), Is.LessThanOrEqualTo(64));
        Assert.That(result.Curve.Max(p => p.States), Is.LessThan(256), "refinement stops near 128 blocks (a split may pass the budget by a few blocks; 1 000 before)");
        Assert.That(result.Source, Is.EqualTo(CandidateSource.LStar));
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
    }

    [Test]
    public void The_report_names_smaller_hypotheses_nearly_as_faithful_as_a_large_saved_one()
    {
        // As if L* had gone on past the counter to a 40-state hypothesis for a string or two: the counter (15 states,
        // fidelity 1) is named, each named one more faithful than the smaller ones, none over half the saved states.
        var dfa = Counters();
        var strings = Strings(dfa, 600, 3);
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), strings, Fast);
        var r = strings.Select(s => dfa.Classes.ToList().IndexOf(dfa.Classify(s))).ToArray();
        var data = strings.Select((s, i) => new Sequences.LabeledSequence(dfa.Classes[r[i]], s)).ToList();
        var large = RandomFsa.Make(new Rng(5), 40, 2, 1.0);
        var smaller = ExtractionReport.SmallerHypotheses(result, large, data, r, 1.0);
        Assert.That(smaller, Is.Not.Empty);
        Assert.That(smaller[^1].States, Is.EqualTo(15));
        Assert.That(smaller[^1].Fidelity, Is.EqualTo(1.0));
        Assert.That(smaller.Select(h => h.States), Is.Ordered.Ascending);
        Assert.That(smaller.Select(h => h.Fidelity), Is.Ordered.Ascending);
        Assert.That(smaller.All(h => h.Fidelity >= 1.0 - ExtractionReport.SmallerSlack && 2 * h.States <= 40));
        Assert.That(smaller, Has.Count.LessThanOrEqualTo(ExtractionReport.SmallerShown));
        Assert.That(ExtractionReport.SmallerHypotheses(result, large, data, r, 1.0).Count, Is.EqualTo(smaller.Count), "the same each time");
        Assert.That(ExtractionReport.SmallerHypotheses(result, result.Minimised, data, r, 1.0), Is.Empty, "none has half the counter's states and its fidelity");
        var report = new ExtractionReport(result, large, "valid.tsv", FsaEvaluation.Of(large, data, r), null, null, unminimised: false, smaller: smaller);
        Assert.That(report.Text(), Does.Contain("smaller L* hypotheses nearly as faithful (states: fidelity on valid.tsv, probe agreement):")
            .And.Contain(" 15: 1.0000, ").And.Contain("(--fidelity below 1 sets a target they reach)"));
        // from the clusters: nothing to name
        var clusters = AutoExtraction.Extract(new DfaOracle(dfa), strings, Fast);
        Assert.That(ExtractionReport.SmallerHypotheses(clusters, large, data, r, 1.0), Is.Empty);
    }

    [Test]
    public void L_star_states_count_the_learning_prefixes_that_reach_them()
    {
        // As a refined FSA's: a state's size is the weight of the prefixes reaching it, a move's count the moves taking it.
        var dfa = Counters();
        var strings = Strings(dfa, 600, 3);
        var fsa = AutoExtraction.Extract(new ScatteredOracle(dfa), strings, Fast).Minimised;
        Assert.That(fsa.States[Fsa.Start].Size, Is.GreaterThanOrEqualTo(strings.Count), "every string passes through ε");
        Assert.That(fsa.States.Sum(q => (long)q.Size) - fsa.Transitions.Sum(t => (long)t.Count), Is.EqualTo(strings.Count),
            "each prefix but ε arrives by one move, and ε's weight is the learning strings' count (L* ran before any counterexample)");
        var state = Fsa.Start;
        var first = strings[0];
        foreach (var symbol in first)
        {
            int next = fsa.Next(state, fsa.SymbolIndex(symbol));
            Assert.That(fsa.Transitions.Single(t => t.From == state && t.To == next && fsa.Alphabet[t.Symbol] == symbol).Count, Is.Positive);
            Assert.That(fsa.States[next].Size, Is.Positive);
            state = next;
        }
    }

    [Test]
    public void An_L_star_drawing_says_what_its_numbers_count()
    {
        var dfa = Counters();
        var fsa = AutoExtraction.Extract(new ScatteredOracle(dfa), Strings(dfa, 600, 3), Fast).Minimised;
        string lstar = Drawing.FsaSvg.ToSvg(fsa, new Drawing.FsaDrawOptions { ShowSizes = true, SizeMeaning = ExtractCommand.LStarSizes });
        Assert.That(lstar, Does.Contain("number under a state&apos;s id: steps of the learning strings that reach it"));
        Assert.That(lstar, Does.Not.Contain("clustered"));
        Assert.That(lstar, Does.Contain($">{fsa.States[14].Size}<"), "a state's number is drawn");
        string clusters = Drawing.FsaSvg.ToSvg(fsa, new Drawing.FsaDrawOptions { ShowSizes = true });
        Assert.That(clusters, Does.Contain("number under a state&apos;s id: hidden states clustered into it"));
    }

    [Test]
    public void The_json_probe_agreement_has_no_rounding_noise()
    {
        var dfa = Counters();
        var strings = Strings(dfa, 200, 3);
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), strings, Fast) with { ProbeAgreement = 1 - 4345.0 / 20000, Probes = 20000 };
        Assert.That(1 - 4345.0 / 20000, Is.Not.EqualTo(0.78275), "the noise this test is about");
        var r = strings.Select(s => dfa.Classes.ToList().IndexOf(dfa.Classify(s))).ToArray();
        var data = strings.Select((s, i) => new Sequences.LabeledSequence(dfa.Classes[r[i]], s)).ToList();
        var report = new ExtractionReport(result, result.Minimised, "valid.tsv", FsaEvaluation.Of(result.Minimised, data, r), null, null, unminimised: false);
        string json = JsonSerializer.Serialize(report.Json(1.0), JsonOptions.Compact);
        Assert.That(json, Does.Contain("\"probe_agreement\":0.78275,"));
    }

    [Test]
    public void Without_L_star_the_same_data_gives_no_faithful_automaton()
    {
        // What the candidates change: with a k fixed (no L*), the scattered states refine to nothing faithful.
        var dfa = Counters();
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), Strings(dfa, 600, 3), Fast with { Clusters = 1 });
        Assert.That(result.LStar, Is.Empty, "a k the user fixed is kept: L* is not asked");
        Assert.That(result.Source, Is.Not.EqualTo(CandidateSource.LStar));
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.False);
    }

    [Test]
    public void L_star_is_not_asked_where_the_clusters_reach_the_target()
    {
        var dfa = Counters();
        var result = AutoExtraction.Extract(new DfaOracle(dfa), Strings(dfa, 600, 3), Fast);
        Assert.That(result.Source, Is.EqualTo(CandidateSource.Clusters));
        Assert.That(result.LStar, Is.Empty);
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
    }

    [Test]
    public void The_choice_does_not_depend_on_the_thread_count()
    {
        var dfa = Counters();
        var strings = Strings(dfa, 400, 7);
        int previous = Parallelism.Threads;
        try
        {
            var json = new List<string>();
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.Threads = threads;
                var r = AutoExtraction.Extract(new ScatteredOracle(dfa), strings, Fast);
                json.Add(FsaJson.ToJson(r.Minimised) + string.Join(",", r.LStar.Select(p => $"{p.Fsa.StateCount}:{p.ProbeAgreement:R}")));
            }
            Assert.That(json[1], Is.EqualTo(json[0]));
        }
        finally { Parallelism.Threads = previous; }
    }

    [Test]
    public void The_report_names_L_star_as_the_source()
    {
        var dfa = Counters();
        var strings = Strings(dfa, 600, 3);
        var result = AutoExtraction.Extract(new ScatteredOracle(dfa), strings, Fast);
        var r = strings.Select(s => dfa.Classify(s)).ToArray();
        var data = strings.Select((s, i) => new Sequences.LabeledSequence(r[i], s)).ToList();
        var score = FsaEvaluation.Of(result.Minimised, data, r.Select(c => dfa.Classes.ToList().IndexOf(c)).ToArray());
        Assert.That(score.Fidelity, Is.EqualTo(1.0));
        var report = new ExtractionReport(result, result.Minimised, "valid.tsv", score, null, null, unminimised: false);
        string text = report.Text();
        Assert.That(text, Does.Contain("chose L*'s hypothesis of 15 states (minimised); saved the minimised FSA (15 states)"));
        Assert.That(text, Does.Contain("L* (the model as the oracle, as no FSA from its clusters reached the target;"));
        Assert.That(text, Does.Not.Contain("chose k = 0"));
        var json = JsonSerializer.Serialize(report.Json(1.0), JsonOptions.Compact);
        using var doc = JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("source").GetString(), Is.EqualTo("lstar"));
        Assert.That(doc.RootElement.GetProperty("clusters").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(doc.RootElement.GetProperty("lstar_hypotheses").GetArrayLength(), Is.EqualTo(result.LStar.Count));
    }
}
