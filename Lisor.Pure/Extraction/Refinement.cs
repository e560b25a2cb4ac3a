using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lisor.Pure.Common;

namespace Lisor.Pure.Extraction;

/// <summary>A partition of a <see cref="PrefixTree"/>'s nodes into blocks (the FSA's states).</summary>
/// <param name="BlockOf">Per node, its block 0 … Blocks − 1.</param>
/// <param name="Blocks">Number of blocks.</param>
/// <param name="Splits">How many blocks the refinement split.</param>
/// <param name="Converged">True when no block breaks determinism any more (else the state budget stopped it).</param>
internal sealed record TreePartition(int[] BlockOf, int Blocks, int Splits, bool Converged);

/// <summary>
/// Refines a clustering of R's states until it is a consistent automaton on the prefix tree.
/// A block B is a candidate state; it is <i>consistent</i> when
/// <list type="number">
/// <item>R gives every prefix in B that ends a learning string the same answer (first, every cluster is
///   split by R's answer on those; the other prefixes of a cluster form a block of their own, whose
///   class is free), and</item>
/// <item>for every symbol a, the prefixes v ∈ B with a seen successor v·a all lead into one block.</item>
/// </list>
/// A block that breaks (2) merges states of R with different futures: on a they go to blocks that
/// R tells apart. It is split by its successor block on the symbol a whose minority weight
/// (Σ weight of the moves not going to the most common successor) is largest. Prefixes without a
/// seen a-move carry no evidence from the tree; they join the part holding the member whose (z-scored)
/// hidden state is nearest to theirs — R's own state is the best guess of where they belong. (Joining the
/// heaviest part instead puts, e.g., a prefix waiting for a symbol into the dead part when its
/// string ends there, and that wrong choice cascades up the tree as ever more splits.) Splitting repeats (Moore's refinement,
/// started from the clusters instead of from the labels alone) until every block is consistent or
/// the state budget is reached. Each split adds a block, so it ends after at most |nodes| splits.
/// The workspace is kept between calls, so repeated refinements allocate only when the tree grows.
/// </summary>
internal sealed class Refinement
{
    private int[] _blockOf = [], _old = [], _keyBlock = [], _order = [];
    private int[] _members = [], _memberStart = [], _cursor = [];   // the nodes of each block of _old, ascending (BucketByBlock)
    private long[] _keys = [];
    private int[] _keyWeight = [];
    private ulong[] _keyScratch = [];                               // the radix sort's scratch (FindConflicts)
    private int[] _weightScratch = [], _counts = new int[RadixSort.CountsLength];
    private int[] _splitSymbol = [], _minority = [], _groupWeight = [], _newId = [], _groupCount = [], _groups = [];
    private int _groupTotal;
    private int[] _refs = [];         // [group, References] member nodes whose states stand for the group
    private const int References = 48;   // a multiple of 16 (NearestGroupPacked takes 16 members at a time)
    private const int BoundEvery = 8;    // units between the packed search's checks against the best distance
    private float[] _packed = [];     // [group slot, dim, References]: the references' states, unit by unit (NearestGroup)
    private bool _isPacked;           // whether _packed holds the current split's references

    /// <summary>Tests: take the scalar nearest-reference search even where the packed one runs.</summary>
    internal static bool ScalarNearest;
    /// <summary>With a tolerance, the least minority weight that splits a block: one or two strings are noise.</summary>
    private const int MinEvidence = 6;
    private int _dim;
    private Comparison<int>? _byMinority; // made once: sorting allocates nothing per pass

    /// <summary>
    /// Refines <paramref name="initial"/> (per node a cluster 0 … clusters − 1) on <paramref name="tree"/>,
    /// stopping when consistent or when <paramref name="maxBlocks"/> blocks exist. <paramref name="points"/>
    /// holds every node's (z-scored) stacked state, row-major [tree.Count, tree.Dim].
    /// </summary>
    public TreePartition Refine(PrefixTree tree, float[] points, ReadOnlySpan<int> initial, int clusters, int maxBlocks)
        => Refine(tree, points, initial, clusters, maxBlocks, 0);

    /// <summary>
    /// The same, tolerating a bounded disagreement: a move group (B, a) counts as a conflict only when its
    /// minority weight exceeds <paramref name="tolerance"/> × its total weight. With 0 this is the exact
    /// refinement; with τ &gt; 0 the few moves of an R that is not regular (it errs on a few strings, and its
    /// states drift) stay as dropped minority moves instead of splitting blocks without end, and the automaton
    /// takes the majority move (EDSM-like: the evidence, not every single string, decides).
    /// </summary>
    public TreePartition Refine(PrefixTree tree, float[] points, ReadOnlySpan<int> initial, int clusters, int maxBlocks, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length < tree.Count * tree.Dim) throw new ArgumentException($"{points.Length} coordinates for {tree.Count} nodes of {tree.Dim}", nameof(points));
        _dim = tree.Dim;
        ArgumentNullException.ThrowIfNull(tree);
        int n = tree.Count, sigma = tree.Alphabet.Count, classes = 1;
        if (initial.Length < n) throw new ArgumentException($"{initial.Length} cluster ids for {n} nodes", nameof(initial));
        for (int v = 0; v < n; v++) classes = Math.Max(classes, tree.Label(v) + 1);
        classes++; // the extra "no answer required" class of prefixes that end no string
        Ensure(n, Math.Max(maxBlocks, clusters * classes) + 1);

        // (1) Split every cluster by R's answer at string ends: block = first-seen order of (cluster, answer or "none").
        var firstId = _newId.AsSpan(0, clusters * classes);
        firstId.Fill(-1);
        int blocks = 0;
        for (int v = 0; v < n; v++)
        {
            int c = initial[v];
            if ((uint)c >= (uint)clusters) throw new ArgumentException($"node {v} has cluster {c}, outside 0 … {clusters - 1}", nameof(initial));
            ref int id = ref firstId[c * classes + (tree.IsEnd(v) ? tree.Label(v) : classes - 1)];
            if (id < 0) id = blocks++;
            _blockOf[v] = id;
        }
        firstId.Fill(-1);

        // (2) Split blocks that break determinism, the worst first, until none does or the budget is met.
        int splits = 0;
        while (true)
        {
            int conflicted = FindConflicts(tree, n, sigma, blocks, tolerance);
            if (conflicted == 0) return new TreePartition(_blockOf[..n], blocks, splits, true);
            if (blocks >= maxBlocks) return new TreePartition(_blockOf[..n], blocks, splits, false);
            // Conflicted blocks in decreasing minority weight (ties: lower block), split while the budget lasts.
            var order = _order.AsSpan(0, conflicted);
            order.Sort(_byMinority ??= (x, y) => _minority[x] != _minority[y] ? _minority[y].CompareTo(_minority[x]) : x.CompareTo(y));
            Array.Copy(_blockOf, _old, n);
            BucketByBlock(n, blocks);
            foreach (int b in order)
            {
                if (blocks >= maxBlocks) break;
                int added = Split(tree, points, b, _splitSymbol[b], blocks);
                if (added > 0) splits++;
                blocks += added;
            }
        }
    }

    /// <summary>
    /// Finds, for every block, the symbol whose moves leave it for the most different successor blocks
    /// by weight; returns how many blocks conflict (listed in _order, their symbol and minority weight set).
    /// Moves are gathered as keys ((B·|Σ| + a)·(maxBlocks) + successor) and sorted, so each (B, a) run
    /// lists its successors together.
    /// </summary>
    private int FindConflicts(PrefixTree tree, int n, int sigma, int blocks, double tolerance)
    {
        long stride = blocks;
        int moves = 0;
        for (int c = 1; c < n; c++)   // every move, as the node it leads to (equal keys' weights are summed: order changes nothing)
        {
            int v = tree.Parent(c), a = tree.SymbolOf(c);
            _keys[moves] = ((long)_blockOf[v] * sigma + a) * stride + _blockOf[c];
            _keyWeight[moves++] = tree.Weight(c);
        }
        // (the keys are ≥ 0, so as unsigned numbers they sort the same; a stable radix sort, as only the low bytes vary)
        RadixSort.Sort(MemoryMarshal.Cast<long, ulong>(_keys.AsSpan(0, moves)), _keyWeight.AsSpan(0, moves), _keyScratch, _weightScratch, _counts);
        _minority.AsSpan(0, blocks).Clear();
        int conflicted = 0;
        for (int start = 0; start < moves;)
        {
            long group = _keys[start] / stride, next = (group + 1) * stride;   // (the group's keys are those below next)
            int end = start, total = 0, max = 0, distinct = 0;
            while (end < moves && _keys[end] < next)
            {
                int runEnd = end, w = 0;
                while (runEnd < moves && _keys[runEnd] == _keys[end]) w += _keyWeight[runEnd++];
                total += w; max = Math.Max(max, w); distinct++;
                end = runEnd;
            }
            if (distinct > 1 && total - max > tolerance * total && (tolerance == 0 || total - max >= MinEvidence))
            {
                int b = (int)(group / sigma), a = (int)(group % sigma), minority = total - max;
                if (_minority[b] == 0) _order[conflicted++] = b;
                if (minority > _minority[b]) { _minority[b] = minority; _splitSymbol[b] = a; }
            }
            start = end;
        }
        return conflicted;
    }

    /// <summary>
    /// Splits block b by the successor block (in the pre-pass partition) on symbol a; the heaviest
    /// successor keeps id b. Nodes without an a-move join the part holding the nearest member state.
    /// Returns the blocks added.
    /// </summary>
    private int Split(PrefixTree tree, float[] points, int b, int a, int blocks)
    {
        int heaviest = -1;
        _groupTotal = 0;
        _isPacked = false;
        var members = _members.AsSpan(_memberStart[b], _memberStart[b + 1] - _memberStart[b]);
        foreach (int v in members)
        {
            int c = tree.Child(v, a);
            if (c < 0) continue;
            int s = _old[c];
            if (_groupCount[s]++ == 0) _groups[_groupTotal++] = s;
            if (_groupCount[s] <= References) _refs[s * References + _groupCount[s] - 1] = v;
            _groupWeight[s] += tree.Weight(c);
            if (heaviest < 0 || _groupWeight[s] > _groupWeight[heaviest] || (_groupWeight[s] == _groupWeight[heaviest] && s < heaviest)) heaviest = s;
        }
        int added = 0;
        foreach (int v in members)
        {
            int c = tree.Child(v, a);
            int s = c >= 0 ? _old[c] : NearestGroup(points, v, heaviest);
            if (s == heaviest) continue;
            if (_newId[s] < 0) { _newId[s] = blocks + added; added++; }
            _blockOf[v] = _newId[s];
        }
        foreach (int v in members)
        {
            int c = tree.Child(v, a);
            if (c < 0) continue;
            _groupWeight[_old[c]] = 0;
            _groupCount[_old[c]] = 0;
            _newId[_old[c]] = -1;
        }
        return added;
    }

    /// <summary>
    /// The successor group (of the block being split) holding the member whose state is nearest to node v's (among up to
    /// <see cref="References"/> members per group): the first of least d = Σ_j (x_j − y_j)² over the groups in order and
    /// their members in order, each d summed in double over j in order.
    /// </summary>
    private int NearestGroup(float[] points, int v, int heaviest)
        => Avx.IsSupported && !ScalarNearest ? NearestGroupPacked(points, v, heaviest) : NearestGroupScalar(points, v, heaviest);

    // Sixteen members at a time, one per lane, from their states packed unit by unit: each lane does the scalar loop's
    // arithmetic in its order (the float difference, widened; its square and the sum in double; no fused
    // multiply-add), so every d has the scalar bits, and the lanes are then compared in member order.
    private int NearestGroupPacked(float[] points, int v, int heaviest)
    {
        int dim = _dim, best = heaviest;
        if (!_isPacked) PackReferences(points);
        double bestDistance = double.PositiveInfinity;
        ref float x = ref points[v * dim];
        ref float packed = ref MemoryMarshal.GetArrayDataReference(_packed);
        for (int g = 0; g < _groupTotal; g++)
        {
            int s = _groups[g], members = Math.Min(References, _groupCount[s]);
            ref float group = ref Unsafe.Add(ref packed, g * dim * References);
            for (int m = 0; m < members; m += 16)
            {
                // the sums only grow (each term is ≥ 0 and rounding is monotone), so once all sixteen partial sums reach
                // the best distance so far none of these members can be strictly nearer: the rest of their units is skipped
                var d0 = Vector256<double>.Zero; var d1 = d0; var d2 = d0; var d3 = d0;
                var bound = Vector256.Create(bestDistance);
                bool beaten = false;
                for (int j = 0; j < dim && !beaten; j += BoundEvery)
                {
                    Distances16(ref x, ref Unsafe.Add(ref group, m), j, Math.Min(dim, j + BoundEvery), References, ref d0, ref d1, ref d2, ref d3);
                    beaten = Vector256.GreaterThanOrEqualAll(Vector256.Min(Vector256.Min(d0, d1), Vector256.Min(d2, d3)), bound);
                }
                if (beaten) continue;
                // every lane is a member of group s, so only the least d matters (lanes past the members: +∞)
                int lanes = members - m;
                if (lanes < 16)
                {
                    d0 = Vector256.ConditionalSelect(PastMembers(lanes, 0), Infinity, d0);
                    d1 = Vector256.ConditionalSelect(PastMembers(lanes, 4), Infinity, d1);
                    d2 = Vector256.ConditionalSelect(PastMembers(lanes, 8), Infinity, d2);
                    d3 = Vector256.ConditionalSelect(PastMembers(lanes, 12), Infinity, d3);
                }
                var least4 = Vector256.Min(Vector256.Min(d0, d1), Vector256.Min(d2, d3));
                var least2 = Vector128.Min(least4.GetLower(), least4.GetUpper());
                double d = Math.Min(least2.ToScalar(), least2.GetElement(1));
                if (d < bestDistance) { bestDistance = d; best = s; }
            }
        }
        return best;
    }

    private static readonly Vector256<double> Infinity = Vector256.Create(double.PositiveInfinity);

    // The lanes of d_{first/4} (members m + first … m + first + 3) at or past `lanes`, the members the block has.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PastMembers(int lanes, int first)
        => Vector256.GreaterThanOrEqual(Vector256.Create((long)first, first + 1, first + 2, first + 3), Vector256.Create((long)lanes)).AsDouble();

    /// <summary>
    /// <see cref="Distance"/> from x to sixteen points at once, packed unit by unit (unit j of point i at
    /// packed[j · <paramref name="stride"/> + i]), four per vector of doubles: adds units <paramref name="from"/> …
    /// <paramref name="to"/> − 1 to the sums d0 … d3; from 0 to the end, each lane has the scalar bits. Four independent
    /// sums, as one sum alone would wait on each addition before the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Distances16(ref float x, ref float packed, int from, int to, int stride,
        ref Vector256<double> d0, ref Vector256<double> d1, ref Vector256<double> d2, ref Vector256<double> d3)
    {
        for (int j = from; j < to; j++)
        {
            var xj = Vector128.Create(Unsafe.Add(ref x, j));
            ref float row = ref Unsafe.Add(ref packed, j * stride);
            var e0 = Avx.ConvertToVector256Double(xj - Vector128.LoadUnsafe(ref row));
            var e1 = Avx.ConvertToVector256Double(xj - Vector128.LoadUnsafe(ref row, 4));
            var e2 = Avx.ConvertToVector256Double(xj - Vector128.LoadUnsafe(ref row, 8));
            var e3 = Avx.ConvertToVector256Double(xj - Vector128.LoadUnsafe(ref row, 12));
            d0 += e0 * e0; d1 += e1 * e1; d2 += e2 * e2; d3 += e3 * e3;
        }
    }

    /// <summary>d = Σ_j (x_j − y_j)², each difference in float, its square and the sum in double, j in order.</summary>
    internal static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double d = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double e = x[j] - y[j];
            d += e * e;
        }
        return d;
    }

    // _packed[g, j, m] = unit j of reference m of group slot g (members past a group's count: zeros, never compared).
    private void PackReferences(float[] points)
    {
        int dim = _dim, size = _groupTotal * dim * References;
        if (_packed.Length < size) _packed = new float[Math.Max(size, 2 * _packed.Length)];
        for (int g = 0; g < _groupTotal; g++)
        {
            int s = _groups[g], members = Math.Min(References, _groupCount[s]);
            var group = _packed.AsSpan(g * dim * References, dim * References);
            group.Clear();
            for (int m = 0; m < members; m++)
            {
                var y = points.AsSpan(_refs[s * References + m] * dim, dim);
                for (int j = 0; j < dim; j++) group[j * References + m] = y[j];
            }
        }
        _isPacked = true;
    }

    private int NearestGroupScalar(float[] points, int v, int heaviest)
    {
        int dim = _dim, best = heaviest;
        double bestDistance = double.PositiveInfinity;
        var x = points.AsSpan(v * dim, dim);
        for (int g = 0; g < _groupTotal; g++)
        {
            int s = _groups[g], members = Math.Min(References, _groupCount[s]);
            for (int m = 0; m < members; m++)
            {
                double d = Distance(x, points.AsSpan(_refs[s * References + m] * dim, dim));
                if (d < bestDistance) { bestDistance = d; best = s; }
            }
        }
        return best;
    }

    // _members[_memberStart[b] … _memberStart[b + 1]) = the nodes of block b of _old in ascending order (a counting sort),
    // so that a split visits its block's nodes only, in the order a scan of all nodes would meet them.
    private void BucketByBlock(int n, int blocks)
    {
        var start = _memberStart.AsSpan(0, blocks + 1);
        start.Clear();
        for (int v = 0; v < n; v++) start[_old[v] + 1]++;
        for (int b = 0; b < blocks; b++) start[b + 1] += start[b];
        start.Slice(0, blocks).CopyTo(_cursor);
        for (int v = 0; v < n; v++) _members[_cursor[_old[v]]++] = v;
    }

    private void Ensure(int n, int maxBlocks)
    {
        if (_blockOf.Length < n) { _blockOf = new int[n]; _old = new int[n]; _members = new int[n]; }
        if (_keys.Length < n)   // a tree of n nodes has n − 1 moves
        {
            _keys = new long[n]; _keyWeight = new int[n];
            _keyScratch = new ulong[n]; _weightScratch = new int[n];
        }
        int cap = Math.Max(maxBlocks, n) + 1;
        if (_order.Length < cap)
        {
            _order = new int[cap]; _splitSymbol = new int[cap]; _minority = new int[cap];
            _groupWeight = new int[cap]; _newId = new int[cap]; _groupCount = new int[cap]; _groups = new int[cap];
            _memberStart = new int[cap + 1]; _cursor = new int[cap];
            Array.Fill(_newId, -1);
        }
        if (_refs.Length < cap * References) _refs = new int[cap * References];
    }
}
