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
    private readonly int[] _shuffled;     // [n] the shuffled indices before sorting
    private readonly int[] _lengthStart;  // [maxLength + 2] counting sort: first slot of each length
    private readonly int[] _batchOrder;

    public EpochPlan(EncodedData data, int batch)
    {
        _data = data; _batch = batch;
        Order = new int[data.Count];
        _shuffled = new int[data.Count];
        _lengthStart = new int[data.MaxLength + 2];
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
        for (int i = 0; i < n; i++) _shuffled[i] = i;
        rng.Shuffle(_shuffled.AsSpan());
        // A stable sort by length (ties keep the shuffled order): counting sort over the lengths
        // 0 … MaxLength, O(n) and nothing generic to compile on the first epoch.
        var start = _lengthStart;
        Array.Clear(start);
        foreach (int s in _shuffled) start[_data.Lengths[s] + 1]++;
        for (int len = 1; len < start.Length; len++) start[len] += start[len - 1];
        foreach (int s in _shuffled) Order[start[_data.Lengths[s]]++] = s;
        for (int b = 0; b < _batchOrder.Length; b++) _batchOrder[b] = b;
        rng.Shuffle(_batchOrder.AsSpan());
    }
}
