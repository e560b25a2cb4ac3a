using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// Runs a model on a stream of small batches (the <c>predict</c> command): each call classifies up to
/// <see cref="Model.EvaluationBatch"/> token sequences and gives R's class and softmax probabilities per
/// sequence. Small SRN, MGU, GRU and LSTM cells run lane-major (<see cref="LaneInference"/>: sequences side by side
/// in SIMD lanes), the others row-major (<see cref="DataParallel"/>, as <see cref="Model.Predict(IReadOnlyList{LabeledSequence})"/>);
/// the two agree to float rounding (the same bits where every unit of the row-major cells takes 256-bit arithmetic).
/// Lane-major, a sequence's answer depends on nothing else in its batch (lanes never mix); row-major, on the batch's
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
    private readonly EncodedData _data = EncodedData.Batch(MaxBatch);   // each batch is encoded into it
    private readonly int[] _order = new int[MaxBatch];
    private readonly long[] _keys = new long[MaxBatch];

    /// <summary>A predictor for <paramref name="model"/>; <paramref name="lanes"/> false keeps small cells on the row-major
    /// forward pass too (to compare the two).</summary>
    public BatchPredictor(Model model, bool lanes = true)
    {
        _model = model;
        if (lanes && LaneInference.Takes(model.Network)) _lanes = new LaneInference(model.Network, MaxBatch);
    }

    /// <summary>Whether batches run lane-major (<see cref="LaneInference"/>) rather than row-major.</summary>
    public bool RunsLanes => _lanes is not null;

    /// <summary>The largest batch <see cref="Predict"/> takes.</summary>
    public static int MaxBatch => Model.EvaluationBatch;

    /// <summary>
    /// Classifies <paramref name="batch"/> (labels are ignored): <paramref name="classes"/>[i] = argmax_c z_ic and
    /// <paramref name="probabilities"/>[i · C + c] = softmax(z_i)_c, for i &lt; batch.Count.
    /// </summary>
    public void Predict(IReadOnlyList<LabeledSequence> batch, int[] classes, float[] probabilities)
    {
        if (batch.Count > MaxBatch) throw new ArgumentException($"a batch of {batch.Count} exceeds {MaxBatch}", nameof(batch));
        if (batch.Count == 0) return;
        _data.Refill(batch, _model.Vocabulary);
        if (_lanes is not null)
        {
            _data.ByLength(_order, _keys);
            _lanes.Run(_model.Weights, _data, _order, 0, _data.Count, classes, probabilities);
            return;
        }
        if (_runner is null || _data.MaxLength > _maxSteps)
        {
            // Grow by doubling so a stream of slowly lengthening lines re-allocates O(log length) times.
            _maxSteps = Math.Max(_data.MaxLength, Math.Max(16, 2 * _maxSteps));
            _runner = new DataParallel(_model.Network, _maxSteps, MaxBatch, training: false);
        }
        _data.ByLength(_order, _keys);
        _runner.Run(_model.Weights, _data, _order, 0, _data.Count, predictions: classes, probabilities: probabilities);
    }
}
