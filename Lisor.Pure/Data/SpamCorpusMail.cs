using System.Text;
using System.Text.RegularExpressions;

namespace Lisor.Pure.Data;

/// <summary>
/// One e-mail reduced to what a reader sees: its subject and the text of its body. Parsing (RFC 5322 and
/// MIME, as far as the SpamAssassin corpus needs it):
/// <list type="bullet">
/// <item>headers are dropped except Subject, whose RFC 2047 encoded words (=?charset?Q|B?…?=) are decoded and
///   whose bracketed mailing-list tags ("[ILUG]") are removed, as they name the list the ham came from;</item>
/// <item>multipart bodies are walked: text/plain and text/html parts are kept (of a multipart/alternative
///   only the plain-text one), attachments are skipped, forwarded message/rfc822 bodies are read;</item>
/// <item>quoted-printable and base64 are decoded; utf-8 is read as UTF-8, ASCII and the Latin/Windows
///   single-byte charsets as Latin-1; parts in other charsets (Chinese, Korean, Cyrillic …) are dropped;</item>
/// <item>HTML is turned into text (<see cref="SpamCorpusHtml"/>);</item>
/// <item>text that reads as Latin-1 garbage (more than a quarter of its letters non-ASCII: an undeclared
///   multi-byte charset) is dropped;</item>
/// <item>quoted reply lines ('>' …), "… wrote:" lines and PGP armour are dropped, and the text ends at a
///   signature separator ("--"), an "-----Original Message-----" line, a PGP signature or a mailing-list footer.</item>
/// </list>
/// </summary>
internal sealed record SpamCorpusMail(string Subject, string Body)
{
    private const int MaxDepth = 8;
    private static readonly Regex EncodedWord = new(@"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=", RegexOptions.CultureInvariant);
    private static readonly Regex ListTag = new(@"\[[^\]]*\]", RegexOptions.CultureInvariant);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Parses a raw message (bytes as stored in the corpus).</summary>
    public static SpamCorpusMail Parse(byte[] raw) => Parse(Encoding.Latin1.GetString(raw));

    /// <summary>Parses a raw message given as a string with one character per byte (Latin-1).</summary>
    public static SpamCorpusMail Parse(string raw)
    {
        var (headers, body) = SplitEntity(raw.Replace("\r\n", "\n"));
        string subject = ListTag.Replace(DecodeHeader(Header(headers, "subject") ?? ""), " ");
        if (LooksMisdecoded(subject)) subject = "";
        return new SpamCorpusMail(subject, DropQuotesAndSignature(EntityText(headers, body, 0)));
    }

    /// <summary>
    /// The tokens of this mail: up to <paramref name="maxSubjectTokens"/> of the subject, then up to
    /// <paramref name="maxBodyTokens"/> of the body (see <see cref="Tokenizer"/>).
    /// </summary>
    public string[] Tokens(int maxSubjectTokens, int maxBodyTokens)
    {
        var tokens = new List<string>();
        Tokenizer.Append(Subject, tokens, maxSubjectTokens);
        Tokenizer.Append(Body, tokens, (int)Math.Min(int.MaxValue, (long)tokens.Count + maxBodyTokens));
        return tokens.ToArray();
    }

    /// <summary>Headers (name lower-cased, folded lines joined) and the body after the first blank line.</summary>
    internal static (List<(string Name, string Value)> Headers, string Body) SplitEntity(string text)
    {
        var headers = new List<(string, string)>();
        int pos = 0;
        if (text.StartsWith("From ", StringComparison.Ordinal)) pos = NextLine(text, 0); // the mbox separator line
        while (pos < text.Length)
        {
            int next = NextLine(text, pos);
            var line = text.AsSpan(pos, next - pos).TrimEnd('\n');
            if (line.IsEmpty) return (headers, text[next..]);
            if (line[0] is ' ' or '\t')
            {
                if (headers.Count > 0) headers[^1] = (headers[^1].Item1, headers[^1].Item2 + " " + line.Trim().ToString());
            }
            else
            {
                int colon = line.IndexOf(':');
                if (colon <= 0) return (headers, text[pos..]); // not a header: the body starts here
                headers.Add((line[..colon].Trim().ToString().ToLowerInvariant(), line[(colon + 1)..].Trim().ToString()));
            }
            pos = next;
        }
        return (headers, "");
    }

    private static int NextLine(string text, int pos)
    {
        int nl = text.IndexOf('\n', pos);
        return nl < 0 ? text.Length : nl + 1;
    }

    private static string? Header(List<(string Name, string Value)> headers, string name)
    {
        foreach (var (n, v) in headers) if (n == name) return v;
        return null;
    }

    /// <summary>The visible text of one MIME entity (a whole mail or one part).</summary>
    private static string EntityText(List<(string Name, string Value)> headers, string body, int depth)
    {
        var (type, parameters) = ContentType(Header(headers, "content-type"));
        if (depth >= MaxDepth) return "";
        if (type.StartsWith("multipart/", StringComparison.Ordinal) && parameters.TryGetValue("boundary", out var boundary))
            return MultipartText(type, boundary, body, depth);
        if (type == "message/rfc822")
        {
            var (innerHeaders, innerBody) = SplitEntity(body);
            return EntityText(innerHeaders, innerBody, depth + 1);
        }
        if (!type.StartsWith("text/", StringComparison.Ordinal)) return "";
        byte[] bytes = DecodeTransfer(Header(headers, "content-transfer-encoding"), body);
        string? text = DecodeCharset(parameters.GetValueOrDefault("charset"), bytes);
        if (text is null || LooksMisdecoded(text)) return "";
        return type == "text/html" || SpamCorpusHtml.LooksLikeHtml(text) ? SpamCorpusHtml.ToText(text) : text;
    }

    private static string MultipartText(string type, string boundary, string body, int depth)
    {
        var texts = new List<(bool Plain, string Text)>();
        foreach (var part in SplitParts(body, boundary))
        {
            var (partHeaders, partBody) = SplitEntity(part);
            string text = EntityText(partHeaders, partBody, depth + 1);
            if (text.AsSpan().Trim().IsEmpty) continue;
            bool plain = ContentType(Header(partHeaders, "content-type")).Type == "text/plain";
            texts.Add((plain, text));
        }
        if (type == "multipart/alternative" && texts.Count > 0)
        {
            foreach (var t in texts) if (t.Plain) return t.Text;
            return texts[0].Text;
        }
        return string.Join("\n", texts.Select(t => t.Text));
    }

    /// <summary>The parts between "--boundary" lines, up to the closing "--boundary--".</summary>
    private static List<string> SplitParts(string body, string boundary)
    {
        var parts = new List<string>();
        string delimiter = "--" + boundary;
        int pos = 0, partStart = -1;
        while (pos < body.Length)
        {
            int next = NextLine(body, pos);
            var line = body.AsSpan(pos, next - pos).TrimEnd();
            // "--boundary" or "--boundary--" exactly: a longer boundary that starts with ours is another one.
            var rest = line.StartsWith(delimiter, StringComparison.Ordinal) ? line[delimiter.Length..] : "x";
            if (rest.IsEmpty || rest is "--")
            {
                if (partStart >= 0) parts.Add(body[partStart..pos]);
                if (rest is "--") return parts;
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0) parts.Add(body[partStart..]);
        return parts;
    }

    /// <summary>"text/html; charset=utf-8" → ("text/html", {charset: "utf-8"}); no header means text/plain.</summary>
    internal static (string Type, Dictionary<string, string> Parameters) ContentType(string? header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header)) return ("text/plain", parameters);
        var fields = header.Split(';');
        string type = fields[0].Trim().ToLowerInvariant();
        for (int k = 1; k < fields.Length; k++)
        {
            int eq = fields[k].IndexOf('=');
            if (eq <= 0) continue;
            string name = fields[k][..eq].Trim().ToLowerInvariant();
            string value = fields[k][(eq + 1)..].Trim().Trim('"');
            parameters.TryAdd(name, value);
        }
        return (type.Length == 0 ? "text/plain" : type, parameters);
    }

    /// <summary>The bytes of a body (one Latin-1 char per byte) after its Content-Transfer-Encoding.</summary>
    internal static byte[] DecodeTransfer(string? encoding, string body)
    {
        string e = (encoding ?? "").Trim().ToLowerInvariant();
        if (e == "base64") return Base64(body);
        if (e == "quoted-printable") return QuotedPrintable(body, underscoreIsSpace: false);
        return Encoding.Latin1.GetBytes(body);
    }

    /// <summary>Base64 that skips every character outside the alphabet and stops at padding (as mail readers do).</summary>
    internal static byte[] Base64(string s)
    {
        var bytes = new List<byte>(s.Length * 3 / 4);
        int buffer = 0, bits = 0;
        foreach (char c in s)
        {
            int v = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                '/' => 63,
                _ => -1,
            };
            if (c == '=') break;
            if (v < 0) continue;
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) { bits -= 8; bytes.Add((byte)(buffer >> bits)); buffer &= (1 << bits) - 1; }
        }
        return bytes.ToArray();
    }

    /// <summary>Quoted-printable: "=XX" is the byte XX, "=" at a line end joins lines; in headers '_' is a space.</summary>
    internal static byte[] QuotedPrintable(string s, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '=')
            {
                int end = i + 1;
                while (end < s.Length && s[end] is ' ' or '\t') end++;
                if (end < s.Length && s[end] == '\n') { i = end; continue; } // soft line break
                if (i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]))
                {
                    bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                    i += 2;
                    continue;
                }
            }
            bytes.Add(underscoreIsSpace && c == '_' ? (byte)' ' : (byte)c);
        }
        return bytes.ToArray();
    }

    /// <summary>Text of <paramref name="bytes"/> in <paramref name="charset"/>, or null for a charset we do not read.</summary>
    internal static string? DecodeCharset(string? charset, byte[] bytes)
    {
        string c = (charset ?? "").Trim().Trim('"').ToLowerInvariant();
        if (c is "utf-8" or "utf8") return Utf8.GetString(bytes);
        bool latin = c.Length == 0 || c is "us-ascii" or "ascii" or "latin1" or "latin-1" or "default" or "unknown-8bit" or "x-unknown"
                     || c.StartsWith("iso-8859-", StringComparison.Ordinal) && c is not ("iso-8859-5" or "iso-8859-6" or "iso-8859-7" or "iso-8859-8")
                     || c.StartsWith("windows-125", StringComparison.Ordinal) && c != "windows-1251"
                     || c.StartsWith("cp125", StringComparison.Ordinal) && c != "cp1251";
        return latin ? Encoding.Latin1.GetString(bytes) : null;
    }

    /// <summary>A header value with its encoded words decoded (undecodable ones are removed).</summary>
    internal static string DecodeHeader(string value)
        => EncodedWord.Replace(value, m =>
        {
            string charset = m.Groups[1].Value;
            string payload = m.Groups[3].Value;
            byte[] bytes = m.Groups[2].Value is "B" or "b" ? Base64(payload) : QuotedPrintable(payload, underscoreIsSpace: true);
            return DecodeCharset(charset, bytes) ?? " ";
        });

    /// <summary>
    /// Drops quoted reply lines, "… wrote:" lines and PGP armour lines; the text ends at a signature
    /// separator, an Outlook quote, a PGP signature, or a mailing-list footer (a rule of underscores or
    /// dashes followed within two lines by "mailing list" or "sponsored by", as Mailman and SourceForge add,
    /// or the "Yahoo! Groups Sponsor" banner).
    /// </summary>
    internal static string DropQuotesAndSignature(string text)
    {
        var kept = new StringBuilder(text.Length);
        var lines = text.Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            var line = lines[k].AsSpan().Trim();
            if (line is "--" || line.Contains("-----Original Message-----", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("-----BEGIN PGP SIGNATURE", StringComparison.Ordinal) || IsListFooter(lines, k)) break;
            if (line.StartsWith(">") || line.EndsWith("wrote:", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("-----BEGIN PGP SIGNED MESSAGE", StringComparison.Ordinal)) continue;
            kept.Append(lines[k]).Append('\n');
        }
        return kept.ToString();
    }

    private static bool IsListFooter(string[] lines, int k)
    {
        var rule = lines[k].AsSpan().Trim();
        if (rule.Contains("Yahoo! Groups Sponsor", StringComparison.Ordinal)) return true;
        if (rule.Length < 30 || (rule.IndexOfAnyExcept('_') >= 0 && rule.IndexOfAnyExcept('-') >= 0)) return false;
        for (int next = k + 1; next <= k + 2 && next < lines.Length; next++)
            if (lines[next].Contains("mailing list", StringComparison.OrdinalIgnoreCase)
                || lines[next].Contains("sponsored by", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// True when text read as Latin-1 is most likely in an undeclared multi-byte charset (Korean, Chinese
    /// spam): more than a quarter of its letters are non-ASCII. German or French text stays far below that.
    /// </summary>
    internal static bool LooksMisdecoded(string text)
    {
        int ascii = 0, high = 0;
        foreach (char c in text)
        {
            if (char.IsAsciiLetter(c)) ascii++;
            else if (c >= '\u0080' && c <= '\u00FF') high++;
        }
        return high > 0 && high * 4 > ascii + high;
    }
}
