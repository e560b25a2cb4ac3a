using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Experiments;

public class ExperimentPartsTests
{
    [Test]
    public void A_torn_last_line_of_results_csv_is_dropped_on_resume()
    {
        string path = Path.Combine(CliRunner.TempDir(), "results.csv");
        var rows = new SweepResults();
        rows.Add(new SweepRow("mgu", 1, "kmeans", 2, 0.5, 0.75, 3, 2, 1.0, 0.01));
        rows.Add(new SweepRow("mgu", 1, "kmeans", 3, 1.0, null, 4, 3, 1.0, 0.02));
        rows.Save(path);
        File.AppendAllText(path, "mgu,1,kmeans,4,0.9");
        var back = SweepResults.Load(path);
        Assert.That(back.Rows, Is.EqualTo(rows.Rows));
        Assert.That(back.SmallestK("mgu", 1, "kmeans", 1.0, 64), Is.EqualTo(3));
        Assert.That(back.SmallestK("mgu", 1, "kmeans", 0.4, 64), Is.EqualTo(2));
        Assert.That(back.SmallestK("gru", 1, "kmeans", 0.4, 64), Is.EqualTo(65), "never = max + 1");
    }

    [Test]
    public void A_grammar_dfa_is_equivalent_to_itself_and_differs_from_another_with_a_counterexample()
    {
        Assert.That(TomitaExperiment.Compare(Tomita.Dfa(4), Tomita.Dfa(4)), Is.EqualTo("yes"));
        Assert.That(TomitaExperiment.Compare(Tomita.Dfa(1), Tomita.Dfa(2)), Does.StartWith("no: \""));
    }

    [Test]
    public void An_fsa_that_differs_only_on_the_empty_string_is_equivalent_except_epsilon()
    {
        var dfa = Tomita.Dfa(4);
        // A copy whose start state answers "reject", as every learned FSA's start state does, with
        // the start's outgoing moves redirected through a fresh copy of the start so ε alone changes.
        var states = dfa.States.ToList();
        int copy = states.Count;
        states.Add(new FsaState(copy, dfa.States[0].Label, 0));
        states[0] = states[0] with { Label = 0 };
        var transitions = dfa.Transitions.Select(t => t.To == 0 ? t with { To = copy } : t).ToList();
        transitions.AddRange(transitions.Where(t => t.From == 0).Select(t => t with { From = copy }).ToList());
        var learnedLike = dfa.With(states, transitions);
        Assert.That(TomitaExperiment.Compare(learnedLike, dfa), Is.EqualTo("yes, except ε"));
    }

    [Test]
    public void Word_log_odds_are_positive_for_words_typical_of_the_positive_class()
    {
        var train = new List<LabeledSequence>
        {
            new("spam", ["free", "money", "now"]), new("spam", ["free", "offer"]),
            new("ham", ["meeting", "now"]), new("ham", ["meeting", "notes"]),
        };
        var odds = WordClassReport.LogOdds(train, "spam");
        Assert.That(odds["free"], Is.GreaterThan(0));
        Assert.That(odds["meeting"], Is.LessThan(0));
        Assert.That(odds["now"], Is.EqualTo(Math.Log(2.0 / 11) - Math.Log(2.0 / 10)).Within(1e-12), "once in each: (1+1)/(N₊ 5 + V 6) vs (1+1)/(N₋ 4 + V 6)");
    }

    [Test]
    public void Majority_of_runs_breaks_ties_by_the_earliest_run()
    {
        int[][] runs = [[0, 1, 1], [1, 1, 0], [1, 0, 0]];
        Assert.That(TextExperiment.Majority(runs, 3), Is.EqualTo(new[] { 1, 1, 0 }));
        Assert.That(TextExperiment.Majority([[0, 1], [1, 0]], 2), Is.EqualTo(new[] { 0, 1 }));
    }
}
