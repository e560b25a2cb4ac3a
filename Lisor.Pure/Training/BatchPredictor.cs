using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// Runs a model on a stream of small batches (the <c>predict</c> command): each call classifies up to
/// <see cref="BatchSize"/> token sequences and gives R's class and softmax probabilities per
/// sequence. Small SRN, MGU, GRU and LSTM cells run lane-major (<see cref="LaneInference"/>: sequences side by side
/// in SIMD lanes), the others row-major (<see cref="DataParallel"/>, as <see cref="Model.Predict(IReadOnlyList{LabeledSequence})"/>);
/// the two agree to float rounding (the same bits where every unit of the row-major cells takes 256-bit arithmetic).
/// Lane-major, a sequence's answer depends on nothing else in its batch (lanes never mix, and a prefix shared with
/// other sequences is computed once with the same bits); row-major, on the batch's
/// composition only through where its row falls (the last units of a span take the 128-bit or scalar forms).
/// The runners and their workspaces are made once and kept; the row-major one is made again, larger, only when
/// a batch holds a longer sequence than any before, so memory is bounded by the batch size and the longest
/// sequence, not by the stream; a warm batch allocates nothing.
/// </summary>
internal sealed class BatchPredictor
{
    private readonly Model _model;
    private DataParallel? _runner;
    private readonly LaneInference? _lanes;   // small cells on the Vector256 path: sequences across SIMD lanes
    private int _maxSteps;
    private readonly EncodedData _data;   // each batch is encoded into it
    private readonly int[] _order = [];   // the row-major pass's order (by length) and its sort keys
    private readonly long[] _keys = [];

    /// <summary>A predictor for <paramref name="model"/>; <paramref name="lanes"/> false keeps small cells on the row-major
    /// forward pass too (to compare the two), <paramref name="prefixCache"/> false keeps no prefix from batch to batch.</summary>
    public BatchPredictor(Model model, bool lanes = true, bool prefixCache = true)
    {
        _model = model;
        if (lanes && LaneInference.Takes(model.Network))
        {
            BatchSize = LaneBatch;
            _lanes = new LaneInference(model.Network, BatchSize, prefixCache);
        }
        else
        {
            BatchSize = Model.EvaluationBatch;
            _order = new int[BatchSize];
            _keys = new long[BatchSize];
        }
        _data = EncodedData.Batch(BatchSize);
    }

    /// <summary>
    /// Forgets the prefixes of earlier batches (lane-major, their states are kept to serve later batches that share them:
    /// <see cref="PrefixCache"/>), so that the next batch runs as the first would; the answers are the same either way.
    /// </summary>
    public void Forget() => _lanes?.Forget();

    /// <summary>The prefix caches of the lane-major pass's parts (none row-major): for tests.</summary>
    internal IEnumerable<PrefixCache> Caches => _lanes?.Caches ?? [];

    /// <summary>Whether batches run lane-major (<see cref="LaneInference"/>) rather than row-major.</summary>
    public bool RunsLanes => _lanes is not null;

    /// <summary>Symbols of all sequences classified so far (Σ lengths).</summary>
    public long Symbols => _lanes?.Symbols ?? _rowSymbols;

    /// <summary>
    /// Steps the RNN computed for them (each: every layer's state after one symbol): as many as <see cref="Symbols"/>
    /// row-major; lane-major, a prefix shared by sequences of a batch counts once.
    /// </summary>
    public long Steps => _lanes?.Steps ?? _rowSymbols;

    private long _rowSymbols;

    /// <summary>
    /// The largest batch <see cref="Predict"/> takes: <see cref="LaneBatch"/> lane-major, else <see cref="Model.EvaluationBatch"/>
    /// (the row-major pass's results depend on the batch only through where a row falls, which this keeps as it was).
    /// </summary>
    public int BatchSize { get; }

    /// <summary>
    /// Sequences per lane-major batch: the more sequences, the more prefixes they share, each computed once (on the
    /// paper's 000 task, 13 745 steps for 37 117 symbols: docs/results-performance/prefix-sharing.md).
    /// </summary>
    public const int LaneBatch = 1024;

    /// <summary>The largest <see cref="BatchSize"/> of any predictor (to size the caller's buffers).</summary>
    public static int MaxBatch => Math.Max(LaneBatch, Model.EvaluationBatch);

    /// <summary>
    /// Classifies <paramref name="batch"/> (labels are ignored): <paramref name="classes"/>[i] = argmax_c z_ic and
    /// <paramref name="probabilities"/>[i · C + c] = softmax(z_i)_c, for i &lt; batch.Count.
    /// </summary>
    public void Predict(IReadOnlyList<LabeledSequence> batch, int[] classes, float[] probabilities)
    {
        if (batch.Count > BatchSize) throw new ArgumentException($"a batch of {batch.Count} exceeds {BatchSize}", nameof(batch));
        _data.Refill(batch, _model.Vocabulary);
        PredictAdded(classes, probabilities);
    }

    /// <summary>
    /// Starts a batch given symbol by symbol (<see cref="Add"/>, then <see cref="PredictAdded"/>): for a caller that reads
    /// the symbols from its own buffers (the <c>predict</c> command), so that no per-sequence object is made.
    /// </summary>
    public void Clear() => _data.Clear();

    /// <summary>Appends a sequence of <paramref name="length"/> symbols to the batch; the caller writes their ids into the span returned.</summary>
    public Span<int> Add(int length) => _data.Add(length);

    /// <summary>The symbols added since <see cref="Clear"/> that are outside the model's vocabulary (read as &lt;unk&gt;).</summary>
    public long UnknownAdded()
    {
        long unknown = 0;
        for (int i = 0; i < _data.Count; i++) unknown += _data.Ids[i].AsSpan(0, _data.Lengths[i]).Count(Vocabulary.UnknownId);
        return unknown;
    }

    /// <summary>As <see cref="Predict"/> for the sequences added since <see cref="Clear"/>.</summary>
    public void PredictAdded(int[] classes, float[] probabilities)
    {
        if (_data.Count == 0) return;
        if (_lanes is not null)
        {
            _lanes.Run(_model.Weights, _data, classes, probabilities);
            return;
        }
        if (_runner is null || _data.MaxLength > _maxSteps)
        {
            // Grow by doubling so a stream of slowly lengthening lines re-allocates O(log length) times.
            _maxSteps = Math.Max(_data.MaxLength, Math.Max(16, 2 * _maxSteps));
            _runner = new DataParallel(_model.Network, _maxSteps, BatchSize, training: false, keepSteps: false);   // forward only
        }
        for (int i = 0; i < _data.Count; i++) _rowSymbols += _data.Lengths[i];
        _data.ByLength(_order, _keys);
        _runner.Run(_model.Weights, _data, _order, 0, _data.Count, predictions: classes, probabilities: probabilities);
    }
}
