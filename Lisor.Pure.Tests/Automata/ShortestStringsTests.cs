using Lisor.Pure.Automata;
using Lisor.Pure.Experiments;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

/// <summary>Each state's shortest string (<see cref="ShortestStrings"/>), and the transition table's column that shows it.</summary>
public class ShortestStringsTests
{
    // Counts a's mod 3 over {a, b}; state 3 has moves in but none leading to it from the start (unreachable).
    private static Fsa CounterWithAnIsland() => new(["a", "b"], ["0", "1"], 1,
        [new(0, 1, 5), new(1, 0, 4), new(2, 0, 3), new(3, 1, 0)],
        [new(0, 0, 1, 1), new(0, 1, 0, 1), new(1, 0, 2, 1), new(1, 1, 1, 1), new(2, 0, 0, 1), new(2, 1, 2, 1), new(3, 0, 3, 1), new(3, 1, 0, 1)]);

    [Test]
    public void Each_state_gets_the_least_string_by_length_then_by_the_alphabets_order()
    {
        var w = ShortestStrings.Of(CounterWithAnIsland());
        Assert.That(w[0], Is.Empty);
        Assert.That(w[1], Is.EqualTo(new[] { 0 }));
        Assert.That(w[2], Is.EqualTo(new[] { 0, 0 }));
        Assert.That(w[3], Is.Null, "no string reaches state 3");
    }

    [Test]
    public void Among_strings_of_one_length_the_first_in_the_alphabet_wins()
    {
        // state 1 is reached by "a" and by "b", state 2 by "a b" and by "b b" (each pair of one length): the first in Σ's order wins
        var fsa = new Fsa(["a", "b"], ["0", "1"], 1, [new(0, 0, 1), new(1, 0, 1), new(2, 1, 1), new(3, 0, 1)],
            [new(0, 0, 1, 1), new(0, 1, 1, 1), new(1, 1, 2, 1), new(1, 0, 1, 1)]);
        // (0 --a--> 1, 0 --b--> 1, 1 --b--> 2, 1 --a--> 1; state 3 unreachable)
        var w = ShortestStrings.Of(fsa);
        Assert.That(w[1], Is.EqualTo(new[] { 0 }), "'a' before 'b'");
        Assert.That(w[2], Is.EqualTo(new[] { 0, 1 }), "'a b' before 'b b'");
        Assert.That(w[3], Is.Null);
    }

    [Test]
    public void On_random_fsas_each_string_leads_to_its_state_and_none_shorter_does()
    {
        var rng = new Rng(17);
        for (int trial = 0; trial < 200; trial++)
        {
            var fsa = RandomFsa.Make(rng, 1 + rng.NextInt(9), 1 + rng.NextInt(3), 0.3 + 0.7 * rng.NextDouble());
            var w = ShortestStrings.Of(fsa);
            // every string of length < |Q| by brute force (a shortest path visits no state twice): the first (shortlex) string reaching each state
            var first = new int[]?[fsa.StateCount];
            foreach (var s in AllStrings(fsa.Alphabet.Count, fsa.StateCount - 1))
            {
                int q = Run(fsa, s);
                if (q >= 0 && first[q] is null) first[q] = s;
            }
            for (int q = 0; q < fsa.StateCount; q++)
                Assert.That(w[q], Is.EqualTo(first[q]), $"trial {trial}, state {q}");
        }
    }

    [Test]
    public void Shown_as_the_data_files_write_strings_and_cut_when_long()
    {
        Assert.That(ShortestStrings.Show(Array.Empty<string>()), Is.EqualTo("ε"));
        Assert.That(ShortestStrings.Show(["a", "b", "a"]), Is.EqualTo("a b a"));
        var many = Enumerable.Range(0, 50).Select(i => (i % 10).ToString()).ToArray();
        Assert.That(ShortestStrings.Show(many), Is.EqualTo(string.Join(' ', many.Take(40)) + " … (50 symbols)"));
        Assert.That(ShortestStrings.Show(many[..40]), Is.EqualTo(string.Join(' ', many.Take(40))), "40 symbols are shown whole");
        // a symbol of a data file may be long or hold control characters: the line stays short and one line
        string shown = ShortestStrings.Show(["a", new string('x', 5000), "b\tc"]);
        Assert.That(shown, Does.StartWith("a xxxx").And.Contain("(5000 characters)").And.EndWith(" b\\tc"));
        Assert.That(shown.Length, Is.LessThan(100));
    }

    [Test]
    public void The_table_shows_them_only_when_asked()
    {
        var fsa = CounterWithAnIsland();
        Assert.That(TransitionTable.ToText(fsa), Does.Not.Contain("reached by"));
        var lines = TransitionTable.ToText(fsa, shortest: true).Split('\n');
        Assert.That(lines[1], Does.EndWith("  reached by"));
        Assert.That(lines[2], Does.EndWith("  ε"));
        Assert.That(lines[4], Does.EndWith("  a a"));
        Assert.That(lines[5], Does.EndWith("  (no string)"));
        Assert.That(lines, Has.Some.StartsWith("(reached by: the shortest string"));
    }

    [Test]
    public void A_large_alphabets_listing_names_them_on_one_line()
    {
        // 13 symbols: no matrix, the moves listed; state 2 reached first by "s1 s0"
        var symbols = Enumerable.Range(0, 13).Select(a => "s" + a).ToArray();
        var fsa = new Fsa(symbols, ["0", "1"], 1, [new(0, 0, 3), new(1, 1, 2), new(2, 0, 1)],
            [new(0, 1, 1, 5), new(1, 0, 2, 4), new(0, 2, 2, 1), new(2, 12, 0, 1)]);
        Assert.That(TransitionTable.ToText(fsa), Does.Not.Contain("reached by"));
        string text = TransitionTable.ToText(fsa, shortest: true);
        Assert.That(text, Does.Contain("--s1--> 1"));
        Assert.That(text, Does.EndWith("reached by (each state's shortest string from the start state): 0 ε; 1 s1; 2 s2\n"));
    }

    private static int Run(Fsa fsa, int[] s)
    {
        int q = Fsa.Start;
        foreach (int a in s) { q = fsa.Next(q, a); if (q < 0) return -1; }
        return q;
    }

    // Every string over `symbols` symbols of length 0 … maxLength, shortest first, then in the alphabet's order.
    private static IEnumerable<int[]> AllStrings(int symbols, int maxLength)
    {
        var level = new List<int[]> { Array.Empty<int>() };
        for (int length = 0; length <= maxLength; length++)
        {
            foreach (var s in level) yield return s;
            level = level.SelectMany(s => Enumerable.Range(0, symbols).Select(a => s.Append(a).ToArray())).ToList();
        }
    }
}
