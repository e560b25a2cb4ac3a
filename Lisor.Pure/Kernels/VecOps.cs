using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

// The math of each element-wise kernel, written once per width as a tiny struct; the loops over
// spans (widths, unrolling, tails) live once in VecDriver. Each struct's scalar Invoke is the
// formula the vector Invokes compute lane by lane.

/// <summary>dst_i = f(x_i).</summary>
internal interface IUnaryOp
{
    float Invoke(float x);
    V128 Invoke(V128 x);
    V256 Invoke(V256 x);
}

/// <summary>dst_i = f(x_i, y_i).</summary>
internal interface IBinaryOp
{
    float Invoke(float x, float y);
    V128 Invoke(V128 x, V128 y);
    V256 Invoke(V256 x, V256 y);
}

/// <summary>
/// A reduction acc ← Invoke(acc, x_i, y_i) started from <see cref="Identity"/>; partial
/// accumulators are merged with Combine (associative up to rounding, merged in a fixed order).
/// </summary>
internal interface IFoldOp
{
    static abstract float Identity { get; }
    float Invoke(float acc, float x, float y);
    V128 Invoke(V128 acc, V128 x, V128 y);
    V256 Invoke(V256 acc, V256 x, V256 y);
    float Combine(float a, float b);
    V128 Combine(V128 a, V128 b);
    V256 Combine(V256 a, V256 b);
}

/// <summary>dst_i = f(a_i, b_i, c_i).</summary>
internal interface ITernaryOp
{
    float Invoke(float a, float b, float c);
    V128 Invoke(V128 a, V128 b, V128 c);
    V256 Invoke(V256 a, V256 b, V256 c);
}

/// <summary>dst_i = f(a_i, b_i, c_i, d_i).</summary>
internal interface IQuaternaryOp
{
    float Invoke(float a, float b, float c, float d);
    V128 Invoke(V128 a, V128 b, V128 c, V128 d);
    V256 Invoke(V256 a, V256 b, V256 c, V256 d);
}

/// <summary>(dst0_i, dst1_i) = f(a_i, b_i, c_i): two results that share inputs (and may overwrite them).</summary>
internal interface ITernaryPairOp
{
    (float, float) Invoke(float a, float b, float c);
    (V128, V128) Invoke(V128 a, V128 b, V128 c);
    (V256, V256) Invoke(V256 a, V256 b, V256 c);
}

/// <summary>(dst0_i, dst1_i) = f(a_i, b_i, c_i, d_i): two results that share inputs (and may overwrite them).</summary>
internal interface IQuaternaryPairOp
{
    (float, float) Invoke(float a, float b, float c, float d);
    (V128, V128) Invoke(V128 a, V128 b, V128 c, V128 d);
    (V256, V256) Invoke(V256 a, V256 b, V256 c, V256 d);
}

/// <summary>x·a (scale by a constant).</summary>
internal readonly struct ScaleOp(float a) : IUnaryOp
{
    public float Invoke(float x) => a * x;
    public V128 Invoke(V128 x) => x * a;
    public V256 Invoke(V256 x) => x * a;
}

/// <summary>y + a·x (axpy; fused on the vector paths).</summary>
internal readonly struct AxpyOp(float a) : IBinaryOp
{
    public float Invoke(float x, float y) => y + a * x;
    public V128 Invoke(V128 x, V128 y) => Vector128.MultiplyAddEstimate(Vector128.Create(a), x, y);
    public V256 Invoke(V256 x, V256 y) => Vector256.FusedMultiplyAdd(Vector256.Create(a), x, y);
}

/// <summary>x + y.</summary>
internal readonly struct AddOp : IBinaryOp
{
    public float Invoke(float x, float y) => x + y;
    public V128 Invoke(V128 x, V128 y) => x + y;
    public V256 Invoke(V256 x, V256 y) => x + y;
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOp : IBinaryOp
{
    public float Invoke(float x, float y) => x * y;
    public V128 Invoke(V128 x, V128 y) => x * y;
    public V256 Invoke(V256 x, V256 y) => x * y;
}

/// <summary>x ⊙ (1 − y²): the gradient x = ∂L/∂y through y = tanh(a) (a multiply and a subtract, no fused step: every path gives the same bits).</summary>
internal readonly struct TanhGradientOp : IBinaryOp
{
    public float Invoke(float x, float y) => x * (1f - y * y);
    public V128 Invoke(V128 x, V128 y) => x * (V128.One - y * y);
    public V256 Invoke(V256 x, V256 y) => x * (V256.One - y * y);
}

/// <summary>Σ x_i y_i.</summary>
internal readonly struct DotOp : IFoldOp
{
    public static float Identity => 0f;
    public float Invoke(float acc, float x, float y) => acc + x * y;
    public V128 Invoke(V128 acc, V128 x, V128 y) => Vector128.MultiplyAddEstimate(x, y, acc);
    public V256 Invoke(V256 acc, V256 x, V256 y) => Vector256.FusedMultiplyAdd(x, y, acc);
    public float Combine(float a, float b) => a + b;
    public V128 Combine(V128 a, V128 b) => a + b;
    public V256 Combine(V256 a, V256 b) => a + b;
}

/// <summary>Σ (x_i − y_i)².</summary>
internal readonly struct SquaredDistanceOp : IFoldOp
{
    public static float Identity => 0f;
    public float Invoke(float acc, float x, float y) { float d = x - y; return acc + d * d; }
    public V128 Invoke(V128 acc, V128 x, V128 y) { var d = x - y; return Vector128.MultiplyAddEstimate(d, d, acc); }
    public V256 Invoke(V256 acc, V256 x, V256 y) { var d = x - y; return Vector256.FusedMultiplyAdd(d, d, acc); }
    public float Combine(float a, float b) => a + b;
    public V128 Combine(V128 a, V128 b) => a + b;
    public V256 Combine(V256 a, V256 b) => a + b;
}

/// <summary>Σ x_i (the y operand is ignored).</summary>
internal readonly struct SumOp : IFoldOp
{
    public static float Identity => 0f;
    public float Invoke(float acc, float x, float y) => acc + x;
    public V128 Invoke(V128 acc, V128 x, V128 y) => acc + x;
    public V256 Invoke(V256 acc, V256 x, V256 y) => acc + x;
    public float Combine(float a, float b) => a + b;
    public V128 Combine(V128 a, V128 b) => a + b;
    public V256 Combine(V256 a, V256 b) => a + b;
}

/// <summary>max_i x_i (the y operand is ignored). NaN handling follows the hardware max; Softmax turns any NaN input into NaN outputs anyway.</summary>
internal readonly struct MaxOp : IFoldOp
{
    public static float Identity => float.NegativeInfinity;
    public float Invoke(float acc, float x, float y) => x > acc ? x : acc;
    public V128 Invoke(V128 acc, V128 x, V128 y) => Vector128.MaxNative(acc, x);
    public V256 Invoke(V256 acc, V256 x, V256 y) => Vector256.MaxNative(acc, x);
    public float Combine(float a, float b) => b > a ? b : a;
    public V128 Combine(V128 a, V128 b) => Vector128.MaxNative(a, b);
    public V256 Combine(V256 a, V256 b) => Vector256.MaxNative(a, b);
}

/// <summary>
/// hp + z ⊙ (h̃ − hp): the gated state update h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃ of the GRU (z) and the MGU (f),
/// operands (z, h̃, hp).
/// </summary>
internal readonly struct GatedUpdateOp : ITernaryOp
{
    public float Invoke(float z, float hTilde, float hp) => hp + z * (hTilde - hp);
    public V128 Invoke(V128 z, V128 hTilde, V128 hp) => hp + z * (hTilde - hp);
    public V256 Invoke(V256 z, V256 hTilde, V256 hp) => hp + z * (hTilde - hp);
}

/// <summary>acc + g ⊙ (1 − z): the gradient g = ∂L/∂h_t reaching h_{t−1} through the (1 − z) ⊙ h_{t−1} term, operands (acc, g, z).</summary>
internal readonly struct AddGateComplementOp : ITernaryOp
{
    public float Invoke(float acc, float g, float z) => acc + g * (1f - z);
    public V128 Invoke(V128 acc, V128 g, V128 z) => acc + g * (V128.One - z);
    public V256 Invoke(V256 acc, V256 g, V256 z) => acc + g * (V256.One - z);
}

/// <summary>acc + x ⊙ y (a multiply and an add, no fused step: every path gives the same bits).</summary>
internal readonly struct AddProductOp : ITernaryOp
{
    public float Invoke(float acc, float x, float y) => acc + x * y;
    public V128 Invoke(V128 acc, V128 x, V128 y) => acc + x * y;
    public V256 Invoke(V256 acc, V256 x, V256 y) => acc + x * y;
}

/// <summary>x ⊙ (s ⊙ (1 − s)): the gradient x = ∂L/∂s through s = σ(a).</summary>
internal readonly struct SigmoidGradientOp : IBinaryOp
{
    public float Invoke(float x, float s) => x * (s * (1f - s));
    public V128 Invoke(V128 x, V128 s) => x * (s * (V128.One - s));
    public V256 Invoke(V256 x, V256 s) => x * (s * (V256.One - s));
}
