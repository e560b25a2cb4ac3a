using System.Globalization;
using System.Text;

namespace Lisor.Pure.Common;

/// <summary>
/// The one place an <c>error:</c> line is made. Messages often quote what the user gave (a file's bad
/// line, a label, a path), so control characters are escaped: a NUL, an ESC starting a terminal sequence,
/// a carriage return or a newline in a file can neither change the terminal nor split the line. Tabs,
/// newlines and carriage returns become \t \n \r, other control characters (C0, DEL, C1), line and
/// paragraph separators and bidirectional overrides become \xNN or \uNNNN.
/// </summary>
internal static class ErrorLine
{
    /// <summary>"error: " + <paramref name="message"/>, escaped to one printable line.</summary>
    public static string Format(string message) => "error: " + Escape(message);

    /// <summary><paramref name="text"/> with every control character escaped.</summary>
    public static string Escape(string text)
    {
        int first = 0;
        while (first < text.Length && !NeedsEscape(text[first])) first++;
        if (first == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c)
        => char.IsControl(c)
           || c is '\u2028' or '\u2029'                                   // line and paragraph separators
           || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'; // bidirectional overrides and isolates

    /// <summary>An <see cref="ArgumentException"/>'s message without .NET's " (Parameter 'name')" suffix.</summary>
    public static string WithoutParameter(ArgumentException e)
    {
        string message = e.Message;
        int cut = e.ParamName is null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        return e.ParamName is null ? message : $"{message} ({e.ParamName})";
    }
}
