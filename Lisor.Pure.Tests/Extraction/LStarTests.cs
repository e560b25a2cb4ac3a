using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;
using Lisor.Pure.Tests.Automata;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>L* against oracles whose language is known (DFAs, a 3-class language, a non-regular one).</summary>
public class LStarTests
{
    /// <summary>An oracle from a function of the word (the tests' own languages), counting its queries.</summary>
    private sealed class FunctionOracle(int sigma, Func<int[], int> classify) : IMembershipOracle
    {
        public int AlphabetSize => sigma;
        public long Queries { get; private set; }
        public int Classify(ReadOnlySpan<int> word) { Queries++; return classify(word.ToArray()); }
    }

    [TestCase(1), TestCase(2), TestCase(3), TestCase(4), TestCase(5), TestCase(6), TestCase(7)]
    public void Learns_each_Tomita_grammar_exactly_and_minimally(int n)
    {
        var target = Tomita.Dfa(n);
        var result = LStar.Learn(new FsaOracle(target), new LStarOptions());
        var learned = result.ToFsa(target.Alphabet, target.Classes, target.PositiveClass);
        Assert.That(Equivalence.Check(learned, target).Equivalent, Is.True, result.Note);
        Assert.That(result.States, Is.EqualTo(Tomita.MinimalStates(n)));
        Assert.That(result.BudgetReached, Is.Null);
        Assert.That(result.SampledAgree, Is.EqualTo(result.SampledTotal));
        Assert.That(result.Labels[0], Is.EqualTo(1), "every Tomita grammar contains ε");
        Assert.That(result.Note, Does.StartWith("no sampled string"));
    }

    [Test]
    public void Learns_random_minimal_DFAs_over_three_symbols_exactly()
    {
        var rng = new Rng(11);
        int learned = 0;
        for (int trial = 0; trial < 40 && learned < 8; trial++)
        {
            var raw = RandomFsa.Make(rng, 4 + rng.NextInt(7), 3, 1.0);
            var target = Minimiser.Minimise(raw, MissingPolicy.Dead, keepSink: true).Minimal;
            if (target.StateCount < 4) continue;
            var result = LStar.Learn(new FsaOracle(target), new LStarOptions());
            var fsa = result.ToFsa(target.Alphabet, target.Classes, target.PositiveClass);
            Assert.That(Equivalence.Check(fsa, target).Equivalent, Is.True, $"trial {trial}: {result.Note}");
            Assert.That(result.States, Is.EqualTo(target.StateCount), $"trial {trial}");
            learned++;
        }
        Assert.That(learned, Is.EqualTo(8));
    }

    [Test]
    public void Learns_the_three_class_language_count_of_a_mod_3()
    {
        // Σ = {a, b}; the class is #a mod 3, ε included (class 0).
        var oracle = new FunctionOracle(2, w => w.Count(s => s == 0) % 3);
        var result = LStar.Learn(oracle, new LStarOptions());
        Assert.That(result.States, Is.EqualTo(3));
        Assert.That(result.BudgetReached, Is.Null);
        Assert.That(result.Labels.Order(), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(result.Labels[0], Is.EqualTo(0));
        for (int q = 0; q < 3; q++)
        {
            Assert.That(result.Labels[result.Next[q * 2 + 0]], Is.EqualTo((result.Labels[q] + 1) % 3), "a counts");
            Assert.That(result.Next[q * 2 + 1], Is.EqualTo(q), "b does not");
        }
        var fsa = result.ToFsa(["a", "b"], ["0", "1", "2"], 0);
        Assert.That(fsa.Classify(["a", "b", "a", "a", "b", "a"]), Is.EqualTo("1"));
        Assert.That(fsa.Classify([]), Is.EqualTo("0"));
    }

    [Test]
    public void A_non_regular_oracle_stops_at_the_state_budget_with_a_hypothesis_and_a_note()
    {
        // aⁿbⁿ (n ≥ 0) with Σ = {a, b}: every finite hypothesis is wrong somewhere.
        static int AnBn(int[] w)
        {
            int n = w.TakeWhile(s => s == 0).Count();
            return 2 * n == w.Length && w.Skip(n).All(s => s == 1) ? 1 : 0;
        }
        var result = LStar.Learn(new FunctionOracle(2, AnBn), new LStarOptions { MaxStates = 6, WalkLength = 30 });
        Assert.That(result.BudgetReached, Is.EqualTo("states"));
        Assert.That(result.States, Is.InRange(1, 6));
        Assert.That(result.Next.All(t => t >= 0 && t < result.States), Is.True, "the hypothesis is a complete DFA");
        Assert.That(result.SampledAgree, Is.LessThan(result.SampledTotal));
        Assert.That(result.LargestStates, Is.EqualTo(result.States), "without data the last hypothesis is returned");
        Assert.That(result.Note, Does.StartWith($"budget reached (state limit) after {result.States} states / ")
            .And.Contain($"the hypothesis agrees with R on {result.SampledAgree} of {result.SampledTotal} sampled strings"));
        Assert.That(result.Classify([]), Is.EqualTo(1), "ε is in aⁿbⁿ");
    }

    [Test]
    public void At_the_budget_the_smallest_hypothesis_with_the_most_data_right_is_returned()
    {
        // aⁿbⁿ again, with data words that a small automaton gets right (n ≤ 2, and a few non-members).
        static int AnBn(int[] w)
        {
            int n = w.TakeWhile(s => s == 0).Count();
            return 2 * n == w.Length && w.Skip(n).All(s => s == 1) ? 1 : 0;
        }
        int[][] data = [[], [0, 1], [0, 0, 1, 1], [1, 0], [0, 1, 1], [0], [1, 1]];
        var result = LStar.Learn(new FunctionOracle(2, AnBn), new LStarOptions { MaxStates = 10, WalkLength = 30, Data = data });
        Assert.That(result.BudgetReached, Is.EqualTo("states"));
        Assert.That(result.DataAgree, Is.EqualTo(data.Length));
        Assert.That(result.States, Is.LessThan(result.LargestStates));
        Assert.That(data.All(w => result.Classify(w) == AnBn(w)), Is.True);
        Assert.That(result.Note, Does.Contain($"returned the {result.States}-state hypothesis").And.Contain($"({data.Length} of {data.Length})"));
    }

    [Test]
    public void A_time_limit_of_zero_still_returns_a_complete_hypothesis()
    {
        var result = LStar.Learn(new FsaOracle(Tomita.Dfa(3)), new LStarOptions { TimeLimit = 0 });
        Assert.That(result.BudgetReached, Is.EqualTo("time"));
        Assert.That(result.States, Is.GreaterThanOrEqualTo(1));
        Assert.That(result.Next, Has.Length.EqualTo(result.States * 2));
        Assert.That(result.Note, Does.Contain("time limit"));
    }

    [Test]
    public void Exhaustive_sampling_covers_all_lengths_that_fit_the_word_budget()
    {
        // 1 + 2 + 4 + … + 2¹³ = 16383 ≤ 2¹⁴ < 32767: lengths 0 … 13.
        var result = LStar.Learn(new FsaOracle(Tomita.Dfa(1)), new LStarOptions { Walks = 10 });
        Assert.That(result.ExhaustiveLength, Is.EqualTo(13));
        Assert.That(result.SampledTotal, Is.EqualTo(16383 + 10));
        var small = LStar.Learn(new FsaOracle(Tomita.Dfa(1)), new LStarOptions { ExhaustiveWords = 7, Walks = 0 });
        Assert.That((small.ExhaustiveLength, small.SampledTotal), Is.EqualTo((2, 7L)));
    }
}
