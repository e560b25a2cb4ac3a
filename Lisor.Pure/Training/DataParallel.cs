using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// Runs a network over batches on several cores with results that do not depend on the thread
/// count: a batch is cut into a FIXED number of shards (<see cref="Shards"/>, or fewer when the batch
/// has fewer sequences — never depending on --threads); each shard has its own workspace and gradient
/// buffer; the shards' losses and gradients are summed in shard order. Nothing is allocated per batch
/// (the shard loop is a cached delegate run by <see cref="ForkJoin"/>, whose helper threads persist between batches).
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
    private readonly ShardWorkspace[] _shards;
    private readonly Action<int> _runShard;
    private readonly bool _training;
    private readonly long _cellParameters;   // Σ over layers of the cells' parameter counts
    // The batch being run (fields, so the cached delegate needs no closure).
    private float[] _parameters = [];
    private EncodedData? _data;
    private int[] _order = [];
    private int _start, _count, _shardCount;
    private float _scale;
    private int[]? _predictions;
    private float[][]? _hidden;
    private int _hiddenLayer;
    private bool _cellState;

    public DataParallel(Network net, int maxSteps, int maxBatch, bool training)
    {
        _net = net; _training = training;
        foreach (var cell in net.Cells) _cellParameters += cell.ParameterCount;
        int rows = (maxBatch + Shards - 1) / Shards;
        _shards = new ShardWorkspace[Shards];
        for (int s = 0; s < Shards; s++) _shards[s] = new ShardWorkspace(net, maxSteps, rows, training);
        _runShard = RunShard;
    }

    /// <summary>The largest batch this runner takes.</summary>
    public int MaxBatch => Shards * _shards[0].MaxRows;

    /// <summary>
    /// Forward (and, when training, backward) over sequences order[start … start+count−1] of
    /// <paramref name="data"/> (sorted by increasing length). Training: <paramref name="gradient"/> receives
    /// ∂(mean loss)/∂θ (overwritten). Returns (Σ loss, #correct) over rows with a known label.
    /// </summary>
    public (double Loss, int Correct) Run(float[] parameters, EncodedData data, int[] order, int start, int count,
        float[]? gradient = null, int[]? predictions = null, float[][]? hidden = null, int hiddenLayer = 0, bool cellState = false)
    {
        if (count > MaxBatch) throw new ArgumentException($"batch of {count} exceeds {MaxBatch}");
        if (gradient is not null && !_training) throw new InvalidOperationException("this runner was made for evaluation only");
        _parameters = parameters; _data = data; _order = order; _start = start; _count = count;
        _shardCount = Math.Min(Shards, count);
        _scale = gradient is null ? 0f : 1f / count;
        _predictions = predictions; _hidden = hidden; _hiddenLayer = hiddenLayer; _cellState = cellState;
        // Work ≈ rows × steps × cell parameters multiply-adds forward, twice that backward.
        int steps = count == 0 ? 0 : data.Ids[order[start + count - 1]].Length;
        long work = (long)count * steps * _cellParameters * (gradient is null ? 1 : 3);
        if (work < SerialBelow)
            for (int s = 0; s < _shardCount; s++) _runShard(s);
        else
            ForkJoin.ForBlocks(_shardCount, _runShard);
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < _shardCount; s++) { loss += _shards[s].LossSum; correct += _shards[s].Correct; }
        if (gradient is not null)
        {
            // g = g_0 + g_1 + … in shard order: the same sums whatever ran where.
            _shards[0].Gradient.CopyTo(gradient, 0);
            for (int s = 1; s < _shardCount; s++) Vec.Add(gradient, _shards[s].Gradient, gradient);
        }
        _data = null; _predictions = null; _hidden = null;
        return (loss, correct);
    }

    private void RunShard(int s)
    {
        var ws = _shards[s];
        int from = _start + (int)((long)s * _count / _shardCount), to = _start + (int)((long)(s + 1) * _count / _shardCount);
        ws.Load(_data!, _order, from, to - from);
        _net.Forward(_parameters, ws);
        (ws.LossSum, ws.Correct) = _net.Loss(ws, _scale);
        ws.LossSum += StepLoss.Forward(_net, _parameters, ws, _scale);
        if (_predictions is not null)
            for (int i = 0; i < ws.Rows; i++) _predictions[ws.Sequence[i]] = ws.Predicted[i];
        if (_hidden is not null) CopyHidden(ws);
        if (_scale == 0f) return;
        Array.Clear(ws.Gradient);
        _net.Backward(_parameters, ws, ws.Gradient);
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
}
