using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using System.Runtime.Intrinsics;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// The forward pass of <see cref="Network"/> for inference with small cells (H ≤ <see cref="MaxHidden"/>), with the
/// sequences across SIMD lanes: a batch sorted by length is cut into groups of <see cref="LaneProduct.Lanes"/>
/// sequences, and each group runs all its layers step by step in lane-major vectors [units, Lanes]
/// (<see cref="LaneSteps"/>), which stay in L1. At the paper's 3 × 10 the row-major cells spend as much time on
/// the bookkeeping of 10-wide products and per-row element-wise calls as on arithmetic; here every lane carries a
/// sequence and every element-wise call covers a whole group. A group runs for its longest sequence; a shorter one
/// reads x_t = 0 after its end and its lanes' later values are never read: the top layer's h at a sequence's own last
/// step is copied out as that step is reached (h_0 = 0 for an empty sequence). The output layer z = h·W + b and
/// softmax are <see cref="Network"/>'s own.
/// Results equal the row-major forward pass's (<see cref="DataParallel"/>) to float rounding: the products add in
/// the same order, and every element takes the 256-bit form of σ and tanh, where the row-major cells give a row's
/// last H mod 8 units the 128-bit or scalar form (differences of an ulp there, carried on through the steps).
/// Groups are independent, so they run on up to --threads cores with the same bits. Scratch is made once per
/// group slot: a warm batch allocates nothing.
/// </summary>
internal sealed class LaneInference
{
    /// <summary>The widest hidden size that takes this path: `bench predict --path both` at 3 × H and at 1 × H, length 100, found
    /// lanes faster up to 64 (1.06–1.4×) and the LSTM slower from 128 on, where row-major products fill their registers.</summary>
    public const int MaxHidden = 64;

    private const int L = LaneProduct.Lanes;
    private readonly Network _net;
    private readonly LaneCell _cell;
    private readonly long _cellParameters;          // Σ over layers: the multiply-adds of one step of one sequence
    private readonly Group[] _groups;
    private readonly float[] _last;                 // [batch, H]: the top layer's h at each sequence's last step
    private readonly float[] _logits;               // [batch, C]
    private readonly Action<int> _runGroup;
    // The batch being run (fields, so the cached delegate needs no closure).
    private float[] _parameters = [];
    private EncodedData? _data;
    private int[] _order = [];
    private int _start, _count;

    /// <summary>Whether <paramref name="net"/> runs here on this CPU: an SRN, MGU, GRU or LSTM of H ≤ <see cref="MaxHidden"/>
    /// with inputs of at most <see cref="GemmDriver.KC"/> numbers, on the Vector256 path.</summary>
    public static bool Takes(Network net)
        => KernelPaths.Best == KernelPath.Vector256 && LaneSteps.CellOf(net.CellKind) != LaneCell.None && net.Hidden <= MaxHidden
           && net.InputSize <= GemmDriver.KC;

    public LaneInference(Network net, int maxBatch)
    {
        if (!Takes(net)) throw new ArgumentException($"a {net.CellKind} network of {net.Hidden} units does not run lane-major on this CPU");
        _net = net;
        _cell = LaneSteps.CellOf(net.CellKind);
        foreach (var cell in net.Cells) _cellParameters += cell.ParameterCount;
        _groups = new Group[(maxBatch + L - 1) / L];
        _last = new float[maxBatch * net.Hidden];
        _logits = new float[maxBatch * net.Classes];
        _runGroup = RunGroup;
    }

    /// <summary>The largest batch this runner takes.</summary>
    public int MaxBatch => _groups.Length * L;

    /// <summary>
    /// Classifies sequences order[start … start + count − 1] of <paramref name="data"/> (sorted by increasing length):
    /// predictions[i] = argmax_c z_ic and, when given, probabilities[i · C + c] = softmax(z_i)_c, with i the sequence's
    /// index in <paramref name="data"/>.
    /// </summary>
    public void Run(float[] parameters, EncodedData data, int[] order, int start, int count, int[] predictions, float[]? probabilities)
    {
        if (count > MaxBatch) throw new ArgumentException($"batch of {count} exceeds {MaxBatch}", nameof(count));
        if (count == 0) return;
        _parameters = parameters; _data = data; _order = order; _start = start; _count = count;
        int groups = (count + L - 1) / L;
        long work = (long)count * data.Lengths[order[start + count - 1]] * _cellParameters;
        if (work < DataParallel.SerialBelow)
            for (int g = 0; g < groups; g++) RunGroup(g);
        else
            ForkJoin.ForBlocks(groups, _runGroup);
        Head(parameters, predictions, probabilities);
        _data = null;
    }

    // Output layer over the batch, in batch order: z_i = b + last_i·W; the class and softmax of every row.
    private void Head(float[] p, int[] predictions, float[]? probabilities)
    {
        int n = _count, H = _net.Hidden, C = _net.Classes;
        var z = _logits.AsSpan(0, n * C);
        var b = p.AsSpan(_net.HeadBiasOffset, C);
        for (int i = 0; i < n; i++) b.CopyTo(z.Slice(i * C, C));
        Gemm.NN(n, C, H, _last.AsSpan(0, n * H), H, p.AsSpan(_net.HeadWeightOffset, H * C), C, z, C);
        for (int i = 0; i < n; i++)
        {
            int seq = _order[_start + i];
            var zi = z.Slice(i * C, C);
            predictions[seq] = Vec.Argmax(zi);
            if (probabilities is not null) Network.Softmax(zi, probabilities.AsSpan(seq * C, C));
        }
    }

    // Group g: batch rows [16g, 16g + 16) (fewer in the last group), all layers, all steps of its longest sequence.
    private void RunGroup(int g)
    {
        var space = _groups[g] ??= new Group(_net, (int)_cell);
        var data = _data!;
        int H = _net.Hidden, X = _net.InputSize, layers = _net.Layers;
        int row0 = g * L, rows = Math.Min(L, _count - row0);
        Span<int> seq = stackalloc int[L], length = stackalloc int[L];
        for (int k = 0; k < L; k++)
        {
            seq[k] = k < rows ? _order[_start + row0 + k] : -1;
            length[k] = k < rows ? data.Lengths[seq[k]] : 0;
        }
        int steps = length[rows - 1];   // the group's longest (rows are sorted by increasing length)
        // ids [steps, L]: lane k's symbol at step t, −1 past its end (and in lanes past the batch)
        var ids = space.Ids(steps);
        for (int k = 0; k < L; k++)
        {
            var row = k < rows ? data.Ids[seq[k]].AsSpan(0, length[k]) : default;
            for (int t = 0; t < steps; t++) ids[t * L + k] = t < row.Length ? row[t] : -1;
        }
        int next = 0;   // the next row to end (rows end in order: they are sorted by length)
        for (; next < rows && length[next] == 0; next++) _last.AsSpan((row0 + next) * H, H).Clear();   // h_0 = 0
        foreach (var c in space.C) Array.Clear(c);   // c_{−1} = 0
        var p = _parameters.AsSpan();
        for (int t = 0; t < steps; t++)
        {
            Input(space.X, ids.AsSpan(t * L, L));
            bool first = t == 0;
            for (int l = 0; l < layers; l++)
            {
                var hp = space.Hidden(l, t - 1);
                var h = space.Hidden(l, t);
                ReadOnlySpan<float> x = l == 0 ? space.X : space.Hidden(l - 1, t);
                LaneSteps.Step(_cell, _net.CellParameters(p, l), l == 0 ? X : H, H, x, hp, first,
                    space.C[l], space.A, space.Tmp, h);
            }
            // rows whose last step this was: their top-layer h, lane k of every unit row j
            var top = space.Hidden(layers - 1, t);
            for (; next < rows && length[next] == t + 1; next++)
            {
                var last = _last.AsSpan((row0 + next) * H, H);
                for (int j = 0; j < H; j++) last[j] = top[j * L + next];
            }
        }
    }

    // x_t [X, L] of the group from its lanes' ids (−1: no symbol, x = 0): one-hot(id), E[id] or F[id].
    private void Input(float[] x, ReadOnlySpan<int> ids)
    {
        int X = _net.InputSize;
        if (_net.Input == InputKind.OneHot)
        {
            // row q of x: 1 in the lanes whose id is q (two vector compares per row)
            var id0 = Vector256.Create(ids.Slice(0, 8)); var id1 = Vector256.Create(ids.Slice(8, 8));
            for (int q = 0; q < X; q++)
            {
                var v = Vector256.Create(q);
                (Vector256.Equals(id0, v).AsSingle() & Vector256<float>.One).CopyTo(x, q * L);
                (Vector256.Equals(id1, v).AsSingle() & Vector256<float>.One).CopyTo(x, q * L + 8);
            }
            return;
        }
        var table = _net.Input == InputKind.Embedding ? _parameters.AsSpan(_net.EmbeddingOffset) : _net.FixedTable.AsSpan();
        for (int k = 0; k < L; k++)
        {
            int id = ids[k];
            if (id < 0) { for (int q = 0; q < X; q++) x[q * L + k] = 0f; continue; }
            var e = table.Slice(id * X, X);
            for (int q = 0; q < X; q++) x[q * L + k] = e[q];
        }
    }

    /// <summary>One group's lane-major state: x_t, h of every layer at two steps (t − 1, t), the LSTM's c, and scratch.</summary>
    private sealed class Group
    {
        public readonly float[] X;
        public readonly float[][] H;        // per layer [2, H, L]: step t in half t mod 2; h_{−1} = 0 is the Zeros block
        public readonly float[][] C;        // per layer [H, L] (the LSTM's c_t, updated in place; zero at the start)
        public readonly float[] A, Tmp, Zeros;
        private readonly int _block;
        private int[] _ids = new int[16 * L];

        /// <summary>Room for the ids of <paramref name="steps"/> steps [steps, L] (grown by doubling).</summary>
        public int[] Ids(int steps)
        {
            if (_ids.Length < steps * L) _ids = new int[Math.Max(steps, 2 * _ids.Length / L) * L];
            return _ids;
        }

        public Group(Network net, int gates)   // gates per unit: G / H
        {
            int H = net.Hidden;
            _block = H * L;
            X = new float[net.InputSize * L];
            this.H = new float[net.Layers][];
            C = new float[net.Layers][];
            for (int l = 0; l < net.Layers; l++) { this.H[l] = new float[2 * _block]; C[l] = new float[_block]; }
            A = new float[gates * _block];
            Tmp = new float[_block];
            Zeros = new float[_block];
        }

        public Span<float> Hidden(int layer, int t) => t < 0 ? Zeros : H[layer].AsSpan((t & 1) * _block, _block);
    }
}
