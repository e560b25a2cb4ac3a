using System.Globalization;
using System.Text;

namespace Lisor.Pure.Drawing;

/// <summary>
/// A minimal SVG (XML) writer: nested elements with attributes and text, every value escaped,
/// numbers written with at most two decimals in invariant culture. <see cref="ToString"/> closes
/// open elements and returns the document.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _w = new();
    private readonly Stack<string> _open = new();

    /// <summary>Starts a document of <paramref name="width"/> × <paramref name="height"/> user units.</summary>
    public SvgWriter(double width, double height)
    {
        _w.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("width", width), ("height", height),
             ("viewBox", $"0 0 {Num(width)} {Num(height)}"));
    }

    /// <summary>Opens <c>&lt;tag attrs&gt;</c>; close it with <see cref="Close"/>.</summary>
    public SvgWriter Open(string tag, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _w.Append('<').Append(tag);
        Attributes(attributes);
        _w.Append(">\n");
        _open.Push(tag);
        return this;
    }

    /// <summary>Closes the innermost open element.</summary>
    public SvgWriter Close()
    {
        string tag = _open.Pop();
        Indent();
        _w.Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A leaf element, with escaped <paramref name="text"/> content when given.</summary>
    public SvgWriter Element(string tag, string? text, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _w.Append('<').Append(tag);
        Attributes(attributes);
        if (text is null) _w.Append("/>\n");
        else _w.Append('>').Append(Escape(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A leaf element without content.</summary>
    public SvgWriter Element(string tag, params (string Name, object? Value)[] attributes) => Element(tag, null, attributes);

    public override string ToString()
    {
        while (_open.Count > 0) Close();
        return _w.ToString();
    }

    /// <summary>A number as SVG wants it: invariant culture, at most two decimals.</summary>
    public static string Num(double x) => Math.Round(x, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Escapes text and attribute values for XML (&amp; &lt; &gt; " ').</summary>
    public static string Escape(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (char c in s)
            b.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&apos;",
                _ when c < ' ' && c is not ('\n' or '\t' or '\r') => "",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    private void Attributes((string Name, object? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            string text = value switch { double d => Num(d), float f => Num(f), int i => i.ToString(CultureInfo.InvariantCulture), _ => value.ToString()! };
            _w.Append(' ').Append(name).Append("=\"").Append(Escape(text)).Append('"');
        }
    }

    private void Indent() => _w.Append(' ', 2 * _open.Count);
}
