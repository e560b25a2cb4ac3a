using Lisor.Pure.Cells;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

/// <summary>How symbols become the input vectors x_t of the first layer.</summary>
public enum InputKind
{
    /// <summary>x_t = one-hot(id), X = vocabulary size.</summary>
    OneHot = 0,
    /// <summary>x_t = E[id], a trainable table E [V, X] (part of the parameters).</summary>
    Embedding = 1,
    /// <summary>x_t = F[id], fixed pre-trained vectors F [V, X] (not trained; unknown words are 0).</summary>
    FixedVectors = 2,
}

/// <summary>
/// The classifier R of docs/method.md §1: input vectors → L stacked cells → the top layer's hidden state at
/// each sequence's own last step (h_0 = 0 for an empty sequence) → logits z = h·W + b → softmax.
/// All trainable parameters live in one flat buffer with named views, in this order:
///     [embedding E [V, X] (only for InputKind.Embedding)] [cell 0] … [cell L−1] [W [H, C]] [b [C]]
/// Forward and backward run on one <see cref="ShardWorkspace"/> (a packed time-major batch).
/// </summary>
internal sealed class Network
{
    public string CellKind { get; }
    public int Hidden { get; }          // H
    public int Layers { get; }          // L
    public int Classes { get; }         // C
    public int VocabularySize { get; }  // V
    public int InputSize { get; }       // X
    public InputKind Input { get; }
    /// <summary>F [V, X] for <see cref="InputKind.FixedVectors"/>, else null.</summary>
    public float[]? FixedTable { get; }
    public RecurrentCell[] Cells { get; }

    public int EmbeddingOffset => 0;
    public int EmbeddingLength { get; }
    public int[] CellOffsets { get; }
    public int HeadWeightOffset { get; }  // W [H, C]
    public int HeadBiasOffset { get; }    // b [C]
    public int ParameterCount { get; }
    /// <summary>λ of the optional per-step loss (<see cref="StepLoss"/>; 0 = off, the paper's last-step loss only).
    /// Set it before creating a <see cref="DataParallel"/> runner: its workspaces size the step buffers by it.</summary>
    public float StepLossWeight { get; set; }

    public Network(string cellKind, int hidden, int layers, int classes, int vocabularySize, InputKind input, int inputSize, float[]? fixedTable)
    {
        if (hidden < 1 || layers < 1 || classes < 2 || vocabularySize < 1 || inputSize < 1)
            throw new ArgumentException("network sizes must be positive (and at least 2 classes)");
        if (input == InputKind.OneHot && inputSize != vocabularySize) throw new ArgumentException("one-hot input size must equal the vocabulary size");
        if ((input == InputKind.FixedVectors) != (fixedTable is not null)) throw new ArgumentException("a fixed table goes with fixed-vector input only");
        if (fixedTable is not null && fixedTable.Length != vocabularySize * inputSize) throw new ArgumentException("fixed table must be [V, X]");
        CellKind = cellKind; Hidden = hidden; Layers = layers; Classes = classes;
        VocabularySize = vocabularySize; Input = input; InputSize = inputSize; FixedTable = fixedTable;
        Cells = new RecurrentCell[layers];
        for (int l = 0; l < layers; l++) Cells[l] = RecurrentCell.Create(cellKind, l == 0 ? inputSize : hidden, hidden);
        EmbeddingLength = input == InputKind.Embedding ? vocabularySize * inputSize : 0;
        CellOffsets = new int[layers];
        long offset = EmbeddingLength;
        for (int l = 0; l < layers; l++) { CellOffsets[l] = (int)offset; offset += Cells[l].ParameterCount; }
        HeadWeightOffset = (int)offset; offset += (long)hidden * classes;
        HeadBiasOffset = (int)offset; offset += classes;
        if (offset > int.MaxValue) throw new ArgumentException("too many parameters");
        ParameterCount = (int)offset;
    }

    /// <summary>The parameters of layer <paramref name="l"/>'s cell.</summary>
    public Span<float> CellParameters(Span<float> p, int l) => p.Slice(CellOffsets[l], Cells[l].ParameterCount);
    private ReadOnlySpan<float> CellParameters(ReadOnlySpan<float> p, int l) => p.Slice(CellOffsets[l], Cells[l].ParameterCount);

    /// <summary>Initial values: E ~ N(0, 1) (as PyTorch's nn.Embedding), each cell its own rule, W ~ U(±1/√H), b = 0.</summary>
    public void Initialize(Span<float> p, Rng rng)
    {
        for (int i = 0; i < EmbeddingLength; i++) p[EmbeddingOffset + i] = (float)rng.NextGaussian();
        for (int l = 0; l < Layers; l++) Cells[l].Initialize(CellParameters(p, l), rng.Fork());
        float bound = 1f / MathF.Sqrt(Hidden);
        for (int i = 0; i < Hidden * Classes; i++) p[HeadWeightOffset + i] = rng.Uniform(-bound, bound);
        p.Slice(HeadBiasOffset, Classes).Clear();
    }

    /// <summary>
    /// Forward over the batch loaded in <paramref name="ws"/>: hidden states of every layer, the last
    /// top-layer states and the logits [n, C].
    /// </summary>
    public void Forward(ReadOnlySpan<float> p, ShardWorkspace ws)
    {
        int n = ws.Rows, T = ws.Steps, X = InputSize, H = Hidden, C = Classes;
        var active = ws.Active.AsSpan(0, T);
        if (T > 0)
        {
            // x [T, n, X]: inactive rows stay 0 (cells require finite padding).
            var x = ws.X.AsSpan(0, T * n * X);
            x.Clear();
            for (int t = 0; t < T; t++)
                for (int i = 0; i < active[t]; i++)
                {
                    int id = ws.Ids[t * n + i];
                    var xt = x.Slice((t * n + i) * X, X);
                    switch (Input)
                    {
                        case InputKind.OneHot: xt[id] = 1f; break;
                        case InputKind.Embedding: p.Slice(EmbeddingOffset + id * X, X).CopyTo(xt); break;
                        default: FixedTable.AsSpan(id * X, X).CopyTo(xt); break;
                    }
                }
            for (int l = 0; l < Layers; l++)
            {
                // (not cleared first: every cell writes h_t of its active rows and zeroes the rest, step by step)
                var h = ws.H[l].AsSpan(0, T * n * H);
                ReadOnlySpan<float> input = l == 0 ? x : ws.H[l - 1].AsSpan(0, T * n * H);
                Cells[l].Forward(CellParameters(p, l), ws.CellSpace[l], input, n, active, h);
            }
        }
        // Head: last_i = h_top[len_i − 1, i] (0 when len_i = 0);  z_i = last_i·W + b.
        var last = ws.LastH.AsSpan(0, n * H);
        last.Clear();
        for (int i = 0; i < n; i++)
            if (ws.Lengths[i] > 0) ws.H[Layers - 1].AsSpan(((ws.Lengths[i] - 1) * n + i) * H, H).CopyTo(last.Slice(i * H, H));
        var z = ws.Logits.AsSpan(0, n * C);
        var b = p.Slice(HeadBiasOffset, C);
        for (int i = 0; i < n; i++) b.CopyTo(z.Slice(i * C, C));
        Gemm.NN(n, C, H, last, H, p.Slice(HeadWeightOffset, H * C), C, z, C);
    }

    /// <summary>
    /// Softmax cross-entropy of the logits against the labels (rows with label −1 are skipped):
    ///     loss_i = log Σ_c exp z_ic − z_i,y  (in double),   ∂(scale·loss_i)/∂z_i = scale·(softmax(z_i) − onehot(y_i)).
    /// Writes that gradient into ws.DLogits when <paramref name="scale"/> ≠ 0. Returns (Σ loss_i, #correct).
    /// </summary>
    public (double Loss, int Correct) Loss(ShardWorkspace ws, float scale)
    {
        int n = ws.Rows, C = Classes;
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            var z = ws.Logits.AsSpan(i * C, C);
            int y = ws.Labels[i];
            int predicted = Vec.Argmax(z);
            ws.Predicted[i] = predicted;
            if (y < 0) { ws.DLogits.AsSpan(i * C, C).Clear(); continue; }
            if (predicted == y) correct++;
            double max = z[0];
            for (int c = 1; c < C; c++) max = Math.Max(max, z[c]);
            double sum = 0;
            for (int c = 0; c < C; c++) sum += Math.Exp(z[c] - max);
            loss += Math.Log(sum) + max - z[y];
            if (scale == 0) continue;
            var dz = ws.DLogits.AsSpan(i * C, C);
            for (int c = 0; c < C; c++) dz[c] = scale * (float)(Math.Exp(z[c] - max) / sum - (c == y ? 1 : 0));
        }
        return (loss, correct);
    }

    /// <summary>
    /// p_c = exp(z_c − max z) / Σ_c' exp(z_c' − max z), in double as in <see cref="Loss"/>: the class
    /// probabilities of one row of logits.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> z, Span<float> p)
    {
        if (z.Length == 2 && float.IsFinite(z[0]) && float.IsFinite(z[1])) { Softmax2(z[0], z[1], p); return; }
        double max = z[0];
        for (int c = 1; c < z.Length; c++) max = Math.Max(max, z[c]);
        // each exp once, kept for the division (up to 64 classes; more compute it again, with the same bits)
        Span<double> e = stackalloc double[Math.Min(z.Length, MaxKeptExps)];
        bool kept = z.Length <= MaxKeptExps;
        double sum = 0;
        for (int c = 0; c < z.Length; c++)
        {
            double x = Math.Exp(z[c] - max);
            if (kept) e[c] = x;
            sum += x;
        }
        for (int c = 0; c < z.Length; c++) p[c] = (float)((kept ? e[c] : Math.Exp(z[c] - max)) / sum);
    }

    private const int MaxKeptExps = 64;

    /// <summary>
    /// <see cref="Softmax"/> of two finite logits with one exp and the same bits: the larger one's term is
    /// exp(z_max − max) = exp(0) = 1 exactly, the other's e = exp(z_min − max), and Σ = 1 + e whichever class comes first
    /// (0 + a + b rounds as a + b, and a + b = b + a); p = 1 / Σ and e / Σ. Equal logits: e = exp(0) = 1, p = ½ each.
    /// </summary>
    public static void Softmax2(float z0, float z1, Span<float> p)
    {
        double a = z0, b = z1, max = Math.Max(a, b);
        double e = Math.Exp(Math.Min(a, b) - max), sum = 1 + e;
        double first = a >= b ? 1 : e, second = a >= b ? e : 1;
        p[1] = (float)(second / sum);
        p[0] = (float)(first / sum);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> from ws.DLogits; adds ∂L/∂θ into <paramref name="g"/>:
    ///     ∂W += lastᵀ·dz,  ∂b += Σ_i dz_i,  ∂last = dz·Wᵀ → ∂h_top[len_i − 1, i],
    ///     then each cell's BPTT from the top down (a layer's ∂x is the ∂h of the layer below),
    ///     and ∂E[id] += ∂x_t for the embedding.
    /// </summary>
    public void Backward(ReadOnlySpan<float> p, ShardWorkspace ws, Span<float> g)
    {
        int n = ws.Rows, T = ws.Steps, X = InputSize, H = Hidden, C = Classes;
        var dz = ws.DLogits.AsSpan(0, n * C);
        var last = ws.LastH.AsSpan(0, n * H);
        Gemm.TN(H, C, n, last, H, dz, C, g.Slice(HeadWeightOffset, H * C), C);
        var db = g.Slice(HeadBiasOffset, C);
        for (int i = 0; i < n; i++) Vec.Add(db, dz.Slice(i * C, C), db);
        if (T == 0) return;
        var dLast = ws.DLastH.AsSpan(0, n * H);
        dLast.Clear();
        Gemm.NT(n, H, C, dz, C, p.Slice(HeadWeightOffset, H * C), C, dLast, H);
        var dTop = ws.DH[Layers - 1].AsSpan(0, T * n * H);
        dTop.Clear();
        for (int i = 0; i < n; i++)
            if (ws.Lengths[i] > 0) dLast.Slice(i * H, H).CopyTo(dTop.Slice(((ws.Lengths[i] - 1) * n + i) * H, H));
        if (StepLossWeight > 0) StepLoss.Backward(this, p, ws, g);
        var active = ws.Active.AsSpan(0, T);
        var x = ws.X.AsSpan(0, T * n * X);
        for (int l = Layers - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> input = l == 0 ? x : ws.H[l - 1].AsSpan(0, T * n * H);
            Span<float> dInput = l > 0 ? ws.DH[l - 1].AsSpan(0, T * n * H)
                : Input == InputKind.Embedding ? ws.DX.AsSpan(0, T * n * X) : Span<float>.Empty;
            Cells[l].Backward(CellParameters(p, l), ws.CellSpace[l], input, n, active, ws.H[l].AsSpan(0, T * n * H),
                ws.DH[l].AsSpan(0, T * n * H), dInput, g.Slice(CellOffsets[l], Cells[l].ParameterCount));
        }
        if (Input != InputKind.Embedding) return;
        for (int t = 0; t < T; t++)
            for (int i = 0; i < active[t]; i++)
            {
                var dE = g.Slice(EmbeddingOffset + ws.Ids[t * n + i] * X, X);
                Vec.Add(dE, ws.DX.AsSpan((t * n + i) * X, X), dE);
            }
    }
}
