using Lisor.Pure.Automata;

namespace Lisor.Pure.Tests.Automata;

public class FsaLearnerTests
{
    private static (int From, string Symbol, int To) T(int from, string symbol, int to) => (from, symbol, to);

    [Test]
    public void The_0110_clustering_gives_the_papers_FSA_exactly()
    {
        var fsa = Fsa0110.Learn();
        Assert.That(fsa.StateCount, Is.EqualTo(7), "k = 6 clusters plus the start state");
        Assert.That(fsa.Alphabet, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(Enumerable.Range(0, 7).Where(fsa.IsAccepting), Is.EqualTo(new[] { 4 }));
        var transitions = fsa.Transitions.Select(t => (t.From, fsa.Alphabet[t.Symbol], t.To)).ToArray();
        Assert.That(transitions, Is.EqualTo(new[]
        {
            T(0, "0", 1), T(0, "1", 5),
            T(1, "0", 6), T(1, "1", 2),
            T(2, "0", 6), T(2, "1", 3),
            T(3, "0", 4), T(3, "1", 6),
            T(5, "0", 6), T(5, "1", 6),
            T(6, "0", 6), T(6, "1", 6),
        }));
        Assert.That(fsa.Next(4, 0), Is.EqualTo(-1), "like the paper's drawing: no '0' edge out of the accepting state");
        Assert.That(fsa.Dropped, Is.Empty);
    }

    [Test]
    public void The_0110_FSA_counts_moves_and_cluster_sizes()
    {
        var fsa = Fsa0110.Learn();
        // 8 strings start with 0 and 8 with 1; 64 points in all; cluster sizes 8, 4, 2, 1, 8, 41.
        Assert.That(fsa.States.Select(s => s.Size), Is.EqualTo(new[] { 0, 8, 4, 2, 1, 8, 41 }));
        Assert.That(fsa.Transitions.First(t => t.From == 0 && t.Symbol == 0).Count, Is.EqualTo(8));
        Assert.That(fsa.Transitions.Sum(t => t.Count), Is.EqualTo(64));
    }

    [Test]
    public void The_0110_FSA_classifies_all_16_strings_correctly()
    {
        var fsa = Fsa0110.Learn();
        foreach (var s in Fsa0110.Strings) Assert.That(fsa.Classify(s), Is.EqualTo(Fsa0110.Label(s)), string.Concat(s));
    }

    [Test]
    public void Start_state_owns_no_points_and_answers_the_first_non_positive_class()
    {
        var fsa = FsaLearner.Learn([["a"]], [[0]], 1, [0], ["pos", "neg", "other"], positiveClass: 0);
        Assert.That(fsa.States[0].Size, Is.EqualTo(0));
        Assert.That(fsa.Classes[fsa.States[0].Label], Is.EqualTo("neg"));
        Assert.That(fsa.IsAccepting(0), Is.False);
        Assert.That(fsa.IsAccepting(1), Is.True);
    }

    [Test]
    public void The_most_frequent_target_wins_and_ties_go_to_the_smaller_state()
    {
        // From S on "a": to state 2 twice, to state 1 twice, to state 3 once → tie 1 vs 2 → 1.
        string[][] seqs = [["a"], ["a"], ["a"], ["a"], ["a"], ["b", "a"], ["b", "a"], ["b", "a"]];
        int[][] clusters = [[1], [0], [1], [0], [2], [0, 2], [0, 2], [0, 1]];
        var fsa = FsaLearner.Learn(seqs, clusters, 3, [0, 1, 0], ["0", "1"], 1);
        int a = fsa.SymbolIndex("a"), b = fsa.SymbolIndex("b");
        Assert.That(fsa.Next(0, a), Is.EqualTo(1));
        Assert.That(fsa.Next(0, b), Is.EqualTo(1));
        Assert.That(fsa.Next(1, a), Is.EqualTo(3), "2 against 1: the most frequent");
        Assert.That(fsa.Dropped.Select(t => (t.From, fsa.Alphabet[t.Symbol], t.To, t.Count)),
            Is.EqualTo(new[] { (0, "a", 2, 2), (0, "a", 3, 1), (1, "a", 2, 1) }), "every losing move is kept with its count");
    }

    [Test]
    public void Transition_table_of_the_0110_FSA_marks_start_accepting_and_missing()
    {
        string table = FsaTable.ToMarkdown(Fsa0110.Learn());
        Assert.That(table, Does.StartWith("| state | 0 | 1 | label | size |\n"));
        Assert.That(table, Does.Contain("| →0 | 1 | 5 | 0 | 0 |\n"));
        Assert.That(table, Does.Contain("| *4 | · | · | 1 | 1 |\n"));
        Assert.That(table, Does.Contain("| 6 | 6 | 6 | 0 | 41 |\n"));
    }

    [Test]
    public void Alphabet_is_every_symbol_in_ordinal_order()
    {
        var fsa = FsaLearner.Learn([["z", "b"], ["a"]], [[0, 0], [0]], 1, [0], ["0", "1"], 1);
        Assert.That(fsa.Alphabet, Is.EqualTo(new[] { "a", "b", "z" }));
    }

    [Test]
    public void Mismatched_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FsaLearner.Learn([["a", "b"]], [[0]], 1, [0], ["0", "1"], 1));
        Assert.Throws<ArgumentException>(() => FsaLearner.Learn([["a"]], [[2]], 2, [0, 0], ["0", "1"], 1));
        Assert.Throws<ArgumentException>(() => FsaLearner.Learn([["a"]], [[0]], 2, [0], ["0", "1"], 1));
        Assert.Throws<ArgumentException>(() => FsaLearner.Learn([["a"]], [[0]], 1, [5], ["0", "1"], 1));
    }

    [Test]
    public void The_start_state_rejects_unless_a_start_label_is_given()
    {
        var paper = FsaLearner.Learn([["a"]], [[0]], 1, [1], ["0", "1"], 1);
        Assert.That(paper.States[Fsa.Start].Label, Is.EqualTo(0), "the paper: S is never accepting");
        var given = FsaLearner.Learn([["a"]], [[0]], 1, [1], ["0", "1"], 1, startLabel: 1);
        Assert.That(given.States[Fsa.Start].Label, Is.EqualTo(1));
        Assert.That(given.Classify([]), Is.EqualTo("1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => FsaLearner.Learn([["a"]], [[0]], 1, [1], ["0", "1"], 1, startLabel: 2));
    }
}
