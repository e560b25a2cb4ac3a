using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// Adam's element-wise update on every path: θ, m and v bit for bit the scalar reference's at every length 0 … 35 and
/// a few long ones (every vector width and every tail), over steps 1, 2, 10 and 1000 of the bias corrections, with
/// gradients that include ±0, subnormals, tiny and huge values; the 512-bit vectors against the 256-bit ones; nothing
/// written past the n parameters; short buffers refused.
/// </summary>
[NonParallelizable]   // one test switches VecDriver.Wide, which the whole process shares (it changes speed, never bits)
public class AdamUpdateTests
{
    private static readonly int[] Steps = [1, 2, 10, 1000];

    // (lr, c1, c2) as Adam.Step makes them at step t
    private static (float Lr, float C1, float C2) At(int t)
        => (0.01f, (float)(1 - Math.Pow(AdamUpdate.Beta1, t)), (float)(1 - Math.Pow(AdamUpdate.Beta2, t)));

    private static float[] Gradient(Rng rng, int n)
    {
        float[] special = [0f, -0f, 1e-40f, -3e-39f, 1e-20f, 3e18f, -2.5e17f, 1f, -1f];
        var g = new float[n];
        for (int i = 0; i < n; i++) g[i] = i % 5 == 2 ? special[(i / 5) % special.Length] : rng.Uniform(-3f, 3f);
        return g;
    }

    // θ, m, v after `rounds` updates on `path` (each round a new gradient), from the same start for every path
    private static (float[] Theta, float[] M, float[] V) Run(KernelPath? path, int n, int t, int seed)
    {
        var rng = new Rng((ulong)seed);
        var theta = KernelTestData.Random(rng, n);
        var m = new float[n]; var v = new float[n];
        var (lr, c1, c2) = At(t);
        for (int round = 0; round < 3; round++)
        {
            var g = Gradient(rng, n);
            if (path is KernelPath p) AdamUpdate.Update(p, theta, g, m, v, lr, c1, c2);
            else AdamUpdate.UpdateScalar(theta, g, m, v, lr, c1, c2);
        }
        return (theta, m, v);
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Every_path_gives_the_references_bits(KernelPath path)
    {
        foreach (int t in Steps)
            foreach (int n in KernelTestData.Lengths)
            {
                int seed = n * 31 + t;
                var expected = Run(null, n, t, seed);
                var got = Run(path, n, t, seed);
                KernelTestData.AssertSameBits(got.Theta, expected.Theta, $"{path} θ, n = {n}, step {t}");
                KernelTestData.AssertSameBits(got.M, expected.M, $"{path} m, n = {n}, step {t}");
                KernelTestData.AssertSameBits(got.V, expected.V, $"{path} v, n = {n}, step {t}");
            }
    }

    [Test]
    public void Vectors_of_512_bits_give_the_bits_of_256_bit_ones()
    {
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) Assert.Ignore("no Vector256 path on this CPU");
        bool was = VecDriver.Wide;
        try
        {
            foreach (int n in KernelTestData.Lengths)
            {
                VecDriver.Wide = false;
                var narrow = Run(KernelPath.Vector256, n, 10, n);
                VecDriver.Wide = true;   // (Vector512 runs in software where the CPU has none)
                var wide = Run(KernelPath.Vector256, n, 10, n);
                KernelTestData.AssertSameBits(wide.Theta, narrow.Theta, $"θ, n = {n}");
                KernelTestData.AssertSameBits(wide.M, narrow.M, $"m, n = {n}");
                KernelTestData.AssertSameBits(wide.V, narrow.V, $"v, n = {n}");
            }
        }
        finally { VecDriver.Wide = was; }
    }

    [Test]
    public void The_reference_is_the_formula_step_by_step()
    {
        // m = 0.9·0.5 + 0.1·2 = 0.65, v = 0.999·0.25 + (0.001·2)·2 = 0.25375, θ = 1 − (0.1·(0.65 / 0.19)) / (√(0.25375 / 0.001999) + 1e-8)
        float[] theta = [1f], m = [0.5f], v = [0.25f];
        float c1 = 0.19f, c2 = 0.001999f;
        AdamUpdate.UpdateScalar(theta, [2f], m, v, 0.1f, c1, c2);
        float mExpected = 0.9f * 0.5f + (1 - 0.9f) * 2f, vExpected = 0.999f * 0.25f + (1 - 0.999f) * 2f * 2f;
        Assert.That(m[0], Is.EqualTo(mExpected));
        Assert.That(v[0], Is.EqualTo(vExpected));
        Assert.That(m[0], Is.EqualTo(0.65f).Within(1e-6f));
        Assert.That(v[0], Is.EqualTo(0.25375f).Within(1e-6f));
        Assert.That(theta[0], Is.EqualTo(1f - 0.1f * (mExpected / c1) / (MathF.Sqrt(vExpected / c2) + 1e-8f)));
        Assert.That(theta[0], Is.EqualTo(1 - 0.1 * (0.65 / 0.19) / Math.Sqrt(0.25375 / 0.001999)).Within(1e-5));
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Nothing_past_the_parameters_is_written(KernelPath path)
    {
        foreach (int n in KernelTestData.Lengths)
        {
            var rng = new Rng((ulong)n);
            var theta = new Guarded(KernelTestData.Random(rng, n));
            var m = new Guarded(new float[n]); var v = new Guarded(new float[n]);
            var g = Gradient(rng, n + 16);   // a gradient longer than θ: only its first n are read
            AdamUpdate.Update(path, theta.Span, g, m.Span, v.Span, 0.01f, 0.1f, 0.001f);
            theta.AssertGuardsIntact(); m.AssertGuardsIntact(); v.AssertGuardsIntact();
        }
    }

    [Test]
    public void Buffers_shorter_than_the_parameters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AdamUpdate.Update(KernelPath.Scalar, new float[5], new float[4], new float[5], new float[5], 0.1f, 0.1f, 0.1f));
        Assert.Throws<ArgumentException>(() => AdamUpdate.Update(KernelPath.Scalar, new float[5], new float[5], new float[4], new float[5], 0.1f, 0.1f, 0.1f));
        Assert.Throws<ArgumentException>(() => AdamUpdate.Update(KernelPath.Scalar, new float[5], new float[5], new float[5], new float[4], 0.1f, 0.1f, 0.1f));
    }
}
