using System.Text;

namespace Lisor.Pure.Automata;

/// <summary>An FSA as a Markdown transition table: one row per state (→ marks the start, * the
/// accepting states), one column per symbol, "·" where δ has no transition; then the label and
/// cluster size of each state. Readable for small alphabets (task 0110, Tomita); for word FSAs use
/// <see cref="WordClasses"/>.</summary>
internal static class FsaTable
{
    public static string ToMarkdown(Fsa fsa)
    {
        var w = new StringBuilder();
        w.Append("| state | ").Append(string.Join(" | ", fsa.Alphabet.Select(Escape))).Append(" | label | size |\n");
        w.Append("|---|").Append(string.Concat(fsa.Alphabet.Select(_ => "---|"))).Append("---|---:|\n");
        for (int q = 0; q < fsa.StateCount; q++)
        {
            string mark = (q == Fsa.Start ? "→" : "") + (fsa.IsAccepting(q) ? "*" : "");
            w.Append($"| {mark}{q} | ");
            for (int a = 0; a < fsa.Alphabet.Count; a++)
            {
                int t = fsa.Next(q, a);
                w.Append(t >= 0 ? t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "·").Append(" | ");
            }
            w.Append($"{Escape(fsa.Classes[fsa.States[q].Label])} | {fsa.States[q].Size} |\n");
        }
        return w.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|");
}
