using System.Globalization;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Grouped bars: one group per category along x (e.g. a cell), one bar per series inside each group
/// (e.g. "LISOR-k average", "LISOR-k ensemble") — the paper's ensemble-vs-average figure (Fig. 5).
/// Series i gets palette colour i; the y axis always includes 0 so bar heights compare honestly.
/// </summary>
internal sealed class BarChart : Chart
{
    private readonly List<string> _categories = [];
    private readonly List<(string Name, double[] Values)> _series = [];

    /// <summary>Creates a bar chart with the given categories along x, in order.</summary>
    public BarChart(IEnumerable<string> categories) => _categories.AddRange(categories);

    /// <summary>The categories along x.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The series' names, in the order added.</summary>
    public IEnumerable<string> SeriesNames => _series.Select(s => s.Name);

    /// <summary>Fixed lower end of the y axis (else min(0, data)).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper end of the y axis (else from the data).</summary>
    public double? YMax { get; set; }

    /// <summary>.NET numeric format of the value written above each bar (e.g. "F3"); null writes none.</summary>
    public string? ValueFormat { get; set; }

    /// <summary>Adds a series with one value per category (NaN leaves a gap).</summary>
    public BarChart Add(string name, IReadOnlyList<double> values)
    {
        if (values.Count != _categories.Count)
            throw new ArgumentException($"series '{name}' has {values.Count} values for {_categories.Count} categories");
        _series.Add((name, values.ToArray()));
        return this;
    }

    internal override IReadOnlyList<LegendEntry> Legend() => _series.Select((s, i) => new LegendEntry(s.Name, ChartPalette.Color(i), ChartMarker.Square, false)).ToList();

    internal override void Draw(ChartSvg svg, double width, double height, bool drawLegend)
    {
        var values = _series.SelectMany(s => s.Values).Append(0.0);
        var (y0, y1) = Range(values, YMin, YMax);
        IReadOnlyList<LegendEntry> legend = drawLegend ? Legend() : [];
        var axes = ChartAxes.Layout(this, width, height, [0, 1], ChartTicks.Nice(y0, y1), legend, categoricalX: true, headroom: ValueHeadroom());
        axes.DrawFrame(svg, this, width, height, numericX: false);
        int nc = Math.Max(1, _categories.Count), ns = Math.Max(1, _series.Count);
        double band = axes.PlotWidth / nc;          // one band per category
        double barWidth = band * 0.8 / ns;          // bars fill 80 % of the band
        double baseline = axes.ClampY(axes.Py(0));
        double labelY = axes.Top + axes.PlotHeight + 6 + ChartAxes.TickFont;
        for (int c = 0; c < _categories.Count; c++)
        {
            double bandLeft = axes.Left + c * band;
            svg.Text(bandLeft + band / 2, labelY, _categories[c], ChartAxes.TickFont, "middle", ChartPalette.Ink);
            for (int s = 0; s < _series.Count; s++)
            {
                double v = _series[s].Values[c];
                if (!double.IsFinite(v)) continue;
                double x = bandLeft + band * 0.1 + s * barWidth;
                double top = axes.ClampY(axes.Py(v));
                svg.Rect(x + 1, Math.Min(top, baseline), barWidth - 2, Math.Abs(baseline - top), ChartPalette.Color(s), null);
                if (ValueFormat != null) DrawValue(svg, v, x + barWidth / 2, top, barWidth);
            }
        }
        axes.DrawLegend(svg, legend);
    }

    // Room above the plot for the value labels of the tallest bars: the longest label, upright at its smallest size
    // (an upper bound of both ways DrawValue sets it), and its 4 px gap.
    private double ValueHeadroom()
    {
        if (ValueFormat == null) return 0;
        double longest = 0;
        foreach (var (_, values) in _series)
            foreach (double v in values)
                if (double.IsFinite(v)) longest = Math.Max(longest, ChartAxes.TextWidth(v.ToString(ValueFormat, CultureInfo.InvariantCulture), UprightSize));
        return Math.Max(longest, ChartAxes.TickFont) + 4;
    }

    private const double UprightSize = 9;

    /// <summary>
    /// Writes a bar's value above it (below for negatives), shrunk to the bar's width down to 8 px;
    /// when even that does not fit, the label stands upright along the bar's end instead.
    /// </summary>
    private void DrawValue(ChartSvg svg, double v, double cx, double top, double barWidth)
    {
        string text = v.ToString(ValueFormat, CultureInfo.InvariantCulture);
        double fit = (barWidth - 2) / ChartAxes.TextWidth(text, 1);
        if (fit >= 8)
        {
            double size = Math.Min(ChartAxes.TickFont, fit);
            svg.Text(cx, v >= 0 ? top - 4 : top + 4 + size * 0.8, text, size, "middle", ChartPalette.Ink);
            return;
        }
        double x = cx + UprightSize * 0.35;
        svg.Text(x, v >= 0 ? top - 4 : top + 4, text, UprightSize, v >= 0 ? "start" : "end", ChartPalette.Ink, rotate: -90);
    }
}
