using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// exp, tanh and σ as polynomial/rational approximations that vectorise (no table lookups), the
/// same formula at every width. Error bounds, measured against double precision by
/// Lisor.Pure.Tests/Kernels/VecMathTests on every path (a grid of step 2^-12 on [−20, 20] and a
/// geometric sweep over ±[1e-38, 3.4e38]) and asserted there:
///   exp:  relative error ≤ 1.5e-7 (measured 8.0e-8, ≈ 1 ulp) for x in [−87.33, 88.37]; below → 0
///         (true value &lt; 1.2e-38), above → +∞; NaN → NaN.
///   tanh: absolute and relative error ≤ 4e-7 over the whole range (measured 2.5e-7 with FMA,
///         3.6e-7 on the scalar path, worst near |x| ≈ 5–6, i.e. ≤ 6 ulp of 1); ±0 → ±0, ±∞ → ±1, NaN → NaN.
///   σ:    absolute error ≤ 1.2e-7 (measured 8.9e-8), relative ≤ 2e-7 (measured 1.5e-7) over the whole
///         range; σ(−∞) = 0, σ(+∞) = 1, NaN → NaN.
/// </summary>
internal static class VecMath
{
    // exp(x) = 2^n · e^r with n = round(x·log₂e) and r = x − n·ln 2 ∈ [−ln2/2, ln2/2] (Cody–Waite:
    // ln 2 split into a short high part, exact in n·Ln2Hi, and a correction Ln2Lo), then
    // e^r ≈ 1 + r + r²·P(r), the Cephes expf minimax polynomial, and 2^n built in the exponent bits.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float ExpLo = -87.3365447505531f;  // ln 2^-126: smallest x with a normal result
    private const float ExpHi = 88.3762626647949f;   // 127.5·ln 2: largest x with n ≤ 127
    private const float P0 = 5.0000001201e-1f, P1 = 1.6666665459e-1f, P2 = 4.1665795894e-2f,
                        P3 = 8.3334519073e-3f, P4 = 1.3981999507e-3f, P5 = 1.9875691500e-4f;

    // tanh(x) ≈ x·N(x²)/D(x²) on [−c, c], the rational minimax fit used by Eigen (N of degree 13 in x,
    // D of degree 6); tanh(c) rounds to within 3e-7 of 1, so x is clamped there. For |x| < 4e-4,
    // tanh(x) = x to float precision (the cubic term is below half an ulp), which also keeps ±0.
    // Past |x| = 9, tanh(x) rounds to ±1 in float, so those inputs return ±1 exactly.
    private const float TanhClamp = 7.90531110763549805f, TanhTiny = 0.0004f, TanhOne = 9f;
    private const float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
                        A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
                        A13 = -2.76076847742355e-16f;
    private const float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
                        B6 = 1.19825839466702e-06f;

    public static float Exp(float x)
    {
        if (float.IsNaN(x)) return x;
        if (x > ExpHi) return float.PositiveInfinity;
        if (x < ExpLo) return 0f;
        float n = MathF.Round(x * Log2E);
        float r = x - n * Ln2Hi;
        r -= n * Ln2Lo;
        float p = ((((P5 * r + P4) * r + P3) * r + P2) * r + P1) * r + P0;
        float er = p * (r * r) + r + 1f;
        return er * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

    public static V128 Exp(V128 x)
    {
        var xc = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(ExpLo)), Vector128.Create(ExpHi));
        var n = Vector128.Round(xc * Log2E);
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi), xc);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo), r);
        var p = Vector128.MultiplyAddEstimate(Vector128.Create(P5), r, Vector128.Create(P4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P0));
        var er = Vector128.MultiplyAddEstimate(p, r * r, r) + Vector128<float>.One;
        var scale = Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n) + Vector128.Create(127), 23).AsSingle();
        var e = er * scale;
        e = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHi)), Vector128.Create(float.PositiveInfinity), e);
        e = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLo)), V128.Zero, e);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), e, x);
    }

    // The 256-bit exp and tanh are inlined into their callers (σ, tanh and the loops of VecDriver): called, each
    // vector's value went through memory on the way in and out, and the core overlapped fewer of these long dependency
    // chains (paper-size lane-major predict 1.15–1.37× faster; history.md, "σ and tanh inlined"). Same instructions,
    // same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Exp(V256 x)
    {
        var xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(ExpLo)), Vector256.Create(ExpHi));
        var n = Vector256.Round(xc * Log2E);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), xc);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P5), r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P0));
        var er = Vector256.FusedMultiplyAdd(p, r * r, r) + V256.One;
        // n ∈ [−126, 128] after the clamp, so the native conversion gives the same integers as the saturating one
        // without the saturation fix-up (a compare, a mask and a blend on x86)
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
        var e = er * scale;
        e = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpHi)), Vector256.Create(float.PositiveInfinity), e);
        e = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpLo)), V256.Zero, e);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }

    /// <summary>The 256-bit exp at 512 bits: the same operations lane by lane, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Exp(V512 x)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(ExpLo)), Vector512.Create(ExpHi));
        var n = Vector512.Round(xc * Log2E);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), xc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P5), r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P0));
        var er = Vector512.FusedMultiplyAdd(p, r * r, r) + V512.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n) + Vector512.Create(127), 23).AsSingle();
        var e = er * scale;
        e = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHi)), Vector512.Create(float.PositiveInfinity), e);
        e = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLo)), V512.Zero, e);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), e, x);
    }

    public static float Tanh(float x)
    {
        if (float.IsNaN(x) || MathF.Abs(x) < TanhTiny) return x;
        if (MathF.Abs(x) > TanhOne) return MathF.CopySign(1f, x);
        float xc = Math.Clamp(x, -TanhClamp, TanhClamp);
        float z = xc * xc;
        float num = xc * ((((((A13 * z + A11) * z + A9) * z + A7) * z + A5) * z + A3) * z + A1);
        float den = ((B6 * z + B4) * z + B2) * z + B0;
        return num / den;
    }

    public static V128 Tanh(V128 x)
    {
        var xc = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(-TanhClamp)), Vector128.Create(TanhClamp));
        var z = xc * xc;
        var num = Vector128.MultiplyAddEstimate(Vector128.Create(A13), z, Vector128.Create(A11));
        num = Vector128.MultiplyAddEstimate(num, z, Vector128.Create(A9));
        num = Vector128.MultiplyAddEstimate(num, z, Vector128.Create(A7));
        num = Vector128.MultiplyAddEstimate(num, z, Vector128.Create(A5));
        num = Vector128.MultiplyAddEstimate(num, z, Vector128.Create(A3));
        num = Vector128.MultiplyAddEstimate(num, z, Vector128.Create(A1)) * xc;
        var den = Vector128.MultiplyAddEstimate(Vector128.Create(B6), z, Vector128.Create(B4));
        den = Vector128.MultiplyAddEstimate(den, z, Vector128.Create(B2));
        den = Vector128.MultiplyAddEstimate(den, z, Vector128.Create(B0));
        var t = Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128.Abs(x), Vector128.Create(TanhOne)),
            Vector128.CopySign(Vector128<float>.One, x), num / den);
        // keep x itself where |x| is tiny (also ±0) or NaN (|NaN| < tiny is false, so test x ≠ x too)
        var keep = Vector128.LessThan(Vector128.Abs(x), Vector128.Create(TanhTiny)) | ~Vector128.Equals(x, x);
        return Vector128.ConditionalSelect(keep, x, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Tanh(V256 x)
    {
        var xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-TanhClamp)), Vector256.Create(TanhClamp));
        var z = xc * xc;
        var num = Vector256.FusedMultiplyAdd(Vector256.Create(A13), z, Vector256.Create(A11));
        num = Vector256.FusedMultiplyAdd(num, z, Vector256.Create(A9));
        num = Vector256.FusedMultiplyAdd(num, z, Vector256.Create(A7));
        num = Vector256.FusedMultiplyAdd(num, z, Vector256.Create(A5));
        num = Vector256.FusedMultiplyAdd(num, z, Vector256.Create(A3));
        num = Vector256.FusedMultiplyAdd(num, z, Vector256.Create(A1)) * xc;
        var den = Vector256.FusedMultiplyAdd(Vector256.Create(B6), z, Vector256.Create(B4));
        den = Vector256.FusedMultiplyAdd(den, z, Vector256.Create(B2));
        den = Vector256.FusedMultiplyAdd(den, z, Vector256.Create(B0));
        var t = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Abs(x), Vector256.Create(TanhOne)),
            Vector256.CopySign(Vector256<float>.One, x), num / den);
        var keep = Vector256.LessThan(Vector256.Abs(x), Vector256.Create(TanhTiny)) | ~Vector256.Equals(x, x);
        return Vector256.ConditionalSelect(keep, x, t);
    }

    /// <summary>The 256-bit tanh at 512 bits: the same operations lane by lane, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Tanh(V512 x)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-TanhClamp)), Vector512.Create(TanhClamp));
        var z = xc * xc;
        var num = Vector512.FusedMultiplyAdd(Vector512.Create(A13), z, Vector512.Create(A11));
        num = Vector512.FusedMultiplyAdd(num, z, Vector512.Create(A9));
        num = Vector512.FusedMultiplyAdd(num, z, Vector512.Create(A7));
        num = Vector512.FusedMultiplyAdd(num, z, Vector512.Create(A5));
        num = Vector512.FusedMultiplyAdd(num, z, Vector512.Create(A3));
        num = Vector512.FusedMultiplyAdd(num, z, Vector512.Create(A1)) * xc;
        var den = Vector512.FusedMultiplyAdd(Vector512.Create(B6), z, Vector512.Create(B4));
        den = Vector512.FusedMultiplyAdd(den, z, Vector512.Create(B2));
        den = Vector512.FusedMultiplyAdd(den, z, Vector512.Create(B0));
        var t = Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Abs(x), Vector512.Create(TanhOne)),
            Vector512.CopySign(Vector512<float>.One, x), num / den);
        var keep = Vector512.LessThan(Vector512.Abs(x), Vector512.Create(TanhTiny)) | ~Vector512.Equals(x, x);
        return Vector512.ConditionalSelect(keep, x, t);
    }
}

/// <summary>tanh x.</summary>
internal readonly struct TanhOp : IUnaryOp
{
    public float Invoke(float x) => VecMath.Tanh(x);
    public V128 Invoke(V128 x) => VecMath.Tanh(x);
    public V256 Invoke(V256 x) => VecMath.Tanh(x);
    public V512 Invoke(V512 x) => VecMath.Tanh(x);
}

/// <summary>σ(x) = 1 / (1 + e^(−x)); through exp rather than tanh so σ keeps its relative accuracy as it approaches 0.</summary>
internal readonly struct SigmoidOp : IUnaryOp
{
    public float Invoke(float x) => 1f / (1f + VecMath.Exp(-x));
    public V128 Invoke(V128 x) => V128.One / (V128.One + VecMath.Exp(-x));
    public V256 Invoke(V256 x) => V256.One / (V256.One + VecMath.Exp(-x));
    public V512 Invoke(V512 x) => V512.One / (V512.One + VecMath.Exp(-x));
}
