using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

public class AutoExtractionTests
{
    private static readonly AutoExtractionOptions Fast = new() { ProbeStrings = 3000, ProbeSymbols = 40_000 };

    /// <summary>Every string over the DFA's alphabet of length 0 … n.</summary>
    private static List<string[]> AllStrings(Fsa dfa, int n)
    {
        var result = new List<string[]> { Array.Empty<string>() };
        var layer = new List<string[]> { Array.Empty<string>() };
        for (int l = 1; l <= n; l++)
        {
            layer = layer.SelectMany(s => dfa.Alphabet.Select(a => s.Append(a).ToArray())).ToList();
            result.AddRange(layer);
        }
        return result;
    }

    private static List<string[]> RandomStrings(Fsa dfa, int count, int maxLength, ulong seed)
        => RandomDfa.Sample(dfa, count, 1, maxLength, new Rng(seed)).Select(e => e.Tokens).ToList();

    [Test]
    public void Refinement_splits_a_cluster_that_merges_states_with_different_futures()
    {
        // Tomita 2 = (10)*: after "1" R waits for a 0, after "0" it is dead; both reject, so one cluster
        // split by R's answer keeps them together, and only their futures (on 0: accept vs reject) differ.
        var dfa = Tomita.Dfa(2);
        var tree = new PrefixTree(new DfaOracle(dfa), AllStrings(dfa, 6));
        var initial = new int[tree.Count];
        var refinement = new Refinement();
        int one = tree.Find(["1"]), zero = tree.Find(["0"]);

        var labelsOnly = refinement.Refine(tree, tree.States, initial, 1, maxBlocks: 0);
        Assert.That(labelsOnly.BlockOf[one], Is.EqualTo(labelsOnly.BlockOf[zero]), "R's answers alone do not separate them");
        var unrefined = Minimiser.Minimise(PartitionAutomaton.Build(tree, labelsOnly, dfa.Classes, dfa.PositiveClass)).Minimal;
        Assert.That(Equivalence.Check(unrefined, dfa).Equivalent, Is.False);

        var refined = refinement.Refine(tree, tree.States, initial, 1, maxBlocks: 64);
        Assert.That(refined.Converged);
        Assert.That(refined.Splits, Is.GreaterThan(0));
        Assert.That(refined.BlockOf[one], Is.Not.EqualTo(refined.BlockOf[zero]));
        var fsa = Minimiser.Minimise(PartitionAutomaton.Build(tree, refined, dfa.Classes, dfa.PositiveClass)).Minimal;
        Assert.That(Equivalence.Check(fsa, dfa).Equivalent, Is.True);
    }

    [Test]
    public void Auto_k_keeps_the_smallest_fsa_at_the_smallest_k_that_gives_it()
    {
        var dfa = RandomDfa.Minimal(6, 3, seed: 5);
        var oracle = new DfaOracle(dfa, copies: 3); // 18 well-separated groups of points for 6 states
        var result = AutoExtraction.Extract(oracle, RandomStrings(dfa, 400, 12, 6), Fast);
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
        Assert.That(result.ReachedTarget);
        int last = result.Curve.Max(p => p.Round);
        var round = result.Curve.Where(p => p.Round == last).ToList();
        int smallest = round.Where(p => p.Fidelity >= 1).Min(p => p.MinimisedStates);
        Assert.That(result.Minimised.StateCount, Is.EqualTo(smallest));
        Assert.That(result.K, Is.EqualTo(round.First(p => p.Fidelity >= 1 && p.MinimisedStates == smallest).K));
        Assert.That(round.Select(p => p.K), Is.EqualTo(Enumerable.Range(1, round.Count)), "k = 1, 2, … in order");
    }

    [Test]
    public void Strings_of_one_length_do_not_stop_the_k_search_early()
    {
        // All strings have length 6: the FSA is free on other lengths, so agreeing on every probe (all of
        // length 6) proves nothing about minimality, and the search runs its patience past the smallest.
        var dfa = RandomDfa.Minimal(5, 3, seed: 2);
        var strings = RandomDfa.Sample(dfa, 300, 6, 6, new Rng(3)).Select(e => e.Tokens).ToList();
        var result = AutoExtraction.Extract(new DfaOracle(dfa, copies: 2), strings, Fast);
        Assert.That(result.ReachedTarget);
        var round = result.Curve.Where(p => p.Round == 0).ToList();
        int smallest = round.Where(p => p.Fidelity >= 1).Min(p => p.MinimisedStates);
        Assert.That(round.Max(p => p.K), Is.GreaterThanOrEqualTo(smallest + new AutoExtractionOptions().Patience));
    }

    [Test]
    public void A_given_k_is_the_only_k_tried()
    {
        var dfa = Tomita.Dfa(4);
        var result = AutoExtraction.Extract(new DfaOracle(dfa), RandomStrings(dfa, 200, 10, 3), Fast with { Clusters = 5 });
        Assert.That(result.K, Is.EqualTo(5));
        Assert.That(result.Curve.Select(p => p.K).Distinct(), Is.EqualTo(new[] { 5 }));
        var eq = Equivalence.Check(result.Minimised, dfa);
        Assert.That(eq.Equivalent, Is.True, $"{string.Join(" ", eq.Counterexample ?? [])} {string.Join("; ", result.Curve)} probes {result.ProbeAgreement}");
    }

    [TestCase(1)] // 1*: ε accepted
    [TestCase(0)] // a made-up language that rejects ε
    public void The_start_state_answers_what_R_answers_on_the_empty_string(int tomita)
    {
        var dfa = tomita > 0 ? Tomita.Dfa(tomita) : RandomDfa.Minimal(4, 2, seed: 11);
        var oracle = new DfaOracle(dfa);
        var result = AutoExtraction.Extract(oracle, RandomStrings(dfa, 200, 10, 4), Fast);
        Assert.That(result.Minimised.States[Fsa.Start].Label, Is.EqualTo(oracle.Initial.Answer));
        Assert.That(result.Minimised.Classify([]), Is.EqualTo(dfa.Classify([])));
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True, "equivalent on every string, ε included");
    }

    [Test]
    public void The_model_oracle_answers_like_predict_on_every_prefix_and_on_the_empty_string()
    {
        var task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 100, Valid: 20, Test: 20, MaxLength: 8), 3);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "gru", Hidden = 5, Layers = 2, Epochs = 2, Seed = 3 }, null).Model;
        var oracle = new ModelOracle(model);
        Assert.That(oracle.Dim, Is.EqualTo(10));
        Assert.That(oracle.Initial.Answer, Is.EqualTo(model.Predict([new LabeledSequence("0", [])])[0]));
        var strings = task.Valid.Select(e => e.Tokens).Where(s => s.Length > 0).ToList();
        var states = new float[strings.Count][];
        var answers = new int[strings.Count][];
        oracle.Run(strings, states, answers);
        var prefixes = strings.SelectMany(s => Enumerable.Range(1, s.Length).Select(n => s[..n])).ToList();
        int[] predicted = model.Predict(prefixes.Select(p => new LabeledSequence("0", p)).ToList());
        Assert.That(answers.SelectMany(a => a).ToArray(), Is.EqualTo(predicted));
        Assert.That(oracle.Answer(strings), Is.EqualTo(answers.Select(a => a[^1]).ToArray()));
        // Answer runs through a prefix cache: the empty string and repeated strings too.
        var mixed = strings.Prepend([]).Concat(strings).ToList();
        Assert.That(oracle.Answer(mixed), Is.EqualTo(model.Predict(mixed.Select(p => new LabeledSequence("0", p)).ToList())));
        Assert.That(oracle.Answer([[]]), Is.EqualTo(new[] { oracle.Initial.Answer }));
    }

    [TestCase(4)]
    [TestCase(7)]
    [TestCase(10)]
    public void Random_minimal_dfas_are_minimal_seeded_and_recovered_from_an_exact_r(int n)
    {
        var dfa = RandomDfa.Minimal(n, 3, seed: (ulong)n);
        Assert.That(Minimiser.Minimise(dfa, MissingPolicy.Dead, keepSink: true).Minimal.StateCount, Is.EqualTo(n));
        Assert.That(RandomDfa.Minimal(n, 3, seed: (ulong)n).Transitions, Is.EqualTo(dfa.Transitions));
        var result = AutoExtraction.Extract(new DfaOracle(dfa, copies: 2), RandomStrings(dfa, 600, 14, 9), Fast);
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
        Assert.That(result.Minimised.StateCount, Is.LessThanOrEqualTo(n));
    }

    [Test]
    public void Probes_are_every_string_up_to_the_exhaustive_length_then_longer_random_ones()
    {
        var probes = ProbeStrings.Generate(["x", "y"], maxLength: 8, maxStrings: 40, maxSymbols: 10_000, seed: 1);
        Assert.That(probes.ExhaustiveLength, Is.EqualTo(4), "2 + 4 + 8 + 16 = 30 ≤ 40 < 62");
        Assert.That(probes.Count, Is.EqualTo(40));
        var shortOnes = probes.Tokens.Where(t => t.Length <= 4).Select(t => string.Concat(t)).ToList();
        Assert.That(shortOnes, Has.Count.EqualTo(30).And.Unique);
        Assert.That(probes.Tokens.Skip(30).Select(t => t.Length), Is.All.InRange(5, 8));
        var again = ProbeStrings.Generate(["x", "y"], 8, 40, 10_000, seed: 1);
        Assert.That(again.Ids, Is.EqualTo(probes.Ids));
        Assert.That(probes.ExhaustiveLengths, Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(probes.ExhaustiveFromOne, Is.EqualTo(4));
    }

    [Test]
    public void Probes_skip_the_lengths_the_data_lacks_and_say_so()
    {
        // task 000's lengths, 5 … 20, two symbols, 20 000 strings: 2⁵ + … + 2¹³ = 16 352 fit, 2¹⁴ more would not
        var probes = ProbeStrings.Generate(["0", "1"], maxLength: 20, maxStrings: 20_000, maxSymbols: 1_000_000, seed: 1,
            lengths: Enumerable.Range(5, 16).ToHashSet());
        Assert.That(probes.ExhaustiveLength, Is.EqualTo(13));
        Assert.That(probes.ExhaustiveLengths, Is.EqualTo(Enumerable.Range(5, 9)));
        Assert.That(probes.ExhaustiveFromOne, Is.Zero, "no string of length 1 … 4 is a probe");
        Assert.That(probes.Ids.Min(s => s.Length), Is.EqualTo(5));
        Assert.That(probes.Ids.Count(s => s.Length <= 13), Is.EqualTo(16_352));
        // a gap: lengths 1, 2 and 4
        var gap = ProbeStrings.Generate(["0", "1"], maxLength: 4, maxStrings: 100, maxSymbols: 10_000, seed: 1, lengths: new HashSet<int> { 1, 2, 4 });
        Assert.That(gap.ExhaustiveLengths, Is.EqualTo(new[] { 1, 2, 4 }));
        Assert.That(gap.ExhaustiveFromOne, Is.EqualTo(2));
        Assert.That(gap.Ids.Select(s => s.Length).Distinct(), Is.EquivalentTo(new[] { 1, 2, 4 }));
    }

    [Test]
    public void The_r_runs_count_learning_strings_probes_and_counterexamples()
    {
        var dfa = Tomita.Dfa(5);
        var oracle = new DfaOracle(dfa);
        var result = AutoExtraction.Extract(oracle, RandomStrings(dfa, 100, 8, 2), Fast);
        Assert.That(result.RRuns, Is.EqualTo(oracle.Runs));
        Assert.That(result.Probes, Is.GreaterThan(0));
    }

    [Test]
    public void Three_classes_are_kept_as_classes_count_of_a_mod_3()
    {
        // States answer their own class: #a mod 3 ∈ {0, 1, 2} over {a, b}; nothing assumes two classes.
        var states = Enumerable.Range(0, 3).Select(q => new FsaState(q, q, 0)).ToArray();
        var moves = Enumerable.Range(0, 3).SelectMany(q => new[] { new FsaTransition(q, 0, (q + 1) % 3, 0), new FsaTransition(q, 1, q, 0) });
        var dfa = new Fsa(["a", "b"], ["zero", "one", "two"], 0, states, moves);
        var result = AutoExtraction.Extract(new DfaOracle(dfa), RandomStrings(dfa, 200, 10, 8), Fast);
        Assert.That(result.Minimised.StateCount, Is.EqualTo(3));
        Assert.That(Equivalence.Check(result.Minimised, dfa).Equivalent, Is.True);
        Assert.That(result.Minimised.States.Select(q => result.Minimised.Classes[q.Label]).Distinct().Count(), Is.EqualTo(3));
    }
}
