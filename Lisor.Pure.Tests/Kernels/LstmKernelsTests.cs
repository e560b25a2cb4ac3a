using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The LSTM's element-wise kernels on every path against a plain reference written from the formulas
/// (Cells/Lstm.cs), bit for bit: the kernels use separate multiplies and adds in the formulas' order, so
/// no path may round differently. Awkward lengths exercise every vector width and tail.
/// </summary>
public class LstmKernelsTests
{
    private static IEnumerable<TestCaseData> Cases() => KernelTestData.PathsAndRowLengths();

    private static void AssertBits(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
        => KernelTestData.AssertSameBits(actual, expected, what);

    [TestCaseSource(nameof(Cases))]
    public void Cell_update_is_f_cp_plus_i_ctilde_bit_for_bit(KernelPath path, int h)
    {
        var rng = new Rng(21 + (ulong)h);
        float[] i = KernelTestData.Random(rng, h, 0, 1), f = KernelTestData.Random(rng, h, 0, 1);
        float[] cTilde = KernelTestData.Random(rng, h, -1, 1), cp = KernelTestData.Random(rng, h, -5, 5);
        var c = new Guarded(new float[h]);
        LstmKernels.CellUpdate(path, i, f, cTilde, cp, c.Span);
        var expected = new float[h];
        for (int j = 0; j < h; j++) expected[j] = f[j] * cp[j] + i[j] * cTilde[j];
        AssertBits(c.Span, expected, "c");
        c.AssertGuardsIntact();
    }

    // The formulas of Lstm's backward, one element at a time, in the order they are written there.
    private static (float[] DGates, float[] DcNext) Reference(float[] gates, float[] g, float[] tc, float[] cp, float[] dcNext)
    {
        int h = g.Length;
        var d = new float[4 * h];
        var next = (float[])dcNext.Clone();
        for (int j = 0; j < h; j++)
        {
            float i = gates[j], f = gates[h + j], o = gates[2 * h + j], ct = gates[3 * h + j];
            float dc = next[j] + g[j] * o * (1f - tc[j] * tc[j]);
            d[j] = dc * ct * i * (1f - i);
            d[h + j] = dc * cp[j] * f * (1f - f);
            d[2 * h + j] = g[j] * tc[j] * o * (1f - o);
            d[3 * h + j] = dc * i * (1f - ct * ct);
            next[j] = dc * f;
        }
        return (d, next);
    }

    private static (float[] Gates, float[] G, float[] Tc, float[] Cp, float[] DcNext) Inputs(int h)
    {
        var rng = new Rng(41 + (ulong)h);
        var gates = new float[4 * h];
        KernelTestData.Random(rng, 3 * h, 0, 1).CopyTo(gates, 0);          // i, f, o ∈ (0, 1)
        KernelTestData.Random(rng, h, -1, 1).CopyTo(gates, 3 * h);        // c̃ ∈ (−1, 1)
        return (gates, KernelTestData.Random(rng, h), KernelTestData.Random(rng, h, -1, 1),
            KernelTestData.Random(rng, h, -3, 3), KernelTestData.Random(rng, h));
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_gives_the_gate_gradients_and_the_carried_cell_gradient_bit_for_bit(KernelPath path, int h)
    {
        var (gates, g, tc, cp, dcNext) = Inputs(h);
        var (expected, expectedNext) = Reference(gates, g, tc, cp, dcNext);
        var d = new Guarded(new float[4 * h]);
        var next = new Guarded(dcNext);
        LstmKernels.Backward(path, gates, g, tc, cp, next.Span, d.Span);
        AssertBits(d.Span, expected, "da");
        AssertBits(next.Span, expectedNext, "∂c_next");
        d.AssertGuardsIntact();
        next.AssertGuardsIntact();
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_may_overwrite_the_gate_activations_it_reads(KernelPath path, int h)
    {
        // Lstm.Backward passes the same span as gates and dGates: da_t replaces the activations of step t.
        var (gates, g, tc, cp, dcNext) = Inputs(h);
        var (expected, expectedNext) = Reference(gates, g, tc, cp, dcNext);
        var shared = new Guarded(gates);
        LstmKernels.Backward(path, shared.Span, g, tc, cp, dcNext, shared.Span);
        AssertBits(shared.Span, expected, "da written over the gates");
        AssertBits(dcNext, expectedNext, "∂c_next");
        shared.AssertGuardsIntact();
    }

    [Test]
    public void Spans_shorter_than_the_row_are_refused()
    {
        var path = KernelPaths.Best;
        Assert.Throws<ArgumentException>(() => LstmKernels.CellUpdate(path, new float[3], new float[4], new float[4], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() =>
            LstmKernels.Backward(path, new float[15], new float[4], new float[4], new float[4], new float[4], new float[16]));
        Assert.Throws<ArgumentException>(() =>
            LstmKernels.Backward(path, new float[16], new float[4], new float[4], new float[4], new float[3], new float[16]));
    }
}
