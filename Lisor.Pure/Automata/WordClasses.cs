using System.Text;

namespace Lisor.Pure.Automata;

/// <summary>The words that move the FSA from one state to another (docs/method.md §4, text tasks).</summary>
/// <param name="From">Source state.</param>
/// <param name="To">Target state.</param>
/// <param name="Words">The symbols of the kept transitions <c>From → To</c> with their counts, most frequent first (ties ordinal).</param>
internal sealed record WordClass(int From, int To, IReadOnlyList<(string Word, int Count)> Words)
{
    /// <summary>The class's name as drawn on its edge: "word class i-j".</summary>
    public string Name => $"word class {From}-{To}";
    /// <summary>How often the class's transitions were taken in total.</summary>
    public long TotalCount => Words.Sum(w => (long)w.Count);
}

/// <summary>
/// Word classes: all words on the transitions between the same two states form one class, so an FSA
/// over thousands of words draws as a handful of edges "word class i-j" and each class lists its words.
/// </summary>
internal static class WordClasses
{
    /// <summary>The word classes of <paramref name="fsa"/>, ordered by (from, to).</summary>
    public static IReadOnlyList<WordClass> Of(Fsa fsa)
        => fsa.Transitions
            .GroupBy(t => (t.From, t.To))
            .OrderBy(g => g.Key.From).ThenBy(g => g.Key.To)
            .Select(g => new WordClass(g.Key.From, g.Key.To,
                g.OrderByDescending(t => t.Count).ThenBy(t => fsa.Alphabet[t.Symbol], StringComparer.Ordinal)
                 .Select(t => (fsa.Alphabet[t.Symbol], t.Count)).ToArray()))
            .ToArray();

    /// <summary>A Markdown table: one row per class with its size and its most frequent words
    /// (at most <paramref name="maxWords"/>, "word (count)").</summary>
    public static string ToMarkdown(IReadOnlyList<WordClass> classes, int maxWords = 30)
    {
        var w = new StringBuilder();
        w.Append("| class | words | transitions taken | most frequent words |\n");
        w.Append("|---|---:|---:|---|\n");
        foreach (var c in classes)
        {
            var shown = c.Words.Take(maxWords).Select(x => $"{Escape(x.Word)} ({x.Count})");
            string more = c.Words.Count > maxWords ? $", … {c.Words.Count - maxWords} more" : "";
            w.Append($"| {c.Name} | {c.Words.Count} | {c.TotalCount} | {string.Join(", ", shown)}{more} |\n");
        }
        return w.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_").Replace("`", "\\`");
}
