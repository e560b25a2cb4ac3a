using System.Text;
using System.Text.Json;
using Lisor.Pure.Common;

namespace Lisor.Pure.Automata;

/// <summary>
/// A small JSON tree that remembers the line of every value, so file validators can say
/// "file:line: problem". Built with <see cref="Utf8JsonReader"/>; duplicate keys are an error.
/// Getters throw <see cref="InputException"/> naming the file, the value's line and what was expected.
/// </summary>
internal sealed class LocatedJson
{
    public JsonValueKind Kind { get; private init; }
    public int Line { get; private init; }
    public string File { get; private init; } = "";
    private string? _text;                                 // strings, and numbers' raw text
    private List<(string Key, LocatedJson Value)>? _props;  // objects, in file order
    private List<LocatedJson>? _items;                      // arrays

    /// <summary>Parses <paramref name="utf8"/>; syntax errors become InputExceptions with the line.</summary>
    public static LocatedJson Parse(byte[] utf8, string file)
    {
        // A UTF-8 byte-order mark (a file saved by Windows Notepad) is ignored, as the other readers ignore it: it reads
        // as three spaces of white space, so every token keeps its place and line.
        if (utf8.AsSpan().StartsWith("\uFEFF"u8))
        {
            utf8 = (byte[])utf8.Clone();
            utf8.AsSpan(0, 3).Fill((byte)' ');
        }
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') lineStarts.Add(i + 1);
        for (int line = 0; line < lineStarts.Count; line++)
        {
            int end = line + 1 < lineStarts.Count ? lineStarts[line + 1] : utf8.Length;
            if (!System.Text.Unicode.Utf8.IsValid(utf8.AsSpan(lineStarts[line], end - lineStarts[line])))
                throw new InputException(file, line + 1, "not valid UTF-8 text");
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) throw new InputException(file, 0, "empty file, expected a JSON object");
            var root = Read(ref reader, file, lineStarts);
            if (reader.Read()) throw new InputException(file, LineOf(lineStarts, reader.TokenStartIndex), "unexpected content after the JSON value");
            return root;
        }
        catch (JsonException e)
        {
            throw new InputException(file, (int)(e.LineNumber ?? -1) + 1, $"not valid JSON ({FirstSentence(e.Message)})");
        }
    }

    private static string FirstSentence(string m) { int dot = m.IndexOf(". ", StringComparison.Ordinal); return dot > 0 ? m[..dot] : m.TrimEnd('.'); }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        int i = lineStarts.BinarySearch((int)offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }

    private static LocatedJson Read(ref Utf8JsonReader reader, string file, List<int> lineStarts)
    {
        int line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var props = new List<(string, LocatedJson)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int keyLine = LineOf(lineStarts, reader.TokenStartIndex);
                    string key = Text(ref reader, file, keyLine);
                    if (!seen.Add(key)) throw new InputException(file, keyLine, $"key {Excerpt.Quoted(key)} appears twice in one object");
                    reader.Read();
                    props.Add((key, Read(ref reader, file, lineStarts)));
                }
                return new LocatedJson { Kind = JsonValueKind.Object, Line = line, File = file, _props = props };
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<LocatedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Read(ref reader, file, lineStarts));
                return new LocatedJson { Kind = JsonValueKind.Array, Line = line, File = file, _items = items };
            }
            case JsonTokenType.String:
                return new LocatedJson { Kind = JsonValueKind.String, Line = line, File = file, _text = Text(ref reader, file, line) };
            case JsonTokenType.Number:
                return new LocatedJson { Kind = JsonValueKind.Number, Line = line, File = file, _text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True: return new LocatedJson { Kind = JsonValueKind.True, Line = line, File = file };
            case JsonTokenType.False: return new LocatedJson { Kind = JsonValueKind.False, Line = line, File = file };
            default: return new LocatedJson { Kind = JsonValueKind.Null, Line = line, File = file };
        }
    }

    // The current string token as text. Its escapes may spell half of a UTF-16 surrogate pair ("\ud800" alone), which
    // is valid JSON syntax but no text: the reader then throws InvalidOperationException, made here a located error.
    private static string Text(ref Utf8JsonReader reader, string file, int line)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException)
        {
            throw new InputException(file, line, "a string's \\u escape is half of a UTF-16 surrogate pair (a lone \\ud800 … \\udfff), not a character");
        }
    }

    /// <summary>An error at this value's line.</summary>
    public InputException Error(string problem) => new(File, Line, problem);

    /// <summary>The object's keys and values; throws unless this is an object.</summary>
    public IReadOnlyList<(string Key, LocatedJson Value)> Object(string what)
        => _props ?? throw Error($"{what} must be a JSON object, got {Describe()}");

    /// <summary>The array's items; throws unless this is an array.</summary>
    public IReadOnlyList<LocatedJson> Array(string what)
        => _items ?? throw Error($"{what} must be a JSON array, got {Describe()}");

    /// <summary>The value of <paramref name="key"/> in this object, or null when absent.</summary>
    public LocatedJson? Optional(string key) => Object("value").FirstOrDefault(p => p.Key == key).Value;

    /// <summary>The value of <paramref name="key"/>; absent is an error naming <paramref name="what"/>.</summary>
    public LocatedJson Required(string key, string what)
        => Optional(key) ?? throw Error($"{what} has no '{key}'");

    public string String(string what)
        => Kind == JsonValueKind.String ? _text! : throw Error($"{what} must be a string, got {Describe()}");

    public bool Bool(string what)
        => Kind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Error($"{what} must be true or false, got {Describe()}") };

    /// <summary>A whole number in [min, max].</summary>
    public int Int(string what, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Kind != JsonValueKind.Number || !int.TryParse(_text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out int x))
        {
            // a whole number past ±2³¹ is out of range, not "not a whole number"
            bool whole = Kind == JsonValueKind.Number && System.Numerics.BigInteger.TryParse(_text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out _);
            // (both ends: a number past 2³¹ − 1 is refused even where the caller set no maximum)
            throw Error(whole ? $"{what} is out of range ({min} … {max}), got {Excerpt.Plain(_text!)}"
                              : $"{what} must be a whole number, got {Describe()}");
        }
        if (x < min || x > max)
            throw Error(max == int.MaxValue ? $"{what} must be ≥ {min}, got {x}" : $"{what} must be in {min} … {max}, got {x}");
        return x;
    }

    private string Describe() => Kind switch
    {
        JsonValueKind.String => Excerpt.Of(_text!, JsonText.Quote),
        JsonValueKind.Number => Excerpt.Plain(_text!),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };
}
