using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Drawing;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Experiments;

/// <summary>The text experiment's files and report section.</summary>
internal static class TextReport
{
    /// <summary>
    /// Writes into <paramref name="dir"/> tables.md (Tables IV–V), ensemble-vs-average.svg and the MGU word-class
    /// FSA (word-classes.svg, word-classes.md), and returns the report section that links them
    /// (<paramref name="link"/> is the folder's path as seen from the report).
    /// </summary>
    public static string Write(IReadOnlyList<TextCellResult> results, TextExperimentOptions options, IReadOnlyList<LabeledSequence> train,
        string dir, string link, string corpus)
    {
        string tables = TextExperiment.Tables(results, options, corpus);
        AtomicFile.WriteAllText(Path.Combine(dir, "tables.md"), "# Text: Tables IV and V\n\n" + tables);
        bool transductive = results.Any(r => r.Transductive.Count > 0);
        // One panel per extraction method, the RNN beside its FSAs in each: five bars per cell at most, so every bar keeps
        // its own colour and its value label.
        var grid = new ChartGrid(columns: TextExperiment.Methods.Length)
        {
            Title = $"Text, k = {options.Clusters}: test accuracy of the FSAs, mean of trials vs ensemble", SharedLegend = true,
        };
        foreach (string method in TextExperiment.Methods)
        {
            var bars = new BarChart(results.Select(r => PaperNumbers.CellName(r.Cell)))
            {
                Title = ExtractionMethods.PaperName(method), YTitle = "accuracy", YMin = 0, YMax = 1, ValueFormat = "0.00",
            };
            bars.Add("RNN", results.Select(r => r.RnnAccuracy).ToList());
            bars.Add("average", results.Select(r => r.Methods[method].AverageAccuracy).ToList());
            bars.Add("ensemble", results.Select(r => r.Methods[method].EnsembleAccuracy).ToList());
            if (transductive)
            {
                bars.Add("transductive average", results.Select(r => r.Transductive[method].AverageAccuracy).ToList());
                bars.Add("transductive ensemble", results.Select(r => r.Transductive[method].EnsembleAccuracy).ToList());
            }
            grid.Add(bars);
        }
        grid.Save(Path.Combine(dir, "ensemble-vs-average.svg"));

        var sb = new StringBuilder();
        sb.Append($"## Tables IV and V — real text (k = {options.Clusters})\n\n").Append(tables)
          .Append($"\n![ensemble vs average]({link}/ensemble-vs-average.svg)\n\n");
        string suffix = transductive ? "-transductive" : "";
        string mguFsa = Path.Combine(dir, $"text-mgu-{ExtractionMethods.KMeans}{suffix}.json");
        if (File.Exists(mguFsa))
        {
            var fsa = Automata.FsaJson.Load(mguFsa);
            string words = WordClassReport.ToMarkdown(fsa, train, 15);
            string what = $"MGU, LISOR-k, k = {options.Clusters}, trial 1{(transductive ? ", learned transductively" : "")}";
            AtomicFile.WriteAllText(Path.Combine(dir, "word-classes.md"), $"# Word classes ({what})\n\n" + words);
            AtomicFile.WriteAllText(Path.Combine(dir, "word-classes.svg"), FsaSvg.ToSvg(fsa, new FsaDrawOptions { WordClasses = true, ShowSizes = true }));
            sb.Append($"### Figure 7 — the compressed word-class FSA ({what})\n\n")
              .Append($"![word classes]({link}/word-classes.svg)\n\n").Append(words);
        }
        return sb.ToString();
    }
}
