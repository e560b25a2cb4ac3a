namespace Lisor.Pure.Automata;

/// <summary>
/// An <see cref="Fsa"/> laid out for fast runs on integer symbol ids. One dense table
/// <c>table[row · W + symbol]</c> with W = |Σ| + 1 columns (the last column is "a symbol outside Σ")
/// and one row per state plus a dead row. Entries hold the target's row offset (target · W), so a
/// step is one load and one add: <c>o = table[o + symbol]</c>. A missing transition is stored as the
/// bitwise complement of its fallback's offset (the dead row, the current row under
/// <see cref="MissingPolicy.Stay"/>, or the start row 0 under <see cref="MissingPolicy.Start"/>): the sign bit flags the event so the run can count it, on a
/// branch that is never taken on complete FSAs. The dead row points to itself everywhere and is not
/// counted again. Symbols outside Σ go to the fallback too but are counted where tokens are
/// encoded (<see cref="Encode(IReadOnlyList{string}, Span{int})"/>), not as missing transitions.
/// </summary>
internal sealed class CompiledFsa
{
    private readonly int[] _table;   // [(states + 1) · W]
    private readonly int[] _labels;  // [states + 1], the dead row last
    private readonly int _width;     // W = |Σ| + 1
    private readonly Fsa _fsa;

    /// <summary>The automaton this was compiled from.</summary>
    public Fsa Source => _fsa;
    /// <summary>The policy baked into the table.</summary>
    public MissingPolicy Policy { get; }
    /// <summary>The id <see cref="Encode(IReadOnlyList{string}, Span{int})"/> gives a token outside Σ (= |Σ|).</summary>
    public int UnknownSymbol => _width - 1;
    /// <summary>The dead state's id (= |Q|), reached only under <see cref="MissingPolicy.Dead"/>.</summary>
    public int DeadState => _fsa.StateCount;

    public CompiledFsa(Fsa fsa, MissingPolicy policy)
    {
        _fsa = fsa;
        Policy = policy;
        int n = fsa.StateCount, sigma = fsa.Alphabet.Count;
        _width = sigma + 1;
        _table = new int[(n + 1) * _width];
        _labels = new int[n + 1];
        int dead = n * _width;
        for (int q = 0; q < n; q++)
        {
            _labels[q] = fsa.States[q].Label;
            int row = q * _width;
            int fallback = policy switch { MissingPolicy.Dead => dead, MissingPolicy.Start => Fsa.Start * _width, _ => row };
            for (int a = 0; a < sigma; a++)
            {
                int to = fsa.Next(q, a);
                _table[row + a] = to >= 0 ? to * _width : ~fallback;
            }
            _table[row + sigma] = fallback;
        }
        _labels[n] = fsa.DeadLabel;
        for (int a = 0; a < _width; a++) _table[dead + a] = dead;
    }

    /// <summary>Writes the symbol ids of <paramref name="tokens"/> into <paramref name="ids"/>
    /// (<see cref="UnknownSymbol"/> for tokens outside Σ); returns how many were unknown.</summary>
    public int Encode(IReadOnlyList<string> tokens, Span<int> ids)
    {
        int unknown = 0;
        for (int t = 0; t < tokens.Count; t++)
        {
            int a = _fsa.SymbolIndex(tokens[t]);
            if (a < 0) { a = UnknownSymbol; unknown++; }
            ids[t] = a;
        }
        return unknown;
    }

    /// <summary>As <see cref="Encode(IReadOnlyList{string}, Span{int})"/> for the tokens <paramref name="text"/>[<paramref name="tokens"/>[t]]
    /// (nothing allocated).</summary>
    public int Encode(ReadOnlySpan<char> text, ReadOnlySpan<Range> tokens, Span<int> ids)
    {
        int unknown = 0;
        for (int t = 0; t < tokens.Length; t++)
        {
            int a = _fsa.SymbolIndex(text[tokens[t]]);
            if (a < 0) { a = UnknownSymbol; unknown++; }
            ids[t] = a;
        }
        return unknown;
    }

    /// <summary>Runs from the start state over <paramref name="ids"/>; returns the final state
    /// (<see cref="DeadState"/> if the run died) and adds the missing transitions met to <paramref name="missing"/>.</summary>
    public int Run(ReadOnlySpan<int> ids, ref long missing)
    {
        int[] table = _table;
        int o = 0;
        foreach (int a in ids)
        {
            int next = table[o + a];
            if (next < 0) { missing++; next = ~next; }
            o = next;
        }
        return o / _width;
    }

    /// <summary>The class index a run ending in <paramref name="state"/> answers.</summary>
    public int LabelOf(int state) => _labels[state];

    /// <summary>The class index the FSA answers for <paramref name="ids"/>.</summary>
    public int Classify(ReadOnlySpan<int> ids, ref long missing) => _labels[Run(ids, ref missing)];

    /// <summary>
    /// The class index the FSA answers for every node of a prefix tree: node 0 is ε, node v ≥ 1 extends node
    /// <paramref name="parent"/>[v] &lt; v by symbol <paramref name="symbol"/>[v]; <paramref name="labels"/>[v] is what
    /// <see cref="Classify"/> gives v's string. One step per node: a string's state is its parent's moved by its last
    /// symbol, so a prefix shared by many strings is run once. (Missing transitions are not counted.)
    /// </summary>
    public void ClassifyTree(ReadOnlySpan<int> parent, ReadOnlySpan<int> symbol, Span<int> labels)
    {
        int n = labels.Length;
        if (parent.Length < n || symbol.Length < n) throw new ArgumentException("the tree is shorter than the labels asked for");
        if (n == 0) return;
        int[] table = _table;
        labels[0] = 0;   // first each node's row offset, then its label
        for (int v = 1; v < n; v++)
        {
            int p = parent[v];
            if ((uint)p >= (uint)v) throw new ArgumentException($"node {v} has parent {p}: parents come before their children", nameof(parent));
            int next = table[labels[p] + symbol[v]];
            labels[v] = next < 0 ? ~next : next;
        }
        for (int v = 0; v < n; v++) labels[v] = _labels[labels[v] / _width];
    }
}
