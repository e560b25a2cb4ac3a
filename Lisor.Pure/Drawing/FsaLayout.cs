using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>
/// A layered (Sugiyama-style) layout of an FSA, left to right, computed without Graphviz:
/// <list type="number">
/// <item>layers: breadth-first distance from the start state (states no path reaches are laid out
///   from their own roots, next to the states they lead into);</item>
/// <item>every edge spanning several layers (forward or back) gets one dummy point per layer it
///   crosses, so it can bend around the states in between; edges inside one layer are arcs;</item>
/// <item>crossing reduction: alternate down and up sweeps sorting each layer by the barycentre of its
///   neighbours in the previous layer, keeping the order with the fewest crossings;</item>
/// <item>coordinates: layer columns wide enough for their edge labels; within a column each point
///   is pulled toward the mean height of its neighbours, keeping order and minimum separation.</item>
/// </list>
/// Deterministic: no randomness, ties keep the previous order.
/// </summary>
internal sealed class FsaLayout
{
    public const double Radius = 22;
    private const double LoopHeight = 56;   // a self-loop and its label above a state
    private const double Clearance = 24;
    private const double DummyHalf = 9;

    /// <summary>One drawn edge: the points it passes, from its source's centre to its target's centre.</summary>
    public sealed record Route(FsaEdge Edge, List<(double X, double Y)> Points, bool SameLayer, bool HasReverse);

    public int StateCount { get; }
    public double[] X { get; }           // per point (states first, then dummies)
    public double[] Y { get; }
    public int[] Layer { get; }           // per state
    public List<Route> Routes { get; } = new();

    private readonly List<List<int>> _layers = new();   // point ids per layer, in order
    private readonly List<(int A, int B)> _segments = new(); // A in layer L, B in layer L + 1
    private readonly List<int> _layerOfPoint = new();
    private readonly bool[] _hasLoop;

    public FsaLayout(Fsa fsa, IReadOnlyList<FsaEdge> edges, Func<string, double> labelWidth)
    {
        StateCount = fsa.StateCount;
        int n = fsa.StateCount;
        Layer = AssignLayers(n, edges);
        _hasLoop = new bool[n];
        foreach (var e in edges) if (e.From == e.To) _hasLoop[e.From] = true;
        for (int q = 0; q < n; q++) AddPoint(Layer[q], q);

        var chains = new List<List<int>>();
        var pairs = edges.Where(e => e.From != e.To).Select(e => (e.From, e.To)).ToHashSet();
        foreach (var e in edges)
        {
            var chain = new List<int> { e.From };
            if (e.From != e.To && Layer[e.From] != Layer[e.To])
            {
                int step = Layer[e.To] > Layer[e.From] ? 1 : -1;
                for (int l = Layer[e.From] + step; l != Layer[e.To]; l += step) chain.Add(AddPoint(l, -1));
                chain.Add(e.To);
                for (int i = 0; i + 1 < chain.Count; i++)
                    _segments.Add(step > 0 ? (chain[i], chain[i + 1]) : (chain[i + 1], chain[i]));
            }
            else if (e.From != e.To) chain.Add(e.To);
            chains.Add(chain);
        }
        ReduceCrossings();
        X = new double[_layerOfPoint.Count];
        Y = new double[_layerOfPoint.Count];
        PlaceColumns(edges, chains, labelWidth);
        PlaceRows();
        for (int i = 0; i < edges.Count; i++)
        {
            var e = edges[i];
            Routes.Add(new Route(e, chains[i].Select(p => (X[p], Y[p])).ToList(),
                e.From != e.To && Layer[e.From] == Layer[e.To], pairs.Contains((e.To, e.From))));
        }
    }

    private int AddPoint(int layer, int state)
    {
        while (_layers.Count <= layer) _layers.Add(new List<int>());
        int id = state >= 0 ? state : _layerOfPoint.Count;
        if (state >= 0) { while (_layerOfPoint.Count <= state) _layerOfPoint.Add(-1); _layerOfPoint[state] = layer; }
        else _layerOfPoint.Add(layer);
        _layers[layer].Add(id);
        return id;
    }

    private static int[] AssignLayers(int n, IReadOnlyList<FsaEdge> edges)
    {
        var layer = Enumerable.Repeat(-1, n).ToArray();
        var succ = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var hasPred = new bool[n];
        foreach (var e in edges) if (e.From != e.To) { succ[e.From].Add(e.To); hasPred[e.To] = true; }
        void Bfs(int root, int rootLayer)
        {
            layer[root] = rootLayer;
            var queue = new Queue<int>([root]);
            while (queue.Count > 0)
            {
                int q = queue.Dequeue();
                foreach (int t in succ[q].Order()) if (layer[t] < 0) { layer[t] = layer[q] + 1; queue.Enqueue(t); }
            }
        }
        Bfs(0, 0);
        // States cut off from the start: roots first (no predecessor), placed one layer before
        // the earliest state they lead into.
        while (true)
        {
            var left = Enumerable.Range(0, n).Where(q => layer[q] < 0).ToList();
            if (left.Count == 0) break;
            int root = left.FirstOrDefault(q => !hasPred[q], left[0]);
            var placedSucc = succ[root].Where(t => layer[t] >= 0).Select(t => layer[t]).ToList();
            Bfs(root, placedSucc.Count == 0 ? 1 : Math.Max(1, placedSucc.Min() - 1));
        }
        return layer;
    }

    // ---- crossing reduction (barycentre heuristic) ----

    private void ReduceCrossings()
    {
        var best = _layers.Select(l => l.ToList()).ToList();
        int bestCrossings = Crossings();
        for (int iter = 0; iter < 24 && bestCrossings > 0; iter++)
        {
            bool down = iter % 2 == 0;
            if (down) for (int l = 1; l < _layers.Count; l++) SortByBarycentre(l, l - 1);
            else for (int l = _layers.Count - 2; l >= 0; l--) SortByBarycentre(l, l + 1);
            int c = Crossings();
            if (c < bestCrossings) { bestCrossings = c; best = _layers.Select(x => x.ToList()).ToList(); }
        }
        for (int l = 0; l < _layers.Count; l++) _layers[l] = best[l];
    }

    private void SortByBarycentre(int layer, int reference)
    {
        var position = new Dictionary<int, int>();
        for (int i = 0; i < _layers[reference].Count; i++) position[_layers[reference][i]] = i;
        var current = _layers[layer];
        var key = new Dictionary<int, double>();
        for (int i = 0; i < current.Count; i++)
        {
            int p = current[i];
            var ns = _segments.Where(s => s.A == p || s.B == p).Select(s => s.A == p ? s.B : s.A)
                              .Where(position.ContainsKey).Select(q => (double)position[q]).ToList();
            // Scale to the reference layer's index range so lone points keep their relative place.
            key[p] = ns.Count > 0 ? ns.Average() : i * (double)Math.Max(1, _layers[reference].Count - 1) / Math.Max(1, current.Count - 1);
        }
        _layers[layer] = current.OrderBy(p => key[p]).ToList(); // stable: ties keep order
    }

    private int Crossings()
    {
        var pos = new Dictionary<int, int>();
        foreach (var l in _layers) for (int i = 0; i < l.Count; i++) pos[l[i]] = i;
        int c = 0;
        var byLayer = _segments.GroupBy(s => _layerOfPoint[s.A]);
        foreach (var g in byLayer)
        {
            var segs = g.ToArray();
            for (int i = 0; i < segs.Length; i++)
                for (int j = i + 1; j < segs.Length; j++)
                    if ((pos[segs[i].A] - pos[segs[j].A]) * (pos[segs[i].B] - pos[segs[j].B]) < 0) c++;
        }
        return c;
    }

    // ---- coordinates ----

    private void PlaceColumns(IReadOnlyList<FsaEdge> edges, List<List<int>> chains, Func<string, double> labelWidth)
    {
        // gap[l] separates column l and l + 1; it must hold the widest label drawn there (labels sit
        // on the middle segment of their route).
        var gap = Enumerable.Repeat(140.0, Math.Max(1, _layers.Count)).ToArray();
        for (int i = 0; i < edges.Count; i++)
        {
            var chain = chains[i];
            if (chain.Count < 2) continue;
            int mid = (chain.Count - 2) / 2;
            int l = Math.Min(_layerOfPoint[chain[mid]], _layerOfPoint[chain[mid + 1]]);
            gap[l] = Math.Max(gap[l], labelWidth(edges[i].Label) + 2 * Radius + 34);
        }
        double x = 80; // room for the start arrow
        for (int l = 0; l < _layers.Count; l++)
        {
            foreach (int p in _layers[l]) X[p] = x;
            x += gap[l];
        }
    }

    private double Top(int p) => p < StateCount ? Radius + (_hasLoop[p] ? LoopHeight : Clearance) : DummyHalf;
    private double Bottom(int p) => p < StateCount ? Radius + Clearance : DummyHalf;

    private void PlaceRows()
    {
        foreach (var l in _layers)
        {
            double y = 0;
            for (int i = 0; i < l.Count; i++) { if (i > 0) y += Bottom(l[i - 1]) + Top(l[i]); Y[l[i]] = y; }
            double shift = -y / 2;
            foreach (int p in l) Y[p] += shift;
        }
        var neighbours = new Dictionary<int, List<int>>();
        foreach (var (a, b) in _segments)
        {
            (neighbours.TryGetValue(a, out var la) ? la : neighbours[a] = new()).Add(b);
            (neighbours.TryGetValue(b, out var lb) ? lb : neighbours[b] = new()).Add(a);
        }
        for (int iter = 0; iter < 30; iter++)
        {
            var order = iter % 2 == 0 ? Enumerable.Range(0, _layers.Count) : Enumerable.Range(0, _layers.Count).Reverse();
            foreach (int li in order)
            {
                var l = _layers[li];
                var want = l.Select(p => neighbours.TryGetValue(p, out var ns) ? ns.Average(q => Y[q]) : Y[p]).ToArray();
                // The closest placement to 'want' keeping order and separation: the mean of the
                // forward-constrained and backward-constrained sequences (each keeps the gaps).
                var fwd = new double[l.Count];
                var bwd = new double[l.Count];
                for (int i = 0; i < l.Count; i++) fwd[i] = i == 0 ? want[i] : Math.Max(want[i], fwd[i - 1] + Bottom(l[i - 1]) + Top(l[i]));
                for (int i = l.Count - 1; i >= 0; i--) bwd[i] = i == l.Count - 1 ? want[i] : Math.Min(want[i], bwd[i + 1] - Bottom(l[i]) - Top(l[i + 1]));
                for (int i = 0; i < l.Count; i++) Y[l[i]] = (fwd[i] + bwd[i]) / 2;
            }
        }
        // Keep the start state where the eye begins: shift everything so it sits at y = 0.
        double y0 = Y[0];
        for (int p = 0; p < Y.Length; p++) Y[p] -= y0;
    }
}
