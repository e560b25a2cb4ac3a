using Lisor.Pure.Common;

namespace Lisor.Pure.Drawing;

/// <summary>
/// A chart that renders itself to SVG: the title and axis titles every chart has, its size in pixels,
/// and whether it draws a legend. Rendering is deterministic: the same chart always gives the same bytes.
/// </summary>
internal abstract class Chart
{
    /// <summary>Title drawn above the plot (none when empty).</summary>
    public string Title { get; set; } = "";

    /// <summary>Title of the horizontal axis (none when empty).</summary>
    public string XTitle { get; set; } = "";

    /// <summary>Title of the vertical axis (none when empty).</summary>
    public string YTitle { get; set; } = "";

    /// <summary>Width of the whole chart in pixels when rendered alone.</summary>
    public int Width { get; set; } = 640;

    /// <summary>Height of the whole chart in pixels when rendered alone.</summary>
    public int Height { get; set; } = 400;

    /// <summary>Whether to draw the legend (right of the plot).</summary>
    public bool ShowLegend { get; set; } = true;

    /// <summary>The chart as a standalone SVG document.</summary>
    public string ToSvg()
    {
        var svg = new ChartSvg(Width, Height);
        Draw(svg, Width, Height, ShowLegend);
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>The legend's entries, one per series or group.</summary>
    internal abstract IReadOnlyList<LegendEntry> Legend();

    /// <summary>
    /// Draws the chart into a box of <paramref name="width"/> × <paramref name="height"/> at the current origin;
    /// without <paramref name="drawLegend"/> the plot takes the legend's room (a grid then draws one shared legend).
    /// </summary>
    internal abstract void Draw(ChartSvg svg, double width, double height, bool drawLegend);

    /// <summary>Data range of a set of values, overridden by fixed ends; (0, 1) when there are no values.</summary>
    internal static (double Min, double Max) Range(IEnumerable<double> values, double? fixedMin, double? fixedMax)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo > hi) (lo, hi) = (0, 1);
        return (fixedMin ?? lo, fixedMax ?? hi);
    }
}

/// <summary>A named series of (x, y) points.</summary>
/// <param name="Name">Shown in the legend.</param>
/// <param name="Points">The points, drawn in the given order.</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
