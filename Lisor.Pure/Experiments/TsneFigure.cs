using Lisor.Pure.Common;
using Lisor.Pure.Drawing;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The paper's Fig. 1: t-SNE embeddings of hidden-state points, one panel per cell, each point
/// coloured by the cluster (FSA state) it was assigned to.
/// </summary>
internal static class TsneFigure
{
    /// <summary>Above this many clusters the legend is left out (colours repeat anyway).</summary>
    public const int MaxLegendClusters = 10;

    /// <summary>
    /// Renders one panel per (title, embedding [n, 2], cluster [n]) triple under <paramref name="title"/>,
    /// two panels per row (three when there are more than four).
    /// </summary>
    public static string Render(IReadOnlyList<(string Title, float[] Embedding, int[] Cluster)> panels, string title)
    {
        var grid = new ChartGrid(panels.Count > 4 ? 3 : 2) { Title = title, PanelWidth = 440, PanelHeight = 360 };
        foreach (var (panelTitle, embedding, cluster) in panels)
        {
            if (embedding.Length != 2 * cluster.Length)
                throw new ArgumentException($"panel '{panelTitle}': embedding has {embedding.Length} values for {cluster.Length} points (expected 2 per point)");
            var ids = cluster.Distinct().Order().ToArray();
            // Equal aspect: distances read the same across and up, as t-SNE means them.
            var chart = new ScatterChart
            {
                Title = panelTitle, PointRadius = 3.5, Opacity = 0.75, EqualAspect = true,
                // Up to eight clusters colour alone tells apart; beyond, (colour, shape) pairs stay distinct up to 40.
                CirclesOnly = ids.Length <= ChartPalette.Colors.Count,
                ShowLegend = ids.Length <= MaxLegendClusters,
            };
            foreach (int id in ids)
            {
                var points = new List<(double, double)>();
                for (int i = 0; i < cluster.Length; i++)
                    if (cluster[i] == id) points.Add((embedding[2 * i], embedding[2 * i + 1]));
                chart.Add($"cluster {id}", points);
            }
            grid.Add(chart);
        }
        return grid.ToSvg();
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<(string Title, float[] Embedding, int[] Cluster)> panels, string title)
        => AtomicFile.WriteAllText(path, Render(panels, title));
}
