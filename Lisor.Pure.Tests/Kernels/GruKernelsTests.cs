using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The GRU's element-wise kernels on every path against the formulas of Cells/Gru.cs written out one element
/// at a time, bit for bit (separate multiplies and adds in the same order), at awkward lengths, out of place and
/// in place (Gru.Backward writes the gate gradients over the gates).
/// </summary>
public class GruKernelsTests
{
    private static IEnumerable<TestCaseData> Cases() => KernelTestData.PathsAndRowLengths();

    private static void AssertBits(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
        => KernelTestData.AssertSameBits(actual, expected, what);

    // gates [z | r | h̃] with z, r ∈ (0, 1) and h̃ ∈ (−1, 1); g, hp, d, and a running ∂hp.
    private static (float[] Gates, float[] G, float[] Hp, float[] D, float[] Dhp) Inputs(int h)
    {
        var rng = new Rng(61 + (ulong)h);
        var gates = new float[3 * h];
        KernelTestData.Random(rng, 2 * h, 0, 1).CopyTo(gates, 0);
        KernelTestData.Random(rng, h, -1, 1).CopyTo(gates, 2 * h);
        return (gates, KernelTestData.Random(rng, h), KernelTestData.Random(rng, h, -1, 1), KernelTestData.Random(rng, h),
            KernelTestData.Random(rng, h));
    }

    [TestCaseSource(nameof(Cases))]
    public void Update_is_hp_plus_z_times_htilde_minus_hp_bit_for_bit(KernelPath path, int h)
    {
        var (gates, _, hp, _, _) = Inputs(h);
        var output = new Guarded(new float[h]);
        GruKernels.Update(path, gates.AsSpan(0, h), gates.AsSpan(2 * h, h), hp, output.Span);
        var expected = new float[h];
        for (int j = 0; j < h; j++) expected[j] = hp[j] + gates[j] * (gates[2 * h + j] - hp[j]);
        AssertBits(output.Span, expected, "h");
        output.AssertGuardsIntact();
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_update_gives_da_h_da_z_and_the_carried_gradient_bit_for_bit(KernelPath path, int h)
    {
        var (gates, g, hp, _, dhp) = Inputs(h);
        var expected = new float[3 * h];
        var expectedDhp = (float[])dhp.Clone();
        for (int j = 0; j < h; j++)
        {
            float z = gates[j], t = gates[2 * h + j];
            expected[2 * h + j] = g[j] * z * (1f - t * t);
            expected[j] = g[j] * (t - hp[j]) * z * (1f - z);
            expectedDhp[j] += g[j] * (1f - z);
        }
        var d = new Guarded(new float[3 * h]);
        var carried = new Guarded(dhp);
        GruKernels.BackwardUpdate(path, gates, g, hp, d.Span, carried.Span);
        AssertBits(d.Span.Slice(0, h), expected.AsSpan(0, h), "da_z");
        AssertBits(d.Span.Slice(2 * h, h), expected.AsSpan(2 * h, h), "da_h");
        Assert.That(d.Span.Slice(h, h).ToArray(), Is.All.EqualTo(0f), "da_r is not this step's to write");
        AssertBits(carried.Span, expectedDhp, "∂hp");
        d.AssertGuardsIntact();
        carried.AssertGuardsIntact();

        // in place over the gates, and without ∂hp (the first step): the same da, r left alone
        var shared = (float[])gates.Clone();
        GruKernels.BackwardUpdate(path, shared, g, hp, shared, Span<float>.Empty);
        AssertBits(shared.AsSpan(0, h), expected.AsSpan(0, h), "da_z in place");
        AssertBits(shared.AsSpan(h, h), gates.AsSpan(h, h), "r in place");
        AssertBits(shared.AsSpan(2 * h, h), expected.AsSpan(2 * h, h), "da_h in place");
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_reset_gives_da_r_and_adds_to_the_carried_gradient_bit_for_bit(KernelPath path, int h)
    {
        var (gates, _, hp, dIn, dhp) = Inputs(h);
        var r = gates.AsSpan(h, h).ToArray();
        var expected = new float[h];
        var expectedDhp = (float[])dhp.Clone();
        for (int j = 0; j < h; j++)
        {
            expected[j] = dIn[j] * hp[j] * r[j] * (1f - r[j]);
            expectedDhp[j] += dIn[j] * r[j];
        }
        var dR = new Guarded(new float[h]);
        var carried = new Guarded(dhp);
        GruKernels.BackwardReset(path, r, dIn, hp, dR.Span, carried.Span);
        AssertBits(dR.Span, expected, "da_r");
        AssertBits(carried.Span, expectedDhp, "∂hp");
        dR.AssertGuardsIntact();
        carried.AssertGuardsIntact();

        var shared = (float[])r.Clone();
        GruKernels.BackwardReset(path, shared, dIn, hp, shared, (float[])dhp.Clone());
        AssertBits(shared, expected, "da_r in place");
    }

    [Test]
    public void Spans_shorter_than_the_row_are_refused()
    {
        var path = KernelPaths.Best;
        Assert.Throws<ArgumentException>(() => GruKernels.Update(path, new float[3], new float[4], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => GruKernels.BackwardUpdate(path, new float[11], new float[4], new float[4], new float[12], new float[4]));
        Assert.Throws<ArgumentException>(() => GruKernels.BackwardUpdate(path, new float[12], new float[4], new float[4], new float[12], new float[3]));
        Assert.Throws<ArgumentException>(() => GruKernels.BackwardReset(path, new float[4], new float[4], new float[4], new float[3], new float[4]));
    }
}
