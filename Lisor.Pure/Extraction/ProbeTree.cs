using Lisor.Pure.Common;

namespace Lisor.Pure.Extraction;

/// <summary>
/// Strings as their prefix tree, so that an FSA runs each distinct prefix once (<see cref="Automata.CompiledFsa.ClassifyTree"/>)
/// instead of each string from the start: node 0 is ε, node v ≥ 1 is its parent's prefix <see cref="Parent"/>[v] &lt; v
/// followed by symbol <see cref="Symbol"/>[v], and string i ends at node <see cref="End"/>[i]. The probes of an extraction
/// (every string up to a length, then random longer ones) have about an eighth as many distinct prefixes as symbols.
/// Built depth by depth: the strings still running at depth d are sorted by (their node at depth d − 1, s_d)
/// (<see cref="RadixSort"/>), and each run of equal pairs is one new node — so the nodes are numbered depth by depth,
/// in order of parent and symbol.
/// </summary>
internal sealed class ProbeTree
{
    /// <summary>Nodes, ε included.</summary>
    public int Count { get; }
    /// <summary>[Count]: each node's parent (−1 for ε).</summary>
    public int[] Parent { get; }
    /// <summary>[Count]: the symbol that leads to each node from its parent (−1 for ε).</summary>
    public int[] Symbol { get; }
    /// <summary>[strings]: the node of each whole string.</summary>
    public int[] End { get; }

    private ProbeTree(int count, int[] parent, int[] symbol, int[] end)
    {
        Count = count; Parent = parent; Symbol = symbol; End = end;
    }

    /// <summary>The prefix tree of <paramref name="strings"/>, symbols in 0 … <paramref name="sigma"/> − 1.</summary>
    public static ProbeTree Of(int[][] strings, int sigma)
    {
        ArgumentNullException.ThrowIfNull(strings);
        if (sigma < 1) throw new ArgumentOutOfRangeException(nameof(sigma), $"an alphabet of {sigma} symbols");
        int n = strings.Length;
        long symbols = 0;
        foreach (var s in strings) symbols += s.Length;
        if (symbols >= int.MaxValue) throw new ArgumentException("too many symbols for one tree", nameof(strings));
        var parent = new int[symbols + 1];
        var symbol = new int[symbols + 1];
        parent[0] = symbol[0] = -1;
        int count = 1;
        var end = new int[n];    // string i's node so far (its node at the depth before, while it runs)
        var live = new int[n];   // the strings longer than the depth
        int running = 0;
        for (int i = 0; i < n; i++) if (strings[i].Length > 0) live[running++] = i;
        var keys = new ulong[running];
        var keyScratch = new ulong[running];
        var itemScratch = new int[running];
        var counts = new int[RadixSort.CountsLength];
        for (int d = 0; running > 0; d++)
        {
            for (int k = 0; k < running; k++)
            {
                int i = live[k], a = strings[i][d];
                if ((uint)a >= (uint)sigma) throw new ArgumentException($"string {i} has symbol {a} outside 0 … {sigma - 1}", nameof(strings));
                keys[k] = (ulong)end[i] * (ulong)sigma + (ulong)a;
            }
            RadixSort.Sort(keys.AsSpan(0, running), live.AsSpan(0, running), keyScratch, itemScratch, counts);
            int still = 0;
            for (int k = 0; k < running; k++)
            {
                if (k == 0 || keys[k] != keys[k - 1])
                {
                    parent[count] = (int)(keys[k] / (ulong)sigma);
                    symbol[count] = (int)(keys[k] % (ulong)sigma);
                    count++;
                }
                int i = live[k];
                end[i] = count - 1;
                if (strings[i].Length > d + 1) live[still++] = i;
            }
            running = still;
        }
        return new ProbeTree(count, parent, symbol, end);
    }
}
