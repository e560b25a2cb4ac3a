using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lisor.Pure.Common;

/// <summary>
/// JSON text written without reflection (so a trimmed native AOT build writes the same bytes): string
/// literals, and the one-line summaries of <c>--json</c> from plain values. Same conventions as
/// <see cref="JsonOptions.Compact"/>: one line, non-ASCII kept readable, NaN and ±∞ as the strings
/// "NaN", "Infinity", "-Infinity".
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="s"/> as a JSON string literal, quotes included.</summary>
    public static string Quote(string s) => Write(w => w.WriteStringValue(s));

    /// <summary>
    /// A value as one line of JSON. Takes null, strings, booleans, numbers (int, long, float, double, …),
    /// dictionaries (keys as text, in their own order) and other sequences (as arrays), nested freely.
    /// </summary>
    public static string Serialize(object? value) => Write(w => WriteValue(w, value));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Compact)) write(w);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case uint u: w.WriteNumberValue(u); break;
            case ulong u: w.WriteNumberValue(u); break;
            case double d: WriteDouble(w, d); break;
            case float f: if (float.IsFinite(f)) w.WriteNumberValue(f); else WriteDouble(w, f); break;
            case decimal m: w.WriteNumberValue(m); break;
            case IDictionary map:
                w.WriteStartObject();
                foreach (DictionaryEntry e in map)
                {
                    w.WritePropertyName(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!);
                    WriteValue(w, e.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"a JSON summary cannot hold a {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
}
