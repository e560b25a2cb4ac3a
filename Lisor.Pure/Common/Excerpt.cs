using System.Globalization;

namespace Lisor.Pure.Common;

/// <summary>
/// What a message shows of a text the user gave — a token, a label, an option's value, a JSON string, a CSV cell: the
/// whole text when it is at most <see cref="Limit"/> characters long, else its start, "…" and its length,
/// <c>'0101010101…' (10000 characters)</c>. A data line that is one 10 000-character token would otherwise make a
/// warning or an error line of 10 000 characters. Control characters are escaped as <see cref="ErrorLine.Escape"/>
/// escapes them (<c>\t</c>, <c>\n</c>, <c>\r</c>, <c>\x1b</c>, …): warnings do not pass through <see cref="ErrorLine"/>,
/// and a quote must keep its line one line there too. File names and paths are not shown through it: they are shown whole.
/// </summary>
/// <remarks>
/// A character here is a Unicode scalar value (an emoji of two UTF-16 code units is one). The cut falls between text
/// elements (what a reader sees as one character: an e and its combining accent stay together), and within one only
/// when a single text element is longer than the limit (a letter under thousands of combining marks), never inside a
/// surrogate pair.
/// </remarks>
internal static class Excerpt
{
    /// <summary>The most characters shown of one text; a text this long or shorter is shown whole.</summary>
    public const int Limit = 40;

    /// <summary>The most items <see cref="List"/> shows.</summary>
    public const int ListLimit = 20;

    /// <summary><paramref name="text"/> in single quotes: <c>'abc'</c>, or <c>'abc…' (N characters)</c> when long.</summary>
    public static string Quoted(string text) => Of(text, s => "'" + ErrorLine.Escape(s) + "'");

    /// <summary><paramref name="text"/> in double quotes (as the JSON readers quote a string): <c>"abc"</c>, or <c>"abc…" (N characters)</c>.</summary>
    public static string DoubleQuoted(string text) => Of(text, s => "\"" + ErrorLine.Escape(s) + "\"");

    /// <summary><paramref name="text"/> without quotes (a number's digits, a list item): <c>abc</c>, or <c>abc… (N characters)</c>.</summary>
    public static string Plain(string text) => Of(text, ErrorLine.Escape);

    /// <summary>
    /// <paramref name="text"/> shown by <paramref name="show"/> (which quotes and escapes it its own way, JSON's say),
    /// given the whole text or, when it is longer than <see cref="Limit"/>, its start and "…", followed by the length.
    /// </summary>
    public static string Of(string text, Func<string, string> show)
    {
        if (text.Length <= Limit) return show(text);   // (at most Limit code units: at most Limit characters)
        int length = Characters(text);
        if (length <= Limit) return show(text);
        return show(Start(text) + "…") + " (" + Counted.Of(length, "character") + ")";
    }

    /// <summary>
    /// The items, each shown as by <see cref="Plain"/>, joined by <paramref name="separator"/>; after the first
    /// <see cref="ListLimit"/>, the separator and "…" stand for the rest (a model trained on a file of thousands of labels).
    /// </summary>
    public static string List(IEnumerable<string> items, string separator = ", ")
    {
        var shown = new List<string>();
        bool more = false;
        foreach (string item in items)
        {
            if (shown.Count == ListLimit) { more = true; break; }
            shown.Add(Plain(item));
        }
        return string.Join(separator, shown) + (more ? separator + "…" : "");
    }

    // The longest start of text of at most Limit characters that ends between two text elements (inside the first
    // one only when it alone is longer).
    private static string Start(string text)
    {
        int end = 0, characters = 0;
        while (end < text.Length)
        {
            int next = StringInfo.GetNextTextElementLength(text, end);
            int count = Characters(text.AsSpan(end, next));
            if (characters + count > Limit) break;
            characters += count;
            end += next;
        }
        if (end == 0) end = CodeUnitsOf(text, Limit);
        return text[..end];
    }

    // Unicode scalar values: a surrogate pair counts once (a lone surrogate once too, shown as one replacement character).
    private static int Characters(ReadOnlySpan<char> text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i += IsPair(text, i) ? 2 : 1) n++;
        return n;
    }

    // How many UTF-16 code units the first `characters` characters of text take (a surrogate pair is never split).
    private static int CodeUnitsOf(string text, int characters)
    {
        int i = 0;
        for (int n = 0; n < characters && i < text.Length; n++) i += IsPair(text, i) ? 2 : 1;
        return i;
    }

    private static bool IsPair(ReadOnlySpan<char> text, int i)
        => char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}
