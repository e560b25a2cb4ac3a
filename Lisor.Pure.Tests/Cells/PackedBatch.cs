using Lisor.Pure.Cells;
using Lisor.Pure.Cells.Reference;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Cells;

/// <summary>
/// A ragged batch in the cells' packed time-major layout (sequences sorted by decreasing length,
/// active[t] running rows), with helpers to run stacked float cells forward and backward and the
/// double reference of the same stack on each sequence alone.
/// </summary>
internal sealed class PackedBatch
{
    public int[] Lengths { get; }
    public int Steps { get; }
    public int Batch { get; }
    public int[] Active { get; }

    public PackedBatch(params int[] lengths)
    {
        Lengths = lengths;
        Batch = lengths.Length;
        Steps = lengths.Length == 0 ? 0 : lengths.Max();
        Active = new int[Steps];
        for (int t = 0; t < Steps; t++) Active[t] = lengths.Count(len => len > t);
    }

    public bool IsActive(int t, int row) => row < Active[t];

    /// <summary>[T, batch, width] with U(−1, 1) in active rows and <paramref name="padding"/> (or 0) elsewhere.</summary>
    public float[] Random(int width, Rng rng, Func<float>? padding = null)
    {
        var a = new float[Steps * Batch * width];
        for (int t = 0; t < Steps; t++)
            for (int i = 0; i < Batch; i++)
                for (int j = 0; j < width; j++)
                    a[(t * Batch + i) * width + j] = IsActive(t, i) ? rng.Uniform(-1f, 1f) : padding?.Invoke() ?? 0f;
        return a;
    }

    /// <summary>Sequence <paramref name="row"/> of a packed [T, batch, width] array, in double.</summary>
    public double[][] Sequence(float[] packed, int row, int width)
    {
        var s = new double[Lengths[row]][];
        for (int t = 0; t < s.Length; t++)
        {
            s[t] = new double[width];
            for (int j = 0; j < width; j++) s[t][j] = packed[(t * Batch + row) * width + j];
        }
        return s;
    }

    /// <summary>Every sequence of a packed [T, batch, width] array, in double: [batch][len][width].</summary>
    public double[][][] Sequences(float[] packed, int width) => Enumerable.Range(0, Batch).Select(i => Sequence(packed, i, width)).ToArray();

    /// <summary>Σ_t Σ_rows w_t · h_t of the double reference stack run on each sequence alone: the random linear loss of the tests.</summary>
    public double ReferenceLoss(RecurrentCell[] cells, double[][] parameters, double[][][] xs, float[] w)
    {
        int H = cells[^1].HiddenSize;
        double loss = 0;
        for (int i = 0; i < Batch; i++)
        {
            var s = xs[i];
            for (int l = 0; l < cells.Length; l++) s = ReferenceCells.Run(cells[l].Kind, parameters[l], cells[l].InputSize, cells[l].HiddenSize, s);
            for (int t = 0; t < s.Length; t++)
                for (int j = 0; j < H; j++) loss += w[(t * Batch + i) * H + j] * s[t][j];
        }
        return loss;
    }

    /// <summary>Forward of a float stack: the hidden states of every layer, [T, batch, H] each.</summary>
    public float[][] Forward(RecurrentCell[] cells, float[][] parameters, CellWorkspace[] ws, float[] x, float fill = 0f)
    {
        var hs = new float[cells.Length][];
        ReadOnlySpan<float> input = x;
        for (int l = 0; l < cells.Length; l++)
        {
            hs[l] = new float[Steps * Batch * cells[l].HiddenSize];
            Array.Fill(hs[l], fill);
            cells[l].Forward(parameters[l], ws[l], input, Batch, Active, hs[l]);
            input = hs[l];
        }
        return hs;
    }

    /// <summary>Backward of a float stack from ∂L/∂h_top = w: ∂L/∂θ of every layer and ∂L/∂x.</summary>
    public (float[][] DParameters, float[] Dx) Backward(RecurrentCell[] cells, float[][] parameters, CellWorkspace[] ws, float[] x, float[][] hs, float[] w)
    {
        var dps = cells.Select(c => new float[c.ParameterCount]).ToArray();
        var dh = (float[])w.Clone();
        var dx = new float[x.Length];
        Array.Fill(dx, 5f);   // overwritten by the bottom layer
        for (int l = cells.Length - 1; l >= 0; l--)
        {
            float[] input = l > 0 ? hs[l - 1] : x;
            float[] dInput = l > 0 ? new float[hs[l - 1].Length] : dx;
            cells[l].Backward(parameters[l], ws[l], input, Batch, Active, hs[l], dh, dInput, dps[l]);
            dh = dInput;
        }
        return (dps, dx);
    }
}
