namespace Lisor.Pure.Training;

/// <summary>
/// The prefix tree's first depths, kept from batch to batch by one part of <see cref="LaneInference"/> (method.md §7,
/// "Shared prefixes once"): every node a batch reached at depth t below the depth it plans for (<see cref="Plan"/>) keeps its states, so a later
/// batch that reaches the same prefix takes them instead of running it again. A state is a function of its prefix
/// alone, so a cached state has the bits the node would get in any batch.
/// <para>
/// Level t holds the nodes of depth t (the states after s_0 … s_t): node by node, a record of every layer's h (and the
/// LSTM's c) side by side (unit j of layer l's h of node v at [v · R + l · units + j], its c at [v · R + (layers + l) · units
/// + j], R = <see cref="Level.Record"/>: a batch's groups take their parents from anywhere in a level, and each then reads
/// a few neighbouring cache lines rather than one per unit; and a level's nodes fill one array from its start, so a
/// level of a few nodes touches a page or two), and each node's children by symbol (node v's child for
/// symbol s at Children[v · V + s], −1 when not yet run, or <see cref="Met"/>); the root's children are <see cref="RootChildren"/>.
/// A level is made once, with room for every prefix of its depth up to <see cref="MaxLevelNodes"/> (of the V − 1
/// symbols of the training vocabulary until a batch holds &lt;unk&gt;; then it grows, once) — when it cannot
/// hold every prefix of its depth, only once a census of the prefixes batches met there says they fit
/// (<see cref="Observe"/>, <see cref="Population"/>); it is used in a
/// batch only while it can take a new node for every sequence running at that depth, within the cache's memory budget; the first level that cannot caps the
/// cache's depth for good (deeper prefixes share little, and memory stays bounded: at most
/// <see cref="BudgetWords"/> 4-byte words of states and child tables per part, 16 MB). Only one-hot and embedding alphabets of at most
/// <see cref="MaxVocabulary"/> symbols are cached (the child tables are [nodes, V]).
/// </para>
/// </summary>
internal sealed class PrefixCache
{
    /// <summary>The largest vocabulary whose prefixes are cached.</summary>
    public const int MaxVocabulary = 64;

    /// <summary>The most nodes one level holds.</summary>
    public const int MaxLevelNodes = 4096;

    /// <summary>The most 4-byte words of all levels together, states (h, c) and child tables (16 MB).</summary>
    public const long BudgetWords = 4L << 20;

    private readonly int _layers, _hidden, _vocabulary;
    private readonly bool _lstm, _enabled;
    private readonly List<Level> _levels = [];
    private int _limit;              // the depth the cache may still reach
    private bool _unknownMet;        // whether a batch has held <unk> (Plan: the prefixes a depth can hold)
    private long _words;             // 4-byte words allocated over all levels (states and child tables)
    private long[] _seen = [];       // [depth] sequences that ran there in earlier batches
    // [depth] the census of the first depth past the cache (Observe): Σ n_b · M_b, Σ m_b, and M (prefixes marked)
    private double[] _captures = [];
    private long[] _recaptures = [];
    private long[] _marked = [];

    /// <summary>In a child table: no node, but a batch has met this prefix (<see cref="Observe"/>). Like −1, not a node.</summary>
    public const int Met = -2;

    /// <summary>The children of the root: the level-0 node of each symbol, or −1.</summary>
    public readonly int[] RootChildren;

    /// <summary>
    /// A cache for the states of <paramref name="net"/>'s layers; always empty (depth 0) when its vocabulary is too large
    /// or <paramref name="enabled"/> is false (to measure what the cache saves: `bench predict --prefix-cache both`).
    /// </summary>
    public PrefixCache(Network net, bool lstm, bool enabled = true)
    {
        _layers = net.Layers; _hidden = net.Hidden; _vocabulary = net.VocabularySize; _lstm = lstm;
        _enabled = enabled;
        _limit = enabled && _vocabulary <= MaxVocabulary ? int.MaxValue : 0;
        RootChildren = new int[Math.Min(_vocabulary, MaxVocabulary)];
        Array.Fill(RootChildren, -1);
    }

    /// <summary>The vocabulary size V of the child tables.</summary>
    public int Vocabulary => _vocabulary;

    /// <summary>Levels that hold nodes (some may be past the depth a batch uses).</summary>
    public int Levels => _levels.Count;

    /// <summary>Levels made since the cache was new or forgotten, dropped ones included.</summary>
    public int LevelsMade { get; private set; }

    /// <summary>Level t (t &lt; <see cref="Levels"/>).</summary>
    public Level this[int t] => _levels[t];

    /// <summary>
    /// The depth this batch's part uses: levels 0 … D − 1, each grown (if need be) to take a new node for every one of
    /// the <paramref name="runningAt"/>[t] sequences running at depth t. A level is taken up once earlier batches ran
    /// at least as many sequences at its depth as it may hold nodes (min(V^(t+1), <see cref="MaxLevelNodes"/>)): before
    /// that its nodes would mostly be met once, and keeping them costs their memory's first touch (the first batches of a
    /// short stream run as without the cache). Levels that cannot take their sequences are dropped for good.
    /// <para>
    /// A level's room is for the prefixes its depth can hold: (V − 1)^(t+1) while no sequence has held &lt;unk&gt; (id 0,
    /// a symbol outside the training vocabulary), V^(t+1) from the batch that first brings one
    /// (<paramref name="unknownInBatch"/>, true when not known) — on a binary alphabet 2^(t+1) nodes instead of 3^(t+1),
    /// a level's memory (the GC clears the smaller arrays when it makes them) for the prefixes that occur. From then on
    /// a level made smaller is kept only while it can still take the batch's new nodes.
    /// </para>
    /// </summary>
    public int Plan(ReadOnlySpan<int> runningAt, bool unknownInBatch = true)
    {
        _unknownMet |= unknownInBatch;
        int depth = 0;
        for (; depth < runningAt.Length && depth < _limit; depth++)
        {
            long prefixes = Prefixes(depth, _unknownMet ? _vocabulary : _vocabulary - 1);
            if (depth == _levels.Count)
            {
                if (Seen(depth) < Math.Min(Prefixes(depth, _vocabulary), MaxLevelNodes)) break;   // not yet worth keeping
                // room for every prefix of t + 1 symbols, at most MaxLevelNodes, and a group's worth spare (the slack of
                // the rows this layout replaced, kept so that a level is taken up and dropped where it was)
                int capacity = Room(prefixes);
                // a level that cannot hold every prefix of its depth is made only when the prefixes the batches met there
                // (as counted by Population) fit in it with room for a batch's new nodes: else it would fill with nodes met
                // once and be dropped, their memory's first touch for nothing
                if (capacity < prefixes + Kernels.LaneProduct.Lanes && !Fits(Population(depth), runningAt[depth], prefixes, capacity)) break;
                var made = new Level(_layers, _hidden, _vocabulary, _lstm, capacity);
                long words = (long)made.Capacity * made.WordsPerNode;
                if (_words + words > BudgetWords) { Drop(depth); break; }
                _levels.Add(made);
                LevelsMade++;
                _words += words;
            }
            var level = _levels[depth];
            // a new node for each running sequence, but no more than there are prefixes
            if (!Fits(level.Count, runningAt[depth], prefixes, level.Capacity))
            {
                // a level made before <unk> came, for (V − 1)^(t+1) prefixes, grows to the room its depth now needs (once);
                // a level that cannot hold its prefixes whatever its size is dropped
                int room = Room(prefixes);
                long more = (long)(room - level.Capacity) * level.WordsPerNode;
                if (room <= level.Capacity || !Fits(level.Count, runningAt[depth], prefixes, room) || _words + more > BudgetWords) { Drop(depth); break; }
                level.Grow(room);
                _words += more;
            }
        }
        if (_seen.Length < runningAt.Length) Array.Resize(ref _seen, Math.Max(runningAt.Length, 2 * _seen.Length));
        for (int t = 0; t < runningAt.Length; t++) _seen[t] += runningAt[t];
        return depth;
    }

    // The nodes a level of a depth with `prefixes` prefixes has room for: every prefix, at most MaxLevelNodes, and a
    // group's columns spare.
    private static int Room(long prefixes) => (int)Math.Min(MaxLevelNodes, prefixes + Kernels.LaneProduct.Lanes);

    // Whether a level of `capacity` nodes holding `nodes` can take a new node for each of `running` sequences, but no
    // more than there are prefixes, and a group's columns spare.
    private static bool Fits(long nodes, int running, long prefixes, int capacity)
        => Math.Min(Math.Min(nodes, prefixes) + running, prefixes) + Kernels.LaneProduct.Lanes <= capacity;

    // Sequences that ran at depth t in the batches planned before.
    private long Seen(int t) => t < _seen.Length ? _seen[t] : 0;

    /// <summary>
    /// A census of depth <paramref name="t"/> = <see cref="Levels"/>, the first depth past the cache, taken by each batch
    /// that runs there: its distinct prefixes of t + 1 symbols, node parents[i] of level t − 1 followed by symbols[i].
    /// Each is marked <see cref="Met"/> in its parent's child table, and the batch counts how many were marked by the
    /// batches before (<see cref="Population"/>). Depth 0 (whose V prefixes every level can hold) and depths past the
    /// cache's bound for good are not counted.
    /// </summary>
    public void Observe(int t, ReadOnlySpan<int> parents, ReadOnlySpan<int> symbols)
    {
        if (t == 0 || t != _levels.Count || t >= _limit) return;   // (past the cache's bound no level is made: nothing to count)
        if (_marked.Length <= t)
        {
            int n = Math.Max(t + 1, 2 * _marked.Length);
            Array.Resize(ref _captures, n); Array.Resize(ref _recaptures, n); Array.Resize(ref _marked, n);
        }
        int[] table = _levels[t - 1].Children;
        long before = _marked[t], recaptured = 0;
        for (int i = 0; i < parents.Length; i++)
        {
            ref int child = ref table[parents[i] * _vocabulary + symbols[i]];
            if (child == Met) recaptured++;
            else { child = Met; _marked[t]++; }
        }
        _captures[t] += (double)parents.Length * before;
        _recaptures[t] += recaptured;
    }

    /// <summary>
    /// How many prefixes depth <paramref name="t"/> holds, as a mark–recapture census estimates it from the batches that
    /// ran there as the first depth past the cache (<see cref="Observe"/>; Schnabel's estimator): batch b met n_b
    /// distinct prefixes, m_b of them among the M_b that batches before it had met, so N ≈ Σ n_b · M_b / Σ m_b — and at
    /// least the prefixes met. Unbounded (<see cref="long.MaxValue"/>) while no batch has met a prefix again. Prefixes
    /// met more often than others are met again sooner, so a skewed depth can look smaller than it is; a level made on
    /// such an estimate is still dropped when it cannot take a batch's new nodes (<see cref="Plan"/>).
    /// </summary>
    public long Population(int t)
    {
        if (t >= _marked.Length || _recaptures[t] == 0) return long.MaxValue;
        return Math.Max(_marked[t], (long)Math.Ceiling(_captures[t] / _recaptures[t]));
    }

    // S^(t+1), the prefixes of t + 1 symbols of an alphabet of S (capped: only compared with at most MaxLevelNodes)
    private static long Prefixes(int t, int symbols)
    {
        long n = 1;
        for (int d = 0; d <= t && n <= MaxLevelNodes; d++) n *= symbols;
        return n;
    }

    /// <summary>Forgets every node, every sequence seen and the depth reached: the cache is as new.</summary>
    public void Forget()
    {
        Array.Fill(RootChildren, -1);
        Array.Clear(_seen);
        Array.Clear(_captures); Array.Clear(_recaptures); Array.Clear(_marked);
        _levels.Clear();
        _unknownMet = false;
        LevelsMade = 0;
        _words = 0;
        _limit = _enabled && _vocabulary <= MaxVocabulary ? int.MaxValue : 0;
    }

    // Levels from `depth` on are not used again.
    private void Drop(int depth)
    {
        _limit = depth;
        for (int t = depth; t < _levels.Count; t++) _words -= (long)_levels[t].Capacity * _levels[t].WordsPerNode;
        _levels.RemoveRange(depth, _levels.Count - depth);
        if (depth > 0) _levels[depth - 1].Children.AsSpan(0, _levels[depth - 1].Count * _vocabulary).Fill(-1);   // their children are gone with them
        else Array.Fill(RootChildren, -1);
    }

    /// <summary>The nodes of one depth.</summary>
    internal sealed class Level
    {
        private readonly int _vocabulary;
        private readonly int _layers, _hidden;
        public int Count;                     // nodes held
        public int Capacity { get; private set; }   // nodes it has room for
        public readonly int Record;           // floats per node: every layer's h, then (the LSTM) every layer's c
        public float[] States { get; private set; }   // [Capacity · Record], node-major
        public int[] Children { get; private set; }   // [Capacity · V]: node v's child for symbol s at the next depth, or −1 (Met: none, but met)

        // The states are not zeroed: a node's are written before they are read, so a level costs the memory of the nodes
        // it fills, not of its capacity (zeroing the capacity of every level made the first batch of a process twice as
        // slow). One array for all its states, not one per layer: each array's first page is touched when it is made (its
        // header), so a level of a few nodes costs a page or two instead of one per layer. The child table is set node by
        // node (Add).
        public Level(int layers, int hidden, int vocabulary, bool lstm, int capacity)
        {
            _vocabulary = vocabulary; _layers = layers; _hidden = hidden;
            Capacity = capacity;
            Record = layers * hidden * (lstm ? 2 : 1);
            States = GC.AllocateUninitializedArray<float>(capacity * Record);
            Children = GC.AllocateUninitializedArray<int>(capacity * vocabulary);
            WordsPerNode = Record + vocabulary;
        }

        /// <summary>Where layer <paramref name="layer"/>'s h begins in a node's record.</summary>
        public int HAt(int layer) => layer * _hidden;

        /// <summary>Where layer <paramref name="layer"/>'s c (the LSTM's) begins in a node's record.</summary>
        public int CAt(int layer) => (_layers + layer) * _hidden;

        /// <summary>4-byte words per node: its states and its child table.</summary>
        public int WordsPerNode { get; }

        /// <summary>Room for <paramref name="capacity"/> nodes, those held kept with their numbers (PrefixCache.Plan, between batches).</summary>
        public void Grow(int capacity)
        {
            if (capacity <= Capacity) throw new ArgumentOutOfRangeException(nameof(capacity), "a level only grows");
            var states = GC.AllocateUninitializedArray<float>(capacity * Record);
            var children = GC.AllocateUninitializedArray<int>(capacity * _vocabulary);
            States.AsSpan(0, Count * Record).CopyTo(states);
            Children.AsSpan(0, Count * _vocabulary).CopyTo(children);
            States = states; Children = children; Capacity = capacity;
        }

        /// <summary>A new node (the next column), with no children yet.</summary>
        public int Add()
        {
            int v = Count++;
            Children.AsSpan(v * _vocabulary, _vocabulary).Fill(-1);
            return v;
        }

    }
}
