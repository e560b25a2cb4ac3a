using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Common;

/// <summary>Terminal columns of user text (<see cref="DisplayWidth"/>), and the transition table that pads by them.</summary>
public class DisplayWidthTests
{
    [TestCase("abc", 3)]
    [TestCase("", 0)]
    [TestCase("é", 1)]                 // precomposed
    [TestCase("e\u0301", 1)]           // e + combining acute: one character on screen
    [TestCase("\u0301", 0)]            // a combining mark on nothing
    [TestCase("😀", 2)]
    [TestCase("😀é😀", 5)]
    [TestCase("中文", 4)]
    [TestCase("ｶ", 1)]                 // halfwidth katakana
    [TestCase("Ａ", 2)]                 // fullwidth A
    [TestCase("한", 2)]
    [TestCase("❤\uFE0F", 2)]           // heart with the emoji presentation selector
    [TestCase("👍🏽", 2)]                // thumbs up with a skin tone: one element
    public void Counts_columns_per_character_a_reader_sees(string text, int columns)
        => Assert.That(DisplayWidth.Of(text), Is.EqualTo(columns));

    [Test]
    public void Pads_to_columns_not_to_utf16_units()
    {
        Assert.That(DisplayWidth.PadLeft("😀", 4), Is.EqualTo("  😀"));
        Assert.That(DisplayWidth.PadRight("e\u0301", 3), Is.EqualTo("e\u0301  "));
        Assert.That(DisplayWidth.PadLeft("longer", 2), Is.EqualTo("longer"), "never cut");
    }

    [Test]
    public void The_transition_tables_cells_end_under_their_headings_whatever_the_script()
    {
        // symbols and classes in scripts whose UTF-16 length is not their width: a combining accent, an emoji, CJK
        string[] alphabet = ["e\u0301", "😀", "中文字", "x"];
        string[] classes = ["ｶ", "中文的类", "e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301"];
        var fsa = new Fsa(alphabet, classes, -1, [new(0, 0, 1), new(1, 1, 2), new(2, 2, 3)],
            [new(0, 0, 1, 1), new(0, 1, 2, 1), new(1, 2, 2, 1), new(2, 3, 0, 1), new(1, 3, 1, 1)]);
        var lines = TransitionTable.ToText(fsa, shortest: true).Split('\n');
        string header = lines[1];
        var rows = lines.Skip(2).Take(fsa.StateCount).ToList();
        int column = DisplayWidth.Of("state  ") + Math.Max(8, classes.Max(DisplayWidth.Of) + 1) + DisplayWidth.Of($"{"points",7}  ");
        foreach (string symbol in alphabet)
        {
            int width = Math.Max(6, 4 + DisplayWidth.Of(symbol));
            column += width;
            Assert.That(DisplayWidth.Of(Prefix(header, column)), Is.EqualTo(column));
            Assert.That(Prefix(header, column), Does.EndWith("on " + symbol), $"'{header}'");
            foreach (var row in rows)
                Assert.That(Prefix(row, column), Does.Not.EndWith(" "), $"'{row}' under '{header}' at column {column}");
        }
    }

    // The start of `line` that takes `columns` terminal columns.
    private static string Prefix(string line, int columns)
    {
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(line);
        var sb = new System.Text.StringBuilder();
        while (DisplayWidth.Of(sb.ToString()) < columns && e.MoveNext()) sb.Append(e.GetTextElement());
        return sb.ToString();
    }
}
