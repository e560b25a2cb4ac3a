using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// Simple recurrent network (Elman), no gates:
///     h_t = tanh(W [h_{t-1}, x_t] + b)  =  tanh(x_t·Wx + h_{t-1}·Wh + b)
/// Parameters, in this order: Wx [X, H], Wh [H, H], b [H]  (count X·H + H·H + H).
/// Backward, with a_t = x_t·Wx + h_{t-1}·Wh + b (the pre-activation):
///     da_t = (∂L/∂h_t) ⊙ (1 − h_t²)
///     ∂L/∂Wx += x_tᵀ da_t,  ∂L/∂Wh += h_{t-1}ᵀ da_t,  ∂L/∂b += Σ_rows da_t
///     ∂L/∂h_{t-1} += da_t·Whᵀ,  ∂L/∂x_t = da_t·Wxᵀ
/// </summary>
internal sealed class Srn : RecurrentCell
{
    public Srn(int inputSize, int hiddenSize) : base(inputSize, hiddenSize) { }

    public override string Kind => "srn";
    public override int ParameterCount => InputSize * HiddenSize + HiddenSize * HiddenSize + HiddenSize;

    private int WxOffset => 0;
    private int WhOffset => InputSize * HiddenSize;
    private int BOffset => WhOffset + HiddenSize * HiddenSize;

    /// <summary>U(−1/√H, 1/√H) for every weight and bias (as PyTorch's nn.RNN).</summary>
    public override void Initialize(Span<float> parameters, Rng rng)
    {
        InitializeUniform(parameters, rng);
    }

    private sealed class Workspace(int maxSteps, int maxBatch, int hidden, bool rolling) : CellWorkspace(maxSteps, maxBatch, rolling)
    {
        public readonly float[] A = new float[StepsKept(maxSteps, rolling) * maxBatch * hidden];  // a_t, then da_t: [T (2 rolling), batch, H]
        public readonly PackedMatrix Wh = new();    // Wh [H, H], packed once per batch for the forward steps
        public readonly PackedMatrix WhT = new();   // Whᵀ [H, H], packed once per batch for the backward steps
    }

    // (rolling only with a one-hot input, whose projections run step by step: the others run all steps in one product)
    public override CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling)
        => new Workspace(maxSteps, maxBatch, HiddenSize, rolling && GemmShallow.Takes(InputSize));

    public override void Forward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h)
    {
        int T = active.Length, X = InputSize, H = HiddenSize;
        var ws = (Workspace)workspace;
        ws.Require(T, batch);
        var wx = p.Slice(WxOffset, X * H); var wh = p.Slice(WhOffset, H * H); var b = p.Slice(BOffset, H);
        var a = ws.A.AsSpan(0, ws.StepsInUse(T) * batch * H);
        // Input projections a [T·batch, H] = x [T·batch, X] · Wx + b: of all steps in one product, or, for a one-hot
        // input, step by step with GemmShallow so that a_t is still in cache for the recurrent product (at 1 × 256 the
        // whole a is 6.5 MB per shard); the same bits either way. Rows past active[t] are then never written here,
        // and never read: tanh takes the active rows, and Backward clears the others.
        bool stepwise = GemmShallow.Takes(X);
        if (!stepwise) InputProjections(x, wx, b, a, T * batch, X, H);
        if ((T > 1 || ws.HasStart) && ws.NeedsForwardPack()) ws.Wh.Pack(H, H, wh, H, transposed: false);
        for (int t = 0; t < T; t++)
        {
            int n = active[t];
            var at = a.Slice(ws.Slot(t) * batch * H, n * H);
            if (stepwise) GemmShallow.BiasPlus(KernelPaths.Best, n, H, X, x.Slice(t * batch * X, n * X), X, wx, H, b, at, H);
            if (t > 0) ws.Wh.Multiply(n, h.Slice((t - 1) * batch * H, n * H), H, at, H);   // a_t += h_{t-1}·Wh
            else if (ws.HasStart) ws.Wh.Multiply(n, ws.StartHidden.AsSpan(0, n * H), H, at, H);
            Vec.Tanh(at, h.Slice(t * batch * H, n * H));
            h.Slice((t * batch + n) * H, (batch - n) * H).Clear();   // rows past active[t] stay zero
        }
    }

    public override void Backward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dp)
    {
        int T = active.Length, X = InputSize, H = HiddenSize;
        var ws = (Workspace)workspace;
        ws.RequireAllSteps("Backward");
        var wx = p.Slice(WxOffset, X * H); var wh = p.Slice(WhOffset, H * H);
        var dwx = dp.Slice(WxOffset, X * H); var dwh = dp.Slice(WhOffset, H * H); var db = dp.Slice(BOffset, H);
        var da = ws.A.AsSpan(0, T * batch * H);   // reuse the forward buffer: a_t is not needed, h_t is
        if (T > 1 && ws.NeedsBackwardPack()) ws.WhT.Pack(H, H, wh, H, transposed: true);
        for (int t = T - 1; t >= 0; t--)
        {
            int n = active[t];
            int row0 = t * batch * H;
            da.Slice(row0 + n * H, (batch - n) * H).Clear();   // inactive rows are zero: the whole-batch products below are exact
            Vec.TanhGradient(dh.Slice(row0, n * H), h.Slice(row0, n * H), da.Slice(row0, n * H));   // da_t = dh_t ⊙ (1 − h_t²)
            // ∂L/∂h_{t-1} += da_t · Whᵀ   (rows 0..n of step t−1)
            if (t > 0) ws.WhT.Multiply(n, da.Slice(row0, n * H), H, dh.Slice((t - 1) * batch * H, n * H), H);
        }
        // ∂L/∂Wh += Σ_{t≥1} h_{t-1}ᵀ · da_t: one product over all steps, rows [h_0 … h_{T−2}] against [da_1 … da_{T−1}]
        // (rows past active[t] of da_t are zero, so the rows of h_{t−1} they meet add nothing).
        if (T > 1) Gemm.TN(H, H, (T - 1) * batch, h.Slice(0, (T - 1) * batch * H), H, da.Slice(batch * H), H, dwh, H);
        // Inactive rows of da are zero, so whole-batch products are exact:
        // ∂L/∂Wx += xᵀ · da,  ∂L/∂b += Σ_rows da,  ∂L/∂x = da · Wxᵀ.
        InputProjectionsBackward(x, wx, da, dwx, db, dx, T * batch, X, H);
    }
}
