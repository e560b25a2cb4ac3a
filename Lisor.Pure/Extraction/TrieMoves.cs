namespace Lisor.Pure.Extraction;

/// <summary>
/// The moves of a trie over symbols 0 … |Σ| − 1 (<see cref="PrefixTree"/>, <see cref="RnnOracle"/>): δ(v, a), the node
/// reached from node v by symbol a, or −1. Up to <see cref="DenseAlphabet"/> symbols each node has a row of |Σ| entries
/// (a lookup is one load); above, the moves are one hash table, so memory grows with the moves, not with nodes × |Σ|
/// (a text model's thousands of words: rows took gigabytes for a few hundred e-mails).
/// </summary>
internal sealed class TrieMoves
{
    /// <summary>The largest alphabet whose nodes keep their moves in a row of |Σ| entries.</summary>
    public const int DenseAlphabet = 64;

    private readonly int _sigma;
    private int[] _rows;                          // [node · |Σ| + a] → node or −1 (|Σ| ≤ DenseAlphabet)
    private readonly Dictionary<long, int>? _table;   // node · |Σ| + a → node (|Σ| > DenseAlphabet)

    /// <summary>No moves yet, room for <paramref name="capacity"/> nodes over <paramref name="sigma"/> symbols.</summary>
    public TrieMoves(int sigma, int capacity)
    {
        _sigma = Math.Max(1, sigma);
        if (sigma <= DenseAlphabet)
        {
            _rows = new int[capacity * _sigma];
            Array.Fill(_rows, -1);
        }
        else
        {
            _rows = [];
            _table = new Dictionary<long, int>(capacity);
        }
    }

    /// <summary>δ(node, a), or −1.</summary>
    public int Get(int node, int a)
        => _table is null ? _rows[node * _sigma + a] : _table.TryGetValue((long)node * _sigma + a, out int child) ? child : -1;

    /// <summary>δ(node, a) = child.</summary>
    public void Set(int node, int a, int child)
    {
        if (_table is null) _rows[node * _sigma + a] = child;
        else _table[(long)node * _sigma + a] = child;
    }

    /// <summary>Room for <paramref name="capacity"/> nodes (the new ones without moves).</summary>
    public void Grow(int capacity)
    {
        if (_table is not null) return;
        int old = _rows.Length;
        Array.Resize(ref _rows, capacity * _sigma);
        _rows.AsSpan(old).Fill(-1);
    }
}
