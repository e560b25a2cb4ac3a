using System.Globalization;
using System.Text;

namespace Lisor.Pure.Drawing;

/// <summary>
/// The charts' tiny SVG writer: appends elements to a string with every number in invariant
/// culture and two fixed decimals, and every text escaped, so the same chart always gives the same
/// bytes. Knows nothing about charts; charts call it.
/// </summary>
internal sealed class ChartSvg
{
    private readonly StringBuilder _sb = new();
    private int _depth;

    /// <summary>Font used for every text: a generic family present everywhere.</summary>
    public const string Font = "Helvetica, Arial, sans-serif";

    /// <summary>Opens the root &lt;svg&gt; of <paramref name="width"/> × <paramref name="height"/> pixels on a white background.</summary>
    public ChartSvg(double width, double height)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
           .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
           .Append("\" font-family=\"").Append(Font).Append("\">\n");
        _depth = 1;
        Rect(0, 0, width, height, "#ffffff", null);
    }

    /// <summary>A number as SVG wants it: invariant culture, two decimals, no "-0.00".</summary>
    public static string N(double v)
    {
        string s = v.ToString("F2", CultureInfo.InvariantCulture);
        return s == "-0.00" ? "0.00" : s;
    }

    /// <summary>Escapes the five XML special characters.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // XML 1.0 forbids most control characters; drop them rather than emit invalid XML.
                    if (c >= ' ' || c == '\t' || c == '\n') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private StringBuilder Line() => _sb.Append(' ', 2 * _depth);

    /// <summary>Opens a group, optionally translated by (dx, dy).</summary>
    public void BeginGroup(double dx = 0, double dy = 0, string? cssClass = null)
    {
        Line().Append("<g");
        if (dx != 0 || dy != 0) _sb.Append(" transform=\"translate(").Append(N(dx)).Append(' ').Append(N(dy)).Append(")\"");
        if (cssClass != null) _sb.Append(" class=\"").Append(Escape(cssClass)).Append('"');
        _sb.Append(">\n");
        _depth++;
    }

    /// <summary>Closes the group opened last.</summary>
    public void EndGroup()
    {
        _depth--;
        Line().Append("</g>\n");
    }

    /// <summary>A rectangle; null fill or stroke means none.</summary>
    public void Rect(double x, double y, double w, double h, string? fill, string? stroke, double strokeWidth = 1)
    {
        Line().Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(Math.Max(0, w)))
           .Append("\" height=\"").Append(N(Math.Max(0, h))).Append("\" fill=\"").Append(fill ?? "none").Append('"');
        if (stroke != null) _sb.Append(" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(strokeWidth)).Append('"');
        _sb.Append("/>\n");
    }

    /// <summary>A straight line; <paramref name="dash"/> is an SVG dash array such as "4 3".</summary>
    public void LineSegment(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        Line().Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2))
           .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append('"');
        if (dash != null) _sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _sb.Append("/>\n");
    }

    /// <summary>An open polyline through the points.</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width = 2, string? dash = null)
    {
        Line().Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width))
           .Append("\" stroke-linejoin=\"round\"");
        if (dash != null) _sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _sb.Append(" points=\"");
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0) _sb.Append(' ');
            _sb.Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        }
        _sb.Append("\"/>\n");
    }

    /// <summary>A circle.</summary>
    public void Circle(double cx, double cy, double r, string fill, string? stroke = null, double opacity = 1)
    {
        Line().Append("<circle cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"").Append(N(r))
           .Append("\" fill=\"").Append(fill).Append('"');
        if (stroke != null) _sb.Append(" stroke=\"").Append(stroke).Append('"');
        if (opacity < 1) _sb.Append(" fill-opacity=\"").Append(N(opacity)).Append('"');
        _sb.Append("/>\n");
    }

    /// <summary>A closed polygon (markers: square, triangle, diamond).</summary>
    public void Polygon(ReadOnlySpan<(double X, double Y)> points, string fill, string? stroke = null, double opacity = 1)
    {
        Line().Append("<polygon fill=\"").Append(fill).Append('"');
        if (stroke != null) _sb.Append(" stroke=\"").Append(stroke).Append('"');
        if (opacity < 1) _sb.Append(" fill-opacity=\"").Append(N(opacity)).Append('"');
        _sb.Append(" points=\"");
        for (int i = 0; i < points.Length; i++)
        {
            if (i > 0) _sb.Append(' ');
            _sb.Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        }
        _sb.Append("\"/>\n");
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> turns it about its anchor point (degrees).</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222222",
                     bool bold = false, double rotate = 0)
    {
        Line().Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" font-size=\"").Append(N(size))
           .Append("\" text-anchor=\"").Append(anchor).Append("\" fill=\"").Append(fill).Append('"');
        if (bold) _sb.Append(" font-weight=\"bold\"");
        if (rotate != 0) _sb.Append(" transform=\"rotate(").Append(N(rotate)).Append(' ').Append(N(x)).Append(' ').Append(N(y)).Append(")\"");
        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Closes the root element and returns the document.</summary>
    public string Finish()
    {
        while (_depth > 1) EndGroup();
        _depth = 0;
        _sb.Append("</svg>\n");
        return _sb.ToString();
    }
}
