using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>One drawn edge: all transitions From → To merged, with its label.</summary>
internal sealed record FsaEdge(int From, int To, string Label, IReadOnlyList<string> Symbols, long Count, bool Highlighted);

/// <summary>A highlighted run: edges taken, states visited, its last state, the 0-based position of the symbol without a
/// move where a dead-policy run stopped (−1: it read them all), and the positions without a move it read on past.</summary>
internal sealed record HighlightRun(HashSet<(int, int)> Edges, bool[] States, int End, int DeadAt, List<int> Missed);

/// <summary>
/// The edges and highlighted states an FSA drawing shows, shared by the SVG and DOT writers:
/// parallel transitions between the same two states merge into one edge labelled "0,1" (or, with
/// <see cref="FsaDrawOptions.WordClasses"/>, "word class i-j"); the highlighted sequence's path marks
/// the edges it takes and the states it visits (<see cref="FsaEdges.Run"/>: under the dead policy it stops where the FSA has
/// no transition).
/// </summary>
internal static class FsaEdges
{
    public static IReadOnlyList<FsaEdge> Of(Fsa fsa, FsaDrawOptions options, out bool[] highlightedStates)
    {
        var run = Run(fsa, options.Highlight, options.Missing);
        var onPath = run.Edges;
        highlightedStates = run.States;
        var edges = new List<FsaEdge>();
        foreach (var c in WordClasses.Of(fsa))
        {
            var symbols = c.Words.Select(w => w.Word).ToArray();
            string label = options.WordClasses ? $"{c.Name} ({symbols.Length})" : Label(c, options.MaxSymbolsPerEdge);
            edges.Add(new FsaEdge(c.From, c.To, label, symbols, c.TotalCount, onPath.Contains((c.From, c.To))));
        }
        return edges;
    }

    /// <summary>
    /// An edge's symbols, "0,1": all of them in natural order when at most <paramref name="max"/>; else the
    /// <paramref name="max"/> the data used most (ties in natural order), most used first, and how many more — on a text
    /// FSA "re,&lt;num&gt;,the,a,…(+208)" says what the edge is about, where the first four in natural order ("acoustic,act,…")
    /// say nothing. Without counts (an FSA saved with none) the first in natural order.
    /// </summary>
    internal static string Label(WordClass c, int max)
    {
        var words = c.Words;
        if (words.Count <= max || words.All(w => w.Count == 0))
            return string.Join(",", words.Select(w => w.Word).Order(NaturalOrder.Instance).Take(max).Select(Quoted))
                   + (words.Count > max ? $",…(+{words.Count - max})" : "");
        var used = words.OrderByDescending(w => w.Count).ThenBy(w => w.Word, NaturalOrder.Instance).Take(max).Select(w => Quoted(w.Word));
        return string.Join(",", used) + $",…(+{words.Count - max})";
    }

    /// <summary>A symbol as a label lists it: in double quotes when it holds the list's comma (or a quote, doubled), so
    /// that "a,b" does not read as two symbols.</summary>
    internal static string Quoted(string symbol)
        => symbol.Contains(',') || symbol.Contains('"') ? "\"" + symbol.Replace("\"", "\"\"") + "\"" : symbol;

    /// <summary>
    /// The run of a highlighted sequence as the drawing shows it: the edges it takes and the states it visits, where it
    /// ends, and where the FSA had no move — under <see cref="MissingPolicy.Dead"/> the run stops there
    /// (<see cref="HighlightRun.DeadAt"/>); under stay or start it goes on from its state or from the start, the symbol
    /// read (no edge is drawn for that step).
    /// </summary>
    internal static HighlightRun Run(Fsa fsa, IReadOnlyList<string>? sequence, MissingPolicy policy)
    {
        var edges = new HashSet<(int, int)>();
        var states = new bool[fsa.StateCount];
        var missed = new List<int>();
        if (sequence is null) return new HighlightRun(edges, states, Fsa.Start, -1, missed);
        int q = Fsa.Start;
        states[q] = true;
        for (int i = 0; i < sequence.Count; i++)
        {
            int a = fsa.SymbolIndex(sequence[i]);
            int t = a < 0 ? -1 : fsa.Next(q, a);
            if (t < 0)
            {
                if (policy == MissingPolicy.Dead) return new HighlightRun(edges, states, q, i, missed);
                missed.Add(i);
                q = policy == MissingPolicy.Stay ? q : Fsa.Start;
                states[q] = true;
                continue;
            }
            edges.Add((q, t));
            states[t] = true;
            q = t;
        }
        return new HighlightRun(edges, states, q, -1, missed);
    }

    /// <summary>Orders "2" before "10" and otherwise ordinally, so "0,1,…,10" read naturally.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();
        public int Compare(string? x, string? y)
        {
            bool nx = long.TryParse(x, out long a), ny = long.TryParse(y, out long b);
            if (nx && ny) return a.CompareTo(b);
            if (nx != ny) return nx ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
