namespace Lisor.Pure.Drawing;

/// <summary>
/// Points coloured by group, with an optional diagonal y = x — e.g. FSA fidelity against accuracy,
/// one group per method (paper Fig. 6), or a t-SNE embedding coloured by cluster (paper Fig. 1).
/// Group i gets palette colour i and marker shape i.
/// </summary>
internal sealed class ScatterChart : Chart
{
    private readonly List<ChartSeries> _groups = [];

    /// <summary>The groups, in the order added.</summary>
    public IReadOnlyList<ChartSeries> Groups => _groups;

    /// <summary>Draws the dashed line y = x across the plot.</summary>
    public bool Diagonal { get; set; }

    /// <summary>Fixed lower end of the x axis (else from the data).</summary>
    public double? XMin { get; set; }

    /// <summary>Fixed upper end of the x axis (else from the data).</summary>
    public double? XMax { get; set; }

    /// <summary>Fixed lower end of the y axis (else from the data).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper end of the y axis (else from the data).</summary>
    public double? YMax { get; set; }

    /// <summary>Marker radius in pixels.</summary>
    public double PointRadius { get; set; } = 4;

    /// <summary>Fill opacity of the markers (overlapping points stay visible).</summary>
    public double Opacity { get; set; } = 0.85;

    /// <summary>Gives both axes the same pixels per data unit (embeddings, where distance is the message).</summary>
    public bool EqualAspect { get; set; }

    /// <summary>Draws every group with circles (many groups: colour carries the group, shapes would be noise).</summary>
    public bool CirclesOnly { get; set; }

    /// <summary>Adds a group of points.</summary>
    public ScatterChart Add(string group, IEnumerable<(double X, double Y)> points)
    {
        _groups.Add(new ChartSeries(group, points.ToArray()));
        return this;
    }

    private ChartMarker MarkerOf(int i) => CirclesOnly ? ChartMarker.Circle : ChartPalette.Marker(i);

    internal override IReadOnlyList<LegendEntry> Legend() => _groups.Select((s, i) => new LegendEntry(s.Name, ChartPalette.Color(i), MarkerOf(i), false)).ToList();

    internal override void Draw(ChartSvg svg, double width, double height, bool drawLegend)
    {
        var xs = _groups.SelectMany(s => s.Points.Select(p => p.X));
        var ys = _groups.SelectMany(s => s.Points.Select(p => p.Y));
        var (x0, x1) = Range(xs, XMin, XMax);
        var (y0, y1) = Range(ys, YMin, YMax);
        IReadOnlyList<LegendEntry> legend = drawLegend ? Legend() : [];
        var axes = ChartAxes.Layout(this, width, height, ChartTicks.Nice(x0, x1), ChartTicks.Nice(y0, y1), legend, equalAspect: EqualAspect);
        axes.DrawFrame(svg, this, width, height);
        if (Diagonal)
        {
            // y = x clipped to the square where both axes overlap.
            double lo = Math.Max(axes.XTicks[0], axes.YTicks[0]), hi = Math.Min(axes.XTicks[^1], axes.YTicks[^1]);
            if (hi > lo) svg.LineSegment(axes.Px(lo), axes.Py(lo), axes.Px(hi), axes.Py(hi), "#888888", 1.2, "5 4");
        }
        for (int i = 0; i < _groups.Count; i++)
        {
            string color = ChartPalette.Color(i);
            svg.BeginGroup(cssClass: "group");
            foreach (var (x, y) in _groups[i].Points)
            {
                if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
                ChartMarkers.Draw(svg, MarkerOf(i), axes.ClampX(axes.Px(x)), axes.ClampY(axes.Py(y)), PointRadius, color, Opacity);
            }
            svg.EndGroup();
        }
        axes.DrawLegend(svg, legend);
    }
}
