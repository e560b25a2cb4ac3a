using System.Globalization;
using System.Text;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Data;

/// <summary>
/// Size and length figures of one split of a corpus (lengths in tokens). <see cref="MeanLength"/> and
/// <see cref="MedianLength"/> are exact: the median of an even number of lengths is the mean of the two middle ones.
/// </summary>
internal sealed record CorpusSplitStats(
    string Name, int Examples, IReadOnlyDictionary<string, int> PerLabel,
    double MeanLength, double MedianLength, int MaxLength, int Vocabulary);

/// <summary>
/// Figures of a corpus split into named parts (train/valid/test), for reports and READMEs: examples per
/// label, mean/median/max length, and the vocabulary (distinct tokens) of each part and of all of it.
/// </summary>
internal sealed record CorpusStats(IReadOnlyList<CorpusSplitStats> Splits, CorpusSplitStats All)
{
    /// <summary>Computes the figures of the given parts.</summary>
    public static CorpusStats Of(params (string Name, IReadOnlyList<LabeledSequence> Examples)[] splits)
    {
        var parts = splits.Select(s => Describe(s.Name, s.Examples)).ToList();
        var all = Describe("all", splits.SelectMany(s => s.Examples).ToList());
        return new CorpusStats(parts, all);
    }

    private static CorpusSplitStats Describe(string name, IReadOnlyList<LabeledSequence> examples)
    {
        var perLabel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var lengths = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            perLabel[e.Label] = perLabel.GetValueOrDefault(e.Label) + 1;
            lengths[i] = e.Tokens.Length;
            vocabulary.UnionWith(e.Tokens);
        }
        Array.Sort(lengths);
        double mean = lengths.Length == 0 ? 0 : lengths.Average();
        double median = Median(lengths);
        int max = lengths.Length == 0 ? 0 : lengths[^1];
        return new CorpusSplitStats(name, examples.Count, perLabel, mean, median, max, vocabulary.Count);
    }

    /// <summary>The median of sorted lengths (0 for none): the middle one, or the mean of the two middle ones.</summary>
    private static double Median(int[] sorted)
    {
        if (sorted.Length == 0) return 0;
        int half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + (double)sorted[half]) / 2;
    }

    /// <summary>
    /// The figures as a `--json` summary (snake_case keys): one count per part ("train": 4000, …), then
    /// "labels" (examples per label, all parts), "mean_length", "median_length", "max_length", "vocabulary".
    /// The mean and median are exact, not rounded (a script compares them; the table rounds the mean for reading).
    /// </summary>
    public Dictionary<string, object?> ToSummary()
    {
        var summary = new Dictionary<string, object?>();
        foreach (var s in Splits) summary[s.Name] = s.Examples;
        summary["labels"] = new SortedDictionary<string, int>(All.PerLabel.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        summary["mean_length"] = All.MeanLength;
        summary["median_length"] = All.MedianLength;
        summary["max_length"] = All.MaxLength;
        summary["vocabulary"] = All.Vocabulary;
        return summary;
    }

    /// <summary>
    /// A Markdown table: one row per part and one for all, one column per label; the mean length to one decimal,
    /// the median exact (a whole number, or one ending in .5).
    /// </summary>
    public string ToMarkdown()
    {
        var labels = All.PerLabel.Keys.ToList();
        var md = new StringBuilder();
        md.Append("| split | examples | ").Append(string.Join(" | ", labels))
          .Append(" | mean length | median | max | vocabulary |\n");
        md.Append("|---|---:|").Append(string.Concat(labels.Select(_ => "---:|"))).Append("---:|---:|---:|---:|\n");
        foreach (var s in Splits.Append(All))
        {
            md.Append("| ").Append(s.Name).Append(" | ").Append(s.Examples).Append(" | ")
              .Append(string.Join(" | ", labels.Select(l => s.PerLabel.GetValueOrDefault(l))))
              .Append(" | ").Append(s.MeanLength.ToString("F1", CultureInfo.InvariantCulture))
              .Append(" | ").Append(s.MedianLength.ToString("0.#", CultureInfo.InvariantCulture)).Append(" | ").Append(s.MaxLength)
              .Append(" | ").Append(s.Vocabulary).Append(" |\n");
        }
        return md.ToString();
    }
}
