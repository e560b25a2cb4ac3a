using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

// The loops of VecDriver for ops of three and four operands, with one or two outputs (the cells'
// element-wise steps). Same order as Map and Zip: full 256-bit vectors, then 128-bit vectors, then
// single elements through the op's scalar Invoke. n is the first output's length; every other span must
// be at least that long. An output may be one of the inputs itself (not a shifted overlap): every
// element's inputs are loaded before its outputs are stored.
internal static partial class VecDriver
{
    /// <summary>dst_i = op(a_i, b_i, c_i) for i &lt; dst.Length.</summary>
    public static void Map3<TOp>(KernelPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> dst, TOp op) where TOp : struct, ITernaryOp
    {
        nuint n = (nuint)dst.Length, i = 0;
        if (a.Length < dst.Length || b.Length < dst.Length || c.Length < dst.Length) ThrowShort();
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c), dr = ref MemoryMarshal.GetReference(dst);
        if (path == KernelPath.Vector256 && Wide)
            for (; i + 16 <= n; i += 16)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i), Vector512.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), Vector256.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4)
                op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i), Vector128.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
        for (; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), Unsafe.Add(ref cr, i));
    }

    /// <summary>dst_i = op(a_i, b_i, c_i, d_i) for i &lt; dst.Length.</summary>
    public static void Map4<TOp>(KernelPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        ReadOnlySpan<float> d, Span<float> dst, TOp op) where TOp : struct, IQuaternaryOp
    {
        nuint n = (nuint)dst.Length, i = 0;
        if (a.Length < dst.Length || b.Length < dst.Length || c.Length < dst.Length || d.Length < dst.Length) ThrowShort();
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c), qr = ref MemoryMarshal.GetReference(d);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        if (path == KernelPath.Vector256 && Wide)
            for (; i + 16 <= n; i += 16)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i), Vector512.LoadUnsafe(ref cr, i),
                    Vector512.LoadUnsafe(ref qr, i)).StoreUnsafe(ref dr, i);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), Vector256.LoadUnsafe(ref cr, i),
                    Vector256.LoadUnsafe(ref qr, i)).StoreUnsafe(ref dr, i);
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4)
                op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i), Vector128.LoadUnsafe(ref cr, i),
                    Vector128.LoadUnsafe(ref qr, i)).StoreUnsafe(ref dr, i);
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), Unsafe.Add(ref cr, i), Unsafe.Add(ref qr, i));
    }

    /// <summary>(dst0_i, dst1_i) = op(a_i, b_i, c_i) for i &lt; dst0.Length.</summary>
    public static void Map3To2<TOp>(KernelPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        Span<float> dst0, Span<float> dst1, TOp op) where TOp : struct, ITernaryPairOp
    {
        nuint n = (nuint)dst0.Length, i = 0;
        if (a.Length < dst0.Length || b.Length < dst0.Length || c.Length < dst0.Length || dst1.Length < dst0.Length) ThrowShort();
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float d0 = ref MemoryMarshal.GetReference(dst0), d1 = ref MemoryMarshal.GetReference(dst1);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8)
            {
                var (y0, y1) = op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), Vector256.LoadUnsafe(ref cr, i));
                y0.StoreUnsafe(ref d0, i);
                y1.StoreUnsafe(ref d1, i);
            }
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4)
            {
                var (y0, y1) = op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i), Vector128.LoadUnsafe(ref cr, i));
                y0.StoreUnsafe(ref d0, i);
                y1.StoreUnsafe(ref d1, i);
            }
        for (; i < n; i++)
            (Unsafe.Add(ref d0, i), Unsafe.Add(ref d1, i)) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), Unsafe.Add(ref cr, i));
    }

    /// <summary>(dst0_i, dst1_i) = op(a_i, b_i, c_i, d_i) for i &lt; dst0.Length.</summary>
    public static void Map4To2<TOp>(KernelPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c,
        ReadOnlySpan<float> d, Span<float> dst0, Span<float> dst1, TOp op) where TOp : struct, IQuaternaryPairOp
    {
        nuint n = (nuint)dst0.Length, i = 0;
        if (a.Length < dst0.Length || b.Length < dst0.Length || c.Length < dst0.Length || d.Length < dst0.Length
            || dst1.Length < dst0.Length) ThrowShort();
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c), qr = ref MemoryMarshal.GetReference(d);
        ref float d0 = ref MemoryMarshal.GetReference(dst0), d1 = ref MemoryMarshal.GetReference(dst1);
        if (path == KernelPath.Vector256)
            for (; i + 8 <= n; i += 8)
            {
                var (y0, y1) = op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), Vector256.LoadUnsafe(ref cr, i),
                    Vector256.LoadUnsafe(ref qr, i));
                y0.StoreUnsafe(ref d0, i);
                y1.StoreUnsafe(ref d1, i);
            }
        if (path != KernelPath.Scalar)
            for (; i + 4 <= n; i += 4)
            {
                var (y0, y1) = op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i), Vector128.LoadUnsafe(ref cr, i),
                    Vector128.LoadUnsafe(ref qr, i));
                y0.StoreUnsafe(ref d0, i);
                y1.StoreUnsafe(ref d1, i);
            }
        for (; i < n; i++)
            (Unsafe.Add(ref d0, i), Unsafe.Add(ref d1, i)) =
                op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), Unsafe.Add(ref cr, i), Unsafe.Add(ref qr, i));
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("element-wise kernel: an operand is shorter than the output");
}
