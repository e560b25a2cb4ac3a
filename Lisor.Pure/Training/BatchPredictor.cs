using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// Runs a model on a stream of small batches (the <c>predict</c> command): each call classifies up to
/// <see cref="Model.EvaluationBatch"/> token sequences and gives R's class and softmax probabilities per
/// sequence. The runner and its workspaces are made once and kept; they are made again, larger, only when
/// a batch holds a longer sequence than any before, so memory is bounded by the batch size and the longest
/// sequence, not by the stream; a warm batch allocates nothing. A sequence's answer does not depend on
/// which batch it is in (the same bits
/// as <see cref="Model.Predict(IReadOnlyList{LabeledSequence})"/>).
/// </summary>
internal sealed class BatchPredictor
{
    private readonly Model _model;
    private DataParallel? _runner;
    private int _maxSteps;
    private readonly EncodedData _data = EncodedData.Batch(MaxBatch);   // each batch is encoded into it
    private readonly int[] _order = new int[MaxBatch];
    private readonly long[] _keys = new long[MaxBatch];

    public BatchPredictor(Model model) => _model = model;

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
