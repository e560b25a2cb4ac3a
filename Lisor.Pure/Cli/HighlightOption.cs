using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// The sequence of <c>--highlight</c>: symbols separated by spaces. When every symbol of Σ is one character
/// and a word is not a symbol, the word is read as one symbol per character (<c>"0110"</c> = <c>"0 1 1 0"</c>).
/// A character is what a reader sees as one (a text element: <c>é</c> written as e and a combining accent, or an emoji
/// of two UTF-16 code units, is one).
/// A symbol outside Σ is an error naming it, so a highlight never silently draws nothing.
/// </summary>
internal static class HighlightOption
{
    /// <summary>The symbols of <paramref name="text"/> (the value of <paramref name="option"/>), checked against <paramref name="alphabet"/>.</summary>
    public static string[] Parse(string text, IReadOnlyList<string> alphabet, string option = "--highlight")
    {
        var symbols = new HashSet<string>(alphabet, StringComparer.Ordinal);
        bool singleCharacters = alphabet.All(s => s.Length > 0 && new StringInfo(s).LengthInTextElements == 1);
        var result = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (symbols.Contains(word)) { result.Add(word); continue; }
            var characters = singleCharacters ? Characters(word) : [];
            if (singleCharacters && characters.All(symbols.Contains))
            {
                result.AddRange(characters);
                continue;
            }
            var unknown = singleCharacters ? characters.First(c => !symbols.Contains(c)) : word;
            throw new InputException($"option '{option}': {Excerpt.Quoted(unknown)} is not a symbol of the FSA's alphabet ({Excerpt.List(alphabet, " ")}); separate symbols by spaces");
        }
        return result.ToArray();
    }

    // The text elements of a word, in order.
    private static string[] Characters(string word)
    {
        var characters = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext()) characters.Add(e.GetTextElement());
        return characters.ToArray();
    }
}
