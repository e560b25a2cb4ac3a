namespace Lisor.Pure.Drawing;

/// <summary>
/// Several named series of (x, y) points joined by lines, with a marker at each point, a legend and
/// nice ticks — e.g. FSA accuracy against the number of clusters k, one series per method (paper Fig. 4).
/// Series i gets palette colour i and marker shape i.
/// </summary>
internal sealed class LineChart : Chart
{
    private readonly List<ChartSeries> _series = [];
    private readonly List<string?> _dashes = [];

    /// <summary>The series, in the order added.</summary>
    public IReadOnlyList<ChartSeries> Series => _series;

    /// <summary>Fixed lower end of the x axis (else from the data).</summary>
    public double? XMin { get; set; }

    /// <summary>Fixed upper end of the x axis (else from the data).</summary>
    public double? XMax { get; set; }

    /// <summary>Fixed lower end of the y axis (else from the data), e.g. 0 for accuracies.</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper end of the y axis (else from the data), e.g. 1 for accuracies.</summary>
    public double? YMax { get; set; }

    /// <summary>Whether to draw a marker at each point.</summary>
    public bool Markers { get; set; } = true;

    /// <summary>Marker radius in pixels.</summary>
    public double MarkerRadius { get; set; } = 3.5;

    /// <summary>Adds a series; <paramref name="dash"/> is an optional SVG dash array ("6 4") for a dashed line.</summary>
    public LineChart Add(string name, IEnumerable<(double X, double Y)> points, string? dash = null)
    {
        _series.Add(new ChartSeries(name, points.ToArray()));
        _dashes.Add(dash);
        return this;
    }

    internal override IReadOnlyList<LegendEntry> Legend() => _series.Select((s, i) => new LegendEntry(s.Name, ChartPalette.Color(i), ChartPalette.Marker(i), true, _dashes[i])).ToList();

    internal override void Draw(ChartSvg svg, double width, double height, bool drawLegend)
    {
        var (x0, x1) = Range(_series.SelectMany(s => s.Points.Select(p => p.X)), XMin, XMax);
        var (y0, y1) = Range(_series.SelectMany(s => s.Points.Select(p => p.Y)), YMin, YMax);
        IReadOnlyList<LegendEntry> legend = drawLegend ? Legend() : [];
        var axes = ChartAxes.Layout(this, width, height, ChartTicks.Nice(x0, x1), ChartTicks.Nice(y0, y1), legend);
        axes.DrawFrame(svg, this, width, height);
        for (int i = 0; i < _series.Count; i++)
        {
            string color = ChartPalette.Color(i);
            var pixels = _series[i].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
                                          .Select(p => (axes.ClampX(axes.Px(p.X)), axes.ClampY(axes.Py(p.Y)))).ToArray();
            svg.BeginGroup(cssClass: "series");
            if (pixels.Length > 1) svg.Polyline(pixels, color, 2, _dashes[i]);
            if (Markers)
                foreach (var (px, py) in pixels) ChartMarkers.Draw(svg, ChartPalette.Marker(i), px, py, MarkerRadius, color);
            svg.EndGroup();
        }
        axes.DrawLegend(svg, legend);
    }
}
