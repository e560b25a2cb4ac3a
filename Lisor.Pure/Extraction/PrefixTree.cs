namespace Lisor.Pure.Extraction;

/// <summary>
/// The prefix tree of the strings an extraction learns from, with what R says at every node. Node v
/// stands for one distinct prefix w_v (node 0 is the empty prefix ε); it records
/// <list type="bullet">
/// <item>its stacked hidden state s_v = [h_t of layer 0, …, h_t of the top layer] after reading w_v
///   (s_0 = h_0 = 0, R's initial state);</item>
/// <item>R's answer on w_v (for an RNN: the output layer on the top part of s_v, exactly what R
///   predicts for the string w_v, ε included);</item>
/// <item>δ_T(v, a): the node of w_v·a when that prefix was seen, else −1;</item>
/// <item>its weight: how many of the strings pass through or end at it.</item>
/// </list>
/// Identical prefixes are one node, so every node has at most one successor per symbol — the
/// refinement can split any set of nodes without breaking a prefix in two. Strings are added in
/// batches (the learning data, then counterexamples); each batch is one batched run of R (an <see cref="IStateOracle"/>).
/// A node is numbered after its parent. Its moves are kept two ways: from the child, its parent and symbol (so all
/// moves are listed in O(nodes), <see cref="Parent"/>, <see cref="SymbolOf"/>), and for lookup δ_T(v, a) in
/// <see cref="TrieMoves"/> (rows of |Σ| entries on small alphabets, a hash table on a text model's words).
/// </summary>
internal sealed class PrefixTree
{
    private readonly IStateOracle _oracle;
    private readonly Dictionary<string, int> _symbolIndex = new(StringComparer.Ordinal);
    private readonly TrieMoves _moves;   // δ_T
    private int[] _parent;       // [node] the node it was reached from (−1 for ε)
    private int[] _symbol;       // [node] the symbol it was reached by (−1 for ε)
    private int[] _weight;       // [node]
    private int[] _label;        // [node] R's answer on the prefix
    private bool[] _end;         // [node] some added string ends here (ε: always)
    private float[] _state;      // [node, Dim] stacked hidden states
    private int _nodes;
    private readonly int _sigma;  // |Σ| = Alphabet.Count, kept so a move's lookup makes no interface call

    /// <summary>Σ: the symbols of the learning data, in ordinal order.</summary>
    public IReadOnlyList<string> Alphabet { get; }
    /// <summary>Size of a state.</summary>
    public int Dim { get; }
    /// <summary>Number of nodes (distinct prefixes, ε included).</summary>
    public int Count => _nodes;
    /// <summary>How many strings R has been run on so far (one per string of every batch).</summary>
    public long RRuns { get; private set; }

    /// <summary>The tree of <paramref name="strings"/>, Σ taken from them, R's states and answers from <paramref name="oracle"/>.</summary>
    public PrefixTree(IStateOracle oracle, IReadOnlyList<string[]> strings)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(strings);
        _oracle = oracle;
        Alphabet = strings.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _sigma = Alphabet.Count;
        for (int a = 0; a < _sigma; a++) _symbolIndex[Alphabet[a]] = a;
        Dim = oracle.Dim;
        int capacity = Math.Max(16, strings.Sum(s => s.Length) + 1);
        _moves = new TrieMoves(_sigma, capacity);
        _parent = new int[capacity];
        _symbol = new int[capacity];
        _parent[0] = _symbol[0] = -1;
        _weight = new int[capacity];
        _label = new int[capacity];
        _end = new bool[capacity];
        _state = new float[capacity * Dim];
        _nodes = 1; // ε, with h_0
        var (h0, answer) = oracle.Initial;
        h0.AsSpan(0, Dim).CopyTo(_state);
        _label[0] = answer;
        _end[0] = true;
        Add(strings);
    }

    /// <summary>The index of <paramref name="symbol"/> in Σ, or −1.</summary>
    public int SymbolIndex(string symbol) => _symbolIndex.TryGetValue(symbol, out int a) ? a : -1;

    /// <summary>δ_T(v, a), or −1.</summary>
    public int Child(int node, int symbol) => _moves.Get(node, symbol);
    /// <summary>The node <paramref name="node"/> was reached from (−1 for ε); it has a smaller number.</summary>
    public int Parent(int node) => _parent[node];
    /// <summary>The symbol <paramref name="node"/> was reached by (−1 for ε): node = δ_T(Parent(node), SymbolOf(node)).</summary>
    public int SymbolOf(int node) => _symbol[node];
    /// <summary>R's answer on the prefix of <paramref name="node"/>.</summary>
    public int Label(int node) => _label[node];
    /// <summary>
    /// True when an added string ends at <paramref name="node"/> (and for ε): R's answer there is one the FSA
    /// must give. At other nodes R's answer is only a hint — R was never asked about that prefix as a
    /// whole string (e.g. the length-3 prefixes of a task whose strings all have length 4).
    /// </summary>
    public bool IsEnd(int node) => _end[node];
    /// <summary>How many added strings pass through or end at <paramref name="node"/>.</summary>
    public int Weight(int node) => _weight[node];
    /// <summary>The stacked hidden state of <paramref name="node"/>.</summary>
    public ReadOnlySpan<float> State(int node) => _state.AsSpan(node * Dim, Dim);
    /// <summary>All stacked states, row-major [Count, Dim] (the array may be longer).</summary>
    public float[] States => _state;

    /// <summary>The node a string ends at, or −1 when it leaves the tree (or uses a symbol outside Σ).</summary>
    public int Find(IReadOnlyList<string> tokens)
    {
        int v = 0;
        foreach (string token in tokens)
        {
            int a = SymbolIndex(token);
            if (a < 0 || (v = Child(v, a)) < 0) return -1;
        }
        return v;
    }

    /// <summary>
    /// Adds strings over Σ (symbols outside Σ are an error). R runs once, batched, on the strings that
    /// create new nodes; their states and answers are recorded. Returns how many nodes were added.
    /// </summary>
    public int Add(IReadOnlyList<string[]> strings)
    {
        int before = _nodes;
        var fresh = new List<string[]>();
        var firstNew = new List<int>();      // per fresh string: the step (0-based) of its first new node
        var endNodes = new List<int[]>();    // per fresh string: the node after each step
        foreach (var s in strings)
        {
            int v = 0, first = -1;
            var path = new int[s.Length];
            _weight[0]++;
            for (int t = 0; t < s.Length; t++)
            {
                int a = SymbolIndex(s[t]);
                if (a < 0) throw new ArgumentException($"symbol '{s[t]}' is not in the learning data's alphabet");
                int next = Child(v, a);
                if (next < 0)
                {
                    next = NewNode();
                    _moves.Set(v, a, next);
                    _parent[next] = v; _symbol[next] = a;
                    if (first < 0) first = t;
                }
                _weight[next]++;
                path[t] = v = next;
            }
            _end[v] = true;
            if (first < 0) continue;
            fresh.Add(s);
            firstNew.Add(first);
            endNodes.Add(path);
        }
        if (fresh.Count == 0) return 0;
        RRuns += fresh.Count;
        var states = new float[fresh.Count][];
        var answers = new int[fresh.Count][];
        _oracle.Run(fresh, states, answers);
        for (int i = 0; i < fresh.Count; i++)
            for (int t = firstNew[i]; t < endNodes[i].Length; t++)
            {
                int node = endNodes[i][t];
                states[i].AsSpan(t * Dim, Dim).CopyTo(_state.AsSpan(node * Dim, Dim));
                _label[node] = answers[i][t];
            }
        return _nodes - before;
    }

    private int NewNode()
    {
        if (_nodes == _weight.Length)
        {
            int capacity = _weight.Length * 2;
            _moves.Grow(capacity);
            Array.Resize(ref _parent, capacity);
            Array.Resize(ref _symbol, capacity);
            Array.Resize(ref _weight, capacity);
            Array.Resize(ref _label, capacity);
            Array.Resize(ref _end, capacity);
            Array.Resize(ref _state, capacity * Dim);
        }
        return _nodes++;
    }
}
