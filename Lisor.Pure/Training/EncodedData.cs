using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>A data set as symbol ids and class indices (−1 for a label the model does not know).</summary>
internal sealed class EncodedData
{
    public int[][] Ids { get; }
    public int[] Labels { get; }
    public int Count => Ids.Length;
    /// <summary>Length of the longest sequence (0 when all are empty or there are none).</summary>
    public int MaxLength { get; }

    public EncodedData(IReadOnlyList<LabeledSequence> data, Vocabulary vocabulary, Func<string, int> classIndex)
    {
        Ids = new int[data.Count][];
        Labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            Ids[i] = vocabulary.Encode(data[i].Tokens);
            Labels[i] = classIndex(data[i].Label);
            MaxLength = Math.Max(MaxLength, Ids[i].Length);
        }
    }

    /// <summary>All indices sorted by increasing length (ties by index): the order evaluation batches are cut from.</summary>
    public int[] ByLength()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        var keys = order.Select(i => (long)Ids[i].Length * Count + i).ToArray();
        Array.Sort(keys, order);
        return order;
    }
}
