using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>Every element-wise kernel of <see cref="Vec"/> on every path this CPU runs, against the scalar references, at every length.</summary>
public class VecTests
{
    private static IEnumerable<KernelPath> Paths => KernelTestData.Paths;

    [TestCaseSource(nameof(Paths))]
    public void TanhGradient_is_dy_times_one_minus_y_squared_bit_for_bit_and_stays_inside_the_span(KernelPath path)
    {
        var rng = new Rng(19);
        foreach (int n in KernelTestData.Lengths)
        {
            var dy = KernelTestData.Random(rng, n);
            var y = KernelTestData.Random(rng, n, -1f, 1f);
            var dst = new Guarded(new float[n]);
            Vec.TanhGradient(path, dy, y, dst.Span);
            var expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = dy[i] * (1f - y[i] * y[i]);
            KernelTestData.AssertSameBits(dst.Span, expected, $"n={n}");
            dst.AssertGuardsIntact();
            var inPlace = (float[])dy.Clone();
            Vec.TanhGradient(path, inPlace, y, inPlace);
            KernelTestData.AssertSameBits(inPlace, expected, $"in place, n={n}");
        }
    }

    [TestCaseSource(nameof(Paths))]
    public void Add_and_Multiply_match_scalar_reference_and_stay_inside_the_span(KernelPath path)
    {
        var rng = new Rng(13);
        foreach (int n in KernelTestData.Lengths)
        {
            var xs = KernelTestData.Random(rng, n);
            var ys = KernelTestData.Random(rng, n);
            var x = new Guarded(xs);
            var sumDst = new Guarded(new float[n]);
            var prodDst = new Guarded(new float[n]);
            var yIn = new Guarded(ys);
            Vec.Add(path, x.Span, yIn.Span, sumDst.Span);
            Vec.Multiply(path, x.Span, yIn.Span, prodDst.Span);
            var sumRef = new float[n];
            var prodRef = new float[n];
            ScalarVec.Add(xs, ys, sumRef);
            ScalarVec.Multiply(xs, ys, prodRef);
            Assert.That(sumDst.ToArray(), Is.EqualTo(sumRef), $"add n={n}");
            Assert.That(prodDst.ToArray(), Is.EqualTo(prodRef), $"multiply n={n}");
            sumDst.AssertGuardsIntact();
            prodDst.AssertGuardsIntact();
        }
    }

    [TestCaseSource(nameof(Paths))]
    public void Add_works_in_place(KernelPath path)
    {
        var rng = new Rng(14);
        var a = KernelTestData.Random(rng, 37);
        var b = KernelTestData.Random(rng, 37);
        var expected = new float[37];
        ScalarVec.Add(a, b, expected);
        Vec.Add(path, a, b, a);
        Assert.That(a, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Paths))]
    public void Sigmoid_and_Tanh_match_the_definitions_at_every_length(KernelPath path)
    {
        var rng = new Rng(15);
        foreach (int n in KernelTestData.Lengths)
        {
            var xs = KernelTestData.Random(rng, n, -12f, 12f);
            var x = new Guarded(xs);
            var sig = new Guarded(new float[n]);
            var tanh = new Guarded(new float[n]);
            Vec.Sigmoid(path, x.Span, sig.Span);
            Vec.Tanh(path, x.Span, tanh.Span);
            for (int i = 0; i < n; i++)
            {
                Assert.That(sig.Span[i], Is.EqualTo(1.0 / (1.0 + Math.Exp(-xs[i]))).Within(1.2e-7), $"sigmoid n={n} i={i}");
                Assert.That(tanh.Span[i], Is.EqualTo(Math.Tanh(xs[i])).Within(4e-7), $"tanh n={n} i={i}");
            }
            sig.AssertGuardsIntact();
            tanh.AssertGuardsIntact();
        }
    }

    [TestCaseSource(nameof(Paths))]
    public void Argmax_matches_scalar_reference_including_ties_and_NaN(KernelPath path)
    {
        var rng = new Rng(17);
        foreach (int n in KernelTestData.Lengths)
        {
            // few distinct values, so ties across lanes are common
            var xs = new float[n];
            for (int i = 0; i < n; i++) xs[i] = rng.NextInt(5);
            Assert.That(Vec.Argmax(path, xs), Is.EqualTo(ScalarVec.Argmax(xs)), $"n={n}");
            if (n > 0)
            {
                xs[rng.NextInt(n)] = float.NaN;
                xs[0] = float.NaN;
                Assert.That(Vec.Argmax(path, xs), Is.EqualTo(ScalarVec.Argmax(xs)), $"NaN n={n}");
            }
        }
        Assert.That(Vec.Argmax(path, [float.NaN, float.NaN, float.NaN, float.NaN, float.NaN]), Is.EqualTo(0));
        Assert.That(Vec.Argmax(path, ReadOnlySpan<float>.Empty), Is.EqualTo(-1));
        // two classes (their own shortcut): ties, signed zeros, infinities and NaN on either side
        float[] values = [0f, -0f, 1f, -1f, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        foreach (float a in values)
            foreach (float b in values)
                Assert.That(Vec.Argmax(path, [a, b]), Is.EqualTo(ScalarVec.Argmax([a, b])), $"({a}, {b})");
    }

    [Test]
    public void Short_second_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Vec.Add(new float[5], new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => Vec.Add(new float[5], new float[5], new float[4]));
    }

    [Test]
    public void Best_path_is_supported_and_listed()
    {
        Assert.That(KernelPaths.IsSupported(KernelPaths.Best), Is.True);
        Assert.That(KernelPaths.Supported, Does.Contain(KernelPaths.Best));
        Assert.That(KernelPaths.Supported, Does.Contain(KernelPath.Scalar));
    }
}
