using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The 128-bit path of the clustering kernels (SSE on x64, AdvSIMD on Arm): 4 floats per vector, fused
/// multiply-add where the CPU has it (<see cref="Vector128.MultiplyAddEstimate(V, V, V)"/>).
/// The tail shorter than a vector is handled by the scalar loop.
/// </summary>
internal readonly struct Distance128 : IDistanceKernels
{
    private const int W = 4; // V.Count

    /// <summary>‖x − y‖²: two accumulators over pairs of vectors, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        if (y.Length < n) throw new ArgumentException("y is shorter than x");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        var acc0 = V.Zero;
        var acc1 = V.Zero;
        int i = 0;
        for (; i + 2 * W <= n; i += 2 * W)
        {
            var d0 = Vector128.LoadUnsafe(ref px, (nuint)i) - Vector128.LoadUnsafe(ref py, (nuint)i);
            var d1 = Vector128.LoadUnsafe(ref px, (nuint)(i + W)) - Vector128.LoadUnsafe(ref py, (nuint)(i + W));
            acc0 = Vector128.MultiplyAddEstimate(d0, d0, acc0);
            acc1 = Vector128.MultiplyAddEstimate(d1, d1, acc1);
        }
        if (i + W <= n)
        {
            var d0 = Vector128.LoadUnsafe(ref px, (nuint)i) - Vector128.LoadUnsafe(ref py, (nuint)i);
            acc0 = Vector128.MultiplyAddEstimate(d0, d0, acc0);
            i += W;
        }
        float s = Vector128.Sum(acc0 + acc1);
        for (; i < n; i++) { float d = Unsafe.Add(ref px, i) - Unsafe.Add(ref py, i); s += d * d; }
        return s;
    }

    /// <summary>acc ← acc + x (widened to double), 4 floats at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        int n = x.Length;
        if (acc.Length < n) throw new ArgumentException("acc is shorter than x");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref double pa = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref px, (nuint)i));
            (Vector128.LoadUnsafe(ref pa, (nuint)i) + lo).StoreUnsafe(ref pa, (nuint)i);
            (Vector128.LoadUnsafe(ref pa, (nuint)(i + 2)) + hi).StoreUnsafe(ref pa, (nuint)(i + 2));
        }
        for (; i < n; i++) Unsafe.Add(ref pa, i) += Unsafe.Add(ref px, i);
    }

    /// <summary>acc ← acc − x (widened to double), 4 floats at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractFrom(ReadOnlySpan<float> x, Span<double> acc)
    {
        int n = x.Length;
        if (acc.Length < n) throw new ArgumentException("acc is shorter than x");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref double pa = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref px, (nuint)i));
            (Vector128.LoadUnsafe(ref pa, (nuint)i) - lo).StoreUnsafe(ref pa, (nuint)i);
            (Vector128.LoadUnsafe(ref pa, (nuint)(i + 2)) - hi).StoreUnsafe(ref pa, (nuint)(i + 2));
        }
        for (; i < n; i++) Unsafe.Add(ref pa, i) -= Unsafe.Add(ref px, i);
    }

    /// <summary>acc ← acc + (x − mean)² in double, 4 floats at a time (a multiply and an add, no fused rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredDeviationsTo(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, Span<double> acc)
    {
        int n = x.Length;
        if (mean.Length < n || acc.Length < n) throw new ArgumentException("mean or acc is shorter than x");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref double pm = ref MemoryMarshal.GetReference(mean);
        ref double pa = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref px, (nuint)i));
            var e = lo - Vector128.LoadUnsafe(ref pm, (nuint)i);
            (Vector128.LoadUnsafe(ref pa, (nuint)i) + e * e).StoreUnsafe(ref pa, (nuint)i);
            e = hi - Vector128.LoadUnsafe(ref pm, (nuint)(i + W / 2));
            (Vector128.LoadUnsafe(ref pa, (nuint)(i + W / 2)) + e * e).StoreUnsafe(ref pa, (nuint)(i + W / 2));
        }
        for (; i < n; i++) { double e = Unsafe.Add(ref px, i) - Unsafe.Add(ref pm, i); Unsafe.Add(ref pa, i) += e * e; }
    }

    /// <summary>
    /// acc_j ← acc_j + Σ_r min(tile[r, j], caps_r), summed in double over r in order, 4 columns at a time
    /// held in registers across the rows; width must be a multiple of 4, tile holds no NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddMinRows(ReadOnlySpan<float> tile, int rows, int width, ReadOnlySpan<float> caps, Span<double> acc)
    {
        if (width % W != 0 || tile.Length < rows * width || caps.Length < rows || acc.Length < width)
            throw new ArgumentException($"need width a multiple of {W} and buffers of rows × width");
        ref float pt = ref MemoryMarshal.GetReference(tile);
        ref double pa = ref MemoryMarshal.GetReference(acc);
        for (int j = 0; j < width; j += W)
        {
            var lo = Vector128.LoadUnsafe(ref pa, (nuint)j);
            var hi = Vector128.LoadUnsafe(ref pa, (nuint)(j + W / 2));
            for (int r = 0; r < rows; r++)
            {
                var m = Vector128.MinNative(Vector128.LoadUnsafe(ref pt, (nuint)(r * width + j)), Vector128.Create(caps[r]));
                var (l, h) = Vector128.Widen(m);
                lo += l; hi += h;
            }
            lo.StoreUnsafe(ref pa, (nuint)j);
            hi.StoreUnsafe(ref pa, (nuint)(j + W / 2));
        }
    }

    /// <summary>
    /// Over row[0 … count): the smallest value, the first index holding it, and the smallest value at
    /// any other index (+∞ when count = 1) — the nearest and second-nearest centre of a distance row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MinAndSecond(ReadOnlySpan<float> row, int count, out float best, out float second)
    {
        if (count < 1 || row.Length < count) throw new ArgumentException("need 1 ≤ count ≤ row length");
        ref float p = ref MemoryMarshal.GetReference(row);
        var inf = Vector128.Create(float.PositiveInfinity);
        var lanes = Vector128.Create(0f, 1, 2, 3);
        // pass 1: the minimum (a masked last vector when count is not a multiple of W)
        var m = inf;
        int i = 0;
        for (; i + W <= count; i += W) m = Vector128.Min(m, Vector128.LoadUnsafe(ref p, (nuint)i));
        float b = HorizontalMin(m);
        for (; i < count; i++) if (Unsafe.Add(ref p, i) < b) b = Unsafe.Add(ref p, i);
        // the first index holding it
        int a = 0;
        i = 0;
        for (; i + W <= count; i += W)
        {
            uint bits = Vector128.Equals(Vector128.LoadUnsafe(ref p, (nuint)i), Vector128.Create(b)).ExtractMostSignificantBits();
            if (bits != 0) { a = i + System.Numerics.BitOperations.TrailingZeroCount(bits); goto found; }
        }
        for (; i < count; i++) if (Unsafe.Add(ref p, i) == b) { a = i; break; }
        found:
        // pass 2: the minimum over every other index
        var s = inf;
        var skip = Vector128.Create((float)a);
        i = 0;
        for (; i + W <= count; i += W)
        {
            var v = Vector128.LoadUnsafe(ref p, (nuint)i);
            var isA = Vector128.Equals(lanes + Vector128.Create((float)i), skip);
            s = Vector128.Min(s, Vector128.ConditionalSelect(isA, inf, v));
        }
        float sec = HorizontalMin(s);
        for (; i < count; i++) if (i != a && Unsafe.Add(ref p, i) < sec) sec = Unsafe.Add(ref p, i);
        best = b; second = sec;
        return a;
    }

    private static float HorizontalMin(V v)
    {
        var h = Vector128.Min(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Min(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }
}
