using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Charts;

public class MarkdownTableTests
{
    [Test]
    public void Table_has_header_alignment_row_and_padded_cells()
    {
        string md = new MarkdownTable("cell", "ours", "paper")
            .AlignNumbers()
            .Row("MGU", "4.0", "6")
            .Row("LSTM", "12.2", "14.6")
            .ToString();
        Assert.That(md, Is.EqualTo(
            "| cell | ours | paper |\n" +
            "| ---- | ---: | ----: |\n" +
            "| MGU  |  4.0 |     6 |\n" +
            "| LSTM | 12.2 |  14.6 |\n"));
    }

    [Test]
    public void Centred_columns_pipes_newlines_and_short_rows_are_handled()
    {
        var table = new MarkdownTable("a", "b").Align(0, MarkdownAlign.Center).Row("x|y").Row("two\nlines", "z");
        string[] lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[1], Is.EqualTo("| :-------: | --- |"));
        Assert.That(lines[2], Is.EqualTo("|   x\\|y    |     |"));
        Assert.That(lines[3], Is.EqualTo("| two lines | z   |"));
        Assert.That((table.Columns, table.Rows), Is.EqualTo((2, 2)));
        Assert.Throws<ArgumentException>(() => table.Row("1", "2", "3"));
    }

    [Test]
    public void Numbers_use_invariant_fixed_decimals()
    {
        Assert.That(MarkdownTable.Number(0.8475), Is.EqualTo("0.848"));
        Assert.That(MarkdownTable.Number(13.6, 1), Is.EqualTo("13.6"));
        Assert.That(MarkdownTable.Number(double.NaN), Is.EqualTo("—"));
    }
}
