using Lisor.Pure.Automata;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Automata;

public class TransitionTableTests
{
    [Test]
    public void Columns_stay_aligned_with_long_symbols_and_class_names()
    {
        // two states over three symbols, one of them long, classes longer than the class column's 8 characters
        string[][] seqs = [["&amp;", "x"], ["yy"], ["x"]];
        var fsa = FsaLearner.Learn(seqs, [[0, 1], [1], [0]], 2, [0, 1], ["remainder_zero", "remainder_one"], -1);
        var lines = TransitionTable.ToText(fsa).Split('\n');
        var header = lines[1];
        var rows = lines.Skip(2).TakeWhile(l => !l.StartsWith('(')).ToList();
        Assert.That(rows, Has.Count.EqualTo(fsa.StateCount));
        // every cell ends where its heading ends
        foreach (string symbol in fsa.Alphabet)
        {
            int end = header.IndexOf("on " + symbol, StringComparison.Ordinal) + ("on " + symbol).Length;
            foreach (var row in rows)
            {
                Assert.That(row.Length, Is.GreaterThanOrEqualTo(end), row);
                Assert.That(row[end - 1], Is.Not.EqualTo(' '), $"'{row}' under '{header}'");
            }
        }
        Assert.That(rows.All(r => r.Contains("remainder_zero ") || r.Contains("remainder_one ")));
    }
}
