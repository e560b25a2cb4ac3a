using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Adam's update of every parameter i (Training/Adam.cs, method.md "Optimiser"), with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ:
///   m_i ← β₁·m_i + (1 − β₁)·g_i,   v_i ← β₂·v_i + ((1 − β₂)·g_i)·g_i,   θ_i ← θ_i − (lr·(m_i / c₁)) / (√(v_i / c₂) + ε),
/// in float, every product, sum, quotient and root rounded on its own in that order (no fused multiply-add).
/// <see cref="UpdateScalar"/> is the reference; the vector paths run the same operations lane by lane (IEEE division and
/// square root are exact to the rounding in every lane), so every element gets the reference's bits, whichever vector it
/// falls in: two op structs over <see cref="VecDriver"/>'s loops, which take the widths and the tail (the moments, then
/// the step with its quotients and root — 512-bit vectors first where the CPU has them, <see cref="VecDriver.Wide"/>).
/// </summary>
internal static class AdamUpdate
{
    public const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    /// <summary>On the best path of this CPU.</summary>
    public static void Update(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float c1, float c2)
        => Update(KernelPaths.Best, theta, g, m, v, lr, c1, c2);

    /// <summary>On a given path (tests).</summary>
    public static void Update(KernelPath path, Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float lr, float c1, float c2)
    {
        int n = theta.Length;
        if (g.Length < n || m.Length < n || v.Length < n)
            throw new ArgumentException($"Adam over {n} parameters: the gradient ({g.Length}), m ({m.Length}) and v ({v.Length}) must hold as many");
        if (path != KernelPath.Scalar) KernelPaths.Require(path);
        var mn = m.Slice(0, n); var vn = v.Slice(0, n);
        VecDriver.Map3To2(path, mn, vn, g, mn, vn, new AdamMomentsOp());
        VecDriver.Map3(path, theta, mn, vn, theta, new AdamStepOp(lr, c1, c2));
    }

    /// <summary>The reference: one parameter at a time.</summary>
    public static void UpdateScalar(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float c1, float c2)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] = Beta1 * m[i] + (1 - Beta1) * gi;
            float vi = v[i] = Beta2 * v[i] + (1 - Beta2) * gi * gi;
            theta[i] -= lr * (mi / c1) / (MathF.Sqrt(vi / c2) + Epsilon);
        }
    }
}

/// <summary>(m, v) ← (β₁·m + (1 − β₁)·g, β₂·v + ((1 − β₂)·g)·g), operands (m, v, g).</summary>
internal readonly struct AdamMomentsOp : ITernaryPairOp
{
    private const float B1 = AdamUpdate.Beta1, A1 = 1 - AdamUpdate.Beta1, B2 = AdamUpdate.Beta2, A2 = 1 - AdamUpdate.Beta2;

    public (float, float) Invoke(float m, float v, float g) => (B1 * m + A1 * g, B2 * v + A2 * g * g);
    public (V128, V128) Invoke(V128 m, V128 v, V128 g)
        => (Vector128.Create(B1) * m + Vector128.Create(A1) * g, Vector128.Create(B2) * v + Vector128.Create(A2) * g * g);
    public (V256, V256) Invoke(V256 m, V256 v, V256 g)
        => (Vector256.Create(B1) * m + Vector256.Create(A1) * g, Vector256.Create(B2) * v + Vector256.Create(A2) * g * g);
}

/// <summary>θ ← θ − (lr·(m / c₁)) / (√(v / c₂) + ε), operands (θ, m, v).</summary>
internal readonly struct AdamStepOp(float lr, float c1, float c2) : ITernaryOp
{
    private const float E = AdamUpdate.Epsilon;

    public float Invoke(float theta, float m, float v) => theta - lr * (m / c1) / (MathF.Sqrt(v / c2) + E);
    public V128 Invoke(V128 theta, V128 m, V128 v)
        => theta - Vector128.Create(lr) * (m / Vector128.Create(c1)) / (Vector128.Sqrt(v / Vector128.Create(c2)) + Vector128.Create(E));
    public V256 Invoke(V256 theta, V256 m, V256 v)
        => theta - Vector256.Create(lr) * (m / Vector256.Create(c1)) / (Vector256.Sqrt(v / Vector256.Create(c2)) + Vector256.Create(E));
    public V512 Invoke(V512 theta, V512 m, V512 v)
        => theta - Vector512.Create(lr) * (m / Vector512.Create(c1)) / (Vector512.Sqrt(v / Vector512.Create(c2)) + Vector512.Create(E));
}
