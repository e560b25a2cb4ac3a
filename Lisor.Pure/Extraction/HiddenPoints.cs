using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The points LISOR clusters (docs/method.md §1 step 2): the hidden state h_t of one layer at every step
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
    /// <summary>For each point, its step j within its sequence (1-based, as in docs/method.md §5).</summary>
    public int[] Step { get; }
    /// <summary>For each sequence, the index of its first point (length n + 1; the last entry is N).</summary>
    public int[] Offsets { get; }
    /// <summary>The layer the points come from (0-based), or <see cref="AllLayers"/>.</summary>
    public int Layer { get; }
    /// <summary>Where the top layer's h_t starts inside a point (−1 when the top layer is not part of it).</summary>
    public int TopOffset { get; }

    /// <summary>The <c>layer</c> value asking for the whole stacked state [h_t of layer 0, …, h_t of the top layer].</summary>
    public const int AllLayers = int.MinValue;

    private HiddenPoints(float[] points, int count, int dim, int[] sequenceIndex, int[] step, int[] offsets, int layer, int topOffset)
    {
        Points = points; Count = count; Dim = dim; SequenceIndex = sequenceIndex; Step = step; Offsets = offsets; Layer = layer;
        TopOffset = topOffset;
    }

    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="data"/> and records layer <paramref name="layer"/>'s
    /// states (−1 = top), or with <see cref="AllLayers"/> the whole stacked state: the concatenation of
    /// every layer's h_t, which — unlike the top layer alone — determines the next state (our extension).
    /// </summary>
    public static HiddenPoints Of(Model model, IReadOnlyList<LabeledSequence> data, int layer = -1)
    {
        if (layer == AllLayers) return OfAllLayers(model, data);
        int resolved = layer < 0 ? model.Layers + layer : layer;
        if (resolved < 0 || resolved >= model.Layers)
            throw new SettingArgumentException(n => $"{n(new Setting(nameof(layer), $"{layer}"))}: the model has layers 0…{model.Layers - 1} (−1 = top)");
        return Build(data, [model.HiddenStates(data, resolved)], model.Hidden, resolved, resolved == model.Layers - 1 ? 0 : -1);
    }

    private static HiddenPoints OfAllLayers(Model model, IReadOnlyList<LabeledSequence> data)
    {
        var perLayer = Enumerable.Range(0, model.Layers).Select(l => model.HiddenStates(data, l)).ToArray();
        return Build(data, perLayer, model.Hidden, AllLayers, (model.Layers - 1) * model.Hidden);
    }

    /// <summary>Lays the layers' states of each step side by side: point = [h_t of perLayer[0], h_t of perLayer[1], …].</summary>
    private static HiddenPoints Build(IReadOnlyList<LabeledSequence> data, float[][][] perLayer, int hidden, int layer, int topOffset)
    {
        int parts = perLayer.Length, dim = parts * hidden;
        var offsets = new int[data.Count + 1];
        for (int i = 0; i < data.Count; i++) offsets[i + 1] = offsets[i] + data[i].Tokens.Length;
        int n = offsets[^1];
        var points = new float[(long)n * dim];
        var sequenceIndex = new int[n];
        var step = new int[n];
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < data[i].Tokens.Length; j++)
            {
                int p = offsets[i] + j;
                sequenceIndex[p] = i;
                step[p] = j + 1;
                for (int l = 0; l < parts; l++)
                    perLayer[l][i].AsSpan(j * hidden, hidden).CopyTo(points.AsSpan(p * dim + l * hidden, hidden));
            }
        return new HiddenPoints(points, n, dim, sequenceIndex, step, offsets, layer, topOffset);
    }

    /// <summary>Splits per-point cluster ids into one array per sequence (the FSA learner's input).</summary>
    public int[][] PerSequence(int[] assignments)
    {
        var result = new int[Offsets.Length - 1][];
        for (int i = 0; i < result.Length; i++) result[i] = assignments[Offsets[i]..Offsets[i + 1]];
        return result;
    }
}
