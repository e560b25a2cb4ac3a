using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The FSA as a table a person can run by hand: one row per state (its class, whether it accepts,
/// how many hidden points its cluster owned) and one column per symbol giving δ(state, symbol)
/// ("–" = no transition: the run goes to the dead state). Large alphabets (words) are listed as
/// the most frequent transitions instead. With <c>shortest</c>, a last column gives each state's shortest string
/// (<see cref="ShortestStrings"/>): what the state stands for, and where to start running it by hand.
/// </summary>
internal static class TransitionTable
{
    /// <summary>Widest alphabet drawn as a matrix.</summary>
    public const int MaxMatrixSymbols = 12;
    /// <summary>States whose shortest strings a large alphabet's listing names (on one line).</summary>
    public const int MaxListedStates = 20;

    public static string ToText(Fsa fsa, int maxListed = 40, MissingPolicy missing = MissingPolicy.Dead, bool shortest = false)
    {
        var sb = new StringBuilder();
        string answers = fsa.HasPositiveClass
            ? $"accepting {{{string.Join(", ", Enumerable.Range(0, fsa.StateCount).Where(fsa.IsAccepting))}}}"
            : $"classes {{{string.Join(", ", fsa.Classes)}}}";
        sb.Append($"states {fsa.StateCount} (start 0), {answers}, ")
          .Append($"alphabet {fsa.Alphabet.Count}, transitions {fsa.Transitions.Count}\n");
        if (fsa.Alphabet.Count <= MaxMatrixSymbols)
        {
            // columns as wide as their heading ("on " and the symbol, and a space before), at least 6; the class column
            // as wide as the longest class name
            // (in terminal columns: a symbol or class may hold an accent that takes none, or a CJK character or emoji that takes two)
            var widths = fsa.Alphabet.Select(s => Math.Max(6, 4 + DisplayWidth.Of(s))).ToArray();
            int classWidth = Math.Max(8, fsa.Classes.Max(DisplayWidth.Of) + 1);
            sb.Append("state  ").Append("class".PadRight(classWidth)).Append($"{"points",7}  ");
            for (int a = 0; a < fsa.Alphabet.Count; a++) sb.Append(DisplayWidth.PadLeft("on " + fsa.Alphabet[a], widths[a]));
            var reachedBy = shortest ? ShortestStrings.Of(fsa) : null;
            if (reachedBy is not null) sb.Append("  reached by");
            sb.Append('\n');
            foreach (var state in fsa.States)
            {
                string name = (state.Id == Fsa.Start ? "→" : " ") + (fsa.IsAccepting(state.Id) ? "*" : " ") + state.Id;
                sb.Append($"{name,-7}").Append(DisplayWidth.PadRight(fsa.Classes[state.Label], classWidth)).Append($"{state.Size,7}  ");
                for (int a = 0; a < fsa.Alphabet.Count; a++)
                {
                    int next = fsa.Next(state.Id, a);
                    sb.Append((next < 0 ? "–" : next.ToString()).PadLeft(widths[a]));
                }
                if (reachedBy is not null)
                    sb.Append("  ").Append(reachedBy[state.Id] is int[] w ? ShortestStrings.Show(fsa, w) : "(no string)");
                sb.Append('\n');
            }
            string none = missing switch
            {
                MissingPolicy.Stay => "– no transition: the run stays in its state and reads on",
                MissingPolicy.Start => "– no transition: the run goes back to the start state and reads on",
                _ => fsa.HasPositiveClass ? "– no transition: the run is rejected by the dead state"
                                          : $"– no transition: the run ends in the dead state, which answers '{fsa.Classes[fsa.DeadLabel]}'",
            };
            sb.Append(fsa.HasPositiveClass ? $"(→ start state, * accepting; {none})\n" : $"(→ start state; {none})\n");
            if (reachedBy is not null)
                sb.Append("(reached by: the shortest string that leads from the start state to the state, the first in the order of the symbols' columns; ε the empty string)\n");
            return sb.ToString();
        }
        foreach (var t in fsa.Transitions.OrderByDescending(t => t.Count).ThenBy(t => t.From).ThenBy(t => t.Symbol).Take(maxListed))
            sb.Append($"  {t.From} --{fsa.Alphabet[t.Symbol]}--> {t.To}   ({t.Count}×)\n");
        if (fsa.Transitions.Count > maxListed) sb.Append($"  … {fsa.Transitions.Count - maxListed} more (see the JSON file)\n");
        if (shortest)
        {
            // a large alphabet has no symbol columns: the shortest strings on one line, the first MaxListedStates states
            var reached = ShortestStrings.Of(fsa);
            sb.Append("reached by (each state's shortest string from the start state): ")
              .Append(string.Join("; ", Enumerable.Range(0, Math.Min(fsa.StateCount, MaxListedStates))
                  .Select(q => $"{q} {(reached[q] is int[] w ? ShortestStrings.Show(fsa, w) : "(no string)")}")))
              .Append(fsa.StateCount > MaxListedStates ? $"; … {fsa.StateCount - MaxListedStates} more (--json: shortest_strings)\n" : "\n");
        }
        return sb.ToString();
    }
}
