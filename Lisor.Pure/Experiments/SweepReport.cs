using System.Globalization;
using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Drawing;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The outputs of a sweep: table.md in the paper's layout (per method, trials × cells, smallest k
/// reaching the target, with averages and the paper's averages beside them) and the figures
/// accuracy-vs-k.svg (paper Fig. 4) and fidelity-vs-accuracy.svg (paper Fig. 6).
/// </summary>
internal static class SweepReport
{
    /// <summary>Writes table.md and the two figures into <paramref name="outDir"/>.</summary>
    public static void Write(string outDir, SweepResults results, SweepOptions o, string title, PaperSmallestK? paper = null)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, "table.md"), $"# {title}\n\n" + Table(results, o, o.Target, paper));
        AccuracyVsK(results, o, title).Save(Path.Combine(outDir, "accuracy-vs-k.svg"));
        FidelityVsAccuracy(results, title).Save(Path.Combine(outDir, "fidelity-vs-accuracy.svg"));
    }

    /// <summary>The smallest k per (method, cell, trial) reaching <paramref name="target"/>, as Markdown.</summary>
    public static string Table(SweepResults results, SweepOptions o, double target, PaperSmallestK? paper = null)
    {
        var sb = new StringBuilder();
        // k runs up to --max-clusters or the number of hidden states, whichever is smaller: a sweep that goes as far as
        // it can (every k, or a unit that never reached the target) shows how far that was
        var rows = results.Rows.Where(r => o.Cells.Contains(r.Cell) && o.Methods.Contains(r.Method) && r.K <= o.MaxClusters).ToList();
        var ranAll = o.StopAtTarget ? rows.Where(r => results.SmallestK(r.Cell, r.Trial, r.Method, target, o.MaxClusters) > o.MaxClusters).ToList() : rows;
        int limit = ranAll.Count > 0 ? Math.Min(o.MaxClusters, ranAll.Max(r => r.K)) : o.MaxClusters;
        string range = limit < o.MaxClusters
            ? $"k = {o.MinClusters}…{limit}: no more clusters than hidden states, though --max-clusters is {o.MaxClusters}"
            : $"k = {o.MinClusters}…{o.MaxClusters}";
        sb.Append(CultureInfo.InvariantCulture,
            $"Smallest k whose FSA reaches test accuracy ≥ {target:0.###} ({range}; \"never\": no k up to {limit} does, counted apart from the mean).\n\n");
        foreach (string method in o.Methods)
        {
            sb.Append(CultureInfo.InvariantCulture, $"**{ExtractionMethods.PaperName(method)}**\n\n");
            var table = new MarkdownTable(["trial", .. o.Cells.Select(PaperNumbers.CellName)]).AlignNumbers();
            var outcomes = SmallestK.Outcomes(results, o, method, target);
            for (int trial = 1; trial <= o.Trials; trial++)
                table.Row([trial.ToString(CultureInfo.InvariantCulture),
                    .. o.Cells.Select(c => outcomes.First(t => t.Cell == c && t.Trial == trial).K?.ToString(CultureInfo.InvariantCulture) ?? "never")]);
            table.Row(["mean ± sd", .. o.Cells.Select(c => SmallestK.Summary(SmallestK.Of(outcomes, c)))]);
            if (paper is not null && Math.Abs(paper.Target - target) < 1e-9 && method != ExtractionMethods.KMeansXScaled)
                table.Row([$"paper (Table {paper.Table}, mean)", .. o.Cells.Select(c => Paper(paper, method, c))]);
            sb.Append(table).Append('\n');
        }
        return sb.ToString();
    }

    private static string Paper(PaperSmallestK paper, string method, string cell)
    {
        try { return MarkdownTable.Number(paper.Average(method, cell), 1); }
        catch (KeyNotFoundException) { return "–"; }
    }

    /// <summary>Mean test accuracy over trials against k, one panel per cell, one line per method (paper Fig. 4).</summary>
    public static ChartGrid AccuracyVsK(SweepResults results, SweepOptions o, string title)
    {
        var grid = new ChartGrid(columns: 2) { Title = $"{title}: FSA test accuracy vs number of clusters k (mean over trials)" };
        foreach (string cell in o.Cells)
        {
            var chart = new LineChart { Title = PaperNumbers.CellName(cell), XTitle = "k", YTitle = "accuracy", YMin = 0, YMax = 1 };
            foreach (string method in o.Methods)
            {
                var points = results.Rows.Where(r => r.Cell == cell && r.Method == method)
                    .GroupBy(r => r.K).OrderBy(g => g.Key)
                    .Select(g => ((double)g.Key, g.Average(r => r.Accuracy))).ToList();
                if (points.Count > 0) chart.Add(ExtractionMethods.PaperName(method), points);
            }
            grid.Add(chart);
        }
        return grid;
    }

    /// <summary>Every FSA's fidelity against its accuracy, one colour per method (paper Fig. 6).</summary>
    public static ScatterChart FidelityVsAccuracy(SweepResults results, string title)
    {
        var chart = new ScatterChart
        {
            Title = $"{title}: fidelity to the RNN vs accuracy of every FSA",
            XTitle = "FSA accuracy", YTitle = "FSA fidelity", Diagonal = true, XMin = 0, XMax = 1, YMin = 0, YMax = 1,
        };
        foreach (var group in results.Rows.Where(r => r.Fidelity is not null).GroupBy(r => r.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
            chart.Add(ExtractionMethods.PaperName(group.Key), group.Select(r => (r.Accuracy, r.Fidelity!.Value)).ToList());
        return chart;
    }
}
