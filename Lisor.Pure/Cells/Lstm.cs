using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// Long short-term memory (Hochreiter and Schmidhuber 1997, with forget gate), three gates (docs/method.md §2):
///     i_t, f_t, o_t = σ(W_{i,f,o} [h_{t-1}, x_t] + b_{i,f,o})
///     c̃_t = tanh(W_c [h_{t-1}, x_t] + b_c)
///     c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t
///     h_t = o_t ⊙ tanh(c_t)
/// In row-vector form, gate order (i, f, o, c̃), pre-activations a_t = x_t·Wx + h_{t-1}·Wh + b [batch, 4H].
/// Parameters, in this order (count 4H·X + 4H·H + 4H):
///     Wx [X, 4H] = [Wx_i | Wx_f | Wx_o | Wx_c],  Wh [H, 4H] (same blocks),  b [4H] = [b_i | b_f | b_o | b_c].
/// Backward, with g = ∂L/∂h_t (recurrent part included), hp = h_{t-1}, cp = c_{t-1} and ∂c_next the
/// gradient reaching c_t from step t+1:
///     ∂o = g ⊙ tanh(c_t),  ∂c = ∂c_next + g ⊙ o ⊙ (1 − tanh²(c_t))
///     ∂i = ∂c ⊙ c̃,  ∂f = ∂c ⊙ cp,  ∂c̃ = ∂c ⊙ i,  ∂c_next ← ∂c ⊙ f (for step t−1)
///     da_{i,f,o} = ∂{i,f,o} ⊙ σ(1 − σ),  da_c = ∂c̃ ⊙ (1 − c̃²)
///     ∂hp += da·Whᵀ,  ∂Wh += hpᵀ·da;  over all steps ∂Wx += xᵀ·da, ∂b += Σ da, ∂x = da·Wxᵀ
/// </summary>
internal sealed class Lstm : RecurrentCell, ICellStateSource
{
    public Lstm(int inputSize, int hiddenSize) : base(inputSize, hiddenSize) { }

    public override string Kind => "lstm";
    public override int ParameterCount => 4 * HiddenSize * (InputSize + HiddenSize + 1);

    private int WxOffset => 0;
    private int WhOffset => InputSize * 4 * HiddenSize;
    private int BOffset => WhOffset + HiddenSize * 4 * HiddenSize;

    /// <summary>
    /// U(−1/√H, 1/√H) for every weight and bias (as PyTorch's nn.LSTM), then the forget-gate bias
    /// b_f = 1 so that c is kept at the start of training (Jozefowicz et al. 2015; PyTorch leaves it random).
    /// </summary>
    public override void Initialize(Span<float> parameters, Rng rng)
    {
        InitializeUniform(parameters, rng);
        parameters.Slice(BOffset + HiddenSize, HiddenSize).Fill(1f);
    }

    private sealed class Workspace(int maxSteps, int maxBatch, int hidden, bool rolling) : CellWorkspace(maxSteps, maxBatch, rolling)
    {
        // a_t, then [i | f | o | c̃]; Backward overwrites step t with da_t once it has used it: [T (2 rolling), batch, 4H]
        public readonly float[] Gates = new float[StepsKept(maxSteps, rolling) * maxBatch * 4 * hidden];
        public readonly float[] C = new float[StepsKept(maxSteps, rolling) * maxBatch * hidden];           // c_t: [T (2), batch, H]
        public readonly float[] TanhC = new float[StepsKept(maxSteps, rolling) * maxBatch * hidden];       // tanh(c_t): [T (2), batch, H]
        public readonly float[] DCNext = new float[maxBatch * hidden];                 // ∂L/∂c_t reaching from step t+1: [batch, H]
        public readonly float[] Zeros = new float[maxBatch * hidden];                  // h_{-1} = c_{-1} = 0: [batch, H]
        public readonly PackedMatrix Wx = new();    // Wx [X, 4H], packed once per batch for the forward steps (unless X is shallow)
        public readonly PackedMatrix Wh = new();    // Wh [H, 4H], packed once per batch for the forward steps
        public readonly PackedMatrix WhT = new();   // Whᵀ [4H, H], packed once per batch for the backward steps
    }

    public override CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling) => new Workspace(maxSteps, maxBatch, HiddenSize, rolling);

    /// <inheritdoc/>
    public void CopyCellState(CellWorkspace workspace, int batch, int step, int rows, Span<float> c)
    {
        workspace.RequireAllSteps("the cell states of every step");
        ((Workspace)workspace).C.AsSpan(step * batch * HiddenSize, rows * HiddenSize).CopyTo(c);
    }

    public override void Forward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 4 * H;
        var ws = (Workspace)workspace;
        ws.Require(T, batch);
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G); var b = p.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, ws.StepsInUse(T) * batch * G);
        if (ws.NeedsForwardPack())
        {
            if (PacksInput(X)) ws.Wx.Pack(X, G, wx, G, transposed: false);
            ws.Wh.Pack(H, G, wh, G, transposed: false);
        }
        for (int t = 0; t < T; t++)
        {
            int n = active[t];
            var gt = gates.Slice(ws.Slot(t) * batch * G, n * G);
            // a_t = b + x_t·Wx + h_{t-1}·Wh for the active rows, step by step so that a_t stays in cache between the
            // products and the non-linearities (all steps' x·Wx in one product first wrote and re-read [T, batch, 4H]
            // through memory twice: 8 of 130 ms per batch at 1 × 256, length 100, batch 64). Rows past active[t] are never read.
            StepInputProjection(n, X, G, x.Slice(t * batch * X, n * X), wx, b, ws.Wx, gt);   // a_t = b + x_t·Wx
            if (t > 0) ws.Wh.Multiply(n, h.Slice((t - 1) * batch * H, n * H), H, gt, G);          // a += h_{t-1}·Wh
            else if (ws.HasStart) ws.Wh.Multiply(n, ws.StartHidden.AsSpan(0, n * H), H, gt, G);
            ReadOnlySpan<float> cp = t > 0 ? ws.C.AsSpan(ws.Slot(t - 1) * batch * H, n * H) : ws.StartMemoryOr(ws.Zeros, n * H);
            var ct = ws.C.AsSpan(ws.Slot(t) * batch * H, batch * H);
            var tanhC = ws.TanhC.AsSpan(ws.Slot(t) * batch * H, batch * H);
            var ht = h.Slice(t * batch * H, batch * H);
            for (int i = 0; i < n; i++)
            {
                var ifo = gt.Slice(i * G, 3 * H);
                Vec.Sigmoid(ifo, ifo);                                                   // i, f, o = σ(a_{i,f,o})
                var cTilde = gt.Slice(i * G + 3 * H, H);
                Vec.Tanh(cTilde, cTilde);                                                // c̃ = tanh(a_c)
                LstmKernels.CellUpdate(KernelPaths.Best, ifo.Slice(0, H), ifo.Slice(H, H), cTilde,
                    cp.Slice(i * H, H), ct.Slice(i * H, H));                             // c = f ⊙ cp + i ⊙ c̃
            }
            Vec.Tanh(ct.Slice(0, n * H), tanhC.Slice(0, n * H));                        // tanh(c) of all active rows in one call
            for (int i = 0; i < n; i++)
                Vec.Multiply(gt.Slice(i * G + 2 * H, H), tanhC.Slice(i * H, H), ht.Slice(i * H, H));   // h = o ⊙ tanh(c)
            ht.Slice(n * H).Clear();                                                     // rows past active[t] stay zero
            ct.Slice(n * H).Clear();
            tanhC.Slice(n * H).Clear();
        }
    }

    public override void Backward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dp)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 4 * H;
        var ws = (Workspace)workspace;
        ws.RequireAllSteps("Backward");
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G);
        var dwx = dp.Slice(WxOffset, X * G); var dwh = dp.Slice(WhOffset, H * G); var db = dp.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, T * batch * G);
        // da_t takes the place of step t's gate activations, which nothing reads after step t's backward: one array
        // of [T, batch, 4H] instead of two (6.5 MB less per shard at 1 × 256, length 100, and da_t is still in cache for the products).
        var dGates = gates;
        // Rows join as t decreases (active is non-increasing in t): a row's ∂c_next is 0 at its last step.
        var dcNext = ws.DCNext.AsSpan(0, batch * H);
        dcNext.Clear();
        if (T > 1 && ws.NeedsBackwardPack()) ws.WhT.Pack(G, H, wh, G, transposed: true);
        for (int t = T - 1; t >= 0; t--)
        {
            int n = active[t];
            var gt = gates.Slice(t * batch * G, n * G);
            var dgt = dGates.Slice(t * batch * G, n * G);
            dGates.Slice((t * batch + n) * G, (batch - n) * G).Clear();   // inactive rows are zero: the whole-batch products below are exact
            var g = dh.Slice(t * batch * H, n * H);
            var tanhC = ws.TanhC.AsSpan(t * batch * H, n * H);
            ReadOnlySpan<float> cp = t > 0 ? ws.C.AsSpan((t - 1) * batch * H, n * H) : ws.Zeros.AsSpan(0, n * H);
            for (int i = 0; i < n; i++)   // da_t and ∂c_{t−1} of row i (LstmKernels.Backward holds the formulas above)
                LstmKernels.Backward(KernelPaths.Best, gt.Slice(i * G, G), g.Slice(i * H, H), tanhC.Slice(i * H, H),
                    cp.Slice(i * H, H), dcNext.Slice(i * H, H), dgt.Slice(i * G, G));
            if (t > 0) ws.WhT.Multiply(n, dgt, G, dh.Slice((t - 1) * batch * H, n * H), H);   // ∂hp += da·Whᵀ
        }
        // ∂Wh += Σ_{t≥1} h_{t-1}ᵀ·da_t in one product (h_{-1} = 0: step 0 adds nothing; rows past active[t] of da_t are zero).
        if (T > 1) Gemm.TN(H, G, (T - 1) * batch, h.Slice(0, (T - 1) * batch * H), H, dGates.Slice(batch * G), G, dwh, G);
        // ∂Wx += xᵀ·da,  ∂b += Σ_rows da,  ∂x = da·Wxᵀ  (all steps at once).
        InputProjectionsBackward(x, wx, dGates, dwx, db, dx, T * batch, X, G);
    }
}
