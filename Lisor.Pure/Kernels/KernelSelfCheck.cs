using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The `check` command's kernel rows: every kernel on every path this CPU supports, and SGEMM
/// NN/NT/TN on every path, at a few sizes, against double-precision references. Tolerances are the
/// documented error bounds (approximations) or a rounding allowance of a few ε per term (sums, products).
/// </summary>
public sealed class KernelSelfCheck : ISelfCheck
{
    public string Area => "kernels";

    private static readonly int[] Lengths = [7, 33, 1000];
    private static readonly (int M, int N, int K)[] GemmShapes = [(7, 9, 5), (64, 40, 20), (100, 70, 300)];
    private const double Eps = 1.2e-7;   // float ε (2^-23)

    public IEnumerable<SelfCheckResult> Run()
    {
        var rng = new Rng(20240601);
        foreach (var path in KernelPaths.Supported)
        {
            foreach (int n in Lengths)
            {
                var x = Random(rng, n, -3f, 3f);
                var y = Random(rng, n, -3f, 3f);
                string size = $"n={n}";
                string P(string kernel) => $"{kernel}/{path}";

                var dst = new float[n];
                Vec.Add(path, x, y, dst);
                yield return new("kernels", P("add"), size, MaxAbs(n, i => dst[i] - ((double)x[i] + y[i])), Eps * 6);
                Vec.Multiply(path, x, y, dst);
                yield return new("kernels", P("multiply"), size, MaxAbs(n, i => dst[i] - (double)x[i] * y[i]), Eps * 9);

                var wide = Random(rng, n, -12f, 12f);
                Vec.Tanh(path, wide, dst);
                yield return new("kernels", P("tanh"), size, MaxAbs(n, i => dst[i] - Math.Tanh(wide[i])), 4e-7);
                Vec.Sigmoid(path, wide, dst);
                yield return new("kernels", P("sigmoid"), size, MaxAbs(n, i => dst[i] - 1 / (1 + Math.Exp(-wide[i]))), 1.2e-7);
                yield return new("kernels", P("argmax"), size, Vec.Argmax(path, wide) == ScalarVec.Argmax(wide) ? 0 : 1, 0);
            }

            foreach (var (m, n, k) in GemmShapes)
            {
                yield return GemmRow(rng, path, "gemm NN", m, n, k, (p, a, b, c) => Gemm.NN(p, m, n, k, a, k, b, n, c, n), (i, j, p, a, b) => a[i * k + p] * (double)b[p * n + j]);
                yield return GemmRow(rng, path, "gemm NT", m, n, k, (p, a, b, c) => Gemm.NT(p, m, n, k, a, k, b, k, c, n), (i, j, p, a, b) => a[i * k + p] * (double)b[j * k + p]);
                yield return GemmRow(rng, path, "gemm TN", m, n, k, (p, a, b, c) => Gemm.TN(p, m, n, k, a, m, b, n, c, n), (i, j, p, a, b) => a[p * m + i] * (double)b[p * n + j]);
            }
        }
    }

    // One SGEMM on path against a double-precision triple loop; A and B have m·k and k·n elements in the op's layout.
    private static SelfCheckResult GemmRow(Rng rng, KernelPath path, string name, int m, int n, int k,
        Action<KernelPath, float[], float[], float[]> gemm, Func<int, int, int, float[], float[], double> term)
    {
        var a = Random(rng, m * k, -1f, 1f);
        var b = Random(rng, k * n, -1f, 1f);
        var c = Random(rng, m * n, -1f, 1f);
        var c0 = (float[])c.Clone();
        gemm(path, a, b, c);
        double maxErr = 0, maxAbs = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = c0[i * n + j], abs = Math.Abs(s);
                for (int p = 0; p < k; p++) { double t = term(i, j, p, a, b); s += t; abs += Math.Abs(t); }
                maxErr = Math.Max(maxErr, Math.Abs(c[i * n + j] - s));
                maxAbs = Math.Max(maxAbs, abs);
            }
        return new("kernels", $"{name}/{path}", $"{m}×{n}×{k}", maxErr, (k + 4) * Eps * maxAbs);
    }

    private static double MaxAbs(int n, Func<int, double> error)
    {
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            double e = Math.Abs(error(i));
            if (double.IsNaN(e)) return double.NaN;
            max = Math.Max(max, e);
        }
        return max;
    }

    private static float[] Random(Rng rng, int n, float lo, float hi)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rng.Uniform(lo, hi);
        return v;
    }
}
