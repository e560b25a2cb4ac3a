using System.Xml.Linq;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Charts;

public class TsneFigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Figure_has_one_panel_per_cell_and_one_point_per_hidden_state()
    {
        float[] embedding = [0, 0, 1, 1, 5, 5, 6, 5];
        int[] cluster = [0, 0, 1, 1];
        string svg = TsneFigure.Render([("MGU", embedding, cluster), ("SRN", embedding, [2, 2, 2, 3])], "Hidden states of task 0110");
        var doc = XDocument.Parse(svg);
        var panels = doc.Root!.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.That(panels, Has.Count.EqualTo(2));
        foreach (var panel in panels)
        {
            int points = panel.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "group").Sum(g => g.Elements(Svg + "circle").Count());
            Assert.That(points, Is.EqualTo(4));
        }
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("Hidden states of task 0110").And.Contain("MGU").And.Contain("SRN").And.Contain("cluster 3"));
    }

    [Test]
    public void Many_clusters_leave_out_the_legend_and_a_length_mismatch_is_an_error()
    {
        var embedding = new float[2 * 30];
        for (int i = 0; i < embedding.Length; i++) embedding[i] = i;
        int[] cluster = Enumerable.Range(0, 30).ToArray();
        var doc = XDocument.Parse(TsneFigure.Render([("LSTM", embedding, cluster)], "t-SNE"));
        Assert.That(doc.Descendants(Svg + "g").Any(g => (string?)g.Attribute("class") == "legend"), Is.False);
        Assert.Throws<ArgumentException>(() => TsneFigure.Render([("bad", new float[3], [0, 1])], "t-SNE"));
    }
}
