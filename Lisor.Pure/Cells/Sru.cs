using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// Simple recurrent unit (Lei et al. 2017), element-wise recurrence only (docs/method.md §2):
///     x̃_t = W x_t
///     f_t = σ(W_f x_t + v_f ⊙ c_{t-1} + b_f)
///     r_t = σ(W_r x_t + v_r ⊙ c_{t-1} + b_r)
///     c_t = f_t ⊙ c_{t-1} + (1 − f_t) ⊙ x̃_t
///     h_t = r_t ⊙ tanh(c_t) + (1 − r_t) ⊙ P x_t        (P = I when X = H, else learned)
/// Nothing multiplies h_{t-1}, so every matrix product is an input projection, done for all steps at
/// once: a [T·batch, 4H] = [x̃ | a_f | a_r | P x] = x · Wx (+ b on the gate columns; P x = x copied when P = I).
/// Parameters, in this order, with k = 3 when X = H and k = 4 otherwise (count k·H·X + 4H):
///     Wx [X, kH] = [W | W_f | W_r (| P)],  v [2H] = [v_f | v_r],  b [2H] = [b_f | b_r].
/// Backward, with g = ∂L/∂h_t, cp = c_{t-1} and ∂c_next the gradient reaching c_t from step t+1:
///     ∂c = ∂c_next + g ⊙ r ⊙ (1 − tanh²(c_t)),  da_r = g ⊙ (tanh(c_t) − P x) ⊙ r ⊙ (1 − r),  ∂(P x) = g ⊙ (1 − r)
///     da_f = ∂c ⊙ (cp − x̃) ⊙ f ⊙ (1 − f),  ∂x̃ = ∂c ⊙ (1 − f)
///     ∂c_next ← ∂c ⊙ f + da_f ⊙ v_f + da_r ⊙ v_r (for step t−1),  ∂v_f += Σ_rows da_f ⊙ cp,  ∂v_r += Σ_rows da_r ⊙ cp
///     over all steps: ∂Wx += xᵀ·[∂x̃ | da_f | da_r (| ∂Px)],  ∂b += Σ [da_f | da_r],  ∂x = [∂x̃ | da_f | da_r (| ∂Px)]·Wxᵀ (+ ∂Px when P = I)
/// ∂h_{t-1} receives nothing: dh is only read.
/// </summary>
internal sealed class Sru : RecurrentCell, ICellStateSource
{
    public Sru(int inputSize, int hiddenSize) : base(inputSize, hiddenSize) { }

    public override string Kind => "sru";
    /// <summary>True when P is the identity (X = H), so Wx has 3H columns instead of 4H.</summary>
    public bool IdentityProjection => InputSize == HiddenSize;
    private int Columns => (IdentityProjection ? 3 : 4) * HiddenSize;   // kH
    public override int ParameterCount => InputSize * Columns + 4 * HiddenSize;

    private int WxOffset => 0;
    private int VOffset => InputSize * Columns;
    private int BOffset => VOffset + 2 * HiddenSize;

    /// <summary>U(−1/√H, 1/√H) for every weight, v and bias (the rule of PyTorch's recurrent layers).</summary>
    public override void Initialize(Span<float> parameters, Rng rng)
    {
        InitializeUniform(parameters, rng);
    }

    private sealed class Workspace(int maxSteps, int maxBatch, int hidden) : CellWorkspace(maxSteps, maxBatch)
    {
        public readonly float[] A = new float[maxSteps * maxBatch * 4 * hidden];       // [x̃ | a_f | a_r | P x], then [x̃ | f | r | P x]: [T, batch, 4H]
        public readonly float[] C = new float[maxSteps * maxBatch * hidden];           // c_t: [T, batch, H]
        public readonly float[] TanhC = new float[maxSteps * maxBatch * hidden];       // tanh(c_t): [T, batch, H]
        public readonly float[] DA = new float[maxSteps * maxBatch * 4 * hidden];      // [∂x̃ | da_f | da_r | ∂Px]: [T, batch, 4H]
        public readonly float[] DCNext = new float[maxBatch * hidden];                 // ∂L/∂c_t reaching from step t+1: [batch, H]
        public readonly float[] Zeros = new float[maxBatch * hidden];                  // c_{-1} = 0: [batch, H]
    }

    // (never rolling: its input projections run for all steps in one product, so every step's caches are written)
    public override CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling) => new Workspace(maxSteps, maxBatch, HiddenSize);

    /// <inheritdoc/>
    public void CopyCellState(CellWorkspace workspace, int batch, int step, int rows, Span<float> c)
        => ((Workspace)workspace).C.AsSpan(step * batch * HiddenSize, rows * HiddenSize).CopyTo(c);

    public override void Forward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, K = Columns, G = 4 * H;
        var ws = (Workspace)workspace;
        ws.Require(T, batch);
        var wx = p.Slice(WxOffset, X * K); var v = p.Slice(VOffset, 2 * H); var b = p.Slice(BOffset, 2 * H);
        var a = ws.A.AsSpan(0, T * batch * G);
        // a [T·batch, 4H] = [0 | b_f | b_r | (x when P = I, else 0)] + x · Wx  (Wx fills the first kH columns).
        for (int row = 0; row < T * batch; row++)
        {
            var ar = a.Slice(row * G, G);
            ar.Slice(0, H).Clear();
            b.CopyTo(ar.Slice(H, 2 * H));
            if (IdentityProjection) x.Slice(row * X, X).CopyTo(ar.Slice(3 * H, H));
            else ar.Slice(3 * H, H).Clear();
        }
        Gemm.NN(T * batch, K, X, x, X, wx, K, a, G);
        for (int t = 0; t < T; t++)
        {
            int n = active[t];
            ReadOnlySpan<float> cp = t > 0 ? ws.C.AsSpan((t - 1) * batch * H, n * H) : ws.StartMemoryOr(ws.Zeros, n * H);
            var ct = ws.C.AsSpan(t * batch * H, batch * H);
            var tanhC = ws.TanhC.AsSpan(t * batch * H, batch * H);
            var ht = h.Slice(t * batch * H, batch * H);
            for (int i = 0; i < n; i++)
            {
                var ar = a.Slice((t * batch + i) * G, G);
                var cpi = cp.Slice(i * H, H);
                for (int j = 0; j < H; j++)
                {
                    ar[H + j] += v[j] * cpi[j];                                          // a_f + v_f ⊙ c_{t-1}
                    ar[2 * H + j] += v[H + j] * cpi[j];                                  // a_r + v_r ⊙ c_{t-1}
                }
                var fr = ar.Slice(H, 2 * H);
                Vec.Sigmoid(fr, fr);                                                     // f, r = σ(·)
                for (int j = 0; j < H; j++)
                {
                    float f = ar[H + j];
                    ct[i * H + j] = f * cpi[j] + (1f - f) * ar[j];                       // c = f ⊙ cp + (1 − f) ⊙ x̃
                }
                Vec.Tanh(ct.Slice(i * H, H), tanhC.Slice(i * H, H));
                for (int j = 0; j < H; j++)
                {
                    float r = ar[2 * H + j];
                    ht[i * H + j] = r * tanhC[i * H + j] + (1f - r) * ar[3 * H + j];     // h = r ⊙ tanh(c) + (1 − r) ⊙ P x
                }
            }
            ht.Slice(n * H).Clear();                                                     // rows past active[t] stay zero
            ct.Slice(n * H).Clear();
            tanhC.Slice(n * H).Clear();
        }
    }

    public override void Backward(ReadOnlySpan<float> p, CellWorkspace workspace,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dp)
    {
        int T = active.Length, X = InputSize, H = HiddenSize, K = Columns, G = 4 * H;
        var ws = (Workspace)workspace;
        var wx = p.Slice(WxOffset, X * K); var v = p.Slice(VOffset, 2 * H);
        var dwx = dp.Slice(WxOffset, X * K); var dv = dp.Slice(VOffset, 2 * H); var db = dp.Slice(BOffset, 2 * H);
        var a = ws.A.AsSpan(0, T * batch * G);
        var da = ws.DA.AsSpan(0, T * batch * G);
        da.Clear();   // inactive rows stay zero, so the whole-batch products below are exact
        // Rows join as t decreases (active is non-increasing in t): a row's ∂c_next is 0 at its last step.
        var dcNext = ws.DCNext.AsSpan(0, batch * H);
        dcNext.Clear();
        for (int t = T - 1; t >= 0; t--)
        {
            int n = active[t];
            ReadOnlySpan<float> cp = t > 0 ? ws.C.AsSpan((t - 1) * batch * H, n * H) : ws.Zeros.AsSpan(0, n * H);
            var tanhC = ws.TanhC.AsSpan(t * batch * H, n * H);
            var g = dh.Slice(t * batch * H, n * H);
            for (int i = 0; i < n; i++)
            {
                var ar = a.Slice((t * batch + i) * G, G);
                var dar = da.Slice((t * batch + i) * G, G);
                for (int j = 0; j < H; j++)
                {
                    int k = i * H + j;
                    float xTilde = ar[j], f = ar[H + j], r = ar[2 * H + j], px = ar[3 * H + j], tc = tanhC[k], c0 = cp[k];
                    float dc = dcNext[k] + g[k] * r * (1f - tc * tc);                  // ∂c
                    float daR = g[k] * (tc - px) * r * (1f - r);                          // da_r
                    float daF = dc * (c0 - xTilde) * f * (1f - f);                        // da_f
                    dar[j] = dc * (1f - f);                                               // ∂x̃
                    dar[H + j] = daF;
                    dar[2 * H + j] = daR;
                    dar[3 * H + j] = g[k] * (1f - r);                                     // ∂(P x)
                    dv[j] += daF * c0;                                                    // ∂v_f += da_f ⊙ cp
                    dv[H + j] += daR * c0;                                                // ∂v_r += da_r ⊙ cp
                    dcNext[k] = dc * f + daF * v[j] + daR * v[H + j];                     // ∂c_{t-1}
                }
            }
        }
        // ∂Wx += xᵀ·da[:, :kH],  ∂b += Σ_rows [da_f | da_r],  ∂x = da[:, :kH]·Wxᵀ (+ ∂Px when P = I)  (all steps at once).
        Gemm.TN(X, K, T * batch, x, X, da, G, dwx, K);
        for (int row = 0; row < T * batch; row++) Vec.Add(db, da.Slice(row * G + H, 2 * H), db);
        if (!dx.IsEmpty)
        {
            dx.Slice(0, T * batch * X).Clear();
            Gemm.NT(T * batch, X, K, da, G, wx, K, dx, X);
            if (IdentityProjection)
                for (int row = 0; row < T * batch; row++)
                {
                    var dxr = dx.Slice(row * X, X);
                    Vec.Add(dxr, da.Slice(row * G + 3 * H, H), dxr);
                }
        }
    }
}
