using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The points LISOR clusters (METHOD.md §1 step 2): the hidden state h_t of one layer at every step
/// t = 1…T_i of every sequence i of a data set (h_0 is not recorded). Points are stored row-major,
/// sequence after sequence, so point p of sequence i at step j (1-based) sits at
/// <c>Offsets[i] + j − 1</c>.
/// </summary>
public sealed class HiddenPoints
{
    /// <summary>All points, row-major [N, Dim].</summary>
    public float[] Points { get; }
    /// <summary>N: number of points (Σ T_i).</summary>
    public int Count { get; }
    /// <summary>Size of one point (the hidden size).</summary>
    public int Dim { get; }
    /// <summary>For each point, the index i of its sequence (0-based).</summary>
    public int[] SequenceIndex { get; }
    /// <summary>For each point, its step j within its sequence (1-based, as in METHOD.md §5).</summary>
    public int[] Step { get; }
    /// <summary>For each sequence, the index of its first point (length n + 1; the last entry is N).</summary>
    public int[] Offsets { get; }
    /// <summary>The layer the points come from (0-based).</summary>
    public int Layer { get; }

    private HiddenPoints(float[] points, int count, int dim, int[] sequenceIndex, int[] step, int[] offsets, int layer)
    {
        Points = points; Count = count; Dim = dim; SequenceIndex = sequenceIndex; Step = step; Offsets = offsets; Layer = layer;
    }

    /// <summary>Runs <paramref name="model"/> over <paramref name="data"/> and records layer <paramref name="layer"/>'s states (−1 = top).</summary>
    public static HiddenPoints Of(Model model, IReadOnlyList<LabeledSequence> data, int layer = -1)
    {
        int resolved = layer < 0 ? model.Layers + layer : layer;
        if (resolved < 0 || resolved >= model.Layers)
            throw new ArgumentException($"--layer {layer}: the model has layers 0…{model.Layers - 1} (−1 = top)");
        float[][] states = model.HiddenStates(data, resolved);
        int dim = model.Hidden;
        var offsets = new int[data.Count + 1];
        for (int i = 0; i < data.Count; i++) offsets[i + 1] = offsets[i] + data[i].Tokens.Length;
        int n = offsets[^1];
        var points = new float[(long)n * dim];
        var sequenceIndex = new int[n];
        var step = new int[n];
        for (int i = 0; i < data.Count; i++)
        {
            states[i].AsSpan(0, data[i].Tokens.Length * dim).CopyTo(points.AsSpan(offsets[i] * dim));
            for (int j = 0; j < data[i].Tokens.Length; j++)
            {
                sequenceIndex[offsets[i] + j] = i;
                step[offsets[i] + j] = j + 1;
            }
        }
        return new HiddenPoints(points, n, dim, sequenceIndex, step, offsets, resolved);
    }

    /// <summary>Splits per-point cluster ids into one array per sequence (the FSA learner's input).</summary>
    public int[][] PerSequence(int[] assignments)
    {
        var result = new int[Offsets.Length - 1][];
        for (int i = 0; i < result.Length; i++) result[i] = assignments[Offsets[i]..Offsets[i + 1]];
        return result;
    }
}
