using System.Runtime.CompilerServices;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The gate backward steps of the MGU (<see cref="Cells.Mgu"/>) for one row of H units, vectorised (its state update
/// h = hp + f ⊙ (h̃ − hp) has the GRU's form: <see cref="GruKernels.Update"/>). As in <see cref="LstmKernels"/>, each
/// formula is an op struct (here or in VecOps.cs) run by <see cref="VecDriver"/>, with separate multiplies and adds in
/// one fixed order, so Vector256, Vector128 and scalar give the same bits. A row's gates are [f | h̃] (2H), its
/// gradients [∂f, then da_f | da_h].
/// </summary>
internal static class MguKernels
{
    /// <summary>
    /// The first backward step of one row, H = g.Length, from its gates [f | h̃], g = ∂L/∂h_t and hp = h_{t−1}:
    ///     da_h = g ⊙ f ⊙ (1 − h̃²),  ∂f = g ⊙ (h̃ − hp)   into dGates [∂f | da_h]
    ///     ∂hp += g ⊙ (1 − f)   (skipped when dhp is empty: the first step)
    /// </summary>
    public static void BackwardUpdate(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> hp,
        Span<float> dGates, Span<float> dhp)
    {
        int h = g.Length;
        bool carry = !dhp.IsEmpty;
        if (gates.Length < 2 * h || hp.Length < h || dGates.Length < 2 * h || (carry && dhp.Length < h)) ThrowShort();
        ReadOnlySpan<float> f = gates.Slice(0, h), hTilde = gates.Slice(h, h);
        if (carry) VecDriver.Map3(path, dhp.Slice(0, h), g, f, dhp.Slice(0, h), new AddGateComplementOp());  // ∂hp += g ⊙ (1 − f)
        VecDriver.Map4To2(path, g, f, hTilde, hp, dGates.Slice(0, h), dGates.Slice(h, h), new MguUpdateGradientsOp()); // ∂f, da_h
    }

    /// <summary>
    /// The forget-gate step of one row, from f (H), hp = h_{t−1} and d = ∂(f ⊙ hp) (empty at the first step, which has none):
    ///     ∂f += d ⊙ hp,  ∂hp += d ⊙ f   (when d is given), then  da_f = ∂f ⊙ (f ⊙ (1 − f))   in dF (∂f in, da_f out).
    /// dF must not be f itself.
    /// </summary>
    public static void BackwardGate(KernelPath path, ReadOnlySpan<float> f, ReadOnlySpan<float> hp, ReadOnlySpan<float> d,
        Span<float> dF, Span<float> dhp)
    {
        int h = dF.Length;
        bool recurrent = !d.IsEmpty;
        if (f.Length < h || (recurrent && (hp.Length < h || d.Length < h || dhp.Length < h))) ThrowShort();
        if (recurrent)
        {
            VecDriver.Map3(path, dhp.Slice(0, h), d, f, dhp.Slice(0, h), new AddProductOp());  // ∂hp += d ⊙ f
            VecDriver.Map3(path, dF, d, hp, dF, new AddProductOp());                          // ∂f += d ⊙ hp
        }
        VecDriver.Zip(path, dF, f, dF, new SigmoidGradientOp());                              // da_f = ∂f ⊙ (f ⊙ (1 − f))
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("MGU kernel: a span is shorter than the row");
}

/// <summary>(∂f, da_h) = (g ⊙ (h̃ − hp), g ⊙ f ⊙ (1 − h̃²)), operands (g, f, h̃, hp).</summary>
internal readonly struct MguUpdateGradientsOp : IQuaternaryPairOp
{
    public (float, float) Invoke(float g, float f, float hTilde, float hp) => (g * (hTilde - hp), g * f * (1f - hTilde * hTilde));
    public (V128, V128) Invoke(V128 g, V128 f, V128 hTilde, V128 hp) => (g * (hTilde - hp), g * f * (V128.One - hTilde * hTilde));
    public (V256, V256) Invoke(V256 g, V256 f, V256 hTilde, V256 hp) => (g * (hTilde - hp), g * f * (V256.One - hTilde * hTilde));
}
