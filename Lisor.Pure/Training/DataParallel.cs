using Lisor.Pure.Common;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// Runs a network over batches on several cores with results that do not depend on the thread
/// count: a batch is cut into a FIXED number of shards (<see cref="Shards"/>, or fewer when the batch
/// has fewer sequences — never depending on --threads); each shard has its own gradient buffer; the
/// shards' losses and gradients are summed in shard order. The activations live in workspaces taken from
/// a small pool, one per shard RUNNING at a time (so one thread touches one workspace, not four: at
/// 1 × 256, length 100, 19 MB instead of 77 MB of first-touch page faults and cache footprint); a shard
/// overwrites everything it reads in its workspace, so which one it gets never changes a bit. Nothing is
/// allocated per batch once the pool has grown (the shard loop is a cached delegate run by
/// <see cref="ForkJoin"/>, whose helper threads persist between batches).
/// </summary>
internal sealed class DataParallel
{
    /// <summary>How many shards a batch is cut into.</summary>
    public const int Shards = 4;

    /// <summary>
    /// Batches estimated below this many multiply-adds run their shards one after the other on the calling
    /// thread: waking a pool thread and joining it costs tens of µs (much more on a busy machine), as much
    /// as a whole batch of the paper's 3 × 10 SRN (≈ 0.65 M multiply-adds, ≈ 0.15 ms). Where a shard runs
    /// never changes what it computes, so results stay bit-identical.
    /// </summary>
    public const long SerialBelow = 1_000_000;

    private readonly Network _net;
    private readonly int _maxSteps, _maxRows;
    private readonly ShardWorkspace?[] _pool = new ShardWorkspace?[Shards];   // created when first needed
    private readonly int[] _poolBusy = new int[Shards];                       // 1 while a shard runs in that workspace
    private readonly double[] _lossSum = new double[Shards];                  // per shard, summed in shard order
    private readonly int[] _correct = new int[Shards];
    private readonly float[][] _gradients;                                    // per shard ∂L/∂θ (training only)
    private readonly Action<int> _runShard;
    private readonly bool _training;
    private readonly bool _rolling;                                           // forward-only workspaces (keepSteps false)
    private readonly long _cellParameters;   // Σ over layers of the cells' parameter counts
    // The batch being run (fields, so the cached delegate needs no closure).
    private float[] _parameters = [];
    private EncodedData? _data;
    private int[] _order = [];
    private int _start, _count, _shardCount;
    private float _scale;
    private long _version;                           // this batch's CellWorkspace.ParameterVersion
    private static long s_versions;                  // source of versions, unique in the process
    private int[]? _predictions;
    private float[][]? _hidden;
    private float[]? _probabilities;                 // [count of the data, C] softmax outputs, when asked for
    private int _hiddenLayer;
    private bool _cellState;

    /// <summary>
    /// A runner of batches of up to <paramref name="maxBatch"/> sequences of up to <paramref name="maxSteps"/> symbols.
    /// <paramref name="keepSteps"/> false (forward only) lets the cells keep two steps of their per-step caches instead of
    /// every step (<see cref="Cells.CellWorkspace.Rolling"/>): the same results, less memory touched; the cell states of
    /// every step (Run's cellState) then cannot be asked for.
    /// </summary>
    public DataParallel(Network net, int maxSteps, int maxBatch, bool training, bool keepSteps = true)
    {
        _net = net; _training = training;
        if (training && !keepSteps) throw new ArgumentException("training keeps every step", nameof(keepSteps));
        _rolling = !keepSteps;
        foreach (var cell in net.Cells) _cellParameters += cell.ParameterCount;
        _maxSteps = Math.Max(1, maxSteps);
        _maxRows = Math.Max(1, (maxBatch + Shards - 1) / Shards);
        _gradients = new float[training ? Shards : 0][];
        for (int s = 0; s < _gradients.Length; s++) _gradients[s] = new float[net.ParameterCount];
        _pool[0] = new ShardWorkspace(net, _maxSteps, _maxRows, training, _rolling);
        _runShard = RunShard;
    }

    /// <summary>
    /// For tests: when set, a batch's shards run one after the other on the calling thread in this order (shards
    /// beyond the batch's count are skipped), so a test can force every completion order and prove the sums
    /// do not depend on it.
    /// </summary>
    internal int[]? ShardRunOrder { get; set; }

    /// <summary>The largest batch this runner takes.</summary>
    public int MaxBatch => Shards * _maxRows;

    /// <summary>
    /// Forward (and, when training, backward) over sequences order[start … start+count−1] of
    /// <paramref name="data"/> (sorted by increasing length). Training: <paramref name="gradient"/> receives
    /// ∂(mean loss)/∂θ (overwritten). <paramref name="probabilities"/> [data.Count, C], when given, receives
    /// softmax(z) of each sequence run. Returns (Σ loss, #correct) over rows with a known label.
    /// </summary>
    public (double Loss, int Correct) Run(float[] parameters, EncodedData data, int[] order, int start, int count,
        float[]? gradient = null, int[]? predictions = null, float[][]? hidden = null, int hiddenLayer = 0, bool cellState = false,
        float[]? probabilities = null)
    {
        if (count > MaxBatch) ThrowTooLarge(count);
        if (gradient is not null && !_training) throw new InvalidOperationException("this runner was made for evaluation only");
        if (cellState && hidden is not null && _rolling) throw new InvalidOperationException("this runner keeps two steps of the cell states, not every step");
        _parameters = parameters; _data = data; _order = order; _start = start; _count = count;
        _shardCount = Math.Min(Shards, count);
        _scale = gradient is null ? 0f : 1f / count;
        _version = Interlocked.Increment(ref s_versions);   // the parameters may have changed since the last call
        _predictions = predictions; _hidden = hidden; _hiddenLayer = hiddenLayer; _cellState = cellState;
        _probabilities = probabilities;
        // Work ≈ rows × steps × cell parameters multiply-adds forward, twice that backward.
        int steps = count == 0 ? 0 : data.Lengths[order[start + count - 1]];
        long work = (long)count * steps * _cellParameters * (gradient is null ? 1 : 3);
        if (ShardRunOrder is int[] runOrder)
            foreach (int s in runOrder) { if (s < _shardCount) _runShard(s); }
        else if (work < SerialBelow)
            for (int s = 0; s < _shardCount; s++) _runShard(s);
        else
            ForkJoin.ForBlocks(_shardCount, _runShard);
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < _shardCount; s++) { loss += _lossSum[s]; correct += _correct[s]; }
        if (gradient is not null)
        {
            // g = g_0 + g_1 + … in shard order: the same sums whatever ran where.
            _gradients[0].CopyTo(gradient, 0);
            for (int s = 1; s < _shardCount; s++) Vec.Add(gradient, _gradients[s], gradient);
        }
        _data = null; _predictions = null; _hidden = null; _probabilities = null;
        return (loss, correct);
    }

    private void RunShard(int s)
    {
        int slot = Acquire();
        try { RunShard(s, _pool[slot]!); }
        finally { Volatile.Write(ref _poolBusy[slot], 0); }
    }

    // A free workspace of the pool (at most Shards shards run at once, so one is always free), created on first use.
    private int Acquire()
    {
        for (int slot = 0; ; slot = (slot + 1) % Shards)
            if (Interlocked.CompareExchange(ref _poolBusy[slot], 1, 0) == 0)
            {
                _pool[slot] ??= new ShardWorkspace(_net, _maxSteps, _maxRows, _training, _rolling);
                return slot;
            }
    }

    private void RunShard(int s, ShardWorkspace ws)
    {
        int from = _start + (int)((long)s * _count / _shardCount), to = _start + (int)((long)(s + 1) * _count / _shardCount);
        ws.Load(_data!, _order, from, to - from);
        foreach (var cellSpace in ws.CellSpace) cellSpace.ParameterVersion = _version;   // shards of one batch share the packed weights
        _net.Forward(_parameters, ws);
        (double loss, _correct[s]) = _net.Loss(ws, _scale);
        // (the step loss is called only when it is on: it is then not even compiled, a few ms of the first batch)
        _lossSum[s] = _net.StepLossWeight > 0 ? loss + StepLoss.Forward(_net, _parameters, ws, _scale) : loss;
        if (_predictions is not null)
            for (int i = 0; i < ws.Rows; i++) _predictions[ws.Sequence[i]] = ws.Predicted[i];
        if (_hidden is not null) CopyHidden(ws);
        if (_probabilities is not null)
            for (int i = 0; i < ws.Rows; i++)
                Network.Softmax(ws.Logits.AsSpan(i * _net.Classes, _net.Classes), _probabilities.AsSpan(ws.Sequence[i] * _net.Classes, _net.Classes));
        if (_scale == 0f) return;
        Array.Clear(_gradients[s]);
        _net.Backward(_parameters, ws, _gradients[s]);
    }

    /// <summary>
    /// hidden[seq] = that sequence's h_t (or, with cellState, c_t) of the chosen layer for t = 1 … T_seq,
    /// row-major [T_seq, H].
    /// </summary>
    private void CopyHidden(ShardWorkspace ws)
    {
        int H = _net.Hidden, n = ws.Rows;
        for (int i = 0; i < n; i++) _hidden![ws.Sequence[i]] = new float[ws.Lengths[i] * H];
        for (int t = 0; t < ws.Steps; t++)
        {
            int active = ws.Active[t];
            // rows [active, H] of step t: h from the layer's output, c from the cell (into the DLastH scratch)
            ReadOnlySpan<float> rows = ws.H[_hiddenLayer].AsSpan(t * n * H, active * H);
            if (_cellState)
            {
                var c = ws.DLastH.AsSpan(0, active * H);
                ((Cells.ICellStateSource)_net.Cells[_hiddenLayer]).CopyCellState(ws.CellSpace[_hiddenLayer], n, t, active, c);
                rows = c;
            }
            for (int i = 0; i < active; i++) rows.Slice(i * H, H).CopyTo(_hidden![ws.Sequence[i]].AsSpan(t * H, H));
        }
    }

    // (out of line: formatting the message would otherwise be compiled into the caller, inside the first timed batch)
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowTooLarge(int count) => throw new ArgumentException($"batch of {count} exceeds {MaxBatch}");
}
