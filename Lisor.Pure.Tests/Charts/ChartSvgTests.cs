using System.Xml.Linq;
using Lisor.Pure.Drawing;

namespace Lisor.Pure.Tests.Charts;

public class ChartSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static LineChart AccuracyVsK() =>
        new LineChart { Title = "Accuracy vs k <MGU & co>", XTitle = "k", YTitle = "accuracy", YMin = 0, YMax = 1 }
            .Add("LISOR-k", [(2, 0.5), (3, 0.75), (4, 1.0)])
            .Add("LISOR-x \"quoted\"", [(2, 0.6), (3, 0.9), (4, 1.0)], dash: "6 4");

    private static IEnumerable<string> Texts(XDocument doc) => doc.Descendants(Svg + "text").Select(t => t.Value);

    [Test]
    public void Line_chart_is_well_formed_svg_with_title_axes_and_legend()
    {
        var doc = XDocument.Parse(AccuracyVsK().ToSvg());
        Assert.That(doc.Root!.Name, Is.EqualTo(Svg + "svg"));
        var texts = Texts(doc).ToList();
        Assert.That(texts, Does.Contain("Accuracy vs k <MGU & co>"));
        Assert.That(texts, Does.Contain("LISOR-k").And.Contain("LISOR-x \"quoted\""));
        Assert.That(texts, Does.Contain("k").And.Contain("accuracy"));
        Assert.That(texts, Does.Contain("0.0").And.Contain("1.0"), "y ticks span the fixed range 0…1");
        Assert.That(doc.Descendants(Svg + "polyline").Count(), Is.EqualTo(2), "one line per series");
        Assert.That(doc.Descendants(Svg + "polyline").Last().Attribute("stroke-dasharray")?.Value, Is.EqualTo("6 4"));
    }

    [Test]
    public void Rendering_is_deterministic_and_uses_invariant_fixed_decimals()
    {
        string a = AccuracyVsK().ToSvg(), b = AccuracyVsK().ToSvg();
        Assert.That(a, Is.EqualTo(b));
        var doc = XDocument.Parse(a);
        foreach (var circle in doc.Descendants(Svg + "circle"))
            Assert.That(circle.Attribute("cx")!.Value, Does.Match(@"^-?\d+\.\d\d$"));
    }

    [Test]
    public void Scatter_chart_draws_every_point_and_the_diagonal()
    {
        var chart = new ScatterChart { Title = "fidelity vs accuracy", Diagonal = true, XMin = 0, XMax = 1, YMin = 0, YMax = 1 }
            .Add("MGU", [(0.9, 0.95), (0.8, 0.7)])
            .Add("GRU", [(0.5, 0.6)]);
        chart.CirclesOnly = true;
        var doc = XDocument.Parse(chart.ToSvg());
        var groups = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "group").ToList();
        Assert.That(groups.Select(g => g.Elements(Svg + "circle").Count()), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(doc.Descendants(Svg + "line").Any(l => (string?)l.Attribute("stroke-dasharray") == "5 4"), Is.True, "y = x is drawn dashed");
        Assert.That(Texts(doc), Does.Contain("MGU").And.Contain("GRU"));
    }

    [Test]
    public void Bar_chart_draws_one_bar_per_category_and_series_with_values()
    {
        var chart = new BarChart(["MGU", "SRN", "GRU"]) { YTitle = "accuracy", ValueFormat = "F3" }
            .Add("average", [0.701, 0.604, 0.662])
            .Add("ensemble", [0.740, double.NaN, 0.660]);
        var doc = XDocument.Parse(chart.ToSvg());
        var texts = Texts(doc).ToList();
        Assert.That(texts, Does.Contain("MGU").And.Contain("SRN").And.Contain("GRU"));
        Assert.That(texts, Does.Contain("average").And.Contain("ensemble"));
        Assert.That(texts, Does.Contain("0.701").And.Contain("0.660"));
        // Bars: the background rect, plus 5 finite values (NaN leaves a gap).
        Assert.That(doc.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("fill") != "#ffffff"), Is.EqualTo(5));
        Assert.Throws<ArgumentException>(() => chart.Add("short", [1.0]));
    }

    // (0.6 em per character: the width DrawTitle assumes for a bold title, DejaVu Sans Bold's 0.58 and Helvetica's 0.5 within it)
    private static (double X, double Size) BoldTitle(string svg)
    {
        var t = XDocument.Parse(svg).Descendants(Svg + "text").First(e => (string?)e.Attribute("font-weight") == "bold");
        return (double.Parse(t.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(t.Attribute("font-size")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void A_title_wider_than_the_plot_stays_on_the_canvas_and_one_wider_than_the_canvas_is_set_smaller()
    {
        string longTitle = new string('T', 60);   // 60 × 0.6 × 15 = 540 px, on a 640-px chart whose plot is narrowed by its legend
        var chart = new BarChart(["a"]) { Title = longTitle, Width = 640 }.Add("a fairly long series name", [1.0]);
        var (x, size) = BoldTitle(chart.ToSvg());
        Assert.That(size, Is.EqualTo(ChartAxes.TitleFont));
        Assert.That(x - 0.6 * size * longTitle.Length / 2, Is.GreaterThanOrEqualTo(6 - 1e-9), "its left end is on the canvas");
        var narrow = new BarChart(["a"]) { Title = longTitle, Width = 300 }.Add("s", [1.0]);
        var (x2, size2) = BoldTitle(narrow.ToSvg());
        Assert.That(size2, Is.LessThan(ChartAxes.TitleFont), "set smaller");
        Assert.That(0.6 * size2 * longTitle.Length, Is.EqualTo(300 - 12).Within(0.5), "to the canvas's width (sizes are written to 0.01)");
        Assert.That(x2, Is.EqualTo(150).Within(1e-6));
    }

    [Test]
    public void A_grid_of_one_panel_sets_a_long_title_to_its_width()
    {
        // a sweep of one cell: one 420-px panel under the title "Sweep: FSA test accuracy vs number of clusters k (mean over trials)"
        string title = "Sweep: FSA test accuracy vs number of clusters k (mean over trials)";
        var grid = new ChartGrid(2) { Title = title }.Add(new LineChart { Title = "SRN" }.Add("LISOR-k", [(2, 0.5), (8, 1.0)]));
        var (x, size) = BoldTitle(grid.ToSvg());
        Assert.That(0.6 * size * title.Length, Is.LessThanOrEqualTo(420 - 12 + 0.5), "the whole title fits at 0.6 em a character");
        Assert.That(x, Is.EqualTo(210).Within(1e-6));
    }

    [Test]
    public void Value_labels_of_bars_at_the_top_of_the_axis_stay_below_the_title()
    {
        var chart = new BarChart(["a", "b", "c", "d"]) { Title = "t", YMin = 0, YMax = 1, ValueFormat = "0.00", Width = 300 };
        for (int s = 0; s < 5; s++) chart.Add($"s{s}", [1.0, 0.97, 0.5, 0.96]);
        var doc = XDocument.Parse(chart.ToSvg());
        // upright labels run up from their y by their length; horizontal ones sit on their y
        double Top(XElement t)
        {
            double y = double.Parse(t.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            double size = double.Parse(t.Attribute("font-size")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            return t.Attribute("transform") is null ? y - size : y - ChartAxes.TextWidth(t.Value, size);
        }
        var values = doc.Descendants(Svg + "text").Where(t => t.Value is "1.00" or "0.97" or "0.96").ToList();
        Assert.That(values, Has.Count.EqualTo(15));
        Assert.That(values.Min(Top), Is.GreaterThanOrEqualTo(34 - 1e-6), "every value label below the title's band (y < 34)");
    }

    [Test]
    public void Negative_bars_grow_down_from_zero()
    {
        var chart = new BarChart(["a", "b"]).Add("s", [2.0, -1.0]);
        var bars = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "rect").Where(r => (string?)r.Attribute("fill") == ChartPalette.Color(0)).ToList();
        double Y(XElement r) => double.Parse(r.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        double H(XElement r) => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Y(bars[0]) + H(bars[0]), Is.EqualTo(Y(bars[1])).Within(0.011), "the positive bar ends where the negative one starts: at y = 0");
        Assert.That(H(bars[0]), Is.EqualTo(2 * H(bars[1])).Within(0.05));
    }

    [Test]
    public void Grid_places_each_panel_with_its_title_in_one_svg()
    {
        var grid = new ChartGrid(2) { Title = "Accuracy vs k per cell", PanelWidth = 300, PanelHeight = 200 };
        foreach (string cell in new[] { "MGU", "SRN", "GRU" })
            grid.Add(new LineChart { Title = cell }.Add("LISOR-k", [(2, 0.5), (10, 1.0)]));
        var doc = XDocument.Parse(grid.ToSvg());
        Assert.That(doc.Root!.Attribute("width")!.Value, Is.EqualTo("600.00"));
        Assert.That(doc.Root!.Attribute("height")!.Value, Is.EqualTo("436.00"), "title band + two rows");
        var panels = doc.Root.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.That(panels, Has.Count.EqualTo(3));
        Assert.That(panels[2].Attribute("transform")!.Value, Is.EqualTo("translate(0.00 236.00)"));
        Assert.That(Texts(doc), Does.Contain("Accuracy vs k per cell").And.Contain("MGU").And.Contain("GRU"));
    }

    [Test]
    public void Shared_legend_is_drawn_once_for_the_whole_grid()
    {
        var grid = new ChartGrid(2) { Title = "per cell", SharedLegend = true };
        foreach (string cell in new[] { "MGU", "SRN" })
            grid.Add(new LineChart { Title = cell }.Add("LISOR-k", [(2, 0.5), (10, 1.0)]).Add("LISOR-x", [(2, 0.4), (10, 0.9)]));
        var doc = XDocument.Parse(grid.ToSvg());
        var legends = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").ToList();
        Assert.That(legends, Has.Count.EqualTo(1));
        Assert.That(legends[0].Elements(Svg + "text").Select(t => t.Value), Is.EqualTo(new[] { "LISOR-k", "LISOR-x" }));
        Assert.That(legends[0].Ancestors(Svg + "g").Any(), Is.False, "the legend belongs to the grid, not to a panel");
    }

    [Test]
    public void Long_x_labels_in_a_narrow_chart_are_thinned_so_they_do_not_touch()
    {
        var chart = new LineChart { Width = 220, Height = 160, ShowLegend = false }.Add("s", [(1000000, 0), (1000001, 1)]);
        var labels = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("text-anchor") == "middle").Select(t => t.Value).ToList();
        Assert.That(labels, Is.Not.Empty);
        Assert.That(labels.Count, Is.LessThan(ChartTicks.Nice(1000000, 1000001).Length), "some x labels were left out");
    }

    [Test]
    public void Empty_and_degenerate_charts_still_render_valid_svg()
    {
        Assert.DoesNotThrow(() => XDocument.Parse(new LineChart().ToSvg()));
        Assert.DoesNotThrow(() => XDocument.Parse(new LineChart().Add("flat", [(1, 1), (1, 1)]).ToSvg()));
        Assert.DoesNotThrow(() => XDocument.Parse(new ScatterChart().Add("nan", [(double.NaN, 1), (2, 3)]).ToSvg()));
        Assert.DoesNotThrow(() => XDocument.Parse(new BarChart([]).ToSvg()));
        Assert.DoesNotThrow(() => XDocument.Parse(new ChartGrid().ToSvg()));
        Assert.DoesNotThrow(() => XDocument.Parse(new LineChart { Title = "bell\u0007 & <tag>" }.ToSvg()));
    }

    [Test]
    public void Save_writes_the_svg_atomically_to_the_path()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lisor-charts-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "sub", "chart.svg");
            var chart = AccuracyVsK();
            chart.Save(path);
            Assert.That(File.ReadAllText(path), Is.EqualTo(chart.ToSvg()));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no temporary file left behind");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Palette_has_eight_distinct_colours_and_series_differ_by_marker_too()
    {
        Assert.That(ChartPalette.Colors, Is.Unique.And.Count.EqualTo(8));
        Assert.That(Enumerable.Range(0, 5).Select(ChartPalette.Marker), Is.Unique);
        Assert.That(ChartPalette.Color(8), Is.EqualTo(ChartPalette.Color(0)));
    }
}
