namespace Lisor.Pure.Drawing;

/// <summary>
/// Series colours and marker shapes that stay distinguishable for colour-blind readers: the
/// Okabe–Ito palette (Okabe &amp; Ito 2008, "Color Universal Design"), ordered so that the first
/// colours differ most, with its pale yellow last (weak on white). Series i also gets marker
/// shape i, so two series never differ by colour alone.
/// </summary>
internal static class ChartPalette
{
    /// <summary>The palette in order of use: blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow.</summary>
    public static IReadOnlyList<string> Colors { get; } =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>Colour of series <paramref name="i"/> (wraps around after eight).</summary>
    public static string Color(int i) => Colors[((i % Colors.Count) + Colors.Count) % Colors.Count];

    /// <summary>Marker shape of series <paramref name="i"/> (wraps around after five).</summary>
    public static ChartMarker Marker(int i) => (ChartMarker)(((i % 5) + 5) % 5);

    /// <summary>Colour of the axes, tick labels and grid.</summary>
    internal const string Ink = "#222222";

    /// <summary>Colour of grid lines: light enough not to compete with the data.</summary>
    internal const string Grid = "#e4e4e4";
}

/// <summary>The marker shapes a series can have.</summary>
internal enum ChartMarker
{
    /// <summary>A filled circle.</summary>
    Circle,
    /// <summary>A filled square.</summary>
    Square,
    /// <summary>A filled triangle pointing up.</summary>
    Triangle,
    /// <summary>A filled diamond.</summary>
    Diamond,
    /// <summary>A filled triangle pointing down.</summary>
    TriangleDown,
}

/// <summary>Draws a marker of a given shape centred on a point.</summary>
internal static class ChartMarkers
{
    /// <summary>Draws <paramref name="marker"/> of radius <paramref name="r"/> at (x, y).</summary>
    public static void Draw(ChartSvg svg, ChartMarker marker, double x, double y, double r, string fill, double opacity = 1)
    {
        const string edge = "#ffffff";
        switch (marker)
        {
            case ChartMarker.Circle:
                svg.Circle(x, y, r, fill, edge, opacity);
                break;
            case ChartMarker.Square:
                double s = r * 0.9;
                svg.Polygon([(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)], fill, edge, opacity);
                break;
            case ChartMarker.Triangle:
                svg.Polygon([(x, y - 1.2 * r), (x + 1.1 * r, y + 0.8 * r), (x - 1.1 * r, y + 0.8 * r)], fill, edge, opacity);
                break;
            case ChartMarker.Diamond:
                svg.Polygon([(x, y - 1.25 * r), (x + r, y), (x, y + 1.25 * r), (x - r, y)], fill, edge, opacity);
                break;
            default:
                svg.Polygon([(x, y + 1.2 * r), (x + 1.1 * r, y - 0.8 * r), (x - 1.1 * r, y - 0.8 * r)], fill, edge, opacity);
                break;
        }
    }
}
