using System.Globalization;
using System.Text.RegularExpressions;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Charts;

public class PaperNumbersTests
{
    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The method spec, docs/method.md, found by walking up from the test binaries to the repository root.</summary>
    private static string MethodSpec()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "docs", "method.md");
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        Assert.Fail("docs/method.md not found above the test binaries");
        return "";
    }

    /// <summary>The text of docs/method.md between two markers, whitespace collapsed.</summary>
    private static string Between(string text, string from, string to)
    {
        int a = text.IndexOf(from, StringComparison.Ordinal), b = text.IndexOf(to, a + from.Length, StringComparison.Ordinal);
        Assert.That(a >= 0 && b > a, $"docs/method.md has '{from}' … '{to}'");
        return Regex.Replace(text[a..b], @"\s+", " ");
    }

    [Test]
    public void Smallest_k_averages_match_the_method_spec_text()
    {
        string spec = MethodSpec();
        foreach (var (table, section) in new[] { (PaperNumbers.Table2, Between(spec, "**Table II**", "**Task \"000\"**")),
                                                 (PaperNumbers.Table3, Between(spec, "**Table III**", "**Sentiment**")) })
        {
            var rows = Regex.Matches(section, @"LISOR-(k|x) MGU (\d+(?:\.\d+)?), SRN (\d+(?:\.\d+)?), GRU (\d+(?:\.\d+)?), LSTM (\d+(?:\.\d+)?)");
            Assert.That(rows, Has.Count.EqualTo(2), section);
            foreach (Match m in rows)
            {
                string method = "LISOR-" + m.Groups[1].Value;
                string[] cells = ["mgu", "srn", "gru", "lstm"];
                for (int c = 0; c < 4; c++)
                    Assert.That(table.Average(method, cells[c]), Is.EqualTo(D(m.Groups[c + 2].Value)), $"Table {table.Table} {method} {cells[c]}");
            }
            Assert.That(section, Does.Contain($"({table.Never} = never)"));
        }
    }

    [Test]
    public void Sentiment_accuracy_and_fidelity_match_the_method_spec_text()
    {
        string spec = MethodSpec();
        string table4 = Between(spec, "**Table IV**", "**Table V**");
        var rows = Regex.Matches(table4, @"(MGU|SRN|GRU|LSTM) \((?:RNN )?(\.\d+)\) (?:LISOR-k )?(\.\d+)/(\.\d+), (?:LISOR-x )?(\.\d+)/(\.\d+)");
        Assert.That(rows, Has.Count.EqualTo(4), table4);
        foreach (Match m in rows)
        {
            var row = PaperNumbers.Sentiment(m.Groups[1].Value);
            Assert.That(new[] { row.Rnn, row.KAverage, row.KEnsemble, row.XAverage, row.XEnsemble },
                        Is.EqualTo(Enumerable.Range(2, 5).Select(g => D("0" + m.Groups[g].Value))), m.Value);
        }
        string table5 = Between(spec, "**Table V**", "We have no");
        var fidelity = Regex.Matches(table5, @"(MGU|SRN|GRU|LSTM) (\.\d+)/(\.\d+)");
        Assert.That(fidelity, Has.Count.EqualTo(4), table5);
        foreach (Match m in fidelity)
        {
            Assert.That(PaperNumbers.Table5Fidelity("kmeans", m.Groups[1].Value), Is.EqualTo(D("0" + m.Groups[2].Value)));
            Assert.That(PaperNumbers.Table5Fidelity("kmeansx", m.Groups[1].Value), Is.EqualTo(D("0" + m.Groups[3].Value)));
        }
        Assert.That(spec, Does.Contain($"reaches only {PaperNumbers.Task000MguAccuracy.ToString(CultureInfo.InvariantCulture)} test accuracy"));
    }

    [Test]
    public void Paper_values_are_as_published()
    {
        Assert.That(PaperNumbers.Cells.Select(c => PaperNumbers.Table2.Average("kmeans", c)), Is.EqualTo(new[] { 6, 11, 11.4, 14.6 }));
        Assert.That(PaperNumbers.Cells.Select(c => PaperNumbers.Table2.Average("kmeansx", c)), Is.EqualTo(new[] { 6, 10.6, 19.6, 25.2 }));
        Assert.That(PaperNumbers.Cells.Select(c => PaperNumbers.Table3.Average("LISOR-k", c)), Is.EqualTo(new[] { 13.6, 72.2, 159.4, 31.8 }));
        Assert.That(PaperNumbers.Cells.Select(c => PaperNumbers.Table3.Average("LISOR-x", c)), Is.EqualTo(new[] { 12.2, 56.2, 157.2, 34.4 }));
        Assert.That((PaperNumbers.Table2.Target, PaperNumbers.Table2.Never, PaperNumbers.Table3.Target, PaperNumbers.Table3.Never), Is.EqualTo((1.0, 65, 0.7, 201)));
        Assert.That(PaperNumbers.Sentiment("GRU"), Is.EqualTo(new PaperSentimentAccuracy("gru", 0.811, 0.662, 0.660, 0.699, 0.780)));
        Assert.That(PaperNumbers.Table5Fidelity("LISOR-x", "mgu"), Is.EqualTo(0.778));
        Assert.That((PaperNumbers.MethodName("kmeansx"), PaperNumbers.CellName("lstm")), Is.EqualTo(("LISOR-x", "LSTM")));
    }

    [Test]
    public void Unknown_cells_and_methods_are_reported()
    {
        Assert.Throws<ArgumentException>(() => PaperNumbers.Table2.Average("kmeans", "sru"));
        Assert.Throws<ArgumentException>(() => PaperNumbers.Sentiment("sru"));
        Assert.Throws<ArgumentException>(() => PaperNumbers.Table5Fidelity("dbscan", "mgu"));
        Assert.Throws<ArgumentException>(() => PaperNumbers.MethodName("dbscan"));
    }
}
