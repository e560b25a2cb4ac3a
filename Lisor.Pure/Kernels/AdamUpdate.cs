using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Adam's update of every parameter i (Training/Adam.cs, method.md "Optimiser"), with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ:
///   m_i ← β₁·m_i + (1 − β₁)·g_i,   v_i ← β₂·v_i + ((1 − β₂)·g_i)·g_i,   θ_i ← θ_i − (lr·(m_i / c₁)) / (√(v_i / c₂) + ε),
/// in float, every product, sum, quotient and root rounded on its own in that order (no fused multiply-add).
/// <see cref="UpdateScalar"/> is the reference; the vector paths run the same operations lane by lane (IEEE division and
/// square root are exact to the rounding in every lane), so every element gets the reference's bits, whichever vector it
/// falls in. On the Vector256 path of a CPU with 512-bit vectors, 512-bit vectors come first (<see cref="VecDriver.Wide"/>).
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
        ref float t0 = ref MemoryMarshal.GetReference(theta);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        ref float m0 = ref MemoryMarshal.GetReference(m);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        nuint count = (nuint)n, i = 0;
        if (path == KernelPath.Vector256 && VecDriver.Wide) i = Update512(ref t0, ref g0, ref m0, ref v0, count, lr, c1, c2);
        if (path == KernelPath.Vector256) i = Update256(ref t0, ref g0, ref m0, ref v0, i, count, lr, c1, c2);
        if (path != KernelPath.Scalar) i = Update128(ref t0, ref g0, ref m0, ref v0, i, count, lr, c1, c2);
        UpdateScalar(theta.Slice((int)i), g.Slice((int)i, n - (int)i), m.Slice((int)i), v.Slice((int)i), lr, c1, c2);
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

    // 16 parameters a step from 0; returns where it stopped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Update512(ref float t0, ref float g0, ref float m0, ref float v0, nuint n, float lr, float c1, float c2)
    {
        var b1 = Vector512.Create(Beta1); var a1 = Vector512.Create(1 - Beta1);
        var b2 = Vector512.Create(Beta2); var a2 = Vector512.Create(1 - Beta2);
        var rate = Vector512.Create(lr); var d1 = Vector512.Create(c1); var d2 = Vector512.Create(c2); var eps = Vector512.Create(Epsilon);
        nuint i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var gi = Vector512.LoadUnsafe(ref g0, i);
            var mi = b1 * Vector512.LoadUnsafe(ref m0, i) + a1 * gi;
            var vi = b2 * Vector512.LoadUnsafe(ref v0, i) + a2 * gi * gi;
            mi.StoreUnsafe(ref m0, i);
            vi.StoreUnsafe(ref v0, i);
            (Vector512.LoadUnsafe(ref t0, i) - rate * (mi / d1) / (Vector512.Sqrt(vi / d2) + eps)).StoreUnsafe(ref t0, i);
        }
        return i;
    }

    // 8 parameters a step from `from`; returns where it stopped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Update256(ref float t0, ref float g0, ref float m0, ref float v0, nuint from, nuint n, float lr, float c1, float c2)
    {
        var b1 = Vector256.Create(Beta1); var a1 = Vector256.Create(1 - Beta1);
        var b2 = Vector256.Create(Beta2); var a2 = Vector256.Create(1 - Beta2);
        var rate = Vector256.Create(lr); var d1 = Vector256.Create(c1); var d2 = Vector256.Create(c2); var eps = Vector256.Create(Epsilon);
        nuint i = from;
        for (; i + 8 <= n; i += 8)
        {
            var gi = Vector256.LoadUnsafe(ref g0, i);
            var mi = b1 * Vector256.LoadUnsafe(ref m0, i) + a1 * gi;
            var vi = b2 * Vector256.LoadUnsafe(ref v0, i) + a2 * gi * gi;
            mi.StoreUnsafe(ref m0, i);
            vi.StoreUnsafe(ref v0, i);
            (Vector256.LoadUnsafe(ref t0, i) - rate * (mi / d1) / (Vector256.Sqrt(vi / d2) + eps)).StoreUnsafe(ref t0, i);
        }
        return i;
    }

    // 4 parameters a step from `from`; returns where it stopped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Update128(ref float t0, ref float g0, ref float m0, ref float v0, nuint from, nuint n, float lr, float c1, float c2)
    {
        var b1 = Vector128.Create(Beta1); var a1 = Vector128.Create(1 - Beta1);
        var b2 = Vector128.Create(Beta2); var a2 = Vector128.Create(1 - Beta2);
        var rate = Vector128.Create(lr); var d1 = Vector128.Create(c1); var d2 = Vector128.Create(c2); var eps = Vector128.Create(Epsilon);
        nuint i = from;
        for (; i + 4 <= n; i += 4)
        {
            var gi = Vector128.LoadUnsafe(ref g0, i);
            var mi = b1 * Vector128.LoadUnsafe(ref m0, i) + a1 * gi;
            var vi = b2 * Vector128.LoadUnsafe(ref v0, i) + a2 * gi * gi;
            mi.StoreUnsafe(ref m0, i);
            vi.StoreUnsafe(ref v0, i);
            (Vector128.LoadUnsafe(ref t0, i) - rate * (mi / d1) / (Vector128.Sqrt(vi / d2) + eps)).StoreUnsafe(ref t0, i);
        }
        return i;
    }
}
