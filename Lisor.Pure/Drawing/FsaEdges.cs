using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>One drawn edge: all transitions From → To merged, with its label.</summary>
internal sealed record FsaEdge(int From, int To, string Label, IReadOnlyList<string> Symbols, long Count, bool Highlighted);

/// <summary>
/// The edges and highlighted states an FSA drawing shows, shared by the SVG and DOT writers:
/// parallel transitions between the same two states merge into one edge labelled "0,1" (or, with
/// <see cref="FsaDrawOptions.WordClasses"/>, "word class i-j"); the highlighted sequence's path marks
/// the edges it takes and the states it visits (it stops where the FSA has no transition).
/// </summary>
internal static class FsaEdges
{
    public static IReadOnlyList<FsaEdge> Of(Fsa fsa, FsaDrawOptions options, out bool[] highlightedStates)
    {
        var (onPath, states) = Path(fsa, options.Highlight);
        highlightedStates = states;
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

    private static (HashSet<(int, int)> Edges, bool[] States) Path(Fsa fsa, IReadOnlyList<string>? sequence)
    {
        var edges = new HashSet<(int, int)>();
        var states = new bool[fsa.StateCount];
        if (sequence is null) return (edges, states);
        int q = Fsa.Start;
        states[q] = true;
        foreach (var token in sequence)
        {
            int a = fsa.SymbolIndex(token);
            int t = a < 0 ? -1 : fsa.Next(q, a);
            if (t < 0) break;
            edges.Add((q, t));
            states[t] = true;
            q = t;
        }
        return (edges, states);
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
