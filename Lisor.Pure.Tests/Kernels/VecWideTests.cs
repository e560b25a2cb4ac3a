using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// On the Vector256 path of a CPU with 512-bit vectors, the element-wise loops take 512-bit vectors first
/// (<see cref="VecDriver.Wide"/>). Every op must give, element by element, the bits its 256-bit form gives, so that an
/// element's value never depends on which vector it falls in or on the CPU. Vector512 runs in software where the CPU has
/// none, so these run on every machine with AVX2.
/// </summary>
[NonParallelizable]   // switches VecDriver.Wide, which the whole process shares (it changes speed, never bits)
public class VecWideTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 50), 63, 64, 65, 100, 257];

    // random values in [−12, 12] (σ and tanh past their clamps too), with special values sprinkled in
    private static float[] Operand(Rng rng, int n)
    {
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-5f, -3e-4f, 9.5f, -90f, 89f, 1e-38f];
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 7 == 3 ? special[(i / 7) % special.Length] : rng.Uniform(-12f, 12f);
        return x;
    }

    private static IEnumerable<TestCaseData> Ops =>
        !KernelPaths.IsSupported(KernelPath.Vector256) ? [] :
        new[] { "tanh", "sigmoid", "add", "multiply", "tanh-gradient", "sigmoid-gradient", "gated-update", "add-gate-complement",
                "add-product", "reset-gradient", "output-gate-gradient", "cell-update", "cell-gradient" }.Select(o => new TestCaseData(o));

    [TestCaseSource(nameof(Ops))]
    public void Every_op_gives_the_same_bits_in_512_bit_vectors_as_in_256_bit_ones(string name)
    {
        var rng = new Rng(61);
        bool was = VecDriver.Wide;
        try
        {
            foreach (int n in Lengths)
            {
                var a = Operand(rng, n); var b = Operand(rng, n); var c = Operand(rng, n); var d = Operand(rng, n);
                VecDriver.Wide = false;
                var narrow = Run(name, a, b, c, d, n);
                VecDriver.Wide = true;
                var wide = new Guarded(new float[n]);
                Run(name, a, b, c, d, n, wide.Span);
                KernelTestData.AssertSameBits(wide.ToArray(), narrow, $"{name}, n = {n}");
                wide.AssertGuardsIntact();
            }
        }
        finally { VecDriver.Wide = was; }
    }

    private static float[] Run(string name, float[] a, float[] b, float[] c, float[] d, int n)
    {
        var dst = new float[n];
        Run(name, a, b, c, d, n, dst);
        return dst;
    }

    private static void Run(string name, float[] a, float[] b, float[] c, float[] d, int n, Span<float> dst)
    {
        const KernelPath P = KernelPath.Vector256;
        switch (name)
        {
            case "tanh": VecDriver.Map(P, a, dst, new TanhOp()); break;
            case "sigmoid": VecDriver.Map(P, a, dst, new SigmoidOp()); break;
            case "add": VecDriver.Zip(P, a, b, dst, new AddOp()); break;
            case "multiply": VecDriver.Zip(P, a, b, dst, new MultiplyOp()); break;
            case "tanh-gradient": VecDriver.Zip(P, a, b, dst, new TanhGradientOp()); break;
            case "sigmoid-gradient": VecDriver.Zip(P, a, b, dst, new SigmoidGradientOp()); break;
            case "gated-update": VecDriver.Map3(P, a, b, c, dst, new GatedUpdateOp()); break;
            case "add-gate-complement": VecDriver.Map3(P, a, b, c, dst, new AddGateComplementOp()); break;
            case "add-product": VecDriver.Map3(P, a, b, c, dst, new AddProductOp()); break;
            case "reset-gradient": VecDriver.Map3(P, a, b, c, dst, new ResetGradientOp()); break;
            case "output-gate-gradient": VecDriver.Map3(P, a, b, c, dst, new OutputGateGradientOp()); break;
            case "cell-update": VecDriver.Map4(P, a, b, c, d, dst, new CellUpdateOp()); break;
            case "cell-gradient": VecDriver.Map4(P, a, b, c, d, dst, new CellGradientOp()); break;
            default: throw new ArgumentException(name);
        }
    }

    [Test]
    public void Wide_loops_are_on_exactly_where_the_CPU_runs_512_bit_vectors()
        => Assert.That(VecDriver.Wide, Is.EqualTo(KernelPaths.Has512), "the default: 512-bit vectors wherever they run in hardware");
}
