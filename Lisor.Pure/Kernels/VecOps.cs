using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

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
    V512 Invoke(V512 x);
}

/// <summary>f(x) = x: a product stored as it is (<see cref="LaneProduct.Run"/>).</summary>
internal readonly struct IdentityOp : IUnaryOp
{
    public float Invoke(float x) => x;
    public V128 Invoke(V128 x) => x;
    public V256 Invoke(V256 x) => x;
    public V512 Invoke(V512 x) => x;
}

/// <summary>dst_i = f(x_i, y_i).</summary>
internal interface IBinaryOp
{
    float Invoke(float x, float y);
    V128 Invoke(V128 x, V128 y);
    V256 Invoke(V256 x, V256 y);
    V512 Invoke(V512 x, V512 y);
}

/// <summary>dst_i = f(a_i, b_i, c_i).</summary>
internal interface ITernaryOp
{
    float Invoke(float a, float b, float c);
    V128 Invoke(V128 a, V128 b, V128 c);
    V256 Invoke(V256 a, V256 b, V256 c);
    V512 Invoke(V512 a, V512 b, V512 c);
}

/// <summary>dst_i = f(a_i, b_i, c_i, d_i).</summary>
internal interface IQuaternaryOp
{
    float Invoke(float a, float b, float c, float d);
    V128 Invoke(V128 a, V128 b, V128 c, V128 d);
    V256 Invoke(V256 a, V256 b, V256 c, V256 d);
    V512 Invoke(V512 a, V512 b, V512 c, V512 d);
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

/// <summary>x + y.</summary>
internal readonly struct AddOp : IBinaryOp
{
    public float Invoke(float x, float y) => x + y;
    public V128 Invoke(V128 x, V128 y) => x + y;
    public V256 Invoke(V256 x, V256 y) => x + y;
    public V512 Invoke(V512 x, V512 y) => x + y;
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOp : IBinaryOp
{
    public float Invoke(float x, float y) => x * y;
    public V128 Invoke(V128 x, V128 y) => x * y;
    public V256 Invoke(V256 x, V256 y) => x * y;
    public V512 Invoke(V512 x, V512 y) => x * y;
}

/// <summary>x ⊙ (1 − y²): the gradient x = ∂L/∂y through y = tanh(a) (a multiply and a subtract, no fused step: every path gives the same bits).</summary>
internal readonly struct TanhGradientOp : IBinaryOp
{
    public float Invoke(float x, float y) => x * (1f - y * y);
    public V128 Invoke(V128 x, V128 y) => x * (V128.One - y * y);
    public V256 Invoke(V256 x, V256 y) => x * (V256.One - y * y);
    public V512 Invoke(V512 x, V512 y) => x * (V512.One - y * y);
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
    public V512 Invoke(V512 z, V512 hTilde, V512 hp) => hp + z * (hTilde - hp);
}

/// <summary>acc + g ⊙ (1 − z): the gradient g = ∂L/∂h_t reaching h_{t−1} through the (1 − z) ⊙ h_{t−1} term, operands (acc, g, z).</summary>
internal readonly struct AddGateComplementOp : ITernaryOp
{
    public float Invoke(float acc, float g, float z) => acc + g * (1f - z);
    public V128 Invoke(V128 acc, V128 g, V128 z) => acc + g * (V128.One - z);
    public V256 Invoke(V256 acc, V256 g, V256 z) => acc + g * (V256.One - z);
    public V512 Invoke(V512 acc, V512 g, V512 z) => acc + g * (V512.One - z);
}

/// <summary>acc + x ⊙ y (a multiply and an add, no fused step: every path gives the same bits).</summary>
internal readonly struct AddProductOp : ITernaryOp
{
    public float Invoke(float acc, float x, float y) => acc + x * y;
    public V128 Invoke(V128 acc, V128 x, V128 y) => acc + x * y;
    public V256 Invoke(V256 acc, V256 x, V256 y) => acc + x * y;
    public V512 Invoke(V512 acc, V512 x, V512 y) => acc + x * y;
}

/// <summary>x ⊙ (s ⊙ (1 − s)): the gradient x = ∂L/∂s through s = σ(a).</summary>
internal readonly struct SigmoidGradientOp : IBinaryOp
{
    public float Invoke(float x, float s) => x * (s * (1f - s));
    public V128 Invoke(V128 x, V128 s) => x * (s * (V128.One - s));
    public V256 Invoke(V256 x, V256 s) => x * (s * (V256.One - s));
    public V512 Invoke(V512 x, V512 s) => x * (s * (V512.One - s));
}
