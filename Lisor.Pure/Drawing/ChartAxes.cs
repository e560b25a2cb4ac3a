namespace Lisor.Pure.Drawing;

/// <summary>One line of a legend: a name with its colour and marker, and whether it stands for a line.</summary>
internal readonly record struct LegendEntry(string Name, string Color, ChartMarker Marker, bool Line, string? Dash = null);

/// <summary>
/// The frame of a chart: where the plot area sits once room is left for the title, the tick labels,
/// the axis titles and the legend; the map from data to pixels; and the drawing of grid, axes and legend.
/// A y value grows upward: py = top + height − (y − yMin) / (yMax − yMin) · height.
/// </summary>
internal sealed class ChartAxes
{
    public const double TickFont = 11, TitleFont = 15, AxisTitleFont = 12, LegendFont = 11;

    public double Left { get; private set; }
    public double Top { get; private set; }
    public double PlotWidth { get; private set; }
    public double PlotHeight { get; private set; }
    public double[] XTicks { get; private set; } = [];
    public double[] YTicks { get; private set; } = [];
    private double _xMin, _xMax, _yMin, _yMax;

    /// <summary>Rough width of a text in pixels (no font metrics without dependencies; 0.6 em per character is generous).</summary>
    public static double TextWidth(string text, double size) => 0.6 * size * text.Length;

    /// <summary>Lays out a chart of the given size; with <paramref name="categoricalX"/> the x axis spans [0, 1] and its ticks are ignored (bar charts); <paramref name="equalAspect"/> gives both axes the same pixels per unit;
    /// <paramref name="headroom"/> pixels more are kept between the title and the plot (for labels drawn above the data).</summary>
    public static ChartAxes Layout(Chart chart, double width, double height, double[] xTicks, double[] yTicks,
                                   IReadOnlyList<LegendEntry> legend, bool categoricalX = false, bool equalAspect = false, double headroom = 0)
    {
        var a = new ChartAxes { XTicks = xTicks, YTicks = yTicks };
        double yStep = ChartTicks.Step(yTicks);
        double yLabelWidth = yTicks.Max(t => TextWidth(ChartTicks.Format(t, yStep), TickFont));
        double top = (chart.Title.Length > 0 ? 34 : 14) + headroom;
        double left = 10 + (chart.YTitle.Length > 0 ? AxisTitleFont + 8 : 0) + yLabelWidth + 8;
        double bottom = 8 + TickFont + 8 + (chart.XTitle.Length > 0 ? AxisTitleFont + 10 : 0);
        double right = 16;
        if (legend.Count > 0)
            right += 18 + 26 + legend.Max(e => TextWidth(e.Name, LegendFont));
        a.Left = left;
        a.Top = top;
        a.PlotWidth = Math.Max(10, width - left - right);
        a.PlotHeight = Math.Max(10, height - top - bottom);
        (a._xMin, a._xMax) = categoricalX ? (0, 1) : (xTicks[0], xTicks[^1]);
        (a._yMin, a._yMax) = (yTicks[0], yTicks[^1]);
        if (equalAspect)
        {
            // One data unit spans the same pixels both ways: shrink the longer side, keep the plot centred.
            double perUnit = Math.Min(a.PlotWidth / (a._xMax - a._xMin), a.PlotHeight / (a._yMax - a._yMin));
            double w = perUnit * (a._xMax - a._xMin), h = perUnit * (a._yMax - a._yMin);
            a.Left += (a.PlotWidth - w) / 2;
            a.Top += (a.PlotHeight - h) / 2;
            (a.PlotWidth, a.PlotHeight) = (w, h);
        }
        return a;
    }

    /// <summary>Pixel x of data x.</summary>
    public double Px(double x) => Left + (x - _xMin) / (_xMax - _xMin) * PlotWidth;

    /// <summary>Pixel y of data y.</summary>
    public double Py(double y) => Top + PlotHeight - (y - _yMin) / (_yMax - _yMin) * PlotHeight;

    /// <summary>Clamps a pixel x into the plot area (for fixed axis ranges narrower than the data).</summary>
    public double ClampX(double px) => Math.Clamp(px, Left, Left + PlotWidth);

    /// <summary>
    /// A bold title centred on <paramref name="centre"/>, moved sideways so that it stays inside a canvas of
    /// <paramref name="canvasWidth"/> (6 px margins), and set smaller when even the whole width is too narrow for it.
    /// </summary>
    public static void DrawTitle(ChartSvg svg, double centre, double y, double canvasWidth, string title, double size)
    {
        // (a title's width as rendered: ≈ 0.5 em per character in bold Helvetica/Arial for mixed text, 0.58 em in DejaVu
        // Sans Bold, the sans-serif of many Linux machines and of rsvg-convert here — a sweep's grid of one panel cut its
        // title there at 0.5 em; TextWidth's 0.6 em bounds both)
        const double margin = 6, em = 0.6;
        double room = canvasWidth - 2 * margin;
        double w = em * size * title.Length;
        if (w > room) { size *= room / w; w = room; }
        double x = Math.Clamp(centre, margin + w / 2, canvasWidth - margin - w / 2);
        svg.Text(x, y, title, size, "middle", ChartPalette.Ink, bold: true);
    }

    /// <summary>Clamps a pixel y into the plot area (for fixed axis ranges narrower than the data).</summary>
    public double ClampY(double py) => Math.Clamp(py, Top, Top + PlotHeight);

    /// <summary>Draws the title, grid lines, axes, numeric tick labels and axis titles.</summary>
    public void DrawFrame(ChartSvg svg, Chart chart, double width, double height, bool numericX = true)
    {
        const string ink = ChartPalette.Ink;
        double bottomY = Top + PlotHeight;
        if (chart.Title.Length > 0) DrawTitle(svg, Left + PlotWidth / 2, 22, width, chart.Title, TitleFont);
        double yStep = ChartTicks.Step(YTicks);
        foreach (double t in YTicks)
        {
            double py = Py(t);
            svg.LineSegment(Left, py, Left + PlotWidth, py, ChartPalette.Grid);
            svg.LineSegment(Left - 4, py, Left, py, ink);
            svg.Text(Left - 7, py + TickFont * 0.35, ChartTicks.Format(t, yStep), TickFont, "end", ink);
        }
        if (numericX)
        {
            double xStep = ChartTicks.Step(XTicks);
            // Label every n-th tick when labels would otherwise touch (long labels in a narrow panel).
            double spacing = XTicks.Length > 1 ? PlotWidth / (XTicks.Length - 1) : PlotWidth;
            double widest = XTicks.Max(t => TextWidth(ChartTicks.Format(t, xStep), TickFont)) + 6;
            int every = Math.Max(1, (int)Math.Ceiling(widest / spacing));
            for (int k = 0; k < XTicks.Length; k++)
            {
                double px = Px(XTicks[k]);
                svg.LineSegment(px, Top, px, bottomY, ChartPalette.Grid);
                svg.LineSegment(px, bottomY, px, bottomY + 4, ink);
                if (k % every == 0)
                    svg.Text(px, bottomY + 6 + TickFont, ChartTicks.Format(XTicks[k], xStep), TickFont, "middle", ink);
            }
        }
        svg.LineSegment(Left, Top, Left, bottomY, ink);
        svg.LineSegment(Left, bottomY, Left + PlotWidth, bottomY, ink);
        if (chart.XTitle.Length > 0)
            svg.Text(Left + PlotWidth / 2, Math.Min(height - 6, bottomY + 6 + TickFont + 8 + AxisTitleFont), chart.XTitle, AxisTitleFont, "middle", ink);
        if (chart.YTitle.Length > 0)
        {
            double x = 10 + AxisTitleFont;
            double y = Top + PlotHeight / 2;
            svg.Text(x, y, chart.YTitle, AxisTitleFont, "middle", ink, rotate: -90);
        }
    }

    /// <summary>Width of one entry of a legend drawn in a row: symbol, gap, text, spacing.</summary>
    private static double RowEntryWidth(LegendEntry e) => 26 + TextWidth(e.Name, LegendFont) + 18;

    /// <summary>Draws a legend as one centred row with its middle at (<paramref name="centreX"/>, <paramref name="y"/>) (a grid's shared legend).</summary>
    public static void DrawLegendRow(ChartSvg svg, IReadOnlyList<LegendEntry> legend, double centreX, double y)
    {
        if (legend.Count == 0) return;
        double x = centreX - (legend.Sum(RowEntryWidth) - 18) / 2;
        svg.BeginGroup(cssClass: "legend");
        foreach (var e in legend)
        {
            DrawEntry(svg, e, x, y);
            x += RowEntryWidth(e);
        }
        svg.EndGroup();
    }

    /// <summary>One legend entry: symbol (line and marker) at x, then the name; vertically centred on cy.</summary>
    private static void DrawEntry(ChartSvg svg, LegendEntry e, double x, double cy)
    {
        if (e.Line) svg.LineSegment(x, cy, x + 20, cy, e.Color, 2, e.Dash);
        ChartMarkers.Draw(svg, e.Marker, x + 10, cy, 4, e.Color);
        svg.Text(x + 26, cy + LegendFont * 0.35, e.Name, LegendFont, "start", ChartPalette.Ink);
    }

    /// <summary>Draws the legend right of the plot area, one entry per line, top-aligned.</summary>
    public void DrawLegend(ChartSvg svg, IReadOnlyList<LegendEntry> legend)
    {
        if (legend.Count == 0) return;
        double x = Left + PlotWidth + 18;
        double y = Top + 4;
        svg.BeginGroup(cssClass: "legend");
        foreach (var e in legend)
        {
            DrawEntry(svg, e, x, y + LegendFont * 0.5);
            y += LegendFont + 8;
        }
        svg.EndGroup();
    }
}
