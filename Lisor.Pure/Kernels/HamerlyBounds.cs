using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The bound pass of Hamerly's k-means (Clustering/Lloyd.cs) over a block of points: after the centres
/// moved, every point's bounds follow them and the points they no longer vouch for are listed.
/// For point j (global index first + j) with centre a = assignments[j] and stored bounds (u, l) = bounds[2j, 2j + 1]:
///   u ← u + move[a],   l ← l − (a = maxMoveCentre ? secondMove : maxMove),
///   stored as float, rounded outwards: u·(1 + 2⁻²³), max(l, 0)·(1 − 2⁻²³) (both in double, then to float);
///   kept ⇔ u·up &lt; max(l, 2·half[a] − u)·down   (on the double values before storing);
/// scan receives first + j of every point not kept, in increasing j; the count is returned.
/// <see cref="ShiftScalar"/> is the reference; the 256-bit path does 4 points at a time with the same
/// operations in double in the same order (widening, narrowing and max of non-NaN values are exact or
/// rounded the same way), so it writes the same bits and the same list.
/// </summary>
internal static class HamerlyBounds
{
    private const double TwoToMinus23 = 1.0 / (1 << 23);

    /// <summary>
    /// Rounds a point's bounds outwards to float: u up by a relative 2⁻²³ (more than the 2⁻²⁴ of the conversion),
    /// l down likewise after clamping it at 0 (a distance is ≥ 0, so max(l, 0) is still a lower bound).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> bounds, int j, double u, double l)
    {
        bounds[2 * j] = (float)(u * (1 + TwoToMinus23));
        bounds[2 * j + 1] = (float)(Math.Max(l, 0) * (1 - TwoToMinus23));
    }

    /// <summary>The pass on the best path of this CPU (256-bit when it has AVX2 and FMA, else the scalar reference).</summary>
    public static int Shift(ReadOnlySpan<int> assignments, Span<float> bounds, ReadOnlySpan<double> move, ReadOnlySpan<double> half,
                            int maxMoveCentre, double maxMove, double secondMove, double up, double down, int first, Span<int> scan)
        => Shift(KernelPaths.Best, assignments, bounds, move, half, maxMoveCentre, maxMove, secondMove, up, down, first, scan);

    /// <summary>The pass on a given path (tests and `check`); the 128-bit path is the scalar one.</summary>
    public static int Shift(KernelPath path, ReadOnlySpan<int> assignments, Span<float> bounds, ReadOnlySpan<double> move,
                            ReadOnlySpan<double> half, int maxMoveCentre, double maxMove, double secondMove, double up, double down,
                            int first, Span<int> scan)
    {
        int n = assignments.Length;
        if (bounds.Length < 2 * n || scan.Length < n || half.Length < move.Length)
            throw new ArgumentException($"bound pass of {n} points: bounds ({bounds.Length}) need 2n, scan ({scan.Length}) n, half ({half.Length}) k");
        if (path == KernelPath.Vector256)
        {
            KernelPaths.Require(path);
            return Shift256(assignments, bounds, move, half, maxMoveCentre, maxMove, secondMove, up, down, first, scan);
        }
        return ShiftScalar(assignments, bounds, move, half, maxMoveCentre, maxMove, secondMove, up, down, first, scan, 0, 0);
    }

    /// <summary>
    /// The reference, from point <paramref name="from"/> on, with <paramref name="m"/> points already listed.
    /// Branch-free: every point is written to scan and the count advances only when the test fails
    /// (a data-dependent branch would mispredict often).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ShiftScalar(ReadOnlySpan<int> assignments, Span<float> bounds, ReadOnlySpan<double> move, ReadOnlySpan<double> half,
                                  int maxMoveCentre, double maxMove, double secondMove, double up, double down, int first,
                                  Span<int> scan, int from, int m)
    {
        for (int j = from; j < assignments.Length; j++)
        {
            int a = assignments[j];
            double u = bounds[2 * j] + move[a];
            double l = bounds[2 * j + 1] - (a == maxMoveCentre ? secondMove : maxMove);
            Store(bounds, j, u, l);
            bool kept = u * up < Math.Max(l, 2 * half[a] - u) * down;
            scan[m] = first + j;
            m += kept ? 0 : 1;
        }
        return m;
    }

    // 4 points per step. Their 8 interleaved float bounds widen to (u0 l0 u1 l1), (u2 l2 u3 l3); unpacking
    // gives U = (u0 u2 u1 u3) and L = (l0 l2 l1 l3), so the per-centre values are gathered in that order,
    // and unpacking the results re-interleaves them. The test's mask bits are therefore points 0, 2, 1, 3.
    // max(x, +0) and the test's max run as maxpd: equal to Math.Max for non-NaN values up to the sign of a
    // zero, which the stored max(l, 0) never shows (maxpd returns its second operand, +0, for ±0) and a
    // comparison never sees.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Shift256(ReadOnlySpan<int> assignments, Span<float> bounds, ReadOnlySpan<double> move, ReadOnlySpan<double> half,
                                int maxMoveCentre, double maxMove, double secondMove, double up, double down, int first, Span<int> scan)
    {
        int n = assignments.Length, m = 0, j = 0;
        ref float pb = ref MemoryMarshal.GetReference(bounds);
        var vUp = Vector256.Create(up); var vDown = Vector256.Create(down);
        var roundUp = Vector256.Create(1 + TwoToMinus23); var roundDown = Vector256.Create(1 - TwoToMinus23);
        var two = Vector256.Create(2.0);
        for (; j + 4 <= n; j += 4)
        {
            int a0 = assignments[j], a1 = assignments[j + 1], a2 = assignments[j + 2], a3 = assignments[j + 3];
            Vector256<float> b = Vector256.LoadUnsafe(ref pb, (nuint)(2 * j));
            Vector256<double> lo = Vector256.WidenLower(b), hi = Vector256.WidenUpper(b);
            Vector256<double> u = Avx.UnpackLow(lo, hi), l = Avx.UnpackHigh(lo, hi);
            u += Vector256.Create(move[a0], move[a2], move[a1], move[a3]);
            l -= Vector256.Create(a0 == maxMoveCentre ? secondMove : maxMove, a2 == maxMoveCentre ? secondMove : maxMove,
                                  a1 == maxMoveCentre ? secondMove : maxMove, a3 == maxMoveCentre ? secondMove : maxMove);
            var h = Vector256.Create(half[a0], half[a2], half[a1], half[a3]);
            var su = u * roundUp;
            var sl = Avx.Max(l, Vector256<double>.Zero) * roundDown;
            Vector256.Narrow(Avx.UnpackLow(su, sl), Avx.UnpackHigh(su, sl)).StoreUnsafe(ref pb, (nuint)(2 * j));
            uint kept = Vector256.LessThan(u * vUp, Avx.Max(l, two * h - u) * vDown).ExtractMostSignificantBits();
            scan[m] = first + j; m += (int)(~kept & 1);
            scan[m] = first + j + 1; m += (int)((~kept >> 2) & 1);
            scan[m] = first + j + 2; m += (int)((~kept >> 1) & 1);
            scan[m] = first + j + 3; m += (int)((~kept >> 3) & 1);
        }
        return ShiftScalar(assignments, bounds, move, half, maxMoveCentre, maxMove, secondMove, up, down, first, scan, j, m);
    }
}
