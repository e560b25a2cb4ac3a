using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// A data set as symbol ids and class indices (−1 for a label the model does not know). Sequence i is
/// Ids[i][0 … Lengths[i] − 1]; an Ids row may be longer than its sequence when the data set is a reused batch
/// (<see cref="Batch"/>, <see cref="Refill"/>), so readers take the length from <see cref="Lengths"/>.
/// </summary>
internal sealed class EncodedData
{
    public int[][] Ids { get; }
    public int[] Labels { get; }
    /// <summary>Lengths[i] = the number of symbols of sequence i.</summary>
    public int[] Lengths { get; }
    public int Count { get; private set; }
    /// <summary>Length of the longest sequence (0 when all are empty or there are none).</summary>
    public int MaxLength { get; private set; }

    public EncodedData(IReadOnlyList<LabeledSequence> data, Vocabulary vocabulary, Func<string, int> classIndex)
    {
        Count = data.Count;
        Ids = new int[Count][];
        Labels = new int[Count];
        Lengths = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            Ids[i] = vocabulary.Encode(data[i].Tokens);
            Labels[i] = classIndex(data[i].Label);
            Lengths[i] = Ids[i].Length;
            MaxLength = Math.Max(MaxLength, Lengths[i]);
        }
    }

    // Every row is made now, for FirstRow symbols: a batch of lines that short fills rows that exist (the first batch of
    // a `predict` stream used to make its 1024 rows as it encoded them, a fifth of its inference time on the paper's task).
    private EncodedData(int capacity)
    {
        Ids = new int[capacity][];
        for (int i = 0; i < capacity; i++) Ids[i] = new int[FirstRow];
        Labels = new int[capacity];
        Lengths = new int[capacity];
    }

    /// <summary>
    /// An empty, reusable batch of up to <paramref name="capacity"/> sequences for <see cref="Refill"/>: the
    /// `predict` stream encodes every batch into it, so a warm batch allocates nothing, nor does the first one while its
    /// sequences have at most <see cref="FirstRow"/> symbols.
    /// </summary>
    public static EncodedData Batch(int capacity) => new(capacity);

    /// <summary>
    /// Replaces the contents of a <see cref="Batch"/> by <paramref name="data"/> encoded with
    /// <paramref name="vocabulary"/> (labels −1: unknown). A row grows (by doubling) only when a sequence is
    /// longer than every one it held before.
    /// </summary>
    public void Refill(IReadOnlyList<LabeledSequence> data, Vocabulary vocabulary)
    {
        if (data.Count > Ids.Length) throw new ArgumentException($"a batch of {data.Count} exceeds {Ids.Length}", nameof(data));
        Clear();
        for (int i = 0; i < data.Count; i++)
        {
            var tokens = data[i].Tokens;
            vocabulary.Encode(tokens, Add(tokens.Length));
        }
    }

    /// <summary>The fewest symbols a row of a <see cref="Batch"/> is made for.</summary>
    public const int FirstRow = 32;

    /// <summary>Empties a <see cref="Batch"/> (for <see cref="Add"/>).</summary>
    public void Clear()
    {
        Count = 0;
        MaxLength = 0;
    }

    /// <summary>
    /// Appends a sequence of <paramref name="length"/> symbols (label −1: unknown) to a <see cref="Batch"/> and returns
    /// where its ids go. Its row (made with the batch for <see cref="FirstRow"/> symbols) grows, by doubling, only when
    /// the sequence is longer than every one it held before: a stream of lines of up to that many symbols allocates no row.
    /// </summary>
    public Span<int> Add(int length)
    {
        int i = Count;
        if (i == Ids.Length) throw new ArgumentException($"a batch of more than {Ids.Length}");
        if (Ids[i].Length < length) Ids[i] = new int[Math.Max(Math.Max(length, FirstRow), 2 * Ids[i].Length)];
        Labels[i] = -1;
        Lengths[i] = length;
        MaxLength = Math.Max(MaxLength, length);
        Count = i + 1;
        return Ids[i].AsSpan(0, length);
    }

    /// <summary>All indices sorted by increasing length (ties by index): the order evaluation batches are cut from.</summary>
    public int[] ByLength()
    {
        var order = new int[Count];
        ByLength(order, new long[Count]);
        return order;
    }

    /// <summary>
    /// <see cref="ByLength()"/> into order[0 … Count − 1], with <paramref name="keys"/> (as long) as scratch:
    /// key_i = length_i · Count + i sorts by length, then index.
    /// </summary>
    public void ByLength(Span<int> order, Span<long> keys)
    {
        for (int i = 0; i < Count; i++) { order[i] = i; keys[i] = (long)Lengths[i] * Count + i; }
        keys[..Count].Sort(order[..Count]);
    }
}
