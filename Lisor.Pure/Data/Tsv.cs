using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Data;

/// <summary>
/// Sequence data files: UTF-8, one example per line, `label&lt;TAB&gt;tokens`, tokens separated by single
/// spaces (may be empty). Blank lines and lines starting with '#' are skipped; CR LF is accepted.
/// Every problem is an <see cref="InputException"/> naming the file and line.
/// </summary>
public static class Tsv
{
    /// <summary>Reads every example of <paramref name="path"/>.</summary>
    public static List<LabeledSequence> Read(string path)
    {
        var list = new List<LabeledSequence>();
        foreach (var s in Stream(path)) list.Add(s);
        return list;
    }

    /// <summary>Reads <paramref name="path"/> lazily, one line at a time (bounded memory for huge files).</summary>
    public static IEnumerable<LabeledSequence> Stream(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a .tsv file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        FileKind.Require(path, FileKind.Kind.Other, "a sequence file");
        return StreamLines(path);
    }

    private static IEnumerable<LabeledSequence> StreamLines(string path)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(path, strict, detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        while (true)
        {
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException) { throw new InputException(path, Utf8Lines.FirstInvalid(path), "not valid UTF-8 text"); }
            if (line is null) yield break;
            lineNumber++;
            if (Skipped(line)) continue;
            yield return ParseLine(line, path, lineNumber);
        }
    }

    /// <summary>
    /// A line that holds no example: empty, a '#' comment, or only spaces. A line with a TAB is never skipped: "\t" is an
    /// example with an empty label (an error here; <c>predict</c> reads it as the unlabelled empty sequence), not a
    /// blank line to drop without a word.
    /// </summary>
    private static bool Skipped(string line)
        => line.Length == 0 || line[0] == '#' || (line.AsSpan().Trim().IsEmpty && !line.Contains('\t'));

    /// <summary>
    /// The 1-based line of example <paramref name="index"/> (0-based, in the order <see cref="Read"/> gives them) of the
    /// file <see cref="Read"/> read: the lines that hold examples counted as it counts them (blank lines and '#' comments
    /// skipped); 0 when the file has fewer, or is not a regular file (a pipe gives its bytes once). For error messages
    /// about an example found after reading (its label, say).
    /// </summary>
    public static int LineOf(string path, int index)
    {
        if (PathStatus.Of(Path.GetFullPath(path), follow: true).Kind != PathKind.Regular) return 0;
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0, examples = 0;
        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            if (Skipped(line)) continue;
            if (examples++ == index) return lineNumber;
        }
        return 0;
    }

    /// <summary>Parses one non-blank line `label&lt;TAB&gt;tokens`.</summary>
    public static LabeledSequence ParseLine(string line, string file, int lineNumber)
    {
        if (line.EndsWith('\r')) line = line[..^1];
        int tab = line.IndexOf('\t');
        if (tab < 0) throw new InputException(file, lineNumber, "expected '<label><TAB><tokens>' (no tab found)");
        string label = line[..tab];
        if (label.Length == 0) throw new InputException(file, lineNumber, "empty label");
        if (label.Trim().Length != label.Length) throw new InputException(file, lineNumber, $"label {Excerpt.Quoted(label)} has surrounding spaces");
        var rest = line.AsSpan(tab + 1);
        if (rest.Contains('\t')) throw new InputException(file, lineNumber, "more than one tab; expected '<label><TAB><tokens>'");
        return new LabeledSequence(label, SplitTokens(rest, file, lineNumber));
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>, separated by single spaces (none when it is empty). A token of one ASCII
    /// character is a string shared by every line (so a file over a small alphabet holds one string per symbol, not
    /// one per token: less to allocate, and encoding reads a few strings that stay in cache).
    /// </summary>
    public static string[] SplitTokens(ReadOnlySpan<char> text, string file, int lineNumber)
    {
        int count = TokenCount(text);
        Span<Range> ranges = count <= 256 ? stackalloc Range[count] : new Range[count];
        Split(text, ranges, file, lineNumber);
        var array = new string[count];
        var tokens = array.AsSpan();   // (stores into the span skip the array-covariance check)
        for (int t = 0; t < count; t++)
        {
            var token = text[ranges[t]];
            tokens[t] = token.Length == 1 && token[0] < OneCharacter.Length ? OneCharacter[token[0]] : token.ToString();
        }
        return array;
    }

    /// <summary>
    /// Where the tokens of <paramref name="text"/> lie (as <see cref="SplitTokens(ReadOnlySpan{char}, string, int)"/> splits
    /// it), written to ranges[at …] (grown, doubling, when short); returns how many there are. Nothing is allocated
    /// once the array is long enough.
    /// </summary>
    public static int SplitTokens(ReadOnlySpan<char> text, ref Range[] ranges, int at, string file, int lineNumber)
    {
        int count = TokenCount(text);
        if (ranges.Length < at + count) Array.Resize(ref ranges, Math.Max(at + count, 2 * ranges.Length));
        Split(text, ranges.AsSpan(at, count), file, lineNumber);
        return count;
    }

    // Tokens of a line: none when it is empty, else one more than its spaces.
    private static int TokenCount(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : text.Count(' ') + 1;

    // The one splitting rule: ranges[t] = the t-th run between single spaces (ranges.Length = TokenCount); an empty token
    // (a leading, trailing or doubled space) is an error naming the line.
    private static void Split(ReadOnlySpan<char> text, Span<Range> ranges, string file, int lineNumber)
    {
        if (text.IsEmpty) return;
        int t = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != ' ') continue;   // (a scan: most tokens are a character or two)
            if (i == start) throw new InputException(file, lineNumber, "tokens must be separated by single spaces (empty token found)");
            ranges[t++] = start..i;
            start = i + 1;
        }
    }

    // "\0", "\u0001", … "\u007f": the shared one-character tokens
    private static readonly string[] OneCharacter = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    /// <summary>Writes examples as TSV, atomically.</summary>
    public static void Write(string path, IEnumerable<LabeledSequence> examples)
        => AtomicFile.WriteText(path, w =>
        {
            foreach (var e in examples)
            {
                w.Write(e.Label);
                w.Write('\t');
                w.Write(string.Join(' ', e.Tokens));
                w.Write('\n');
            }
        });
}
