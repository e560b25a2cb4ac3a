namespace Lisor.Pure.Kernels;

/// <summary>
/// The element-wise kernels of the cells and the head on float spans (and Argmax). Each method without a path is the one
/// visible dispatch point of its kernel and runs <see cref="KernelPaths.Best"/>; the overloads taking
/// a <see cref="KernelPath"/> run that path (tests and the `check` command call every one).
/// The scalar references (exact library math) are in <see cref="ScalarVec"/>.
/// Inputs: y and dst must be at least as long as x; dst may be an input itself (in place).
/// </summary>
public static class Vec
{
    private static readonly KernelPath Best = KernelPaths.Best;

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

    /// <summary>Index of the largest element (the first one on ties; NaNs ignored, 0 if all are NaN); −1 for an empty span.</summary>
    public static int Argmax(ReadOnlySpan<float> x) => VecDriver.Argmax(Best, x);

    // The same kernels on an explicitly chosen path (throws PlatformNotSupportedException if this CPU lacks it).

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

    public static int Argmax(KernelPath path, ReadOnlySpan<float> x)
    { KernelPaths.Require(path); return VecDriver.Argmax(path, x); }
}
