using Lisor.Pure.Common;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Small multiples: several charts as panels of one SVG, laid out row by row in a fixed number of
/// columns under an overall title — e.g. accuracy vs k with one panel per cell.
/// Every panel gets the same box (<see cref="PanelWidth"/> × <see cref="PanelHeight"/>), whatever its own size.
/// </summary>
internal sealed class ChartGrid
{
    private readonly List<Chart> _panels = [];

    /// <summary>Creates an empty grid of <paramref name="columns"/> panels per row.</summary>
    public ChartGrid(int columns = 2)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), "a grid needs at least one column");
        Columns = columns;
    }

    /// <summary>Panels per row.</summary>
    public int Columns { get; }

    /// <summary>Overall title above the panels (none when empty).</summary>
    public string Title { get; set; } = "";

    /// <summary>Width of each panel in pixels.</summary>
    public int PanelWidth { get; set; } = 420;

    /// <summary>Height of each panel in pixels.</summary>
    public int PanelHeight { get; set; } = 300;

    /// <summary>
    /// Draws one legend row under the title instead of a legend per panel, so every panel's plot gets
    /// the full width. Meant for panels that list the same series in the same order; entries are
    /// gathered from all panels by name, first appearance first.
    /// </summary>
    public bool SharedLegend { get; set; }

    /// <summary>The panels, in the order added (row by row).</summary>
    public IReadOnlyList<Chart> Panels => _panels;

    /// <summary>Adds a panel; its title is drawn as the panel's heading.</summary>
    public ChartGrid Add(Chart panel)
    {
        _panels.Add(panel);
        return this;
    }

    /// <summary>The grid as one SVG document.</summary>
    public string ToSvg()
    {
        int rows = Math.Max(1, (_panels.Count + Columns - 1) / Columns);
        int cols = Math.Min(Columns, Math.Max(1, _panels.Count));
        var legend = SharedLegend
            ? _panels.Where(p => p.ShowLegend).SelectMany(p => p.Legend()).DistinctBy(e => e.Name).ToList()
            : [];
        double titleHeight = Title.Length > 0 ? 36 : 0;
        double legendHeight = legend.Count > 0 ? 26 : 0;
        double top = titleHeight + legendHeight;
        var svg = new ChartSvg(cols * PanelWidth, top + rows * PanelHeight);
        if (Title.Length > 0)
            ChartAxes.DrawTitle(svg, cols * PanelWidth / 2.0, 24, cols * PanelWidth, Title, 17);
        ChartAxes.DrawLegendRow(svg, legend, cols * PanelWidth / 2.0, titleHeight + 13);
        for (int i = 0; i < _panels.Count; i++)
        {
            svg.BeginGroup((i % Columns) * PanelWidth, top + (i / Columns) * PanelHeight, "panel");
            _panels[i].Draw(svg, PanelWidth, PanelHeight, _panels[i].ShowLegend && !SharedLegend);
            svg.EndGroup();
        }
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());
}
