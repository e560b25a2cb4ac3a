using System.Globalization;
using System.Text;

namespace Lisor.Pure.Experiments;

/// <summary>Alignment of a Markdown table column.</summary>
internal enum MarkdownAlign
{
    /// <summary>Left-aligned (<c>---</c>).</summary>
    Left,
    /// <summary>Centred (<c>:---:</c>).</summary>
    Center,
    /// <summary>Right-aligned (<c>---:</c>), for numbers.</summary>
    Right,
}

/// <summary>
/// A tiny GitHub-flavoured Markdown table builder: a header, rows of cells, per-column alignment.
/// Columns are padded so the source reads as a table too; '|' in a cell is escaped, line breaks
/// become spaces.
/// </summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly MarkdownAlign[] _align;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with these column headers, all left-aligned.</summary>
    public MarkdownTable(params string[] headers)
    {
        if (headers.Length == 0) throw new ArgumentException("a table needs at least one column");
        _headers = headers.Select(Clean).ToArray();
        _align = new MarkdownAlign[headers.Length];
    }

    /// <summary>Number of columns.</summary>
    public int Columns => _headers.Length;

    /// <summary>Number of rows added (header excluded).</summary>
    public int Rows => _rows.Count;

    /// <summary>Sets the alignment of one column.</summary>
    public MarkdownTable Align(int column, MarkdownAlign align)
    {
        _align[column] = align;
        return this;
    }

    /// <summary>Right-aligns every column from <paramref name="firstColumn"/> on (numeric columns after label columns).</summary>
    public MarkdownTable AlignNumbers(int firstColumn = 1)
    {
        for (int c = firstColumn; c < _align.Length; c++) _align[c] = MarkdownAlign.Right;
        return this;
    }

    /// <summary>Adds a row; missing trailing cells are empty, too many is an error.</summary>
    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length > _headers.Length)
            throw new ArgumentException($"row has {cells.Length} cells for {_headers.Length} columns");
        var row = new string[_headers.Length];
        for (int c = 0; c < row.Length; c++) row[c] = c < cells.Length ? Clean(cells[c]) : "";
        _rows.Add(row);
        return this;
    }

    /// <summary>A number with fixed decimals in invariant culture ("—" for NaN), for table cells.</summary>
    public static string Number(double value, int decimals = 3)
        => double.IsNaN(value) ? "—" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The table as Markdown, one line per row, each ending in '\n'.</summary>
    public override string ToString()
    {
        var width = new int[_headers.Length];
        for (int c = 0; c < width.Length; c++)
            width[c] = Math.Max(3, _rows.Select(r => r[c].Length).Append(_headers[c].Length).Max());
        var sb = new StringBuilder();
        AppendRow(sb, _headers, width);
        sb.Append('|');
        for (int c = 0; c < width.Length; c++)
        {
            sb.Append(' ');
            sb.Append(_align[c] switch
            {
                MarkdownAlign.Center => ":" + new string('-', width[c] - 2) + ":",
                MarkdownAlign.Right => new string('-', width[c] - 1) + ":",
                _ => new string('-', width[c]),
            });
            sb.Append(" |");
        }
        sb.Append('\n');
        foreach (var row in _rows) AppendRow(sb, row, width);
        return sb.ToString();
    }

    private void AppendRow(StringBuilder sb, string[] cells, int[] width)
    {
        sb.Append('|');
        for (int c = 0; c < cells.Length; c++)
        {
            int pad = width[c] - cells[c].Length;
            int left = _align[c] switch { MarkdownAlign.Right => pad, MarkdownAlign.Center => pad / 2, _ => 0 };
            sb.Append(' ').Append(' ', left).Append(cells[c]).Append(' ', pad - left).Append(" |");
        }
        sb.Append('\n');
    }

    private static string Clean(string cell) => cell.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Replace("|", "\\|");
}
