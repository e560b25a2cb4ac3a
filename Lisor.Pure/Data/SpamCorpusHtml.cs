using System.Net;
using System.Text;

namespace Lisor.Pure.Data;

/// <summary>
/// HTML to plain text, as far as a tokenizer needs it: comments and the content of &lt;script&gt;,
/// &lt;style&gt; and &lt;head&gt; are dropped; a block tag (p, br, div, td, li, …) becomes a line break and
/// every other tag disappears without a space, so "V&lt;b&gt;&lt;/b&gt;iagra" reads "Viagra" as a browser
/// shows it; entities (&amp;amp; &amp;nbsp; &amp;#233; …) are decoded last. A '&lt;' that does not start a tag stays.
/// </summary>
internal static class SpamCorpusHtml
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl", "dt",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "input", "li",
        "option", "p", "pre", "section", "select", "table", "tbody", "td", "textarea", "tfoot", "th",
        "thead", "title", "tr", "ul", "ol",
    };

    /// <summary>Tags whose whole content is dropped.</summary>
    private static readonly string[] HiddenContentTags = ["script", "style", "head"];

    /// <summary>The text a reader of <paramref name="html"/> sees.</summary>
    public static string ToText(string html)
    {
        var text = new StringBuilder(html.Length);
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c != '<') { text.Append(c); i++; continue; }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            if (!StartsTag(html, i)) { text.Append(c); i++; continue; }
            int close = html.IndexOf('>', i + 1);
            if (close < 0) break; // an unfinished tag at the end: nothing visible follows
            string name = TagName(html, i + 1);
            bool closing = html[i + 1] == '/';
            i = close + 1;
            if (!closing && Array.IndexOf(HiddenContentTags, name.ToLowerInvariant()) >= 0)
            {
                int end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (end >= 0) { int endClose = html.IndexOf('>', end); i = endClose < 0 ? html.Length : endClose + 1; }
                continue;
            }
            if (BlockTags.Contains(name)) text.Append('\n');
        }
        return WebUtility.HtmlDecode(text.ToString());
    }

    /// <summary>True when <paramref name="text"/> looks like an HTML document sent without an HTML content type.</summary>
    public static bool LooksLikeHtml(string text)
        => text.Contains("<html", StringComparison.OrdinalIgnoreCase)
           || text.Contains("<body", StringComparison.OrdinalIgnoreCase)
           || text.Contains("<table", StringComparison.OrdinalIgnoreCase)
           || text.Contains("<font", StringComparison.OrdinalIgnoreCase);

    /// <summary>'&lt;' followed by a letter, '/' + letter, '!' or '?' starts a tag.</summary>
    private static bool StartsTag(string s, int i)
    {
        if (i + 1 >= s.Length) return false;
        char n = s[i + 1];
        if (char.IsAsciiLetter(n) || n is '!' or '?') return true;
        return n == '/' && i + 2 < s.Length && char.IsAsciiLetter(s[i + 2]);
    }

    private static string TagName(string s, int start)
    {
        if (start < s.Length && s[start] == '/') start++;
        int end = start;
        while (end < s.Length && char.IsAsciiLetterOrDigit(s[end])) end++;
        return s[start..end];
    }
}
