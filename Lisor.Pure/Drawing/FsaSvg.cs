using System.Globalization;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Draws an FSA as a standalone SVG with our own layout (<see cref="FsaLayout"/>, no Graphviz):
/// states as circles (double for accepting), an arrow into the start state, merged parallel edges as
/// curves with their labels ("0,1", or "word class i-j"), self-loops where their state has room, and
/// the path of <see cref="FsaDrawOptions.Highlight"/> in red; a line under the drawing says what the
/// marks mean. The geometry (ports spread apart, labels beside their own curve) is <see cref="FsaPicture"/>'s.
/// </summary>
public static class FsaSvg
{
    private const double R = FsaLayout.Radius;
    private const double FontSize = 13;
    private const string Ink = "#333333", Red = "#d62728", Font = "Helvetica, Arial, sans-serif";

    /// <summary>Writes the drawing to <paramref name="path"/>, atomically.</summary>
    public static void Save(Fsa fsa, string path, FsaDrawOptions? options = null)
        => AtomicFile.WriteAllText(path, ToSvg(fsa, options));

    /// <summary>The SVG document of <paramref name="fsa"/>.</summary>
    public static string ToSvg(Fsa fsa, FsaDrawOptions? options = null)
    {
        options ??= new FsaDrawOptions();
        var picture = new FsaPicture(fsa, options);
        var layout = picture.Layout;
        var curves = picture.Curves;
        var labels = picture.Labels;
        var onPath = picture.OnPath;
        // Bounds of everything drawn, the legend under it (one line, or a line per item when that is
        // wider than the drawing), then a margin.
        const double margin = 16, legendFont = 11, legendLine = 15;
        var bounds = picture.Bounds();
        var legend = Legend(fsa, options);
        string oneLine = string.Join(Separator, legend);
        IReadOnlyList<string> legendLines = legend.Count == 0 ? [] : LegendWidth(oneLine) <= bounds.Width ? [oneLine] : legend;
        double legendY = bounds.Y1 + 10 + legendFont;
        double right = Math.Max(bounds.X1, bounds.X0 + legendLines.Select(LegendWidth).DefaultIfEmpty(0).Max());
        double bottom = legendLines.Count > 0 ? legendY + (legendLines.Count - 1) * legendLine + 4 : bounds.Y1;
        double left = bounds.X0 - margin, top = bounds.Y0 - margin;
        var svg = new SvgWriter(right - left + margin, bottom - top + margin);
        svg.Open("defs");
        foreach (var (id, color) in new[] { ("arrow", Ink), ("arrow-red", Red) })
        {
            svg.Open("marker", ("id", id), ("viewBox", "0 0 10 10"), ("refX", 10), ("refY", 5), ("markerWidth", 10),
                     ("markerHeight", 10), ("markerUnits", "userSpaceOnUse"), ("orient", "auto"));
            svg.Element("path", ("d", "M0,0 L10,5 L0,10 z"), ("fill", color)).Close();
        }
        svg.Close();
        svg.Element("rect", ("x", 0), ("y", 0), ("width", "100%"), ("height", "100%"), ("fill", "white"));
        svg.Open("g", ("transform", $"translate({SvgWriter.Num(-left)},{SvgWriter.Num(-top)})"), ("font-family", Font), ("font-size", FontSize));

        // Edges, the highlighted path last so it is on top.
        foreach (int i in Enumerable.Range(0, curves.Count).OrderBy(i => layout.Routes[i].Edge.Highlighted))
        {
            var e = layout.Routes[i].Edge;
            svg.Element("path", ("d", PathData(curves[i])), ("fill", "none"), ("stroke", e.Highlighted ? Red : Ink),
                        ("stroke-width", e.Highlighted ? 2.5 : 1.3), ("marker-end", e.Highlighted ? "url(#arrow-red)" : "url(#arrow)"),
                        ("class", $"edge e{e.From}-{e.To}"));
        }
        // The start arrow.
        double sx = layout.X[0] - R, sy = layout.Y[0];
        svg.Element("path", ("d", $"M{SvgWriter.Num(sx - 40)},{SvgWriter.Num(sy)} L{SvgWriter.Num(sx)},{SvgWriter.Num(sy)}"),
                    ("stroke", onPath[0] ? Red : Ink), ("stroke-width", 1.5), ("marker-end", onPath[0] ? "url(#arrow-red)" : "url(#arrow)"));
        svg.Element("text", "start", ("x", sx - 40), ("y", sy - 6), ("font-size", 11), ("fill", "#666666"));

        var tags = ClassTags(fsa.Classes);
        for (int q = 0; q < fsa.StateCount; q++) State(svg, fsa, layout, q, onPath[q], options.ShowSizes, tags);

        // Edge labels on a light background so crossing lines do not hide them.
        for (int i = 0; i < labels.Count; i++)
        {
            var e = layout.Routes[i].Edge;
            var b = labels[i];
            // The background hugs the text (the placement box is a little larger, for clearance).
            svg.Element("rect", ("x", b.X0 + 3), ("y", b.Y0 + 2), ("width", b.X1 - b.X0 - 6), ("height", b.Y1 - b.Y0 - 3), ("rx", 3),
                        ("fill", "white"), ("fill-opacity", 0.85));
            svg.Element("text", e.Label, ("x", (b.X0 + b.X1) / 2), ("y", b.Y1 - 4), ("text-anchor", "middle"),
                        ("fill", e.Highlighted ? Red : "#222222"), ("font-weight", e.Highlighted ? "bold" : null), ("class", "label"));
        }
        for (int k = 0; k < legendLines.Count; k++)
            svg.Element("text", legendLines[k], ("x", bounds.X0), ("y", legendY + k * legendLine), ("font-size", legendFont),
                        ("fill", "#666666"), ("class", "legend"));
        return svg.ToString();
    }

    /// <summary>One state: a circle (a second, inner one when accepting), its id, and under the id its
    /// class name (more than two classes) or its cluster size (binary, with sizes on). Both fit inside
    /// the inner circle: id baseline at y + 1, the second line's at y + 11, at most 4 characters.</summary>
    private static void State(SvgWriter svg, Fsa fsa, FsaLayout layout, int q, bool onPath, bool showSizes, IReadOnlyList<string> tags)
    {
        string stroke = onPath ? Red : Ink;
        double width = onPath ? 2.5 : 1.5, x = layout.X[q], y = layout.Y[q];
        var state = fsa.States[q];
        svg.Open("g", ("class", fsa.IsAccepting(q) ? "state accepting" : "state"), ("id", $"state{q}"));
        svg.Element("title", $"state {q}: {fsa.Classes[state.Label]}, {state.Size} points");
        svg.Element("circle", ("cx", x), ("cy", y), ("r", R), ("fill", fsa.IsAccepting(q) ? "#eef5ff" : "white"),
                    ("stroke", stroke), ("stroke-width", width));
        if (fsa.IsAccepting(q))
            svg.Element("circle", ("cx", x), ("cy", y), ("r", R - 4.5), ("fill", "none"), ("stroke", stroke), ("stroke-width", width));
        bool named = !fsa.HasPositiveClass;
        string? second = named ? tags[state.Label] : showSizes && state.Size > 0 ? CompactCount(state.Size) : null;
        svg.Element("text", q.ToString(CultureInfo.InvariantCulture), ("x", x), ("y", y + (second is null ? 5 : 1)),
                    ("text-anchor", "middle"), ("font-weight", "bold"), ("font-size", 14), ("fill", onPath ? Red : "#111111"));
        if (second is not null)
            svg.Element("text", second, ("x", x), ("y", y + 11), ("text-anchor", "middle"),
                        ("font-size", named ? 10 : 9), ("fill", named ? "#1f4e9a" : "#555555"), ("class", named ? "class-name" : "size"));
        svg.Close();
    }

    private const string Separator = " · ";

    /// <summary>Estimated width of legend text (11 px Helvetica).</summary>
    private static double LegendWidth(string text) => text.Length * 5.7;

    /// <summary>What the drawing's marks mean, one item each (none when nothing needs saying).</summary>
    internal static IReadOnlyList<string> Legend(Fsa fsa, FsaDrawOptions options)
    {
        var parts = new List<string>();
        if (fsa.HasPositiveClass && Enumerable.Range(0, fsa.StateCount).Any(fsa.IsAccepting))
            parts.Add($"double circle: accepting (class {fsa.Classes[fsa.PositiveClass]})");
        if (!fsa.HasPositiveClass) parts.Add("under a state's id: the class it answers");
        else if (options.ShowSizes) parts.Add("number under a state's id: " + options.SizeMeaning);
        if (options.Highlight is { } h)
        {
            string seq = h.Count == 0 ? "the empty sequence" : string.Join(" ", h);
            parts.Add($"red: the path of {(seq.Length <= 40 ? seq : seq[..39] + "…")}, {PathEnd(fsa, h, options.Missing)}");
        }
        return parts;
    }

    /// <summary>
    /// Where a highlighted run ends and what it answers: "to state 4 (class 1)", or, where the FSA has no move, "no move
    /// from state 3 on symbol 6 (0): the dead state (class 0)" — the red path then stops short of the sequence's end, at a
    /// state whose own class is not the answer.
    /// </summary>
    internal static string PathEnd(Fsa fsa, IReadOnlyList<string> sequence, MissingPolicy policy = MissingPolicy.Dead)
    {
        var run = FsaEdges.Run(fsa, sequence, policy);
        var inv = CultureInfo.InvariantCulture;
        if (run.DeadAt >= 0)
            return string.Create(inv, $"no move from state {run.End} on symbol {run.DeadAt + 1} ({ClassTag(sequence[run.DeadAt])}): the dead state (class {fsa.Classes[fsa.DeadLabel]})");
        string end = string.Create(inv, $"to state {run.End} (class {fsa.Classes[fsa.States[run.End].Label]}");
        if (run.Missed.Count == 0) return end + ")";
        return end + string.Create(inv, $"; no move on symbol{(run.Missed.Count == 1 ? "" : "s")} {string.Join(", ", run.Missed.Take(5).Select(i => i + 1))}{(run.Missed.Count > 5 ? ", …" : "")}: {(policy == MissingPolicy.Stay ? "stayed" : "back to the start")})");
    }

    /// <summary>A count in at most four characters: 432, 4.3k, 43k, 432k, 4.3M.</summary>
    internal static string CompactCount(long n)
    {
        var c = CultureInfo.InvariantCulture;
        if (n < 1000) return n.ToString(c);
        if (n < 9950) return (n / 1000.0).ToString("0.0", c) + "k";
        if (n < 999_500) return Math.Round(n / 1000.0).ToString("0", c) + "k";
        if (n < 9_950_000) return (n / 1e6).ToString("0.0", c) + "M";
        return Math.Round(n / 1e6).ToString("0", c) + "M";
    }

    /// <summary>A class name short enough to fit in a state's circle (7 characters; longer names end in '…').</summary>
    internal static string ClassTag(string name)
    {
        // by text elements (what a reader sees as one character), so an emoji or an accented letter is never cut in two
        var elements = new StringInfo(name);
        return elements.LengthInTextElements <= 7 ? name : elements.SubstringByTextElements(0, 6) + "…";
    }

    /// <summary>
    /// The tag each class is drawn with: <see cref="ClassTag"/>, unless cutting makes two alike ("remainder_zero",
    /// "remainder_one" both "remain…"): then the prefix all the names share is left out ("…zero", "…one"), as long as
    /// that tells them apart.
    /// </summary>
    internal static IReadOnlyList<string> ClassTags(IReadOnlyList<string> classes)
    {
        var tags = classes.Select(ClassTag).ToList();
        if (tags.Distinct(StringComparer.Ordinal).Count() == tags.Count) return tags;
        int common = classes.Aggregate(classes[0].Length, (n, c) => Math.Min(n, CommonPrefix(classes[0], c)));
        // back to a text element's start, so the rest begins with a whole character
        while (common > 0 && common < classes[0].Length && char.IsLowSurrogate(classes[0][common])) common--;
        var rest = classes.Select(c => "…" + c[common..]).Select(r => ClassTag(r)).ToList();
        return common > 0 && rest.Distinct(StringComparer.Ordinal).Count() == rest.Count ? rest : tags;
    }

    private static int CommonPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>Estimated width of a label in the drawing's font.</summary>
    internal static double LabelWidth(string label) => FsaPicture.LabelWidth(label);

    private static string PathData(List<Cubic> segments)
    {
        static string P((double X, double Y) p) => $"{SvgWriter.Num(p.X)},{SvgWriter.Num(p.Y)}";
        var d = new System.Text.StringBuilder($"M{P(segments[0].P0)}");
        foreach (var s in segments) d.Append($" C{P(s.C1)} {P(s.C2)} {P(s.P3)}");
        return d.ToString();
    }
}
