using System.Globalization;
using System.Text;

namespace Lisor.Pure.Common;

/// <summary>
/// How many terminal columns a text takes, for tables whose cells hold what the user wrote (symbols, class names): a
/// string's UTF-16 length counts a combining accent as a column and an emoji or a CJK character as one, so headings
/// and rows padded by it drift apart. Counted per text element (what a reader sees as one character): 2 where its first
/// code point is East Asian Wide or Fullwidth or an emoji shown as a picture, 0 for a lone control, format or
/// combining mark, else 1 — wcwidth(3)'s rule, its tables collapsed to whole blocks (a few pictographs that terminals
/// draw as text, one column, count 2 here).
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The columns <paramref name="text"/> takes on a terminal.</summary>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            string element = elements.GetTextElement();
            var first = Rune.GetRuneAt(element, 0);
            width += IsWide(first) || HasEmojiPresentation(element) ? 2 : IsZeroWidth(first) ? 0 : 1;
        }
        return width;
    }

    /// <summary><paramref name="text"/> with spaces before it up to <paramref name="columns"/> columns.</summary>
    public static string PadLeft(string text, int columns) => new string(' ', Math.Max(0, columns - Of(text))) + text;

    /// <summary><paramref name="text"/> with spaces after it up to <paramref name="columns"/> columns.</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Of(text)));

    // A text element made only of a mark (a combining accent on nothing), a control or a format character takes no column.
    private static bool IsZeroWidth(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.Control;

    // An element with the emoji presentation selector U+FE0F (e.g. ❤️) is drawn as a two-column picture.
    private static bool HasEmojiPresentation(string element) => element.Contains('\uFE0F');

    // East Asian Wide (W) and Fullwidth (F) blocks, and the emoji blocks drawn two columns wide (Unicode 15, the ranges
    // of wcwidth's table collapsed to their blocks).
    private static bool IsWide(Rune r)
    {
        int c = r.Value;
        return c is >= 0x1100 and <= 0x115F          // Hangul Jamo initials
            or >= 0x231A and <= 0x231B or >= 0x23E9 and <= 0x23EC or 0x23F0 or 0x23F3 or >= 0x25FD and <= 0x25FE
            or >= 0x2614 and <= 0x2615 or >= 0x2648 and <= 0x2653 or 0x267F or 0x2693 or 0x26A1 or >= 0x26AA and <= 0x26AB
            or >= 0x26BD and <= 0x26BE or >= 0x26C4 and <= 0x26C5 or 0x26CE or 0x26D4 or 0x26EA or >= 0x26F2 and <= 0x26F3
            or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or >= 0x270A and <= 0x270B or 0x2728 or 0x274C or 0x274E
            or >= 0x2753 and <= 0x2755 or 0x2757 or >= 0x2795 and <= 0x2797 or 0x27B0 or 0x27BF or >= 0x2B1B and <= 0x2B1C
            or 0x2B50 or 0x2B55
            or >= 0x2E80 and <= 0x303E                // CJK radicals, Kangxi, CJK symbols and punctuation
            or >= 0x3041 and <= 0x33FF                // kana, Bopomofo, Hangul compatibility, CJK compatibility
            or >= 0x3400 and <= 0x4DBF                // CJK extension A
            or >= 0x4E00 and <= 0x9FFF                // CJK unified ideographs
            or >= 0xA000 and <= 0xA4CF                // Yi
            or >= 0xA960 and <= 0xA97F                // Hangul Jamo extended A
            or >= 0xAC00 and <= 0xD7A3                // Hangul syllables
            or >= 0xF900 and <= 0xFAFF                // CJK compatibility ideographs
            or >= 0xFE10 and <= 0xFE19 or >= 0xFE30 and <= 0xFE6F   // vertical forms, CJK compatibility forms, small forms
            or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6   // fullwidth forms
            or >= 0x16FE0 and <= 0x18AFF or >= 0x1B000 and <= 0x1B2FF   // Tangut, Khitan, kana supplement
            or 0x1F004 or 0x1F0CF or 0x1F18E or >= 0x1F191 and <= 0x1F19A or >= 0x1F200 and <= 0x1F251
            or >= 0x1F300 and <= 0x1F64F              // pictographs, emoticons
            or >= 0x1F680 and <= 0x1F6FF              // transport and map
            or >= 0x1F7E0 and <= 0x1F7EB or >= 0x1F90C and <= 0x1F9FF or >= 0x1FA70 and <= 0x1FAFF
            or >= 0x20000 and <= 0x3FFFD;             // CJK extensions B and on
    }
}
