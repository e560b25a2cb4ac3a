using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Half the gap from every centre to its nearest other centre, Hamerly's s_c (Clustering/Lloyd.cs), for k centres
/// [k, dim] (also given transposed, centresT [dim, kPad]):
///   half[c] = min_{c' ≠ c} ½·√(Σ_d (c_d − c'_d)²)·(1 − 10⁻⁹),
/// each difference and square and the sum over d in order in double, then √, ·½ and the margin, once per pair.
/// <see cref="HalfGapsScalar"/> is the reference (a pair loop); the 256-bit path takes 4 partners c' of a centre at once,
/// lanes over c', with the same operations in the same order per lane (no fused multiply-add: a product then a sum),
/// so every pair's value and every min — exact, order-free — are the reference's bits.
/// </summary>
internal static class CentreGaps
{
    private const double Margin = 1 - 1e-9;

    /// <summary>On the best path of this CPU (256-bit when it has AVX2 and FMA, else the scalar reference).</summary>
    public static void HalfGaps(ReadOnlySpan<float> centres, ReadOnlySpan<float> centresT, int k, int dim, int kPad, Span<double> half)
        => HalfGaps(KernelPaths.Best, centres, centresT, k, dim, kPad, half);

    /// <summary>On a given path (tests); the 128-bit path is the scalar one.</summary>
    public static void HalfGaps(KernelPath path, ReadOnlySpan<float> centres, ReadOnlySpan<float> centresT, int k, int dim, int kPad,
                                Span<double> half)
    {
        if (k < 1 || kPad < k || kPad % 8 != 0 || centres.Length < k * dim || centresT.Length < dim * kPad || half.Length < k)
            throw new ArgumentException($"centre gaps of k = {k} centres of {dim} dimensions: kPad ({kPad}) must be a multiple of 8 ≥ k, "
                                        + $"centres ({centres.Length}) hold k·dim, centresT ({centresT.Length}) dim·kPad, half ({half.Length}) k");
        if (path == KernelPath.Vector256)
        {
            KernelPaths.Require(path);
            HalfGaps256(centres, centresT, k, dim, kPad, half);
        }
        else HalfGapsScalar(centres, k, dim, half);
    }

    /// <summary>The reference: every pair c &lt; c' once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HalfGapsScalar(ReadOnlySpan<float> centres, int k, int dim, Span<double> half)
    {
        half.Slice(0, k).Fill(double.PositiveInfinity);
        for (int c = 0; c < k; c++)
            for (int c2 = c + 1; c2 < k; c2++)
            {
                double d2 = 0;
                for (int d = 0; d < dim; d++) { double e = (double)centres[c * dim + d] - centres[c2 * dim + d]; d2 += e * e; }
                double h = 0.5 * Math.Sqrt(d2) * Margin;
                if (h < half[c]) half[c] = h;
                if (h < half[c2]) half[c2] = h;
            }
    }

    // For each c the partners c' > c in groups of 4 columns of centresT (from the group holding c + 1; lanes with c' ≤ c
    // or c' ≥ k are computed and skipped — the padding columns are 0, finite).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HalfGaps256(ReadOnlySpan<float> centres, ReadOnlySpan<float> centresT, int k, int dim, int kPad, Span<double> half)
    {
        half.Slice(0, k).Fill(double.PositiveInfinity);
        ref float pt = ref MemoryMarshal.GetReference(centresT);
        Span<double> lanes = stackalloc double[4];
        for (int c = 0; c + 1 < k; c++)
        {
            var x = centres.Slice(c * dim, dim);
            for (int j = (c + 1) / 4 * 4; j < k; j += 4)
            {
                Vector256<double> d2 = Vector256<double>.Zero;
                nuint o = (nuint)j;
                for (int d = 0; d < dim; d++, o += (nuint)kPad)
                {
                    // (widened from a broadcast float: a scalar widening would merge into a register the loop just wrote,
                    // chaining every iteration to the one before)
                    Vector256<double> e = Avx.ConvertToVector256Double(Vector128.Create(x[d])) - Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref pt, o));
                    d2 += e * e;
                }
                d2.CopyTo(lanes);
                for (int l = 0; l < 4; l++)
                {
                    int c2 = j + l;
                    if (c2 <= c || c2 >= k) continue;
                    double h = 0.5 * Math.Sqrt(lanes[l]) * Margin;
                    if (h < half[c]) half[c] = h;
                    if (h < half[c2]) half[c2] = h;
                }
            }
        }
    }
}
