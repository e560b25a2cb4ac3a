using System.Runtime.CompilerServices;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The element-wise steps of the GRU (<see cref="Cells.Gru"/>) that are plain arithmetic, vectorised, for one row of
/// H units: the state update of the forward pass and the two gate backward steps. As in <see cref="LstmKernels"/>,
/// each formula is an op struct (here or in VecOps.cs) run by <see cref="VecDriver"/>, with separate multiplies and
/// adds in one fixed order, so every path — Vector256, Vector128 and scalar — gives the same bits. A row's gates are
/// [z | r | h̃] (3H), its gradients [da_z | da_r | da_h]. The gradient spans may be the gate spans themselves: each
/// step reads a gate before it or a later step overwrites it.
/// </summary>
internal static class GruKernels
{
    /// <summary>h_j = hp_j + z_j·(h̃_j − hp_j), i.e. h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃.</summary>
    public static void Update(KernelPath path, ReadOnlySpan<float> z, ReadOnlySpan<float> hTilde, ReadOnlySpan<float> hp, Span<float> h)
    {
        int n = h.Length;
        if (z.Length < n || hTilde.Length < n || hp.Length < n) ThrowShort();
        VecDriver.Map3(path, z, hTilde, hp, h, new GatedUpdateOp());
    }

    /// <summary>
    /// The first backward step of one row, H = g.Length, from its gates [z | r | h̃] (3H), g = ∂L/∂h_t and hp = h_{t−1}:
    ///     da_h = g ⊙ z ⊙ (1 − h̃²),  da_z = g ⊙ (h̃ − hp) ⊙ z ⊙ (1 − z)   into dGates [da_z | · | da_h]
    ///     ∂hp += g ⊙ (1 − z)   (skipped when dhp is empty: the first step, whose h_{−1} = 0 is no parameter)
    /// Products are evaluated left to right as written.
    /// </summary>
    public static void BackwardUpdate(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> hp,
        Span<float> dGates, Span<float> dhp)
    {
        int h = g.Length;
        bool carry = !dhp.IsEmpty;
        if (gates.Length < 3 * h || hp.Length < h || dGates.Length < 3 * h || (carry && dhp.Length < h)) ThrowShort();
        ReadOnlySpan<float> z = gates.Slice(0, h), hTilde = gates.Slice(2 * h, h);
        if (carry) VecDriver.Map3(path, dhp.Slice(0, h), g, z, dhp.Slice(0, h), new AddGateComplementOp());  // ∂hp += g ⊙ (1 − z)
        VecDriver.Map4To2(path, g, z, hTilde, hp, dGates.Slice(0, h), dGates.Slice(2 * h, h), new GruUpdateGradientsOp()); // da_z, da_h
    }

    /// <summary>
    /// The reset-gate backward step of one row, from r (H), d = ∂(r ⊙ hp) and hp = h_{t−1}:
    ///     da_r = d ⊙ hp ⊙ r ⊙ (1 − r)  into dR,   ∂hp += d ⊙ r.
    /// dR may be r itself.
    /// </summary>
    public static void BackwardReset(KernelPath path, ReadOnlySpan<float> r, ReadOnlySpan<float> d, ReadOnlySpan<float> hp,
        Span<float> dR, Span<float> dhp)
    {
        int h = d.Length;
        if (r.Length < h || hp.Length < h || dR.Length < h || dhp.Length < h) ThrowShort();
        VecDriver.Map3(path, dhp.Slice(0, h), d, r, dhp.Slice(0, h), new AddProductOp());   // ∂hp += d ⊙ r
        VecDriver.Map3(path, d, hp, r, dR.Slice(0, h), new ResetGradientOp());              // da_r = d ⊙ hp ⊙ r(1 − r)
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("GRU kernel: a span is shorter than the row");
}

/// <summary>(da_z, da_h) = (g ⊙ (h̃ − hp) ⊙ z(1 − z), g ⊙ z ⊙ (1 − h̃²)), operands (g, z, h̃, hp).</summary>
internal readonly struct GruUpdateGradientsOp : IQuaternaryPairOp
{
    public (float, float) Invoke(float g, float z, float hTilde, float hp)
        => (g * (hTilde - hp) * z * (1f - z), g * z * (1f - hTilde * hTilde));
    public (V128, V128) Invoke(V128 g, V128 z, V128 hTilde, V128 hp)
        => (g * (hTilde - hp) * z * (V128.One - z), g * z * (V128.One - hTilde * hTilde));
    public (V256, V256) Invoke(V256 g, V256 z, V256 hTilde, V256 hp)
        => (g * (hTilde - hp) * z * (V256.One - z), g * z * (V256.One - hTilde * hTilde));
}

/// <summary>da_r = d ⊙ hp ⊙ r(1 − r) with d = ∂(r ⊙ hp), operands (d, hp, r).</summary>
internal readonly struct ResetGradientOp : ITernaryOp
{
    public float Invoke(float d, float hp, float r) => d * hp * r * (1f - r);
    public V128 Invoke(V128 d, V128 hp, V128 r) => d * hp * r * (V128.One - r);
    public V256 Invoke(V256 d, V256 hp, V256 r) => d * hp * r * (V256.One - r);
    public V512 Invoke(V512 d, V512 hp, V512 r) => d * hp * r * (V512.One - r);
}
