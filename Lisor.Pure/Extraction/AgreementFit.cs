namespace Lisor.Pure.Extraction;

/// <summary>
/// Fits a small complete DFA to R's answers when no FSA agrees with R exactly (R is not regular within the
/// budget). The sample is a prefix tree of strings with R's answer at every node v (the prefix w_v read as a
/// whole string) and a weight
/// <code>
///   ω(v) = p(|w_v|) / N_{|w_v|}       p(l): share of learning strings of length l; N_l: nodes at depth l
/// </code>
/// so every length counts as often as it does in the learning data, and the strings of one length equally.
/// For a transition function δ over states 0 … m − 1 (start 0) every node has a state q(v) = δ*(0, w_v), and
/// the best class of a state is the heaviest answer among its nodes, so the agreement of δ is
/// <code>
///   A(δ) = Σ_q max_c W(q, c),   W(q, c) = Σ_{v : q(v) = q, R(w_v) = c} ω(v)      (Σ_v ω(v) = 1)
/// </code>
/// <see cref="Improve"/> raises A by coordinate ascent on δ (every (q, a) tries every target, the best is
/// kept); <see cref="Shrink"/> removes one state by redirecting its incoming moves to the state whose merge
/// loses least. Nodes are numbered in preorder (a parent before its children, a subtree one range), so A(δ)
/// costs one pass over the nodes and a trial move only a pass over the subtrees it changes; once the
/// workspace has grown, the search allocates nothing.
/// </summary>
internal sealed class AgreementFit
{
    private readonly int[] _parent, _symbol, _answer;  // [nodes] (node 0: ε, parent −1)
    private readonly double[] _weight;                   // [nodes] ω(v)
    private readonly int[] _end;                         // [nodes] the subtree of v is [v, _end[v]) (preorder)
    private int[] _roots = [], _trialState = [];         // Improve's scratch: subtrees a move changes; their states under a trial δ
    private double[] _base = [];                         // [m, classes] W(q, c) without those subtrees
    private readonly int _nodes, _classes;
    private int[] _stateOf = [];                         // [nodes] q(v), scratch
    private double[] _classWeight = [];                  // [m, classes] W(q, c), scratch
    private int[] _trial = [];                           // [m · |Σ|] a δ being tried

    /// <summary>|Σ|.</summary>
    public int Sigma { get; }

    /// <summary>The sample of <paramref name="tree"/>'s nodes with R's answers, weighted by <paramref name="lengthShare"/> (p(l) at [l]).</summary>
    public AgreementFit(PrefixTree tree, IReadOnlyList<double> lengthShare, int classes)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(lengthShare);
        int n = _nodes = tree.Count;
        Sigma = tree.Alphabet.Count;
        _classes = Math.Max(1, classes);
        // Preorder numbering (children in symbol order), so the subtree of node v is the range [v, _end[v]). The children
        // of every node, in symbol order: the nodes but ε sorted by (parent, symbol), each node's a run of them.
        var children = new int[Math.Max(n - 1, 0)];
        var childKeys = new ulong[children.Length];
        for (int c = 1; c < n; c++) { childKeys[c - 1] = (ulong)tree.Parent(c) * (ulong)Sigma + (ulong)tree.SymbolOf(c); children[c - 1] = c; }
        Lisor.Pure.Common.RadixSort.Sort(childKeys, children, new ulong[children.Length], new int[children.Length], new int[Lisor.Pure.Common.RadixSort.CountsLength]);
        var firstChild = new int[n + 1];   // node v's children: children[firstChild[v] … firstChild[v + 1])
        for (int c = 1; c < n; c++) firstChild[tree.Parent(c) + 1]++;
        for (int v = 0; v < n; v++) firstChild[v + 1] += firstChild[v];
        var id = new int[n];
        var depth = new int[n];
        var stack = new Stack<int>();
        stack.Push(0);
        for (int k = 0; stack.Count > 0; k++)
        {
            int v = stack.Pop();
            id[v] = k;
            for (int j = firstChild[v + 1] - 1; j >= firstChild[v]; j--) stack.Push(children[j]);
        }
        _parent = new int[n];
        _symbol = new int[n];
        _answer = new int[n];
        _weight = new double[n];
        _end = new int[n];
        _parent[0] = -1;
        for (int v = 0; v < n; v++)
        {
            _answer[id[v]] = tree.Label(v);
            _end[id[v]] = id[v] + 1;
        }
        for (int c = 1; c < n; c++)   // (a parent is numbered before its children: its depth is known)
        {
            int v = tree.Parent(c);
            _parent[id[c]] = id[v]; _symbol[id[c]] = tree.SymbolOf(c); depth[id[c]] = depth[id[v]] + 1;
        }
        for (int v = n - 1; v > 0; v--) _end[_parent[v]] = Math.Max(_end[_parent[v]], _end[v]);
        int maxDepth = depth.Max();
        var perDepth = new int[maxDepth + 1];
        foreach (int d in depth) perDepth[d]++;
        double total = 0;
        for (int v = 0; v < n; v++)
        {
            double p = depth[v] < lengthShare.Count ? lengthShare[depth[v]] : 0;
            _weight[v] = p / perDepth[depth[v]];
            total += _weight[v];
        }
        // ε always carries a sliver of weight: it decides the start state's class on ties only.
        _weight[0] += 1e-9;
        total += 1e-9;
        for (int v = 0; v < n; v++) _weight[v] /= total;
    }

    /// <summary>Nodes of the sample (distinct prefixes, ε included).</summary>
    public int Nodes => _nodes;

    /// <summary>
    /// A(δ) for <paramref name="next"/> ([q · |Σ| + a] → state, complete) over <paramref name="states"/> states;
    /// the best class of every state goes to <paramref name="labels"/> when given (a state no node reaches keeps its label).
    /// </summary>
    public double Agreement(ReadOnlySpan<int> next, int states, Span<int> labels = default)
    {
        if (_stateOf.Length < _nodes) _stateOf = new int[_nodes];
        if (_classWeight.Length < states * _classes) _classWeight = new double[states * _classes];
        var w = _classWeight.AsSpan(0, states * _classes);
        w.Clear();
        _stateOf[0] = 0;
        w[_answer[0]] += _weight[0];
        for (int v = 1; v < _nodes; v++)
        {
            int q = next[_stateOf[_parent[v]] * Sigma + _symbol[v]];
            _stateOf[v] = q;
            w[q * _classes + _answer[v]] += _weight[v];
        }
        double agree = 0;
        for (int q = 0; q < states; q++)
        {
            int best = 0;
            for (int c = 1; c < _classes; c++) if (w[q * _classes + c] > w[q * _classes + best]) best = c;
            agree += w[q * _classes + best];
            if (!labels.IsEmpty && w[q * _classes + best] > 0) labels[q] = best;
        }
        return agree;
    }

    /// <summary>Per state of δ, how many sample nodes (prefixes) end in it, into <paramref name="nodes"/> (the states' sizes).</summary>
    public void Count(ReadOnlySpan<int> next, int states, Span<int> nodes)
    {
        Agreement(next, states);
        nodes[..states].Clear();
        for (int v = 0; v < _nodes; v++) nodes[_stateOf[v]]++;
    }

    /// <summary>
    /// Coordinate ascent on δ: for every (q, a) in order, δ(q, a) moves to the target of highest agreement
    /// (ties keep the current one); repeats up to <paramref name="sweeps"/> times or until a sweep gains nothing.
    /// Returns the final agreement. A trial changes only the subtrees below the moves v → v·a with q(v) = q
    /// (preorder ranges), so W(q, c) is updated there instead of recomputed: W without them is W_base, and
    /// each target t adds those subtrees' nodes back under their states for δ(q, a) = t.
    /// </summary>
    public double Improve(int[] next, int states, int sweeps)
    {
        ArgumentNullException.ThrowIfNull(next);
        double current = Agreement(next, states);   // fills _stateOf and _classWeight for δ
        if (_roots.Length < _nodes) { _roots = new int[_nodes]; _trialState = new int[_nodes]; }
        if (_base.Length < states * _classes) _base = new double[states * _classes];
        var w = _classWeight.AsSpan(0, states * _classes);
        var wBase = _base.AsSpan(0, states * _classes);
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            bool gained = false;
            for (int i = 0; i < states * Sigma; i++)
            {
                int q = i / Sigma, a = i % Sigma, keep = next[i];
                // The subtrees whose states depend on δ(q, a): top-level nodes c = v·a with q(v) = q.
                int roots = 0;
                w.CopyTo(wBase);
                for (int v = 1; v < _nodes;)
                {
                    if (_symbol[v] == a && _stateOf[_parent[v]] == q)
                    {
                        _roots[roots++] = v;
                        for (int u = v; u < _end[v]; u++) wBase[_stateOf[u] * _classes + _answer[u]] -= _weight[u];
                        v = _end[v];
                    }
                    else v++;
                }
                if (roots == 0) continue;
                int bestTarget = keep;
                double best = current;
                for (int t = 0; t < states; t++)
                {
                    if (t == keep) continue;
                    next[i] = t;
                    wBase.CopyTo(w);
                    Replay(next, roots, t, w);
                    double agree = Best(w, states);
                    if (agree > best + 1e-12) { best = agree; bestTarget = t; }
                }
                next[i] = bestTarget;
                // Leave _stateOf and W as they are under the kept target.
                wBase.CopyTo(w);
                Replay(next, roots, bestTarget, w);
                for (int r = 0; r < roots; r++)
                    for (int u = _roots[r]; u < _end[_roots[r]]; u++) _stateOf[u] = _trialState[u];
                if (bestTarget != keep) { gained = true; current = best; }
            }
            if (!gained) break;
        }
        return current;
    }

    /// <summary>States (into _trialState) and class weights (added to <paramref name="w"/>) of the changed subtrees, their roots in state <paramref name="t"/>.</summary>
    private void Replay(int[] next, int roots, int t, Span<double> w)
    {
        for (int r = 0; r < roots; r++)
        {
            int root = _roots[r], end = _end[root];
            _trialState[root] = t;
            w[t * _classes + _answer[root]] += _weight[root];
            for (int u = root + 1; u < end; u++)
            {
                int q = next[_trialState[_parent[u]] * Sigma + _symbol[u]];
                _trialState[u] = q;
                w[q * _classes + _answer[u]] += _weight[u];
            }
        }
    }

    /// <summary>Σ_q max_c W(q, c).</summary>
    private double Best(ReadOnlySpan<double> w, int states)
    {
        double agree = 0;
        for (int q = 0; q < states; q++)
        {
            double top = w[q * _classes];
            for (int c = 1; c < _classes; c++) top = Math.Max(top, w[q * _classes + c]);
            agree += top;
        }
        return agree;
    }

    /// <summary>
    /// One state fewer: for every pair p &lt; q, the automaton with q removed, its incoming moves sent to p (the
    /// last state takes q's number); the pair of highest agreement wins (ties: first in order). Writes the
    /// (states − 1)-state δ into <paramref name="result"/> and returns its agreement.
    /// </summary>
    public double Shrink(ReadOnlySpan<int> next, int states, int[] result)
    {
        if (states < 2) throw new ArgumentOutOfRangeException(nameof(states), "no state to remove");
        int m = states - 1;
        if (_trial.Length < states * Sigma) _trial = new int[states * Sigma];
        double best = double.NegativeInfinity;
        for (int q = 1; q < states; q++)
            for (int p = 0; p < q; p++)
            {
                Merge(next, states, p, q, _trial);
                double a = Agreement(_trial.AsSpan(0, m * Sigma), m);
                if (a > best + 1e-12) { best = a; _trial.AsSpan(0, m * Sigma).CopyTo(result); }
            }
        return best;
    }

    /// <summary>δ with state q folded into p &lt; q: moves into q go to p, q's own moves are dropped, the last state is renumbered q.</summary>
    private void Merge(ReadOnlySpan<int> next, int states, int p, int q, int[] into)
    {
        int last = states - 1;
        int Id(int r) => r == last ? q : r;   // q's number goes to the last state (p < q keeps its own)
        for (int r = 0; r < states; r++)
        {
            if (r == q) continue;
            for (int a = 0; a < Sigma; a++)
            {
                int t = next[r * Sigma + a];
                into[Id(r) * Sigma + a] = Id(t == q ? p : t);
            }
        }
    }
}
