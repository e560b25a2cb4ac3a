using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// The forward pass of <see cref="Network"/> for inference with small cells (H ≤ <see cref="MaxHidden"/>): states side
/// by side in SIMD lanes, and a prefix that several sequences of the batch share run once (method.md §7).
/// <para>
/// Prefix tree. Every layer's state after symbol t depends only on the prefix s_0 … s_t, so the states of a batch are
/// the nodes of its prefix tree: node (t, v) at depth t has a parent at depth t − 1 (the root, h = c = 0, at t = 0)
/// and a symbol, and its states are one step of every layer from its parent's. The batch is sorted by its sequences'
/// first symbols (<see cref="SortByPrefix"/>), so sequences that share a prefix are neighbours, and the pass runs
/// depth by depth over the sequences still running, in that order: at depth t a new node begins wherever the parent
/// or s_t differs from the sequence before. The nodes of a depth run <see cref="LaneProduct.Lanes"/> at a time, all
/// their layers (<see cref="LaneSteps"/>) in lane-major vectors [units, Lanes] after gathering their parents' h (and
/// the LSTM's c) from the depth before (<see cref="ParentColumns"/>); a sequence's last node gives its top-layer h.
/// Once at most one running sequence in 8 shares its node, every sequence takes its own (a shared prefix is then
/// computed more than once, with the same bits), longest first, so the ones that end are the last and the others keep
/// their places: from then on a group's states stay in its own [units, Lanes] blocks, read in place at the next depth
/// (<see cref="Keep"/>). A sequence equal to its neighbour in the sorted batch is not run at all: it takes the last
/// state of the first (<see cref="MarkCopies"/>). The first depths' nodes are kept from batch to batch
/// (<see cref="PrefixCache"/>, per part): at those depths a sequence takes its parent's child for s_t, and only a node no
/// earlier batch reached is run (<see cref="RunCachedDepths"/>); the first depth past them gathers its parents from the
/// cache's last level. On the paper's 000 task, 3000 strings in batches of 1024 take 13 619 steps for 37 117 symbols,
/// 30 000 strings 97 795 for 374 018 (`predict --json`: rnn_symbols, rnn_steps; docs/results-performance/predict-9ccaf20.md).
/// </para>
/// <para>
/// Every node's arithmetic is the same function of its prefix whatever else is in the batch and whichever lane it
/// takes (lanes never mix: the products add in the same order for every lane, σ and tanh are element-wise, gathers
/// copy), so a sequence's answer has the same bits alone or in any batch, on any number of threads. The results equal
/// the row-major forward pass's (<see cref="DataParallel"/>) to float rounding: every element takes the 256-bit σ and
/// tanh, where the row-major cells give a row's last H mod 8 units the 128-bit or scalar form (an ulp there, carried on
/// through the steps). The output layer z = h·W + b and softmax are <see cref="Network"/>'s own.
/// </para>
/// A batch of enough work (<see cref="PartsFrom"/>) is cut, sorted, into up to --threads contiguous parts that run side
/// by side, each with its own tree and cache (the cut changes which states are shared, never their bits). Scratch is made
/// once per part: a warm batch allocates nothing.
/// </summary>
internal sealed class LaneInference
{
    /// <summary>The widest hidden size that takes this path: `bench predict --path both` at 3 × H and at 1 × H, length 100, found
    /// lanes faster up to 64 (1.06–1.4×) and the LSTM slower from 128 on, where row-major products fill their registers.</summary>
    public const int MaxHidden = 64;

    private const int L = LaneProduct.Lanes;
    private readonly Network _net;
    private readonly LaneCell _cell;
    private readonly long _cellParameters;          // Σ over layers: the multiply-adds of one step of one sequence
    private readonly int _maxBatch;
    private readonly bool _prefixCache;
    private readonly Part?[] _parts;
    private readonly ulong[] _keys;                 // [batch] SortByPrefix's keys, sorted (MarkCopies, RunCachedDepths' walks)
    private readonly ulong[] _keyScratch;           // [batch], [batch] and [RadixSort.CountsLength]:
    private readonly int[] _orderScratch, _counts;  // SortByPrefix's radix sort's scratch
    private readonly int[] _order;                  // [batch] the batch in order of its first symbols (SortByPrefix)
    private readonly int _keyBits, _keySymbols;     // SortByPrefix's key: b bits per symbol, the first P = ⌊64 / b⌋ symbols
    private readonly int[] _copyOf;                 // [batch] by sorted position: an equal sequence before it, or −1 (MarkCopies)
    private readonly float[] _last;                 // [batch, H]: the top layer's h at each sequence's last step
    private readonly float[] _logits;               // [batch, C]
    private readonly long[] _partSteps;             // steps computed per part in the current batch
    private readonly Action<int> _runPart;
    // The batch being run (fields, so the cached delegates need no closure).
    private float[] _parameters = [];
    private EncodedData? _data;
    private int _count, _partCount;
    private bool _unknownInBatch;   // whether a sequence of the batch holds <unk> (SortByPrefix; PrefixCache.Plan)

    /// <summary>Whether <paramref name="net"/> runs here on this CPU: an SRN, MGU, GRU or LSTM of H ≤ <see cref="MaxHidden"/>
    /// with inputs of at most <see cref="GemmDriver.KC"/> numbers, on the Vector256 path.</summary>
    public static bool Takes(Network net)
        => KernelPaths.Best == KernelPath.Vector256 && LaneSteps.CellOf(net.CellKind) != LaneCell.None && net.Hidden <= MaxHidden
           && net.InputSize <= GemmDriver.KC;

    /// <summary>A runner of batches of up to <paramref name="maxBatch"/> sequences; <paramref name="prefixCache"/> false keeps no
    /// prefix from one batch to the next (<see cref="PrefixCache"/>; the answers are the same either way).</summary>
    public LaneInference(Network net, int maxBatch, bool prefixCache = true)
    {
        if (!Takes(net)) throw new ArgumentException($"a {net.CellKind} network of {net.Hidden} units does not run lane-major on this CPU");
        _net = net;
        _cell = LaneSteps.CellOf(net.CellKind);
        foreach (var cell in net.Cells) _cellParameters += cell.ParameterCount;
        _maxBatch = maxBatch;
        _parts = new Part?[Math.Clamp(Environment.ProcessorCount, 1, MaxParts)];
        _prefixCache = prefixCache;
        _parts[0] = new Part(net, (int)_cell, maxBatch, prefixCache);   // the first part's scratch now, as DataParallel makes its first workspace (the others when a batch first needs them)
        _partSteps = new long[_parts.Length];
        _keys = new ulong[maxBatch];
        _keyScratch = new ulong[maxBatch];
        _orderScratch = new int[maxBatch];
        _counts = new int[RadixSort.CountsLength];
        _order = new int[maxBatch];
        _keyBits = 64 - BitOperations.LeadingZeroCount((ulong)net.VocabularySize);
        _keySymbols = 64 / _keyBits;
        _copyOf = new int[maxBatch];
        _last = new float[maxBatch * net.Hidden];
        _logits = new float[maxBatch * net.Classes];
        _runPart = RunPart;
    }

    /// <summary>Forgets the prefixes of earlier batches (<see cref="PrefixCache"/>): the next batch runs as if it were the first.</summary>
    public void Forget()
    {
        foreach (var part in _parts) part?.Cache.Forget();
    }

    /// <summary>The prefix caches of the parts made so far (for tests).</summary>
    internal IEnumerable<PrefixCache> Caches => _parts.OfType<Part>().Select(part => part.Cache);

    /// <summary>The most parts a batch is cut into.</summary>
    private const int MaxParts = 16;

    /// <summary>
    /// A batch is cut into parts, one per thread, only from this much work (Σ lengths × the cells' parameters, the
    /// multiply-adds of its steps before prefixes are shared). Each part has its own prefix tree and cache, so a second
    /// part starts cold — its scratch, its cache's levels and their first touch, the collection their memory brings on,
    /// all inside the batches — and the sort and the output layer stay on one thread. Cut at every size (the rule
    /// before), two threads ran task 000's 3000 and 30 000 strings 0.19–0.93× as fast as one for every cell of 3 × 10
    /// (7–29 M a batch of 1024 lines) and 0.29–0.65× for an LSTM of 3 × 16 (70 M); from 135 M (an MGU of 3 × 32) they
    /// were 1.12–1.37× as fast in one run and 0.72–1.07× in another, from 1 G (an LSTM of 3 × 64) 1.18–1.20×
    /// (docs/results-performance/parts-fd1ab3d.md). Tests set it to 0 to cut small batches too.
    /// </summary>
    internal static long PartsFrom = 100_000_000;

    /// <summary>The largest batch this runner takes.</summary>
    public int MaxBatch => _maxBatch;

    /// <summary>Symbols of all batches run so far (Σ lengths).</summary>
    public long Symbols { get; private set; }

    /// <summary>Steps computed for all batches run so far: the nodes of their prefix trees (≤ <see cref="Symbols"/>).</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Classifies sequences 0 … data.Count − 1 of <paramref name="data"/>: predictions[i] = argmax_c z_ic and, when given,
    /// probabilities[i · C + c] = softmax(z_i)_c.
    /// </summary>
    public void Run(float[] parameters, EncodedData data, int[] predictions, float[]? probabilities)
    {
        int n = data.Count;
        if (n > MaxBatch) throw new ArgumentException($"batch of {n} exceeds {MaxBatch}", nameof(data));
        if (n == 0) return;
        _parameters = parameters; _data = data; _count = n;
        long symbols = 0;
        for (int i = 0; i < n; i++) symbols += data.Lengths[i];
        SortByPrefix(data, n);
        MarkCopies(data, n);
        // parts: one below PartsFrom, else one per thread
        _partCount = symbols * _cellParameters < PartsFrom ? 1 : Math.Min(Math.Min(Parallelism.Threads, _parts.Length), n);
        if (_partCount == 1) RunPart(0);
        else ForkJoin.ForBlocks(_partCount, _runPart);
        long steps = 0;
        for (int q = 0; q < _partCount; q++) steps += _partSteps[q];
        Symbols += symbols; Steps += steps;
        // a repeated sequence takes the last state of its first occurrence
        int H = _net.Hidden;
        for (int k = 0; k < n; k++)
            if (_copyOf[k] >= 0) CopyShort(_last.AsSpan(_order[_copyOf[k]] * H, H), _last.AsSpan(_order[k] * H, H));
        Head(parameters, predictions, probabilities);
        _data = null;
    }

    // _order[0 … n): the batch in the order of its sequences' first P symbols, P = ⌊64 / b⌋ with b the bits of V: the
    // key packs id + 1 of each (0 past the end, so a prefix comes first) from the top bits down. Sequences that share a
    // prefix of up to P symbols are then neighbours (P = 32 for a binary alphabet with <unk>); sequences whose first P
    // symbols tie keep no particular order, and a longer prefix shared by ones that are not neighbours is computed more
    // than once (the same bits each time). The sort is stable (RadixSort), so ties keep the batch's order.
    private void SortByPrefix(EncodedData data, int n)
    {
        int bits = _keyBits, prefix = _keySymbols;
        var keys = _keys.AsSpan(0, n); var order = _order.AsSpan(0, n);
        bool unknown = false;
        for (int i = 0; i < n; i++)
        {
            int length = data.Lengths[i];
            keys[i] = PrefixKey(data.Ids[i].AsSpan(0, Math.Min(prefix, length)), bits, ref unknown);
            if (length > prefix && !unknown) unknown = data.Ids[i].AsSpan(prefix, length - prefix).Contains(Sequences.Vocabulary.UnknownId);
            order[i] = i;
        }
        _unknownInBatch = unknown;
        RadixSort.Sort(keys, order, _keyScratch, _orderScratch, _counts);
    }

    /// <summary>
    /// SortByPrefix's key of a sequence's first symbols (at most ⌊64 / b⌋ of them): key = Σ_u (id_u + 1) · 2^(64 − (u + 1) b),
    /// the terms in disjoint bits (id + 1 &lt; 2^b), so an OR. Four symbols at a time where the CPU has AVX2 (each of four
    /// 64-bit lanes shifted by its own count), the rest one by one: the same key. Sets <paramref name="unknown"/> when one of
    /// the symbols is &lt;unk&gt; (id 0; left as it is otherwise).
    /// </summary>
    internal static ulong PrefixKey(ReadOnlySpan<int> ids, int bits, ref bool unknown)
    {
        ulong key = 0;
        int u = 0;
        if (Avx2.IsSupported && ids.Length >= 4)
        {
            ref int first = ref MemoryMarshal.GetReference(ids);
            var shift = Vector256.Create((ulong)(64 - bits), (ulong)(64 - 2 * bits), (ulong)(64 - 3 * bits), (ulong)(64 - 4 * bits));
            var step = Vector256.Create((ulong)(4 * bits));
            var terms = Vector256<ulong>.Zero;
            var zeros = Vector128<int>.Zero;
            for (; u + 4 <= ids.Length; u += 4)
            {
                var four = Vector128.LoadUnsafe(ref first, (nuint)u);
                zeros |= Vector128.Equals(four, Vector128<int>.Zero);
                terms |= Avx2.ShiftLeftLogicalVariable(Avx2.ConvertToVector256Int64(four).AsUInt64() + Vector256<ulong>.One, shift);
                shift -= step;   // (past the last symbol the counts wrap to ≥ 64; they are not used)
            }
            key = terms[0] | terms[1] | terms[2] | terms[3];
            unknown |= zeros != Vector128<int>.Zero;
        }
        for (; u < ids.Length; u++)
        {
            key |= (ulong)(ids[u] + 1) << (64 - (u + 1) * bits);
            unknown |= ids[u] == Sequences.Vocabulary.UnknownId;
        }
        return key;
    }

    // _copyOf[k]: the sorted position of an earlier sequence equal to the one at k, or −1. Equal sequences have equal
    // keys, so they are neighbours unless a tie of their first P symbols puts others between them; those are run
    // again (the same bits). Below the depth where the sequences stop sharing nodes each would otherwise be run on its
    // own to its end, a long repeated line as many times as it occurs.
    private void MarkCopies(EncodedData data, int n)
    {
        _copyOf[0] = -1;
        for (int k = 1; k < n; k++)
        {
            int a = _order[k - 1], b = _order[k];
            bool same = _keys[k] == _keys[k - 1] && data.Lengths[a] == data.Lengths[b]
                        && data.Ids[a].AsSpan(0, data.Lengths[a]).SequenceEqual(data.Ids[b].AsSpan(0, data.Lengths[b]));
            _copyOf[k] = !same ? -1 : _copyOf[k - 1] >= 0 ? _copyOf[k - 1] : k - 1;
        }
    }

    // to[j] = from[j], j < from.Length: a state or a bias row of a few numbers, copied in place of a call to memmove (one
    // per sequence; the call was most of a short copy's cost). 8 or more in 256-bit pieces, the last one overlapping.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyShort(ReadOnlySpan<float> from, Span<float> to)
    {
        int n = from.Length;
        if (to.Length < n) throw new ArgumentException("destination too short", nameof(to));
        ref float f = ref MemoryMarshal.GetReference(from);
        ref float t = ref MemoryMarshal.GetReference(to);
        if (n < 8)
        {
            for (int j = 0; j < n; j++) Unsafe.Add(ref t, j) = Unsafe.Add(ref f, j);
            return;
        }
        for (int j = 0; j < n - 8; j += 8) Vector256.LoadUnsafe(ref f, (nuint)j).StoreUnsafe(ref t, (nuint)j);
        Vector256.LoadUnsafe(ref f, (nuint)(n - 8)).StoreUnsafe(ref t, (nuint)(n - 8));
    }

    // Output layer over the batch: z_i = b + last_i·W; the class and softmax of every row.
    private void Head(float[] p, int[] predictions, float[]? probabilities)
    {
        int n = _count, H = _net.Hidden, C = _net.Classes;
        var z = _logits.AsSpan(0, n * C);
        var b = p.AsSpan(_net.HeadBiasOffset, C);
        for (int i = 0; i < n; i++) CopyShort(b, z.Slice(i * C, C));
        Gemm.NN(n, C, H, _last.AsSpan(0, n * H), H, p.AsSpan(_net.HeadWeightOffset, H * C), C, z, C);
        for (int i = 0; i < n; i++)
        {
            var zi = z.Slice(i * C, C);
            predictions[i] = Vec.Argmax(zi);
            if (probabilities is not null) Network.Softmax(zi, probabilities.AsSpan(i * C, C));
        }
    }

    // Part q: the sequences at sorted positions [from, to), its own prefix tree, depth by depth. The running sequences
    // Run[0 … alive) keep the sorted order, so at depth t those of one depth t − 1 node that share s_t are neighbours:
    // a new node begins wherever the parent or the symbol changes from the sequence before.
    private void RunPart(int q)
    {
        var part = _parts[q] ??= new Part(_net, (int)_cell, _maxBatch, _prefixCache);
        var data = _data!;
        int from = (int)((long)q * _count / _partCount), to = (int)((long)(q + 1) * _count / _partCount);
        int H = _net.Hidden, topLayer = _net.Layers - 1;
        var run = part.Run; var nodeOf = part.NodeOf; var parentOf = part.Parent; var symbolOf = part.Symbol;
        int[][] ids = data.Ids; int[] lengths = data.Lengths;
        int alive = 0;
        for (int k = from; k < to; k++)
        {
            int i = _order[k];
            if (_copyOf[k] >= 0) continue;                                                // a repeat: copied after
            if (lengths[i] > 0) { run[alive] = i; part.RunKey[alive] = _keys[k]; nodeOf[alive] = -1; alive++; }   // all below the root
            else _last.AsSpan(i * H, H).Clear();                                          // h_0 = 0
        }
        // depths 0 … D − 1 through the prefix cache: only the nodes that no earlier batch of this part reached are run
        part.Count(lengths, run.AsSpan(0, alive));
        int cached = part.Cache.Plan(part.Running.AsSpan(0, alive > 0 ? part.Longest : 0), _unknownInBatch), t = cached;
        long steps = cached > 0 && alive > 0 ? RunCachedDepths(part, cached, ref alive) : 0;
        // the symbols of the depths past the cache, depth by depth, in the order the running sequences keep (read through
        // each sequence's own array, they cost a cache miss per sequence and depth)
        part.Transpose(ids, lengths, run.AsSpan(0, alive), t);
        bool chains = false;   // no node is shared any more: every running sequence has its own, in Run's order
        int chainLevels = 0;
        for (int level = 0; alive > 0; t++, level ^= 1)
        {
            int nodes = 0;
            var depthSymbols = part.DepthRow(t, alive);                     // s_t of Run[k], k < alive
            ReadOnlySpan<int> symbols = depthSymbols;                       // s_t of node v
            if (chains)
            {
                // node k continues node k; at the first depth of chains, just after Run was reordered, node k's parent
                // is the node Run[k] had at the depth before
                if (chainLevels == 0)
                    for (int k = 0; k < alive; k++) { parentOf[k] = nodeOf[k]; nodeOf[k] = k; }
                nodes = alive;
            }
            else
            {
                for (int k = 0, parent = int.MinValue, symbol = -1; k < alive; k++)
                {
                    // without a branch (whether a node begins is data, half the time either way where prefixes split):
                    // the slot after the last node always takes (p, x), and becomes a node when they differ
                    int p = nodeOf[k], x = depthSymbols[k];
                    parentOf[nodes] = p; symbolOf[nodes] = x;
                    nodes += (p != parent) | (x != symbol) ? 1 : 0;
                    nodeOf[k] = nodes - 1;
                    parent = p; symbol = x;
                }
                symbols = symbolOf.AsSpan(0, nodes);
            }
            steps += nodes;
            if (t == cached) part.Cache.Observe(t, parentOf.AsSpan(0, nodes), symbols);   // (chains never start at the first depth)
            var keep = !chains ? Keep.Rows : chainLevels++ == 0 ? Keep.FirstChain : Keep.Chain;
            // the parents' states: the depth before's rows, or at the first depth past the cache its last level's
            var before = new Rows(part.H[level ^ 1], part.C[level ^ 1], part.Stride);
            if (t == cached && t > 0) before = new Rows(part.Cache[t - 1]);
            var into = new Rows(part.H[level], part.C[level], part.Stride);
            for (int g = 0; g * L < nodes; g++)
            {
                int count = Math.Min(L, nodes - g * L);
                RunGroup(part, level, g, parentOf.AsSpan(g * L, count), symbols.Slice(g * L, count), t == 0, keep, before, into, g * L);
            }
            // sequences whose last symbol is s_t take the top layer's h of their node; the others run on
            if (chains)
            {
                // longest first: the sequences that end are the last ones, and the others keep their nodes' places
                var top = part.ChainH[level][topLayer];
                for (; alive > 0 && lengths[run[alive - 1]] == t + 1; alive--)
                {
                    int node = alive - 1, at = node / L * H * L + node % L;
                    var last = _last.AsSpan(run[node] * H, H);
                    for (int j = 0; j < H; j++) last[j] = top[at + j * L];
                }
                continue;
            }
            var h = part.H[level][topLayer];
            int stride = part.Stride;
            int still = 0;
            for (int k = 0; k < alive; k++)
            {
                int i = run[k], node = nodeOf[k];
                run[still] = i; nodeOf[still] = node;
                if (lengths[i] > t + 1) still++;
                else Last(h, stride, i, node);
            }
            if (nodes * 8 >= alive * 7)
            {
                // at most one sequence in 8 still shares its node: from here on every running sequence has its own node
                // (a shared one is computed once per sequence, the same bits twice) and they run longest first
                chains = true;
                // by length, longest first, then by node: key = (int.MaxValue − length) · 2³² + node
                var keys = part.Keys.AsSpan(0, still);
                for (int k = 0; k < still; k++) keys[k] = (ulong)(uint)(int.MaxValue - lengths[run[k]]) << 32 | (uint)nodeOf[k];
                RadixSort.Sort(keys, run.AsSpan(0, still), part.KeyScratch, part.RunScratch, part.Counts);
                for (int k = 0; k < still; k++) nodeOf[k] = (int)(keys[k] & 0xFFFFFFFF);
                part.Transpose(ids, lengths, run.AsSpan(0, still), t + 1);
            }
            alive = still;
        }
        _partSteps[q] = steps;
    }

    // Depths 0 … D − 1, through the prefix cache: a sequence's node at depth t is its parent's child for s_t. First each
    // running sequence follows the children that earlier batches made, from the root along its own symbols, as far as
    // they go (one walk per sequence; on a warm cache, the whole way). Neighbours in Run's order share their first
    // symbols, as many as their sort keys' leading equal symbols say (SortByPrefix), so a walk takes the nodes of the
    // walk before it down that far and goes on from there: a few dependent loads per sequence instead of one per depth
    // (the nodes are those a walk from the root reaches: the same prefix has the same children). The sequences that
    // stop short of depth min(length, D) − 1 then go on depth by depth, in Run's order: at depth t each takes its
    // parent's child for s_t, made (and run, in groups) by the first of them that needs it. The sequences that end within
    // the cache take the top layer's h of their last node; the others run on, in Run's order, from their node at depth
    // D − 1. Returns the nodes run.
    private long RunCachedDepths(Part part, int D, ref int alive)
    {
        var cache = part.Cache;
        int V = cache.Vocabulary, topLayer = _net.Layers - 1;
        var run = part.Run; var nodeOf = part.NodeOf; var reached = part.Reached; var pending = part.Pending;
        var parentOf = part.Parent; var symbolOf = part.Symbol;
        int[][] ids = _data!.Ids; int[] lengths = _data.Lengths;
        // children[t]: the child tables of the nodes at depth t − 1 (the root's at t = 0)
        if (part.Children.Length < D) part.Children = new int[Math.Max(D, 2 * part.Children.Length)][];
        var children = part.Children;
        children[0] = cache.RootChildren;
        for (int t = 1; t < D; t++) children[t] = cache[t - 1].Children;
        if (part.Path.Length < D) part.Path = new int[Math.Max(D, 2 * part.Path.Length)];
        var path = part.Path;     // path[d]: the node at depth d of the walk before, for d < its reach
        var runKey = part.RunKey;
        int waiting = 0, walked = 0;
        for (int k = 0; k < alive; k++)
        {
            int[] s = ids[run[k]];
            int end = Math.Min(lengths[run[k]], D);
            // the symbols it shares with the sequence before (their keys' equal leading symbols, at most P of them)
            int shared = k == 0 ? 0 : Math.Min(BitOperations.LeadingZeroCount(runKey[k] ^ runKey[k - 1]) / _keyBits, _keySymbols);
            int d = Math.Min(Math.Min(shared, walked), end);
            int node = d == 0 ? 0 : path[d - 1];
            for (; d < end; d++)
            {
                int child = children[d][node * V + s[d]];
                if (child < 0) break;
                node = child; path[d] = child;
            }
            nodeOf[k] = node; reached[k] = d;   // its node at depth d − 1 (d = 0: the root, node 0)
            walked = d;
            if (d < end) pending[waiting++] = k;
            else if (end == lengths[run[k]] && end > 0)
            {
                // it ends at this node: the top layer's h it takes below is a load from anywhere in the level, asked
                // for now so that the walks of the sequences after it hide the miss
                var level = cache[end - 1];
                Kernels.Prefetch.Row(level.States, node * level.Record + level.HAt(topLayer), _net.Hidden);
            }
        }
        long steps = 0;
        for (int t = 0; t < D && waiting > 0; t++)
        {
            var level = cache[t];
            int[] table = children[t];
            int start = level.Count, created = 0, still = 0;
            for (int w = 0; w < waiting; w++)
            {
                int k = pending[w];
                if (reached[k] == t)
                {
                    int i = run[k], parent = nodeOf[k], symbol = ids[i][t];
                    ref int child = ref table[parent * V + symbol];
                    if (child < 0) { child = level.Add(); parentOf[created] = parent; symbolOf[created] = symbol; created++; }
                    nodeOf[k] = child; reached[k] = t + 1;
                    if (t + 1 >= Math.Min(lengths[i], D)) continue;   // at its last cached depth
                }
                pending[still++] = k;
            }
            waiting = still;
            // the new nodes are columns start … start + created − 1 of the level; their parents, columns of the level before
            var before = t == 0 ? default : new Rows(cache[t - 1]);
            var into = new Rows(level);
            for (int g = 0; g * L < created; g++)
            {
                int count = Math.Min(L, created - g * L);
                RunGroup(part, 0, g, parentOf.AsSpan(g * L, count), symbolOf.AsSpan(g * L, count), t == 0, Keep.Rows, before, into, start + g * L);
            }
            steps += created;
        }
        int running = 0;
        for (int k = 0; k < alive; k++)
        {
            int i = run[k], node = nodeOf[k];
            run[running] = i; nodeOf[running] = node;
            if (lengths[i] > D) running++;
            else
            {
                int H = _net.Hidden;   // a level's node v holds its record at [v · Record] (node-major)
                var last = cache[lengths[i] - 1];
                CopyShort(last.States.AsSpan(node * last.Record + last.HAt(topLayer), H), _last.AsSpan(i * H, H));
            }
        }
        alive = running;
        Array.Clear(children, 0, D);   // no level outlives the cache through these references (a dropped level, Forget)
        return steps;
    }

    /// <summary>
    /// Per layer, h (and the LSTM's c) of a depth's nodes: rows, unit j of node v at [j · Stride + v] (the depths past the
    /// prefix cache, where a group's parents are mostly neighbouring columns), or node-major, a prefix cache level's
    /// records (node v's at [v · Record], every layer's h and c side by side: its nodes are numbered as batches first
    /// reached them, so a group's parents there lie anywhere in the level, and node-major each takes a few neighbouring
    /// cache lines instead of H per layer).
    /// </summary>
    private readonly struct Rows
    {
        private readonly float[][] _h, _c;
        public readonly int Stride;
        public readonly PrefixCache.Level? Level;

        public Rows(float[][] h, float[][] c, int stride) { _h = h; _c = c; Stride = stride; Level = null; }

        public Rows(PrefixCache.Level level) { _h = _c = []; Stride = 0; Level = level; }

        public bool NodeMajor => Level is not null;

        /// <summary>Layer l's h: the array, and where its units begin (node-major, in a record; rows, 0).</summary>
        public float[] H(int l) => Level?.States ?? _h[l];
        public int HAt(int l) => Level?.HAt(l) ?? 0;

        /// <summary>Layer l's c (the LSTM's), as <see cref="H"/>.</summary>
        public float[] C(int l) => Level?.States ?? _c[l];
        public int CAt(int l) => Level?.CAt(l) ?? 0;
    }

    // The top layer's h of `node` (rows of `stride`) as sequence i's last state.
    private void Last(float[] h, int stride, int i, int node)
    {
        int H = _net.Hidden;
        var last = _last.AsSpan(i * H, H);
        for (int j = 0; j < H; j++) last[j] = h[j * stride + node];
    }

    /// <summary>Where a depth's groups find their parents' states and keep their own.</summary>
    private enum Keep
    {
        /// <summary>Rows [H, nodes] of the depth (Part.H, Part.C): parents gathered by column, each group's states stored back.</summary>
        Rows,
        /// <summary>The first depth of chains: parents gathered from the rows, states kept in the group's own blocks (Part.ChainH, ChainC).</summary>
        FirstChain,
        /// <summary>Chains: node k continues node k of the depth before, so a group reads its parents' block in place (c updated in place).</summary>
        Chain,
    }

    // Group g of depth t's nodes, with their symbols (lanes 0 … count − 1; lanes past them read x = 0 and their last
    // parent, or the stale state of a node that ended, never read back): all layers.
    private void RunGroup(Part part, int level, int g, ReadOnlySpan<int> parentColumns, ReadOnlySpan<int> symbols, bool first, Keep keep,
        Rows before, Rows into, int column)
    {
        int H = _net.Hidden, X = _net.InputSize, block = H * L;
        var p = _parameters.AsSpan();
        bool lstm = _cell == LaneCell.Lstm;
        Input(part.X, symbols);
        var parents = first || keep == Keep.Chain ? default : new ParentColumns(parentColumns, part.Columns, before);
        if (!first && keep != Keep.Chain && before.NodeMajor) parents.Prefetch(_net.Layers, H);
        for (int l = 0; l < _net.Layers; l++)
        {
            Span<float> h, c;
            ReadOnlySpan<float> hp = part.Zeros, x;   // h_{−1} = 0, c_{−1} = 0
            if (keep == Keep.Rows)
            {
                h = part.Hg[l]; c = lstm ? part.Cg : default;
                x = l == 0 ? part.X : part.Hg[l - 1];
                if (first) c.Clear();
                else
                {
                    parents.Gather(before.H(l), before.HAt(l), H, part.Hp);
                    hp = part.Hp;
                    if (lstm) parents.Gather(before.C(l), before.CAt(l), H, c);
                }
            }
            else
            {
                h = part.ChainH[level][l].AsSpan(g * block, block);
                c = lstm ? part.ChainC[l].AsSpan(g * block, block) : default;
                x = l == 0 ? part.X : part.ChainH[level][l - 1].AsSpan(g * block, block);
                if (keep == Keep.FirstChain)
                {
                    parents.Gather(before.H(l), before.HAt(l), H, part.Hp);
                    hp = part.Hp;
                    if (lstm) parents.Gather(before.C(l), before.CAt(l), H, c);
                }
                else hp = part.ChainH[level ^ 1][l].AsSpan(g * block, block);
            }
            LaneSteps.Step(_cell, _net.CellParameters(p, l), l == 0 ? X : H, H, x, hp, first, c, part.A, part.Tmp, h);
            if (keep == Keep.Rows)
            {
                Store(h, H, into, into.H(l), into.HAt(l), column, symbols.Length);
                if (lstm) Store(c, H, into, into.C(l), into.CAt(l), column, symbols.Length);
            }
        }
    }

    /// <summary>
    /// A group's parents as columns of the depth before, to gather their states into [H, L] blocks: lane k takes column
    /// parents[k] (lanes past the parents a copy of the last). Mostly each half of the lanes finds its parents among 16
    /// neighbouring columns — below the shared prefixes a sequence runs on in the next column, one that ends leaves a
    /// gap, a branch repeats its parent — and then takes them with two loads and two permutes per row; wider spreads are
    /// copied lane by lane. From a prefix cache level (node-major) each lane's parent is a run of H floats, transposed
    /// into the block (<see cref="NodeMajor"/>). Worked out once per group, used for every layer's h (and c).
    /// </summary>
    private readonly ref struct ParentColumns
    {
        private readonly Span<int> _columns;
        private readonly Rows _before;                 // the depth before's states, where the parents are
        private readonly int _base0, _base1, _last;   // (the last: the largest column read, less L)
        private readonly bool _near, _consecutive;
        private readonly Vector256<int> _at0, _at1;
        private readonly Vector256<float> _high0, _high1;   // lanes taken from the second 8 of their window

        public ParentColumns(ReadOnlySpan<int> parents, Span<int> columns, Rows before)
        {
            _columns = columns; _before = before;
            parents.CopyTo(columns);
            columns.Slice(parents.Length).Fill(parents[^1]);
            if (before.NodeMajor) return;   // (node-major, each lane reads its parent's run of H floats: no windows)
            var c0 = Vector256.Create((ReadOnlySpan<int>)columns.Slice(0, 8));
            var c1 = Vector256.Create((ReadOnlySpan<int>)columns.Slice(8, 8));
            int min0 = int.MaxValue, max0 = int.MinValue, min1 = int.MaxValue, max1 = int.MinValue;
            for (int k = 0; k < 8; k++)
            {
                min0 = Math.Min(min0, c0[k]); max0 = Math.Max(max0, c0[k]);
                min1 = Math.Min(min1, c1[k]); max1 = Math.Max(max1, c1[k]);
            }
            _base0 = min0; _base1 = min1; _last = Math.Max(max0, max1);
            _near = max0 - min0 < 16 && max1 - min1 < 16;
            var step = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            _consecutive = c0 == Vector256.Create(min0) + step && c1 == Vector256.Create(min0 + 8) + step;
            _at0 = c0 - Vector256.Create(min0);
            _at1 = c1 - Vector256.Create(min1);
            _high0 = Vector256.GreaterThan(_at0, Vector256.Create(7)).AsSingle();
            _high1 = Vector256.GreaterThan(_at1, Vector256.Create(7)).AsSingle();
        }

        /// <summary>
        /// dst [H, L] from one layer's h or c of the depth before (<paramref name="rows"/>, one of its arrays; node-major,
        /// the layer's units begin at <paramref name="offset"/> in a record).
        /// </summary>
        public void Gather(float[] rows, int offset, int H, Span<float> dst)
        {
            if (_before.Level is PrefixCache.Level level) NodeMajor.Gather(rows, _columns, level.Record, offset, H, dst);
            else GatherRows(rows, _before.Stride, H, dst);
        }

        /// <summary>
        /// Asks for the cache lines of every layer's parent states at once (node-major: a prefix cache level, whose
        /// nodes mostly lie in memory no recent group touched), so that their misses overlap instead of each layer's
        /// gather waiting on its own.
        /// </summary>
        public void Prefetch(int layers, int H)
        {
            var level = _before.Level!;
            for (int l = 0; l < layers; l++)
                for (int k = 0; k < L; k++)
                {
                    int record = _columns[k] * level.Record;
                    Kernels.Prefetch.Row(level.States, record + level.HAt(l), H);
                    if (level.Record > layers * H) Kernels.Prefetch.Row(level.States, record + level.CAt(l), H);
                }
        }

        // dst [H, L] from rows of `stride` (unit j of node v at [j · stride + v]).
        private void GatherRows(float[] before, int stride, int H, Span<float> dst)
        {
            // the loads below take up to 2L − 1 columns past a parent (the rows are padded by 2L)
            if (dst.Length < H * L || before.Length < (H - 1) * stride + _last + 2 * L) throw new ArgumentException("parents past the rows");
            ref float d = ref MemoryMarshal.GetReference(dst);
            ref float src = ref MemoryMarshal.GetArrayDataReference(before);
            if (_consecutive)
            {
                // the nodes continue L neighbouring columns in their order (sequences that run on, none ending between)
                for (int j = 0; j < H; j++)
                {
                    ref float from = ref Unsafe.Add(ref src, j * stride + _base0);
                    Vector256.LoadUnsafe(ref from).StoreUnsafe(ref d, (nuint)(j * L));
                    Vector256.LoadUnsafe(ref from, 8).StoreUnsafe(ref d, (nuint)(j * L + 8));
                }
                return;
            }
            if (_near)
            {
                for (int j = 0; j < H; j++)
                {
                    ref float row = ref Unsafe.Add(ref src, j * stride);
                    ref float w0 = ref Unsafe.Add(ref row, _base0); ref float w1 = ref Unsafe.Add(ref row, _base1);
                    Vector256.ConditionalSelect(_high0, Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref w0, 8), _at0),
                        Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref w0), _at0)).StoreUnsafe(ref d, (nuint)(j * L));
                    Vector256.ConditionalSelect(_high1, Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref w1, 8), _at1),
                        Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref w1), _at1)).StoreUnsafe(ref d, (nuint)(j * L + 8));
                }
                return;
            }
            for (int k = 0; k < L; k++)
            {
                ref float from = ref Unsafe.Add(ref src, _columns[k]);
                ref float to = ref Unsafe.Add(ref d, k);
                for (int j = 0; j < H; j++) Unsafe.Add(ref to, j * L) = Unsafe.Add(ref from, j * stride);
            }
        }
    }

    // Block [H, L]'s first `count` lanes as nodes column … column + count − 1 of one layer's h or c (`rows`, laid out as
    // `layout` says, the layer's units at `offset` in a node-major record; in rows all L lanes are written, the columns
    // past the nodes being padding).
    private static void Store(ReadOnlySpan<float> block, int H, Rows layout, float[] rows, int offset, int column, int count)
    {
        if (layout.Level is PrefixCache.Level level) NodeMajor.Store(block, H, rows, level.Record, offset, column, count);
        else Store(block, H, rows, layout.Stride, column);
    }

    // Block [H, L] into columns [column, column + L) of rows of `stride`.
    private static void Store(ReadOnlySpan<float> block, int H, float[] rows, int stride, int column)
    {
        if (rows.Length < (H - 1) * stride + column + L || block.Length < H * L) throw new ArgumentException("block past the rows");
        ref float from = ref MemoryMarshal.GetReference(block);
        ref float to = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), column);
        for (int j = 0; j < H; j++)
        {
            Vector256.LoadUnsafe(ref from, (nuint)(j * L)).StoreUnsafe(ref to, (nuint)(j * stride));
            Vector256.LoadUnsafe(ref from, (nuint)(j * L + 8)).StoreUnsafe(ref to, (nuint)(j * stride + 8));
        }
    }

    // x [X, L] of a group from its nodes' ids (lanes past them: no symbol, x = 0): one-hot(id), E[id] or F[id].
    private void Input(float[] x, ReadOnlySpan<int> ids)
    {
        int X = _net.InputSize;
        if (_net.Input == InputKind.OneHot)
        {
            // row q of x: 1 in the lanes whose id is q (two vector compares per row)
            Span<int> lanes = stackalloc int[L];
            lanes.Fill(-1);
            ids.CopyTo(lanes);
            var id0 = Vector256.Create((ReadOnlySpan<int>)lanes.Slice(0, 8)); var id1 = Vector256.Create((ReadOnlySpan<int>)lanes.Slice(8, 8));
            for (int q = 0; q < X; q++)
            {
                var v = Vector256.Create(q);
                (Vector256.Equals(id0, v).AsSingle() & Vector256<float>.One).CopyTo(x, q * L);
                (Vector256.Equals(id1, v).AsSingle() & Vector256<float>.One).CopyTo(x, q * L + 8);
            }
            return;
        }
        var table = _net.Input == InputKind.Embedding ? _parameters.AsSpan(_net.EmbeddingOffset) : _net.FixedTable.AsSpan();
        for (int k = 0; k < L; k++)
        {
            if (k >= ids.Length) { for (int q = 0; q < X; q++) x[q * L + k] = 0f; continue; }
            var e = table.Slice(ids[k] * X, X);
            for (int q = 0; q < X; q++) x[q * L + k] = e[q];
        }
    }

    /// <summary>
    /// One part's scratch: the nodes of a depth (parent, symbol), the running sequences and their nodes, the states of
    /// two depths (t − 1, t) — per layer h (and the LSTM's c) of every node, unit j of node v at [j · Stride + v], or,
    /// once the sequences run as chains, group by group in [units, L] blocks — and a group's x, h_{t−1}, h and c.
    /// </summary>
    private sealed class Part
    {
        public readonly int Stride;                 // columns per row: nodes of a depth, rounded up to whole groups
        public readonly float[][][] H, C;           // [level t mod 2][layer][H · Stride]
        public readonly float[][] Hg;               // [layer][H, L]: a group's h
        public readonly float[][][] ChainH;         // [level t mod 2][layer][groups × H × L]: chains' h, block by block, in H's arrays
        public readonly float[][] ChainC;           // [layer][groups × H × L]: chains' c (the LSTM), updated in place
        public readonly float[] X, Hp, Cg, A, Tmp, Zeros;
        public readonly int[] Parent, Symbol;      // [nodes of a depth]: the parent's node at the depth before (−1: the root), s_t
        public readonly int[] Run, NodeOf;         // [running sequences]: the sequence, its node at this depth
        public readonly ulong[] RunKey;            // [running sequences]: its sort key (SortByPrefix), until RunCachedDepths
        public int[] Path = [];                    // [depth < the cache's]: the nodes of the walk before (RunCachedDepths)
        public readonly ulong[] Keys, KeyScratch;  // [running sequences]: scratch of the sort by length (RadixSort)
        public readonly int[] RunScratch, Counts;  // [running sequences], [RadixSort.CountsLength]: its scratch too
        public readonly int[] Reached, Pending;    // [running sequences]: how deep into the prefix cache each has its node; those still to go on (RunCachedDepths)
        public int[][] Children = [];              // [depth t < the cache's]: the child tables of depth t − 1's nodes (RunCachedDepths)
        public int[] Rows = [], RowStart = [], Next = [];   // Transpose: the symbols depth by depth; where depth d starts; scratch
        public byte[] NarrowRows = [];              // Transpose's symbols as bytes, when every id is below 256 (Narrow)
        public readonly bool Narrow;                // V ≤ 256: the symbols are kept a byte each, a quarter of the memory to touch
        public readonly int[] DepthSymbols;         // [batch] (Narrow) the symbols of the depth being run, widened
        public int[] Running = [];                 // Count: how many of its sequences run at depth d (are longer than d), d < Longest
        public int Longest;                        // Count: the longest sequence's length
        public readonly PrefixCache Cache;         // the first depths' nodes of earlier batches
        public readonly int[] Columns = new int[L]; // a group's parents (ParentColumns)

        public Part(Network net, int gates, int maxBatch, bool prefixCache)   // gates per unit: G / H
        {
            int H = net.Hidden, block = H * L;
            Stride = (maxBatch + L - 1) / L * L;
            bool lstm = LaneSteps.CellOf(net.CellKind) == LaneCell.Lstm;
            this.H = new float[2][][]; C = new float[2][][];
            for (int level = 0; level < 2; level++)
            {
                this.H[level] = new float[net.Layers][];
                C[level] = new float[net.Layers][];
                for (int l = 0; l < net.Layers; l++)
                {
                    this.H[level][l] = new float[H * Stride + 2 * L];   // + 2L: Gather's loads past the last column
                    C[level][l] = lstm ? new float[H * Stride + 2 * L] : [];
                }
            }
            Hg = new float[net.Layers][];
            for (int l = 0; l < net.Layers; l++) Hg[l] = new float[block];
            // The chains' blocks of a depth take the arrays of its rows: a depth keeps its h as rows or as blocks, never
            // both, and the one array it writes holds the states of two depths before, already read (the first depth of
            // chains gathers from the rows of the other level). Half the memory, and half its first touch.
            ChainH = this.H;
            ChainC = new float[net.Layers][];
            for (int l = 0; l < net.Layers; l++) ChainC[l] = lstm ? new float[H * Stride] : [];
            X = new float[net.InputSize * L];
            Hp = new float[block]; Cg = new float[block];
            A = new float[gates * block];
            Tmp = new float[block];
            Zeros = new float[block];
            Parent = new int[Stride]; Symbol = new int[Stride];
            Run = new int[maxBatch]; NodeOf = new int[maxBatch]; RunKey = new ulong[maxBatch];
            Keys = new ulong[maxBatch]; KeyScratch = new ulong[maxBatch];
            RunScratch = new int[maxBatch]; Counts = new int[RadixSort.CountsLength];
            Reached = new int[maxBatch]; Pending = new int[maxBatch];
            // (a batch of lines up to FirstRow symbols fits: none is made in its pass)
            Narrow = net.VocabularySize <= 256;
            if (Narrow) NarrowRows = new byte[maxBatch * EncodedData.FirstRow];
            else Rows = new int[maxBatch * EncodedData.FirstRow];
            DepthSymbols = Narrow ? new int[maxBatch] : [];
            Cache = new PrefixCache(net, lstm, prefixCache);
        }

        /// <summary>Running[d] = how many of <paramref name="seqs"/> are longer than d, for d &lt; Longest, their longest length.</summary>
        public void Count(int[] lengths, ReadOnlySpan<int> seqs)
        {
            int longest = 0;
            foreach (int i in seqs) longest = Math.Max(longest, lengths[i]);
            if (RowStart.Length < longest + 1) { RowStart = new int[2 * longest + 1]; Next = new int[2 * longest + 1]; }
            if (Running.Length < longest) Running = new int[2 * longest];
            Next.AsSpan(0, longest + 1).Clear();
            foreach (int i in seqs) Next[lengths[i]]++;
            for (int d = longest - 1, running = 0; d >= 0; d--) { running += Next[d + 1]; Running[d] = running; }
            Longest = longest;
        }

        /// <summary>
        /// Rows[RowStart[d] + k] (or NarrowRows[…]) = s_d of seqs[k], for d ≥ <paramref name="depth"/> and the k whose sequence is longer
        /// than d, counted in the order of seqs among those — the running sequences of depth d, in the order the pass
        /// keeps them (sorted, dropping those that ended; or longest first). Grows its arrays by doubling.
        /// </summary>
        public void Transpose(int[][] ids, int[] lengths, ReadOnlySpan<int> seqs, int depth)
        {
            Count(lengths, seqs);
            // depth d's rows start where depth d − 1's end; Next[d] is the cursor that fills them
            int total = 0;
            for (int d = depth; d < Longest; d++) { RowStart[d] = total; Next[d] = total; total += Running[d]; }
            if (Narrow)
            {
                if (NarrowRows.Length < total) NarrowRows = new byte[Math.Max(total, 2 * NarrowRows.Length)];
                foreach (int i in seqs)
                {
                    var s = ids[i];
                    for (int d = depth; d < lengths[i]; d++) NarrowRows[Next[d]++] = (byte)s[d];
                }
                return;
            }
            if (Rows.Length < total) Rows = new int[Math.Max(total, 2 * Rows.Length)];
            foreach (int i in seqs)
            {
                var s = ids[i];
                for (int d = depth; d < lengths[i]; d++) Rows[Next[d]++] = s[d];
            }
        }

        /// <summary>
        /// s_t of the running sequences k &lt; <paramref name="alive"/>, as <see cref="Transpose"/> laid them out: in place,
        /// or (Narrow) widened from bytes into <see cref="DepthSymbols"/>, eight at a time where the CPU has AVX2.
        /// </summary>
        public ReadOnlySpan<int> DepthRow(int t, int alive)
        {
            if (!Narrow) return Rows.AsSpan(RowStart[t], alive);
            var from = NarrowRows.AsSpan(RowStart[t], alive);
            var to = DepthSymbols.AsSpan(0, alive);
            int k = 0;
            if (Avx2.IsSupported)
            {
                ref byte f = ref MemoryMarshal.GetReference(from);
                ref int d = ref MemoryMarshal.GetReference(to);
                for (; k + 8 <= alive; k += 8)
                    Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref f, k))).AsByte())
                        .StoreUnsafe(ref d, (nuint)k);
            }
            for (; k < alive; k++) to[k] = from[k];
            return to;
        }
    }
}
