using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Experiments;

/// <summary>
/// Word classes of a text FSA (paper Fig. 7, Table 5) with evidence a reader can judge: next to each
/// word its log-odds in the training data,
///     log-odds(w) = ln[(n₊(w) + 1) / (N₊ + V)] − ln[(n₋(w) + 1) / (N₋ + V)],
/// where n±(w) counts w in positive/negative training examples, N± all their tokens and V the
/// vocabulary size (add-one smoothing). Positive log-odds = the word is more typical of the positive
/// class (e.g. spam). If the FSA is right, the classes leading into the accepting state are
/// dominated by positive log-odds.
/// </summary>
internal static class WordClassReport
{
    /// <summary>Per-word log-odds of the positive class in <paramref name="train"/>.</summary>
    public static Dictionary<string, double> LogOdds(IReadOnlyList<LabeledSequence> train, string positive)
    {
        var pos = new Dictionary<string, int>(StringComparer.Ordinal);
        var neg = new Dictionary<string, int>(StringComparer.Ordinal);
        long nPos = 0, nNeg = 0;
        foreach (var e in train)
        {
            bool p = e.Label == positive;
            var counts = p ? pos : neg;
            foreach (var w in e.Tokens) counts[w] = counts.GetValueOrDefault(w) + 1;
            if (p) nPos += e.Tokens.Length; else nNeg += e.Tokens.Length;
        }
        var vocabulary = pos.Keys.Union(neg.Keys).ToList();
        double v = vocabulary.Count;
        return vocabulary.ToDictionary(w => w,
            w => Math.Log((pos.GetValueOrDefault(w) + 1) / (nPos + v)) - Math.Log((neg.GetValueOrDefault(w) + 1) / (nNeg + v)),
            StringComparer.Ordinal);
    }

    /// <summary>Markdown: one section per word class, its most frequent words with counts and log-odds.</summary>
    public static string ToMarkdown(Fsa fsa, IReadOnlyList<LabeledSequence> train, int maxWords = 25)
    {
        if (!fsa.HasPositiveClass) throw new ArgumentException("word-class log-odds compare a positive class with the rest; this FSA has no positive class", nameof(fsa));
        string positive = fsa.Classes[fsa.PositiveClass];
        var odds = LogOdds(train, positive);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Word classes of the {fsa.StateCount}-state FSA (state 0 is the start; ")
          .Append(string.Join(", ", fsa.States.Skip(1).Select(s => $"state {s.Id} answers '{fsa.Classes[s.Label]}'")))
          .Append(CultureInfo.InvariantCulture, $"). Log-odds > 0: the word is more frequent in '{positive}' training examples.\n\n");
        foreach (var c in WordClasses.Of(fsa))
        {
            double weighted = c.Words.Sum(w => w.Count * odds.GetValueOrDefault(w.Word)) / Math.Max(1, c.TotalCount);
            sb.Append(CultureInfo.InvariantCulture,
                $"**{c.Name}** ({c.From} → {c.To}, into a '{fsa.Classes[fsa.States[c.To].Label]}' state): {c.Words.Count} words, taken {c.TotalCount} times, mean log-odds {weighted:+0.00;-0.00}\n\n");
            sb.Append("| word | count | log-odds |\n|---|---:|---:|\n");
            foreach (var (word, count) in c.Words.Take(maxWords))
                sb.Append(CultureInfo.InvariantCulture, $"| {word.Replace("|", "\\|")} | {count} | {odds.GetValueOrDefault(word):+0.00;-0.00} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
