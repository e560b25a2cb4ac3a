using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Clustering;

/// <summary>
/// The 256-bit path of the clustering kernels (AVX on x64): 8 floats per vector, fused
/// multiply-add where the CPU has it (<see cref="Vector256.MultiplyAddEstimate(V, V, V)"/>).
/// The tail shorter than a vector is handled by the scalar loop.
/// </summary>
public static class Distance256
{
    private const int W = 8; // V.Count

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
            var d0 = Vector256.LoadUnsafe(ref px, (nuint)i) - Vector256.LoadUnsafe(ref py, (nuint)i);
            var d1 = Vector256.LoadUnsafe(ref px, (nuint)(i + W)) - Vector256.LoadUnsafe(ref py, (nuint)(i + W));
            acc0 = Vector256.MultiplyAddEstimate(d0, d0, acc0);
            acc1 = Vector256.MultiplyAddEstimate(d1, d1, acc1);
        }
        if (i + W <= n)
        {
            var d0 = Vector256.LoadUnsafe(ref px, (nuint)i) - Vector256.LoadUnsafe(ref py, (nuint)i);
            acc0 = Vector256.MultiplyAddEstimate(d0, d0, acc0);
            i += W;
        }
        float s = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++) { float d = Unsafe.Add(ref px, i) - Unsafe.Add(ref py, i); s += d * d; }
        return s;
    }

    /// <summary>acc ← acc + x (widened to double), 8 floats at a time.</summary>
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        int n = x.Length;
        if (acc.Length < n) throw new ArgumentException("acc is shorter than x");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref double pa = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref px, (nuint)i));
            (Vector256.LoadUnsafe(ref pa, (nuint)i) + lo).StoreUnsafe(ref pa, (nuint)i);
            (Vector256.LoadUnsafe(ref pa, (nuint)(i + 4)) + hi).StoreUnsafe(ref pa, (nuint)(i + 4));
        }
        for (; i < n; i++) Unsafe.Add(ref pa, i) += Unsafe.Add(ref px, i);
    }
}
