using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// One recurrent layer: the math of a cell, with its parameters held outside it (a flat span that
/// the network owns, so Adam and the model file see one buffer) and its per-batch memory in a
/// <see cref="CellWorkspace"/> (so several threads can run one cell on different shards).
///
/// Batch conventions, shared by every cell (time-major, "packed" like PyTorch's PackedSequence):
/// a batch holds `batch` sequences sorted by decreasing length. At step t the first
/// `active[t]` rows are sequences still running (active is non-increasing, active[0] ≤ batch);
/// the other rows of x are ignored (their content must be finite: callers keep them zero) and
/// Forward writes zeros into the other rows of h. Inputs x are [T, batch, X], outputs h are [T, batch, H], row-major.
/// The initial state h₀ (and c₀) is zero. Padding never enters the math: inactive rows are not read.
/// </summary>
internal abstract class RecurrentCell
{
    protected RecurrentCell(int inputSize, int hiddenSize)
    {
        if (inputSize < 1 || hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), "sizes must be ≥ 1");
        InputSize = inputSize; HiddenSize = hiddenSize;
    }

    /// <summary>X: size of one input vector.</summary>
    public int InputSize { get; }
    /// <summary>H: size of the hidden state (the clustered points).</summary>
    public int HiddenSize { get; }
    /// <summary>The cell's name as on the command line: srn, mgu, gru, lstm, sru.</summary>
    public abstract string Kind { get; }
    /// <summary>Number of floats in the parameter span.</summary>
    public abstract int ParameterCount { get; }

    /// <summary>Fills the parameters with their initial values.</summary>
    public abstract void Initialize(Span<float> parameters, Rng rng);

    /// <summary>Memory for batches of up to <paramref name="maxSteps"/> × <paramref name="maxBatch"/>.</summary>
    public CellWorkspace CreateWorkspace(int maxSteps, int maxBatch) => CreateWorkspace(maxSteps, maxBatch, rolling: false);

    /// <summary>
    /// As <see cref="CreateWorkspace(int, int)"/>; <paramref name="rolling"/> true asks for a forward-only workspace that keeps
    /// only the last two steps of what Forward caches per step (<see cref="CellWorkspace.Rolling"/>), where the cell can.
    /// </summary>
    public abstract CellWorkspace CreateWorkspace(int maxSteps, int maxBatch, bool rolling);

    /// <summary>
    /// Forward over a whole batch: h[t] for every step, caching in <paramref name="ws"/> what
    /// <see cref="Backward"/> needs. x is [T, batch, X], h is [T, batch, H].
    /// </summary>
    public abstract void Forward(ReadOnlySpan<float> parameters, CellWorkspace ws,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, Span<float> h);

    /// <summary>
    /// Backpropagation through time for the batch last passed to <see cref="Forward"/> with this workspace, once:
    /// it may use up the forward caches (the LSTM writes da_t over its gate activations), so another Backward needs another Forward.
    /// dh [T, batch, H] holds ∂L/∂h_t coming from above (the head or the next layer) and is used as
    /// scratch (recurrent gradients are added into it). dx [T, batch, X] receives ∂L/∂x_t (overwritten;
    /// pass an empty span to skip it). dParameters receives ∂L/∂θ with +=.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> parameters, CellWorkspace ws,
        ReadOnlySpan<float> x, int batch, ReadOnlySpan<int> active, ReadOnlySpan<float> h,
        Span<float> dh, Span<float> dx, Span<float> dParameters);

    /// <summary>U(−1/√H, 1/√H) for every parameter (as PyTorch's recurrent layers).</summary>
    protected void InitializeUniform(Span<float> parameters, Rng rng)
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        for (int i = 0; i < ParameterCount; i++) parameters[i] = rng.Uniform(-bound, bound);
    }

    /// <summary>
    /// The input projection of one step's n active rows, a_t = b + x_t·Wx into gt [n, G]: for a one-hot input (X ≤
    /// <see cref="GemmShallow.MaxK"/>) in one pass from Wx itself, else b copied into each row and x_t·Wx added with
    /// <paramref name="packedWx"/> (packed by the caller when <see cref="PacksInput"/>) — the same bits either way.
    /// </summary>
    protected static void StepInputProjection(int n, int inputSize, int g, ReadOnlySpan<float> xt, ReadOnlySpan<float> wx,
        ReadOnlySpan<float> b, PackedMatrix packedWx, Span<float> gt)
    {
        if (GemmShallow.Takes(inputSize))
        {
            GemmShallow.BiasPlus(KernelPaths.Best, n, g, inputSize, xt, inputSize, wx, g, b, gt, g);
            return;
        }
        for (int i = 0; i < n; i++) b.CopyTo(gt.Slice(i * g, g));
        packedWx.Multiply(n, xt, inputSize, gt, g);
    }

    /// <summary>Whether <see cref="StepInputProjection"/> needs Wx packed (an input too deep for GemmShallow).</summary>
    protected static bool PacksInput(int inputSize) => !GemmShallow.Takes(inputSize);

    /// <summary>
    /// The input projections of all steps in one product: a [rows, G] = x [rows, X] · Wx [X, G] + b,
    /// with rows = T·batch (they do not depend on h, so no step has to wait for the previous one).
    /// </summary>
    protected static void InputProjections(ReadOnlySpan<float> x, ReadOnlySpan<float> wx, ReadOnlySpan<float> b,
        Span<float> a, int rows, int inputSize, int g)
    {
        for (int r = 0; r < rows; r++) b.CopyTo(a.Slice(r * g, g));
        Gemm.NN(rows, g, inputSize, x, inputSize, wx, g, a, g);
    }

    /// <summary>
    /// The backward of <see cref="InputProjections"/> for da [rows, G]: ∂L/∂Wx += xᵀ·da, ∂L/∂b += Σ_rows da,
    /// ∂L/∂x = da·Wxᵀ (overwritten; skipped when dx is empty). Rows of inactive steps must hold zeros.
    /// </summary>
    protected static void InputProjectionsBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> wx, ReadOnlySpan<float> da,
        Span<float> dwx, Span<float> db, Span<float> dx, int rows, int inputSize, int g)
    {
        Gemm.TN(inputSize, g, rows, x, inputSize, da, g, dwx, g);
        for (int r = 0; r < rows; r++) Vec.Add(db, da.Slice(r * g, g), db);
        if (dx.IsEmpty) return;
        dx.Slice(0, rows * inputSize).Clear();
        Gemm.NT(rows, inputSize, g, da, g, wx, g, dx, inputSize);
    }

    /// <summary>Creates the cell named <paramref name="kind"/>.</summary>
    public static RecurrentCell Create(string kind, int inputSize, int hiddenSize) => kind switch
    {
        "srn" => new Srn(inputSize, hiddenSize),
        "mgu" => new Mgu(inputSize, hiddenSize),
        "gru" => new Gru(inputSize, hiddenSize),
        "lstm" => new Lstm(inputSize, hiddenSize),
        "sru" => new Sru(inputSize, hiddenSize),
        _ => throw new ArgumentException($"unknown cell '{kind}'", nameof(kind)),
    };

    /// <summary>The cells the command line offers.</summary>
    public static readonly string[] Kinds = ["srn", "mgu", "gru", "lstm", "sru"];
}

/// <summary>Per-batch memory of a cell: caches saved by Forward for Backward, and scratch.</summary>
internal abstract class CellWorkspace
{
    protected CellWorkspace(int maxSteps, int maxBatch, bool rolling = false)
    {
        MaxSteps = maxSteps; MaxBatch = maxBatch; Rolling = rolling;
    }

    public int MaxSteps { get; }
    public int MaxBatch { get; }

    /// <summary>
    /// A forward-only workspace (inference): the per-step caches (gate activations, pre-activations, the LSTM's c and
    /// tanh c) hold two steps, step t in slot t mod 2, instead of every step for Backward — at 1 × 256 a shard's LSTM
    /// caches are 39 MB for 100 steps, written once and never read again, and the first touch of that memory and its
    /// trips through the caches cost more than the step's element-wise work. The hidden states h of every step are the
    /// caller's and stay whole. Forward computes the same bits either way; Backward and the per-step cell states refuse
    /// a rolling workspace.
    /// </summary>
    public bool Rolling { get; }

    /// <summary>Steps a workspace's per-step caches hold: 2 when <paramref name="rolling"/>, else all <paramref name="maxSteps"/>
    /// (for the cells' array sizes, set before this base constructor runs).</summary>
    protected static int StepsKept(int maxSteps, bool rolling) => rolling ? Math.Min(2, maxSteps) : maxSteps;

    /// <summary>Steps of the per-step caches a Forward over <paramref name="steps"/> steps uses.</summary>
    public int StepsInUse(int steps) => Rolling ? Math.Min(2, steps) : steps;

    /// <summary>The slot of step t in the per-step caches: t, or t mod 2 when <see cref="Rolling"/>.</summary>
    public int Slot(int t) => Rolling ? t & 1 : t;

    /// <summary>Throws when the workspace is <see cref="Rolling"/>: <paramref name="what"/> needs every step's caches.</summary>
    public void RequireAllSteps(string what)
    {
        if (Rolling) ThrowRolling(what);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowRolling(string what)
        => throw new InvalidOperationException($"{what} needs every step's caches; this workspace keeps two (forward only)");

    /// <summary>
    /// Which parameter values the current call runs with: 0 (the default) means unknown, and every Forward and
    /// Backward repacks its recurrent weights; any other value is the caller's promise that calls made with the
    /// same value run with the same parameter values, so the weights packed by the first of them are reused
    /// (DataParallel gives each batch a new value: a workspace running several shards of a batch packs once).
    /// </summary>
    public long ParameterVersion { get; set; }

    /// <summary>
    /// The state the next Forward starts from, for running a cell one step at a time from any state
    /// (<see cref="Training.RnnState"/>): h_{-1} [batch, H], and c_{-1} [batch, H] in <see cref="StartMemory"/> for
    /// cells with a memory (LSTM, SRU). Null, the default and what training uses: h_{-1} = c_{-1} = 0.
    /// Only Forward reads it; Backward always assumes the zero start.
    /// </summary>
    public float[]? StartHidden { get; set; }

    /// <summary>c_{-1} [batch, H] of cells with a memory when <see cref="StartHidden"/> is set (see there).</summary>
    public float[]? StartMemory { get; set; }

    /// <summary>True when Forward starts from <see cref="StartHidden"/> rather than from zero: the first step then
    /// takes the recurrent products too.</summary>
    public bool HasStart => StartHidden is not null;

    /// <summary>h_{-1} of the first <paramref name="length"/> / H rows: <see cref="StartHidden"/>, or <paramref name="zeros"/>.</summary>
    public ReadOnlySpan<float> StartHiddenOr(float[] zeros, int length) => (StartHidden ?? zeros).AsSpan(0, length);

    /// <summary>c_{-1} of the first <paramref name="length"/> / H rows: <see cref="StartMemory"/> (with a start state), or <paramref name="zeros"/>.</summary>
    public ReadOnlySpan<float> StartMemoryOr(float[] zeros, int length) => (HasStart ? StartMemory! : zeros).AsSpan(0, length);

    private long _forwardPacked, _backwardPacked;   // the ParameterVersion the packed weights were made from

    /// <summary>Whether Forward must pack its recurrent weights for this call (then they count as packed).</summary>
    public bool NeedsForwardPack() => Stale(ref _forwardPacked);

    /// <summary>Whether Backward must pack its transposed recurrent weights for this call (then they count as packed).</summary>
    public bool NeedsBackwardPack() => Stale(ref _backwardPacked);

    private bool Stale(ref long packed)
    {
        if (ParameterVersion != 0 && packed == ParameterVersion) return false;
        packed = ParameterVersion;
        return true;
    }

    /// <summary>Throws when a batch does not fit this workspace.</summary>
    public void Require(int steps, int batch)
    {
        if (steps > MaxSteps || batch > MaxBatch)
            ThrowTooLarge(steps, batch);
    }

    // (out of line: the message's formatting would otherwise be compiled into the caller, inside the first timed batch)
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowTooLarge(int steps, int batch)
        => throw new ArgumentException($"batch {steps}×{batch} exceeds the workspace {MaxSteps}×{MaxBatch}");
}
