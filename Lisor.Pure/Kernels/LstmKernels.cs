using System.Runtime.CompilerServices;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The element-wise steps of the LSTM (<see cref="Cells.Lstm"/>) that are plain arithmetic, vectorised:
/// the cell update of the forward pass and the whole gate backward of one row. Each formula is an op struct
/// below (scalar Invoke first, then the Vector128 and Vector256 ones) run by <see cref="VecDriver"/>, which
/// handles the widths and the tail. The formulas use separate multiplies and adds (no fused multiply-add) in
/// one fixed order, so every path — Vector256, Vector128 and scalar — gives the same bits.
/// </summary>
internal static class LstmKernels
{
    /// <summary>c_j = f_j·cp_j + i_j·c̃_j for j &lt; c.Length (the cell update c_t = f ⊙ c_{t−1} + i ⊙ c̃).</summary>
    public static void CellUpdate(KernelPath path, ReadOnlySpan<float> i, ReadOnlySpan<float> f, ReadOnlySpan<float> cTilde,
        ReadOnlySpan<float> cp, Span<float> c)
    {
        int n = c.Length;
        if (i.Length < n || f.Length < n || cTilde.Length < n || cp.Length < n) ThrowShort();
        VecDriver.Map4(path, f, cp, i, cTilde, c, new CellUpdateOp());
    }

    /// <summary>
    /// The gate backward of one row, H = g.Length, with the row's activations gates = [i | f | o | c̃] (4H),
    /// g = ∂L/∂h_t, tanhC = tanh(c_t), cp = c_{t−1}, and dcNext = ∂L/∂c_t arriving from step t+1 (replaced by ∂L/∂c_{t−1}):
    ///     ∂c = ∂c_next + g ⊙ o ⊙ (1 − tanh²(c_t))
    ///     da_i = ∂c ⊙ c̃ ⊙ i(1 − i),  da_f = ∂c ⊙ cp ⊙ f(1 − f),  da_o = g ⊙ tanh(c_t) ⊙ o(1 − o),  da_c = ∂c ⊙ i ⊙ (1 − c̃²)
    ///     ∂c_next ← ∂c ⊙ f
    /// into dGates = [da_i | da_f | da_o | da_c] (4H). Products are evaluated left to right as written.
    /// dGates may be gates itself (the cell overwrites the activations it no longer needs): each step below
    /// reads a gate before it or a later step overwrites it.
    /// </summary>
    public static void Backward(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> cp, Span<float> dcNext, Span<float> dGates)
    {
        int h = g.Length;
        if (gates.Length < 4 * h || tanhC.Length < h || cp.Length < h || dcNext.Length < h || dGates.Length < 4 * h) ThrowShort();
        ReadOnlySpan<float> i = gates.Slice(0, h), f = gates.Slice(h, h), o = gates.Slice(2 * h, h), cTilde = gates.Slice(3 * h, h);
        Span<float> daI = dGates.Slice(0, h), daF = dGates.Slice(h, h), daO = dGates.Slice(2 * h, h), daC = dGates.Slice(3 * h, h);
        var dc = dcNext.Slice(0, h);
        VecDriver.Map4(path, dc, g, o, tanhC, dc, new CellGradientOp());          // ∂c = ∂c_next + g ⊙ o ⊙ (1 − tanh²c), held in dcNext
        VecDriver.Map3(path, g, tanhC, o, daO, new OutputGateGradientOp());        // da_o = g ⊙ tanh(c) ⊙ o(1 − o)
        VecDriver.Map3To2(path, dc, i, cTilde, daI, daC, new InputGradientsOp());  // da_i = ∂c ⊙ c̃ ⊙ i(1 − i),  da_c = ∂c ⊙ i ⊙ (1 − c̃²)
        VecDriver.Map3To2(path, dc, cp, f, daF, dc, new ForgetGradientsOp());      // da_f = ∂c ⊙ cp ⊙ f(1 − f),  ∂c_next ← ∂c ⊙ f
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("LSTM kernel: a span is shorter than the row");
}

/// <summary>c = f ⊙ cp + i ⊙ c̃, operands (f, cp, i, c̃).</summary>
internal readonly struct CellUpdateOp : IQuaternaryOp
{
    public float Invoke(float f, float cp, float i, float cTilde) => f * cp + i * cTilde;
    public V128 Invoke(V128 f, V128 cp, V128 i, V128 cTilde) => f * cp + i * cTilde;
    public V256 Invoke(V256 f, V256 cp, V256 i, V256 cTilde) => f * cp + i * cTilde;
    public V512 Invoke(V512 f, V512 cp, V512 i, V512 cTilde) => f * cp + i * cTilde;
}

/// <summary>∂c = ∂c_next + g ⊙ o ⊙ (1 − tanh²c), operands (∂c_next, g, o, tanh c).</summary>
internal readonly struct CellGradientOp : IQuaternaryOp
{
    public float Invoke(float dcNext, float g, float o, float tanhC) => dcNext + g * o * (1f - tanhC * tanhC);
    public V128 Invoke(V128 dcNext, V128 g, V128 o, V128 tanhC) => dcNext + g * o * (V128.One - tanhC * tanhC);
    public V256 Invoke(V256 dcNext, V256 g, V256 o, V256 tanhC) => dcNext + g * o * (V256.One - tanhC * tanhC);
    public V512 Invoke(V512 dcNext, V512 g, V512 o, V512 tanhC) => dcNext + g * o * (V512.One - tanhC * tanhC);
}

/// <summary>da_o = g ⊙ tanh c ⊙ o(1 − o), operands (g, tanh c, o).</summary>
internal readonly struct OutputGateGradientOp : ITernaryOp
{
    public float Invoke(float g, float tanhC, float o) => g * tanhC * o * (1f - o);
    public V128 Invoke(V128 g, V128 tanhC, V128 o) => g * tanhC * o * (V128.One - o);
    public V256 Invoke(V256 g, V256 tanhC, V256 o) => g * tanhC * o * (V256.One - o);
    public V512 Invoke(V512 g, V512 tanhC, V512 o) => g * tanhC * o * (V512.One - o);
}

/// <summary>(da_i, da_c) = (∂c ⊙ c̃ ⊙ i(1 − i), ∂c ⊙ i ⊙ (1 − c̃²)), operands (∂c, i, c̃).</summary>
internal readonly struct InputGradientsOp : ITernaryPairOp
{
    public (float, float) Invoke(float dc, float i, float cTilde) => (dc * cTilde * i * (1f - i), dc * i * (1f - cTilde * cTilde));
    public (V128, V128) Invoke(V128 dc, V128 i, V128 cTilde) => (dc * cTilde * i * (V128.One - i), dc * i * (V128.One - cTilde * cTilde));
    public (V256, V256) Invoke(V256 dc, V256 i, V256 cTilde) => (dc * cTilde * i * (V256.One - i), dc * i * (V256.One - cTilde * cTilde));
}

/// <summary>(da_f, ∂c_next) = (∂c ⊙ cp ⊙ f(1 − f), ∂c ⊙ f), operands (∂c, cp, f).</summary>
internal readonly struct ForgetGradientsOp : ITernaryPairOp
{
    public (float, float) Invoke(float dc, float cp, float f) => (dc * cp * f * (1f - f), dc * f);
    public (V128, V128) Invoke(V128 dc, V128 cp, V128 f) => (dc * cp * f * (V128.One - f), dc * f);
    public (V256, V256) Invoke(V256 dc, V256 cp, V256 f) => (dc * cp * f * (V256.One - f), dc * f);
}
