using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// Minimal gated unit (Zhou et al. 2016), one gate (docs/method.md §2):
///     f_t = σ(W_f [h_{t-1}, x_t] + b_f)
///     h̃_t = tanh(W_h [f_t ⊙ h_{t-1}, x_t] + b_h)
///     h_t = (1 − f_t) ⊙ h_{t-1} + f_t ⊙ h̃_t
/// In row-vector form, gate order (f, h̃), pre-activations a_t = [a_f | a_h] [batch, 2H]:
///     a_f = x_t·Wx_f + h_{t-1}·Wh_f + b_f,   a_h = x_t·Wx_h + (f_t ⊙ h_{t-1})·Wh_h + b_h
/// Parameters, in this order (count 2H·X + 2H·H + 2H):
///     Wx [X, 2H] = [Wx_f | Wx_h],  Wh [H, 2H] = [Wh_f | Wh_h],  b [2H] = [b_f | b_h].
/// Backward, with g = ∂L/∂h_t (recurrent part included) and hp = h_{t-1}:
///     ∂h̃ = g ⊙ f,  ∂f = g ⊙ (h̃ − hp),  ∂hp = g ⊙ (1 − f)
///     da_h = ∂h̃ ⊙ (1 − h̃²);  ∂(f⊙hp) = da_h·Wh_hᵀ;  ∂f += ∂(f⊙hp) ⊙ hp;  ∂hp += ∂(f⊙hp) ⊙ f
///     da_f = ∂f ⊙ f ⊙ (1 − f);  ∂hp += da_f·Wh_fᵀ
///     ∂Wh_f += hpᵀ·da_f,  ∂Wh_h += (f⊙hp)ᵀ·da_h;  over all steps at once ∂Wx += xᵀ·da, ∂b += Σ da, ∂x = da·Wxᵀ
/// </summary>
internal sealed class Mgu : RecurrentCell
{
    public Mgu(int inputSize, int hiddenSize) : base(inputSize, hiddenSize) { }

    public override string Kind => "mgu";
    public override int ParameterCount => 2 * HiddenSize * (InputSize + HiddenSize + 1);

    private int WxOffset => 0;
    private int WhOffset => InputSize * 2 * HiddenSize;
    private int BOffset => WhOffset + HiddenSize * 2 * HiddenSize;

    /// <summary>U(−1/√H, 1/√H) for every weight and bias (as PyTorch's recurrent layers).</summary>
    public override void Initialize(Span<float> parameters, Rng rng)
    {
        InitializeUniform(parameters, rng);
    }

    private sealed class Workspace(int maxSteps, int maxBatch, int hidden, bool rolling) : CellWorkspace(maxSteps, maxBatch, rolling)
    {
        public readonly float[] Gates = new float[StepsKept(maxSteps, rolling) * maxBatch * 2 * hidden];   // a_t, then [f_t | h̃_t]: [T, batch, 2H]
        public readonly float[] FHp = new float[StepsKept(maxSteps, rolling) * maxBatch * hidden];         // f_t ⊙ h_{t-1}: [T, batch, H]
        public readonly float[] DGates = new float[StepsKept(maxSteps, rolling) * maxBatch * 2 * hidden];  // [da_f | da_h]: [T, batch, 2H]
        public readonly float[] DFHp = new float[maxBatch * hidden];                   // ∂(f_t ⊙ h_{t-1}) of one step: [batch, H]
        public readonly float[] Zeros = new float[maxBatch * hidden];                  // h_{-1} = 0: [batch, H]
        // the recurrent weights, packed once per batch: forward Wh_f, Wh_h [H, H], backward Wh_fᵀ, Wh_hᵀ [H, H]
        public readonly PackedMatrix WhF = new(), WhH = new(), WhFT = new(), WhHT = new();
        public readonly PackedMatrix Wx = new();   // Wx [X, 2H], packed once per batch for the forward steps
    }

    public override CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling) => new Workspace(maxSteps, maxBatch, HiddenSize, rolling);

    public override void Forward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 2 * H;
        var ws = (Workspace)workspace;
        ws.Require(T, batch);
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G); var b = p.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, ws.StepsInUse(T) * batch * G);
        if (ws.NeedsForwardPack())
        {
            if (PacksInput(X)) ws.Wx.Pack(X, G, wx, G, transposed: false);
            ws.WhF.Pack(H, H, wh, G, transposed: false);
            ws.WhH.Pack(H, H, wh.Slice(H), G, transposed: false);
        }
        for (int t = 0; t < T; t++)
        {
            int n = active[t];
            int slot = ws.Slot(t);
            var gt = gates.Slice(slot * batch * G, n * G);
            var fhp = ws.FHp.AsSpan(slot * batch * H, n * H);
            ReadOnlySpan<float> hp = t > 0 ? h.Slice((t - 1) * batch * H, n * H) : ws.StartHiddenOr(ws.Zeros, n * H);
            // a_t = b + x_t·Wx for the active rows, step by step so that a_t stays in cache (rows past active[t] are never read)
            StepInputProjection(n, X, G, x.Slice(t * batch * X, n * X), wx, b, ws.Wx, gt);   // a_t = b + x_t·Wx
            if (t > 0 || ws.HasStart) ws.WhF.Multiply(n, hp, H, gt, G);                                 // a_f += h_{t-1}·Wh_f
            for (int i = 0; i < n; i++)
            {
                var f = gt.Slice(i * G, H);
                Vec.Sigmoid(f, f);                                                       // f = σ(a_f)
                Vec.Multiply(f, hp.Slice(i * H, H), fhp.Slice(i * H, H));                // f ⊙ h_{t-1}
            }
            ws.FHp.AsSpan((slot * batch + n) * H, (batch - n) * H).Clear();                 // rows past active[t] stay zero
            if (t > 0 || ws.HasStart) ws.WhH.Multiply(n, fhp, H, gt.Slice(H), G);                       // a_h += (f ⊙ h_{t-1})·Wh_h
            var ht = h.Slice(t * batch * H, batch * H);
            for (int i = 0; i < n; i++)
            {
                var hTilde = gt.Slice(i * G + H, H);
                Vec.Tanh(hTilde, hTilde);                                                // h̃ = tanh(a_h)
                GruKernels.Update(KernelPaths.Best, gt.Slice(i * G, H), hTilde, hp.Slice(i * H, H), ht.Slice(i * H, H));   // hp + f ⊙ (h̃ − hp)
            }
            ht.Slice(n * H).Clear();                                                     // rows past active[t] stay zero
        }
    }

    public override void Backward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dp)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 2 * H;
        var ws = (Workspace)workspace;
        ws.RequireAllSteps("Backward");
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G);
        var dwx = dp.Slice(WxOffset, X * G); var dwh = dp.Slice(WhOffset, H * G); var db = dp.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, T * batch * G);
        var dGates = ws.DGates.AsSpan(0, T * batch * G);
        if (T > 1 && ws.NeedsBackwardPack())
        {
            ws.WhFT.Pack(H, H, wh, G, transposed: true);
            ws.WhHT.Pack(H, H, wh.Slice(H), G, transposed: true);
        }
        for (int t = T - 1; t >= 0; t--)
        {
            int n = active[t];
            var gt = gates.Slice(t * batch * G, n * G);
            var dgt = dGates.Slice(t * batch * G, n * G);
            dGates.Slice((t * batch + n) * G, (batch - n) * G).Clear();   // inactive rows are zero: the whole-batch products below are exact
            var g = dh.Slice(t * batch * H, n * H);
            ReadOnlySpan<float> hp = t > 0 ? h.Slice((t - 1) * batch * H, n * H) : ws.Zeros.AsSpan(0, n * H);
            var dhp = t > 0 ? dh.Slice((t - 1) * batch * H, n * H) : Span<float>.Empty;
            for (int i = 0; i < n; i++)   // da_h = (g ⊙ f) ⊙ (1 − h̃²), ∂f = g ⊙ (h̃ − hp), ∂hp += g ⊙ (1 − f)
                MguKernels.BackwardUpdate(KernelPaths.Best, gt.Slice(i * G, G), g.Slice(i * H, H), hp.Slice(i * H, H),
                    dgt.Slice(i * G, G), t > 0 ? dhp.Slice(i * H, H) : Span<float>.Empty);
            var dfhp = ws.DFHp.AsSpan(0, t > 0 ? n * H : 0);
            if (t > 0)
            {
                dfhp.Clear();
                ws.WhHT.Multiply(n, dgt.Slice(H), G, dfhp, H);                              // ∂(f⊙hp) = da_h·Wh_hᵀ
            }
            for (int i = 0; i < n; i++)   // ∂f += ∂(f⊙hp) ⊙ hp, ∂hp += ∂(f⊙hp) ⊙ f (t > 0); da_f = ∂f ⊙ f ⊙ (1 − f)
                MguKernels.BackwardGate(KernelPaths.Best, gt.Slice(i * G, H), hp.Slice(i * H, H),
                    t > 0 ? dfhp.Slice(i * H, H) : ReadOnlySpan<float>.Empty, dgt.Slice(i * G, H),
                    t > 0 ? dhp.Slice(i * H, H) : Span<float>.Empty);
            if (t > 0) ws.WhFT.Multiply(n, dgt, G, dhp, H);                   // ∂hp += da_f·Wh_fᵀ
        }
        // The recurrent weight gradients of all steps t ≥ 1 in two products (step 0 has h_{-1} = 0; rows past
        // active[t] of da_t are zero, so whatever the rows of h_{t−1} and f ⊙ h_{t−1} hold there adds nothing):
        //     ∂Wh_f += Σ_t h_{t-1}ᵀ·da_f,t,   ∂Wh_h += Σ_t (f_t ⊙ h_{t-1})ᵀ·da_h,t
        if (T > 1)
        {
            int rows = (T - 1) * batch;
            var dNext = dGates.Slice(batch * G);
            Gemm.TN(H, H, rows, h.Slice(0, rows * H), H, dNext, G, dwh, G);
            Gemm.TN(H, H, rows, ws.FHp.AsSpan(batch * H, rows * H), H, dNext.Slice(H), G, dwh.Slice(H), G);
        }
        // ∂Wx += xᵀ·da,  ∂b += Σ_rows da,  ∂x = da·Wxᵀ  (all steps at once).
        InputProjectionsBackward(x, wx, dGates, dwx, db, dx, T * batch, X, G);
    }
}
