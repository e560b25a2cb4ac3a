using System.Runtime.Intrinsics;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The error bounds stated in VecMath, measured against double precision over the whole float
/// range: a dense grid where the functions bend, a geometric sweep out to ±max float, and the
/// special values (±0, ±∞, NaN). Every path is measured, since FMA and non-FMA round differently.
/// </summary>
public class VecMathTests
{
    private static IEnumerable<KernelPath> Paths => KernelTestData.Paths;

    // x = ±(1e-38 … 3e38) geometrically, plus a uniform grid on [−20, 20] with step 2^-12.
    private static float[] Inputs()
    {
        var xs = new List<float>();
        for (double a = 1e-38; a < 3.4e38; a *= 1.01) { xs.Add((float)a); xs.Add((float)-a); }
        for (int i = -20 * 4096; i <= 20 * 4096; i++) xs.Add(i / 4096f);
        return xs.ToArray();
    }

    private static (double Abs, double Rel) MaxError(float[] x, float[] got, Func<double, double> exact)
    {
        double maxAbs = 0, maxRel = 0, worstErr = 0; float worstX = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = exact(x[i]);
            double err = Math.Abs(got[i] - e);
            if (err > worstErr) { worstErr = err; worstX = x[i]; }
            maxAbs = Math.Max(maxAbs, err);
            // relative error where the exact value is a normal float
            if (Math.Abs(e) > 1.2e-38 && !double.IsInfinity(e)) maxRel = Math.Max(maxRel, err / Math.Abs(e));
        }
        TestContext.Out.WriteLine($"largest absolute error at x = {worstX:R}");
        return (maxAbs, maxRel);
    }

    [TestCaseSource(nameof(Paths))]
    public void Tanh_is_within_4e7_absolute_and_relative_over_the_whole_range(KernelPath path)
    {
        var x = Inputs();
        var y = new float[x.Length];
        Vec.Tanh(path, x, y);
        var (abs, rel) = MaxError(x, y, Math.Tanh);
        TestContext.Out.WriteLine($"tanh {path}: max abs {abs:E2}, max rel {rel:E2}");
        Assert.That(abs, Is.LessThanOrEqualTo(4e-7));
        Assert.That(rel, Is.LessThanOrEqualTo(4e-7));
        Assert.That(y.All(v => v is >= -1f and <= 1f), Is.True, "tanh stays in [−1, 1]");
    }

    [TestCaseSource(nameof(Paths))]
    public void Sigmoid_is_within_1_2e7_absolute_and_2e7_relative_over_the_whole_range(KernelPath path)
    {
        var x = Inputs();
        var y = new float[x.Length];
        Vec.Sigmoid(path, x, y);
        var (abs, rel) = MaxError(x, y, v => 1.0 / (1.0 + Math.Exp(-v)));
        TestContext.Out.WriteLine($"sigmoid {path}: max abs {abs:E2}, max rel {rel:E2}");
        Assert.That(abs, Is.LessThanOrEqualTo(1.2e-7));
        Assert.That(rel, Is.LessThanOrEqualTo(2e-7));
        Assert.That(y.All(v => v is >= 0f and <= 1f), Is.True, "σ stays in [0, 1]");
    }

    [TestCaseSource(nameof(Paths))]
    public void Exp_is_within_1_5e7_relative_where_the_result_is_normal(KernelPath path)
    {
        var x = Inputs().Where(v => v is >= -87.33f and <= 88.37f).ToArray();
        var y = new float[x.Length];
        VecDriver.Map(path, x, y, new ExpOp());
        var (_, rel) = MaxError(x, y, Math.Exp);
        TestContext.Out.WriteLine($"exp {path}: max rel {rel:E2}");
        Assert.That(rel, Is.LessThanOrEqualTo(1.5e-7));
    }

    [TestCaseSource(nameof(Paths))]
    public void Special_values_follow_the_documented_rules(KernelPath path)
    {
        // padded to 9 elements so the vector body (not only the scalar tail) sees them
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-30f, -1e-30f, 100f, -100f];
        var t = new float[x.Length];
        var s = new float[x.Length];
        var e = new float[x.Length];
        Vec.Tanh(path, x, t);
        Vec.Sigmoid(path, x, s);
        VecDriver.Map(path, x, e, new ExpOp());

        Assert.That(BitConverter.SingleToInt32Bits(t[0]), Is.EqualTo(0), "tanh(+0) = +0");
        Assert.That(BitConverter.SingleToInt32Bits(t[1]), Is.EqualTo(BitConverter.SingleToInt32Bits(-0f)), "tanh(−0) = −0");
        Assert.That(t[2], Is.EqualTo(1f));
        Assert.That(t[3], Is.EqualTo(-1f));
        Assert.That(float.IsNaN(t[4]), Is.True, "tanh(NaN) = NaN");
        Assert.That(t[5], Is.EqualTo(1e-30f));
        Assert.That(t[6], Is.EqualTo(-1e-30f));
        Assert.That(t[7], Is.EqualTo(1f));
        Assert.That(t[8], Is.EqualTo(-1f));

        Assert.That(s[0], Is.EqualTo(0.5f));
        Assert.That(s[1], Is.EqualTo(0.5f));
        Assert.That(s[2], Is.EqualTo(1f));
        Assert.That(s[3], Is.EqualTo(0f));
        Assert.That(float.IsNaN(s[4]), Is.True, "σ(NaN) = NaN");
        Assert.That(s[7], Is.EqualTo(1f));
        Assert.That(s[8], Is.EqualTo(0f).Within(1e-38f));

        Assert.That(e[0], Is.EqualTo(1f));
        Assert.That(e[1], Is.EqualTo(1f));
        Assert.That(e[2], Is.EqualTo(float.PositiveInfinity));
        Assert.That(e[3], Is.EqualTo(0f));
        Assert.That(float.IsNaN(e[4]), Is.True, "exp(NaN) = NaN");
        Assert.That(e[7], Is.EqualTo(float.PositiveInfinity), "exp(100) overflows to +∞");
        Assert.That(e[8], Is.EqualTo(0f), "exp(−100) underflows to 0");
    }

    /// <summary>e^x, the building block of σ (VecMath.Exp), run through the kernels' driver on one path.</summary>
    private readonly struct ExpOp : IUnaryOp
    {
        public float Invoke(float x) => VecMath.Exp(x);
        public Vector128<float> Invoke(Vector128<float> x) => VecMath.Exp(x);
        public Vector256<float> Invoke(Vector256<float> x) => VecMath.Exp(x);
        public Vector512<float> Invoke(Vector512<float> x) => VecMath.Exp(x);
    }
}
