using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The loops shared by every element-wise kernel: on the chosen path, full 256-bit vectors first,
/// then 128-bit vectors, then single elements through the op's scalar Invoke — so every tail is
/// handled explicitly and no element is read or written outside the spans. On the Vector256 path of a CPU with 512-bit
/// vectors (<see cref="Wide"/>), full 512-bit vectors come before the 256-bit ones: each op does the same operations
/// lane by lane at every width, so an element gets the same bits whichever vector it falls in.
/// Lengths are checked once up front; the loops then use unchecked references.
/// </summary>
internal static partial class VecDriver
{
    /// <summary>
    /// Whether the single-result loops (Map, Zip, Map3, Map4) take 512-bit vectors first on the Vector256 path: by default
    /// where the CPU runs them in hardware (<see cref="KernelPaths.Has512"/>). Tests switch it to compare; it changes no bit.
    /// </summary>
    internal static bool Wide = KernelPaths.Has512;

    /// <summary>dst_i = op(x_i) for i &lt; x.Length. dst may be x itself (in place), not a shifted overlap.</summary>
    public static void Map<TOp>(KernelPath path, ReadOnlySpan<float> x, Span<float> dst, TOp op) where TOp : struct, IUnaryOp
    {
        if (dst.Length < x.Length) throw new ArgumentException("destination shorter than input", nameof(dst));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (path == KernelPath.Vector256 && Wide)
            for (; i + 16 <= n; i += 16) op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8) op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4) op.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        for (; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary>dst_i = op(x_i, y_i) for i &lt; x.Length. dst may be x or y itself.</summary>
    public static void Zip<TOp>(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst, TOp op) where TOp : struct, IBinaryOp
    {
        if (y.Length < x.Length) throw new ArgumentException("second input shorter than the first", nameof(y));
        if (dst.Length < x.Length) throw new ArgumentException("destination shorter than input", nameof(dst));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)x.Length, i = 0;
        if (path == KernelPath.Vector256 && Wide)
            for (; i + 16 <= n; i += 16)
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8)
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4)
                op.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        for (; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>
    /// Index of the first largest element, NaNs ignored (0 when all are NaN, −1 when empty). Each lane
    /// tracks its own first maximum (strict &gt;, so the earliest wins within a lane); lanes are then
    /// merged by value, ties going to the lowest index — the same answer as one left-to-right scan.
    /// </summary>
    public static int Argmax(KernelPath path, ReadOnlySpan<float> x)
    {
        if (x.Length == 0) return -1;
        if (x.Length == 2 && !float.IsNaN(x[0]) && !float.IsNaN(x[1])) return x[1] > x[0] ? 1 : 0;   // (two classes: the scan below, in one compare)
        ref float xr = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        float best = float.NaN;
        int bestIndex = -1;
        if (path == KernelPath.Vector256 && n >= 8)
        {
            var bestV = Vector256.Create(float.NaN);
            var indexV = Vector256.Create(-1);
            var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                // take v where it beats the lane's best, or where the lane has nothing yet and v is a number
                var take = Vector256.GreaterThan(v, bestV) | (Vector256.Equals(v, v) & ~Vector256.Equals(bestV, bestV));
                bestV = Vector256.ConditionalSelect(take, v, bestV);
                indexV = Vector256.ConditionalSelect(take.AsInt32(), lane + Vector256.Create(i), indexV);
            }
            for (int l = 0; l < 8; l++) Merge(bestV[l], indexV[l], ref best, ref bestIndex);
        }
        else if (path == KernelPath.Vector128 && n >= 4)
        {
            var bestV = Vector128.Create(float.NaN);
            var indexV = Vector128.Create(-1);
            var lane = Vector128.Create(0, 1, 2, 3);
            for (; i + 4 <= n; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref xr, (nuint)i);
                var take = Vector128.GreaterThan(v, bestV) | (Vector128.Equals(v, v) & ~Vector128.Equals(bestV, bestV));
                bestV = Vector128.ConditionalSelect(take, v, bestV);
                indexV = Vector128.ConditionalSelect(take.AsInt32(), lane + Vector128.Create(i), indexV);
            }
            for (int l = 0; l < 4; l++) Merge(bestV[l], indexV[l], ref best, ref bestIndex);
        }
        for (; i < n; i++) Merge(Unsafe.Add(ref xr, i), i, ref best, ref bestIndex);
        return bestIndex < 0 ? 0 : bestIndex;
    }

    // Candidate (v, index) against the best so far: larger value wins, equal values go to the lower index.
    private static void Merge(float v, int index, ref float best, ref int bestIndex)
    {
        if (index < 0 || float.IsNaN(v)) return;
        if (bestIndex < 0 || v > best || (v == best && index < bestIndex)) { best = v; bestIndex = index; }
    }
}
