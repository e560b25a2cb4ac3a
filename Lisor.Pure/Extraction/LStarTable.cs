namespace Lisor.Pure.Extraction;

/// <summary>
/// Angluin's observation table, kept in the reduced form of Rivest and Schapire (1993):
/// S is a prefix set of access words (S[0] = ε) whose rows are pairwise different, E a list of suffixes
/// (E[0] = ε), and row(u) = (MQ(u·e))_{e ∈ E}. Because the rows of S stay distinct, the table is always
/// consistent; only closedness has to be restored: every row(s·a), s ∈ S, a ∈ Σ, must be the row of some
/// state in S. The hypothesis has one state per s ∈ S, δ(s, a) = the state whose row is row(s·a), and
/// answers row(s)[0] = MQ(s) in s — so R's class on ε is the start state's class. Membership answers are
/// class indices, so the same table learns two or more classes.
/// Rows are stored as int arrays; a new state or suffix is computed aside and committed whole, so running out
/// of time in between leaves the table as it was.
/// </summary>
internal sealed class LStarTable
{
    private readonly IMembershipOracle _oracle;
    private readonly int _sigma;
    private readonly List<int[]> _access = [];      // S
    private readonly List<int[]> _suffixes = [];    // E
    private readonly List<int[]> _rows = [];        // [|S|] row(s)
    private readonly List<int[]> _next = [];        // [|S| · |Σ|] row(s·a)
    private readonly Dictionary<int[], int> _stateOfRow = new(RowComparer.Instance);
    private int[] _word = new int[64];              // scratch for u·e

    public LStarTable(IMembershipOracle oracle)
    {
        _oracle = oracle; _sigma = oracle.AlphabetSize;
        _suffixes.Add([]);
        AddState([], Row([], -1, null)!, null);
    }

    /// <summary>Membership queries asked so far.</summary>
    public long Queries { get; private set; }
    /// <summary>|S|: states of the hypothesis.</summary>
    public int States => _access.Count;
    /// <summary>|E|.</summary>
    public int Suffixes => _suffixes.Count;
    /// <summary>The access word of state <paramref name="q"/>.</summary>
    public int[] Access(int q) => _access[q];

    /// <summary>MQ(u·a·v) (a = −1: no middle symbol).</summary>
    public int Query(ReadOnlySpan<int> u, int a, ReadOnlySpan<int> v)
    {
        int n = u.Length + (a >= 0 ? 1 : 0) + v.Length;
        if (_word.Length < n) _word = new int[Math.Max(n, 2 * _word.Length)];
        u.CopyTo(_word);
        int at = u.Length;
        if (a >= 0) _word[at++] = a;
        v.CopyTo(_word.AsSpan(at));
        Queries++;
        return _oracle.Classify(_word.AsSpan(0, n));
    }

    /// <summary>row(u·a) over E, or null when <paramref name="stop"/> says time is up.</summary>
    private int[]? Row(int[] u, int a, Func<bool>? stop)
    {
        var row = new int[_suffixes.Count];
        for (int e = 0; e < row.Length; e++)
        {
            if (stop is not null && (e & 15) == 15 && stop()) return null;
            row[e] = Query(u, a, _suffixes[e]);
        }
        return row;
    }

    /// <summary>Adds u to S with its row and the rows of u·a for every a; false (nothing changed) when time ran out.</summary>
    private bool AddState(int[] u, int[] row, Func<bool>? stop)
    {
        var next = new int[_sigma][];
        for (int a = 0; a < _sigma; a++)
        {
            if (stop is not null && stop()) return false;
            var r = Row(u, a, stop);
            if (r is null) return false;
            next[a] = r;
        }
        _stateOfRow.Add(row, _access.Count);
        _access.Add(u); _rows.Add(row); _next.AddRange(next);
        return true;
    }

    /// <summary>
    /// Makes the table closed: while some row(s·a) is not a row of S, s·a joins S. Returns null when closed, or
    /// why it stopped first ("states" when S would pass <paramref name="maxStates"/>, "time" when <paramref name="stop"/>).
    /// </summary>
    public string? Close(int maxStates, Func<bool> stop)
    {
        for (int q = 0; q < _access.Count; q++)
            for (int a = 0; a < _sigma; a++)
            {
                var row = _next[q * _sigma + a];
                if (_stateOfRow.ContainsKey(row)) continue;
                if (_access.Count >= maxStates) return "states";
                if (stop() || !AddState([.. _access[q], a], row, stop)) return "time";
            }
        return null;
    }

    /// <summary>Adds suffix <paramref name="v"/> to E (a new column in every row); false when it is already there, or when
    /// time ran out (then the table is unchanged).</summary>
    public bool AddSuffix(int[] v, Func<bool> stop)
    {
        foreach (var e in _suffixes)
            if (e.AsSpan().SequenceEqual(v)) return false;
        var column = new int[_access.Count * (_sigma + 1)];   // MQ(s·v), then MQ(s·a·v)
        for (int q = 0; q < _access.Count; q++)
        {
            if (stop()) return false;
            column[q] = Query(_access[q], -1, v);
            for (int a = 0; a < _sigma; a++) column[_access.Count + q * _sigma + a] = Query(_access[q], a, v);
        }
        _suffixes.Add(v);
        for (int q = 0; q < _rows.Count; q++) _rows[q] = [.. _rows[q], column[q]];
        for (int i = 0; i < _next.Count; i++) _next[i] = [.. _next[i], column[_access.Count + i]];
        _stateOfRow.Clear();
        for (int q = 0; q < _rows.Count; q++) _stateOfRow.Add(_rows[q], q);
        return true;
    }

    /// <summary>
    /// The hypothesis: labels [|S|] and δ [|S| · |Σ|]. In a closed table every row(s·a) is a state's row; in one left open
    /// by the budget, δ(s, a) is the state whose row agrees with row(s·a) on the most suffixes (the first on ties).
    /// </summary>
    public (int[] Labels, int[] Next) Hypothesis()
    {
        int n = _access.Count;
        var labels = new int[n];
        var next = new int[n * _sigma];
        for (int q = 0; q < n; q++) labels[q] = _rows[q][0];
        for (int i = 0; i < next.Length; i++)
            next[i] = _stateOfRow.TryGetValue(_next[i], out int t) ? t : Nearest(_next[i]);
        return (labels, next);
    }

    private int Nearest(int[] row)
    {
        int best = 0, bestAgree = -1;
        for (int q = 0; q < _rows.Count; q++)
        {
            int agree = 0;
            for (int e = 0; e < row.Length; e++) if (_rows[q][e] == row[e]) agree++;
            if (agree > bestAgree) { best = q; bestAgree = agree; }
        }
        return best;
    }

    private sealed class RowComparer : IEqualityComparer<int[]>
    {
        public static readonly RowComparer Instance = new();
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(int[] row)
        {
            var h = new HashCode();
            foreach (int v in row) h.Add(v);
            return h.ToHashCode();
        }
    }
}
