using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

/// <summary>
/// Length-bucketed mini-batches for one epoch: shuffle all sequences, sort them by length (the
/// shuffle decides the order among equal lengths), cut the sorted list into batches of consecutive
/// sequences (so a batch holds sequences of similar length and packs tightly), then shuffle the
/// order of the batches. All buffers are allocated once.
/// </summary>
internal sealed class EpochPlan
{
    private readonly EncodedData _data;
    private readonly int _batch;
    private readonly long[] _keys;
    private readonly int[] _batchOrder;

    public EpochPlan(EncodedData data, int batch)
    {
        _data = data; _batch = batch;
        Order = new int[data.Count];
        _keys = new long[data.Count];
        _batchOrder = new int[(data.Count + batch - 1) / batch];
    }

    /// <summary>Sequence indices, increasing length within each batch.</summary>
    public int[] Order { get; }
    public int BatchCount => _batchOrder.Length;

    /// <summary>Where the b-th batch of the epoch lies in <see cref="Order"/>.</summary>
    public (int Start, int Count) Batch(int b)
    {
        int start = _batchOrder[b] * _batch;
        return (start, Math.Min(_batch, Order.Length - start));
    }

    public void Shuffle(Rng rng)
    {
        int n = Order.Length;
        for (int i = 0; i < n; i++) Order[i] = i;
        rng.Shuffle(Order.AsSpan());
        // key = length · n + rank after the shuffle: sorting by it is a stable sort by length.
        for (int i = 0; i < n; i++) _keys[i] = (long)_data.Ids[Order[i]].Length * n + i;
        Array.Sort(_keys, Order);
        for (int b = 0; b < _batchOrder.Length; b++) _batchOrder[b] = b;
        rng.Shuffle(_batchOrder.AsSpan());
    }
}
