using System.Globalization;

namespace Lisor.Pure.Data;

/// <summary>
/// The text tokenizer shared by the real-text corpora (the shipped spam corpus, the IMDB importer).
/// Rules, applied in this order to chunks of text separated by white space or by one of
/// <c>&lt; &gt; " ( ) [ ] { } |</c>:
/// <list type="number">
/// <item>A chunk that starts (after leading punctuation) with <c>http://</c>, <c>https://</c>,
///   <c>ftp://</c> or <c>www.</c> is one <see cref="UrlToken"/>.</item>
/// <item>A chunk with an '@' that has a letter or digit before it and a '.' after it is one
///   <see cref="EmailToken"/>.</item>
/// <item>Otherwise the chunk is cut into words: maximal runs of Unicode letters (with their combining
///   marks), digits and apostrophes (' and ’, kept inside a word as ', trimmed at its ends); a '.' or ','
///   between two digits stays inside the word, so "1,000.50" is one word. A word longer than
///   <see cref="MaxWordLength"/> characters is dropped (it is almost always encoded junk); a word with a
///   digit is <see cref="NumberToken"/>; every other word is lower-cased with the invariant culture.</item>
/// <item>'$' and '!' are tokens of their own; every other symbol is dropped.</item>
/// <item>A run of the same special token (<c>&lt;url&gt;</c>, <c>&lt;email&gt;</c>, <c>&lt;num&gt;</c>,
///   '$', '!') collapses to one, so "!!!" or a phone number "1-800-555-0199" each cost one step.</item>
/// </list>
/// The output never contains white space or tabs, so it can be written to a sequence TSV file as is.
/// </summary>
internal static class Tokenizer
{
    /// <summary>The token a web address becomes.</summary>
    public const string UrlToken = "<url>";
    /// <summary>The token an e-mail address becomes.</summary>
    public const string EmailToken = "<email>";
    /// <summary>The token a word with a digit becomes.</summary>
    public const string NumberToken = "<num>";
    /// <summary>Longer words are dropped.</summary>
    public const int MaxWordLength = 25;

    private static readonly string[] UrlPrefixes = ["http://", "https://", "ftp://", "www."];

    /// <summary>The tokens of <paramref name="text"/>, at most <paramref name="maxTokens"/> of them (the first ones).</summary>
    public static string[] Tokenize(string text, int maxTokens = int.MaxValue)
    {
        var tokens = new List<string>();
        Append(text, tokens, maxTokens);
        return tokens.ToArray();
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/> until it holds <paramref name="maxTokens"/>.</summary>
    public static void Append(string text, List<string> tokens, int maxTokens = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        int i = 0;
        while (i < text.Length && tokens.Count < maxTokens)
        {
            if (IsChunkSeparator(text[i])) { i++; continue; }
            int start = i;
            while (i < text.Length && !IsChunkSeparator(text[i])) i++;
            AppendChunk(text.AsSpan(start, i - start), tokens, maxTokens);
        }
    }

    private static bool IsChunkSeparator(char c)
        => char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '(' or ')' or '[' or ']' or '{' or '}' or '|';

    private static void AppendChunk(ReadOnlySpan<char> chunk, List<string> tokens, int maxTokens)
    {
        int firstWordChar = 0;
        while (firstWordChar < chunk.Length && !IsWordChar(chunk[firstWordChar])) firstWordChar++;
        if (IsUrl(chunk[firstWordChar..])) { Add(tokens, UrlToken, maxTokens); return; }
        if (IsEmail(chunk)) { Add(tokens, EmailToken, maxTokens); return; }

        int i = 0;
        while (i < chunk.Length && tokens.Count < maxTokens)
        {
            char c = chunk[i];
            if (c is '$' or '!') { Add(tokens, c == '$' ? "$" : "!", maxTokens); i++; continue; }
            if (!char.IsLetterOrDigit(c)) { i++; continue; }
            int start = i;
            bool hasDigit = false;
            while (i < chunk.Length)
            {
                char w = chunk[i];
                if (char.IsLetterOrDigit(w)) hasDigit |= char.IsDigit(w);
                else if (!IsCombiningMark(w) && !IsApostrophe(w) && !IsNumberSeparator(chunk, i)) break;
                i++;
            }
            var word = chunk[start..i];
            while (word.Length > 0 && IsApostrophe(word[^1])) word = word[..^1];
            if (word.Length > MaxWordLength) continue;
            Add(tokens, hasDigit ? NumberToken : Normalize(word), maxTokens);
        }
    }

    /// <summary>Lower-cases with the invariant culture and writes every apostrophe as '.</summary>
    private static string Normalize(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        for (int k = 0; k < lower.Length; k++) if (lower[k] == '’') lower[k] = '\'';
        return new string(lower);
    }

    /// <summary>Adds a token, collapsing a run of the same special token into one.</summary>
    private static void Add(List<string> tokens, string token, int maxTokens)
    {
        if (tokens.Count >= maxTokens) return;
        bool special = token is UrlToken or EmailToken or NumberToken or "$" or "!";
        if (special && tokens.Count > 0 && tokens[^1] == token) return;
        tokens.Add(token);
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>A combining mark continues a word, so "é" written as e + U+0301 stays one word.</summary>
    private static bool IsCombiningMark(char c)
        => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>'.' or ',' between two digits: "3.14", "1,000".</summary>
    private static bool IsNumberSeparator(ReadOnlySpan<char> s, int i)
        => s[i] is '.' or ',' && i > 0 && i + 1 < s.Length && char.IsDigit(s[i - 1]) && char.IsDigit(s[i + 1]);

    private static bool IsUrl(ReadOnlySpan<char> s)
    {
        foreach (var prefix in UrlPrefixes)
            if (s.Length > prefix.Length && s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool IsEmail(ReadOnlySpan<char> s)
    {
        int at = s.IndexOf('@');
        return at > 0 && char.IsLetterOrDigit(s[at - 1]) && s[(at + 1)..].TrimEnd(".,;:!?'").IndexOf('.') > 0;
    }
}
