namespace Lisor.Pure.Kernels;

/// <summary>
/// Element-wise and reduction kernels on float spans. Each method without a path is the one
/// visible dispatch point of its kernel and runs <see cref="KernelPaths.Best"/>; the overloads taking
/// a <see cref="KernelPath"/> run that path (tests and the `check` command call every one).
/// The scalar references (exact library math) are in <see cref="ScalarVec"/>.
/// Inputs: y and dst must be at least as long as x; dst may be an input itself (in place).
/// </summary>
internal static class Vec
{
    private static readonly KernelPath Best = KernelPaths.Best;

    /// <summary>Σ x_i y_i.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => VecDriver.Fold(Best, x, y, new DotOp());

    /// <summary>y ← y + a·x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y) => VecDriver.Zip(Best, x, y, y, new AxpyOp(a));

    /// <summary>x ← a·x.</summary>
    public static void Scale(float a, Span<float> x) => VecDriver.Map(Best, x, x, new ScaleOp(a));

    /// <summary>dst ← x + y.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => VecDriver.Zip(Best, x, y, dst, new AddOp());

    /// <summary>dst ← x ⊙ y.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => VecDriver.Zip(Best, x, y, dst, new MultiplyOp());

    /// <summary>dst ← σ(x) = 1 / (1 + e^(−x)) (approximation; error ≤ 1.2e-7 absolute, see VecMath).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> dst) => VecDriver.Map(Best, x, dst, new SigmoidOp());

    /// <summary>dst ← tanh(x) (rational approximation; error ≤ 4e-7 absolute and relative, see VecMath).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> dst) => VecDriver.Map(Best, x, dst, new TanhOp());

    /// <summary>dst = dy ⊙ (1 − y²): the gradient through y = tanh(a) (dst may be dy or y).</summary>
    public static void TanhGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> y, Span<float> dst) => VecDriver.Zip(Best, dy, y, dst, new TanhGradientOp());

    /// <summary>dst ← e^x (approximation; relative error ≤ 1.5e-7, see VecMath).</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> dst) => VecDriver.Map(Best, x, dst, new ExpOp());

    /// <summary>dst ← softmax(x) = e^(x − max x) / Σ e^(x − max x).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> dst) => VecDriver.Softmax(Best, x, dst);

    /// <summary>Index of the largest element (the first one on ties; NaNs ignored, 0 if all are NaN); −1 for an empty span.</summary>
    public static int Argmax(ReadOnlySpan<float> x) => VecDriver.Argmax(Best, x);

    /// <summary>‖x − y‖² = Σ (x_i − y_i)².</summary>
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => VecDriver.Fold(Best, x, y, new SquaredDistanceOp());

    /// <summary>Σ x_i.</summary>
    public static float Sum(ReadOnlySpan<float> x) => VecDriver.Fold(Best, x, x, new SumOp());

    // The same kernels on an explicitly chosen path (throws PlatformNotSupportedException if this CPU lacks it).

    public static float Dot(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    { KernelPaths.Require(path); return VecDriver.Fold(path, x, y, new DotOp()); }

    public static void Axpy(KernelPath path, float a, ReadOnlySpan<float> x, Span<float> y)
    { KernelPaths.Require(path); VecDriver.Zip(path, x, y, y, new AxpyOp(a)); }

    public static void Scale(KernelPath path, float a, Span<float> x)
    { KernelPaths.Require(path); VecDriver.Map(path, x, x, new ScaleOp(a)); }

    public static void Add(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Zip(path, x, y, dst, new AddOp()); }

    public static void Multiply(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Zip(path, x, y, dst, new MultiplyOp()); }

    public static void TanhGradient(KernelPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> y, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Zip(path, dy, y, dst, new TanhGradientOp()); }

    public static void Sigmoid(KernelPath path, ReadOnlySpan<float> x, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Map(path, x, dst, new SigmoidOp()); }

    public static void Tanh(KernelPath path, ReadOnlySpan<float> x, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Map(path, x, dst, new TanhOp()); }

    public static void Exp(KernelPath path, ReadOnlySpan<float> x, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Map(path, x, dst, new ExpOp()); }

    public static void Softmax(KernelPath path, ReadOnlySpan<float> x, Span<float> dst)
    { KernelPaths.Require(path); VecDriver.Softmax(path, x, dst); }

    public static int Argmax(KernelPath path, ReadOnlySpan<float> x)
    { KernelPaths.Require(path); return VecDriver.Argmax(path, x); }

    public static float SquaredDistance(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    { KernelPaths.Require(path); return VecDriver.Fold(path, x, y, new SquaredDistanceOp()); }

    public static float Sum(KernelPath path, ReadOnlySpan<float> x)
    { KernelPaths.Require(path); return VecDriver.Fold(path, x, x, new SumOp()); }
}
