using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// Gated recurrent unit (Cho et al. 2014), two gates (docs/method.md §2; the reset gate acts before the
/// recurrent product, as in the original paper):
///     z_t = σ(W_z [h_{t-1}, x_t] + b_z),   r_t = σ(W_r [h_{t-1}, x_t] + b_r)
///     h̃_t = tanh(W_h [r_t ⊙ h_{t-1}, x_t] + b_h)
///     h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
/// In row-vector form, gate order (z, r, h̃), pre-activations a_t = [a_z | a_r | a_h] [batch, 3H]:
///     a_z = x_t·Wx_z + h_{t-1}·Wh_z + b_z,  a_r = x_t·Wx_r + h_{t-1}·Wh_r + b_r,
///     a_h = x_t·Wx_h + (r_t ⊙ h_{t-1})·Wh_h + b_h
/// Parameters, in this order (count 3H·X + 3H·H + 3H):
///     Wx [X, 3H] = [Wx_z | Wx_r | Wx_h],  Wh [H, 3H] = [Wh_z | Wh_r | Wh_h],  b [3H] = [b_z | b_r | b_h].
/// Backward, with g = ∂L/∂h_t (recurrent part included) and hp = h_{t-1}:
///     da_h = g ⊙ z ⊙ (1 − h̃²),  da_z = g ⊙ (h̃ − hp) ⊙ z ⊙ (1 − z),  ∂hp = g ⊙ (1 − z)
///     ∂(r⊙hp) = da_h·Wh_hᵀ;  da_r = ∂(r⊙hp) ⊙ hp ⊙ r ⊙ (1 − r);  ∂hp += ∂(r⊙hp) ⊙ r
///     ∂hp += [da_z | da_r]·[Wh_z | Wh_r]ᵀ
///     ∂[Wh_z | Wh_r] += hpᵀ·[da_z | da_r],  ∂Wh_h += (r⊙hp)ᵀ·da_h;  over all steps ∂Wx += xᵀ·da, ∂b += Σ da, ∂x = da·Wxᵀ
/// </summary>
internal sealed class Gru : RecurrentCell
{
    public Gru(int inputSize, int hiddenSize) : base(inputSize, hiddenSize) { }

    public override string Kind => "gru";
    public override int ParameterCount => 3 * HiddenSize * (InputSize + HiddenSize + 1);

    private int WxOffset => 0;
    private int WhOffset => InputSize * 3 * HiddenSize;
    private int BOffset => WhOffset + HiddenSize * 3 * HiddenSize;

    /// <summary>U(−1/√H, 1/√H) for every weight and bias (as PyTorch's nn.GRU).</summary>
    public override void Initialize(Span<float> parameters, Rng rng)
    {
        InitializeUniform(parameters, rng);
    }

    private sealed class Workspace(int maxSteps, int maxBatch, int hidden, bool rolling) : CellWorkspace(maxSteps, maxBatch, rolling)
    {
        // a_t, then [z_t | r_t | h̃_t]; Backward overwrites step t with [da_z | da_r | da_h] once it has used it: [T, batch, 3H]
        public readonly float[] Gates = new float[StepsKept(maxSteps, rolling) * maxBatch * 3 * hidden];
        public readonly float[] RHp = new float[StepsKept(maxSteps, rolling) * maxBatch * hidden];         // r_t ⊙ h_{t-1}: [T, batch, H]
        public readonly float[] DRHp = new float[maxBatch * hidden];                   // ∂(r_t ⊙ h_{t-1}) of one step: [batch, H]
        public readonly float[] Zeros = new float[maxBatch * hidden];                  // h_{-1} = 0: [batch, H]
        // the recurrent weights, packed once per batch: forward [Wh_z | Wh_r] [H, 2H] and Wh_h [H, H],
        // backward [Wh_z | Wh_r]ᵀ [2H, H] and Wh_hᵀ [H, H]
        public readonly PackedMatrix WhZR = new(), WhH = new(), WhZRT = new(), WhHT = new();
        public readonly PackedMatrix Wx = new();   // Wx [X, 3H], packed once per batch for the forward steps (unless X is shallow)
    }

    public override CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling) => new Workspace(maxSteps, maxBatch, HiddenSize, rolling);

    public override void Forward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 3 * H;
        var ws = (Workspace)workspace;
        ws.Require(T, batch);
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G); var b = p.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, ws.StepsInUse(T) * batch * G);
        if (ws.NeedsForwardPack())
        {
            if (PacksInput(X)) ws.Wx.Pack(X, G, wx, G, transposed: false);
            ws.WhZR.Pack(H, 2 * H, wh, G, transposed: false);
            ws.WhH.Pack(H, H, wh.Slice(2 * H), G, transposed: false);
        }
        for (int t = 0; t < T; t++)
        {
            int n = active[t];
            int slot = ws.Slot(t);
            var gt = gates.Slice(slot * batch * G, n * G);
            var rhp = ws.RHp.AsSpan(slot * batch * H, n * H);
            ReadOnlySpan<float> hp = t > 0 ? h.Slice((t - 1) * batch * H, n * H) : ws.StartHiddenOr(ws.Zeros, n * H);
            // a_t = b + x_t·Wx for the active rows, step by step so that a_t stays in cache (rows past active[t] are never read)
            StepInputProjection(n, X, G, x.Slice(t * batch * X, n * X), wx, b, ws.Wx, gt);   // a_t = b + x_t·Wx
            if (t > 0 || ws.HasStart) ws.WhZR.Multiply(n, hp, H, gt, G);                                // [a_z | a_r] += h_{t-1}·[Wh_z | Wh_r]
            for (int i = 0; i < n; i++)
            {
                var zr = gt.Slice(i * G, 2 * H);
                Vec.Sigmoid(zr, zr);                                                     // z = σ(a_z), r = σ(a_r)
                Vec.Multiply(zr.Slice(H, H), hp.Slice(i * H, H), rhp.Slice(i * H, H));   // r ⊙ h_{t-1}
            }
            ws.RHp.AsSpan((slot * batch + n) * H, (batch - n) * H).Clear();                 // rows past active[t] stay zero
            if (t > 0 || ws.HasStart) ws.WhH.Multiply(n, rhp, H, gt.Slice(2 * H), G);                   // a_h += (r ⊙ h_{t-1})·Wh_h
            var ht = h.Slice(t * batch * H, batch * H);
            for (int i = 0; i < n; i++)
            {
                var hTilde = gt.Slice(i * G + 2 * H, H);
                Vec.Tanh(hTilde, hTilde);                                                // h̃ = tanh(a_h)
                GruKernels.Update(KernelPaths.Best, gt.Slice(i * G, H), hTilde, hp.Slice(i * H, H), ht.Slice(i * H, H));   // hp + z ⊙ (h̃ − hp)
            }
            ht.Slice(n * H).Clear();                                                     // rows past active[t] stay zero
        }
    }

    public override void Backward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dp)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, G = 3 * H;
        var ws = (Workspace)workspace;
        ws.RequireAllSteps("Backward");
        var wx = p.Slice(WxOffset, X * G); var wh = p.Slice(WhOffset, H * G);
        var dwx = dp.Slice(WxOffset, X * G); var dwh = dp.Slice(WhOffset, H * G); var db = dp.Slice(BOffset, G);
        var gates = ws.Gates.AsSpan(0, T * batch * G);
        var dGates = gates;   // da_t takes the place of step t's gates once step t is done (nothing reads them later)
        if (T > 1 && ws.NeedsBackwardPack())
        {
            ws.WhZRT.Pack(2 * H, H, wh, G, transposed: true);
            ws.WhHT.Pack(H, H, wh.Slice(2 * H), G, transposed: true);
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
            for (int i = 0; i < n; i++)   // da_h, da_z and ∂hp += g ⊙ (1 − z) of row i (GruKernels.BackwardUpdate)
                GruKernels.BackwardUpdate(KernelPaths.Best, gt.Slice(i * G, G), g.Slice(i * H, H), hp.Slice(i * H, H),
                    dgt.Slice(i * G, G), t > 0 ? dhp.Slice(i * H, H) : Span<float>.Empty);
            if (t == 0)
            {
                // h_{-1} = 0: no recurrent weights or reset gate gradient at the first step (da_r = 0)
                for (int i = 0; i < n; i++) dgt.Slice(i * G + H, H).Clear();
                continue;
            }
            var drhp = ws.DRHp.AsSpan(0, n * H);
            drhp.Clear();
            ws.WhHT.Multiply(n, dgt.Slice(2 * H), G, drhp, H);                     // ∂(r⊙hp) = da_h·Wh_hᵀ
            for (int i = 0; i < n; i++)   // da_r = ∂(r⊙hp) ⊙ hp ⊙ σ',  ∂hp += ∂(r⊙hp) ⊙ r
                GruKernels.BackwardReset(KernelPaths.Best, gt.Slice(i * G + H, H), drhp.Slice(i * H, H), hp.Slice(i * H, H),
                    dgt.Slice(i * G + H, H), dhp.Slice(i * H, H));
            ws.WhZRT.Multiply(n, dgt, G, dhp, H);                                  // ∂hp += [da_z | da_r]·[Wh_z | Wh_r]ᵀ
        }
        // The recurrent weight gradients of all steps t ≥ 1 in two products (step 0 has h_{-1} = 0; rows past
        // active[t] of da_t are zero, so whatever the rows of h_{t−1} and r ⊙ h_{t−1} hold there adds nothing):
        //     ∂[Wh_z | Wh_r] += Σ_t h_{t-1}ᵀ·[da_z | da_r]_t,   ∂Wh_h += Σ_t (r_t ⊙ h_{t-1})ᵀ·da_h,t
        if (T > 1)
        {
            int rows = (T - 1) * batch;
            var dNext = dGates.Slice(batch * G);
            Gemm.TN(H, 2 * H, rows, h.Slice(0, rows * H), H, dNext, G, dwh, G);
            Gemm.TN(H, H, rows, ws.RHp.AsSpan(batch * H, rows * H), H, dNext.Slice(2 * H), G, dwh.Slice(2 * H), G);
        }
        // ∂Wx += xᵀ·da,  ∂b += Σ_rows da,  ∂x = da·Wxᵀ  (all steps at once).
        InputProjectionsBackward(x, wx, dGates, dwx, db, dx, T * batch, X, G);
    }
}
