using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The MGU's gate backward kernels on every path against the formulas of Cells/Mgu.cs written out one element at
/// a time, bit for bit, at awkward lengths, with and without the recurrent terms of steps after the first.
/// </summary>
public class MguKernelsTests
{
    private static IEnumerable<TestCaseData> Cases() => KernelTestData.PathsAndRowLengths();

    // gates [f | h̃] with f ∈ (0, 1) and h̃ ∈ (−1, 1); g, hp, d = ∂(f ⊙ hp), ∂f and a running ∂hp.
    private static (float[] Gates, float[] G, float[] Hp, float[] D, float[] DF, float[] Dhp) Inputs(int h)
    {
        var rng = new Rng(81 + (ulong)h);
        var gates = new float[2 * h];
        KernelTestData.Random(rng, h, 0, 1).CopyTo(gates, 0);
        KernelTestData.Random(rng, h, -1, 1).CopyTo(gates, h);
        return (gates, KernelTestData.Random(rng, h), KernelTestData.Random(rng, h, -1, 1), KernelTestData.Random(rng, h),
            KernelTestData.Random(rng, h), KernelTestData.Random(rng, h));
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_update_gives_da_h_the_direct_df_and_the_carried_gradient_bit_for_bit(KernelPath path, int h)
    {
        var (gates, g, hp, _, _, dhp) = Inputs(h);
        var expected = new float[2 * h];
        var expectedDhp = (float[])dhp.Clone();
        for (int j = 0; j < h; j++)
        {
            float f = gates[j], t = gates[h + j];
            expected[h + j] = g[j] * f * (1f - t * t);
            expected[j] = g[j] * (t - hp[j]);
            expectedDhp[j] += g[j] * (1f - f);
        }
        var d = new Guarded(new float[2 * h]);
        var carried = new Guarded(dhp);
        MguKernels.BackwardUpdate(path, gates, g, hp, d.Span, carried.Span);
        KernelTestData.AssertSameBits(d.Span, expected, "[∂f | da_h]");
        KernelTestData.AssertSameBits(carried.Span, expectedDhp, "∂hp");
        d.AssertGuardsIntact();
        carried.AssertGuardsIntact();

        var first = new float[2 * h];   // the first step: no ∂hp
        MguKernels.BackwardUpdate(path, gates, g, hp, first, Span<float>.Empty);
        KernelTestData.AssertSameBits(first, expected, "[∂f | da_h], first step");
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_gate_adds_the_recurrent_terms_then_applies_the_sigmoid_derivative_bit_for_bit(KernelPath path, int h)
    {
        var (gates, _, hp, dIn, dF, dhp) = Inputs(h);
        var f = gates.AsSpan(0, h).ToArray();
        var expected = new float[h];
        var expectedFirst = new float[h];
        var expectedDhp = (float[])dhp.Clone();
        for (int j = 0; j < h; j++)
        {
            float a = dF[j];
            a += dIn[j] * hp[j];
            expectedDhp[j] += dIn[j] * f[j];
            expected[j] = a * (f[j] * (1f - f[j]));
            expectedFirst[j] = dF[j] * (f[j] * (1f - f[j]));
        }
        var da = new Guarded(dF);
        var carried = new Guarded(dhp);
        MguKernels.BackwardGate(path, f, hp, dIn, da.Span, carried.Span);
        KernelTestData.AssertSameBits(da.Span, expected, "da_f");
        KernelTestData.AssertSameBits(carried.Span, expectedDhp, "∂hp");
        da.AssertGuardsIntact();
        carried.AssertGuardsIntact();

        var first = (float[])dF.Clone();
        MguKernels.BackwardGate(path, f, hp, ReadOnlySpan<float>.Empty, first, Span<float>.Empty);
        KernelTestData.AssertSameBits(first, expectedFirst, "da_f, first step");
    }

    [Test]
    public void Spans_shorter_than_the_row_are_refused()
    {
        var path = KernelPaths.Best;
        Assert.Throws<ArgumentException>(() => MguKernels.BackwardUpdate(path, new float[7], new float[4], new float[4], new float[8], new float[4]));
        Assert.Throws<ArgumentException>(() => MguKernels.BackwardUpdate(path, new float[8], new float[4], new float[4], new float[8], new float[3]));
        Assert.Throws<ArgumentException>(() => MguKernels.BackwardGate(path, new float[3], new float[4], new float[4], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => MguKernels.BackwardGate(path, new float[4], new float[4], new float[3], new float[4], new float[4]));
    }
}
