using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// <see cref="LaneProduct"/>'s tiles with the 16 lanes in one 512-bit vector, where the CPU runs them in hardware
/// (<see cref="KernelPaths.Has512"/>): a column takes one accumulator instead of two, so a tile holds up to 10 columns
/// (10 accumulators keep the two FMA pipes busy through the 4-cycle latency) and the k × n multiply-adds take half the
/// instructions. Each lane does what it does in the 256-bit tiles,
///     acc = 0;  acc = fma(s_p, W_pj, acc) for p = 0 … k − 1;  out_j = base_j + acc,
/// so the bits are the same (the tests hold both to the scalar definition). A hidden size of 10, the paper's, makes
/// products 10, 20, 30 or 40 columns wide: whole tiles of 10.
/// </summary>
internal static class LaneProduct512
{
    private const int L = LaneProduct.Lanes;   // = the floats of one 512-bit vector

    /// <summary>As <see cref="LaneProduct.Run{TOp}"/> past its checks (operands as references; <paramref name="first"/>: out = op(bias + acc)).</summary>
    public static void Run<TOp>(int k, int n, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias, TOp op) where TOp : struct, IUnaryOp
    {
        int j = 0;
        for (; n - j >= 10; j += 10) Ten(k, op, ref s, ref Unsafe.Add(ref w, j), ldw, ref Unsafe.Add(ref o, j * L), first, ref Unsafe.Add(ref bias, j));
        for (; n - j >= 4; j += 4) Four(k, op, ref s, ref Unsafe.Add(ref w, j), ldw, ref Unsafe.Add(ref o, j * L), first, ref Unsafe.Add(ref bias, j));
        for (; j < n; j++) One(k, op, ref s, ref Unsafe.Add(ref w, j), ldw, ref Unsafe.Add(ref o, j * L), first, ref Unsafe.Add(ref bias, j));
    }

    // Columns q < 10 of the tile: acc_q = Σ_p s[p, ·]·W[p, q] in p order from 0, then stored (Store). The accumulators
    // are written out so that they stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Ten<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V512 a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        V512 a5 = default, a6 = default, a7 = default, a8 = default, a9 = default;
        for (int p = 0; p < k; p++)
        {
            var x = Vector512.LoadUnsafe(ref s);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Create(w), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 1)), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 2)), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 3)), a3);
            a4 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 4)), a4);
            a5 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 5)), a5);
            a6 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 6)), a6);
            a7 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 7)), a7);
            a8 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 8)), a8);
            a9 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 9)), a9);
            s = ref Unsafe.Add(ref s, L);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, 0, a0); Store(op, ref o, first, ref bias, 1, a1); Store(op, ref o, first, ref bias, 2, a2);
        Store(op, ref o, first, ref bias, 3, a3); Store(op, ref o, first, ref bias, 4, a4); Store(op, ref o, first, ref bias, 5, a5);
        Store(op, ref o, first, ref bias, 6, a6); Store(op, ref o, first, ref bias, 7, a7); Store(op, ref o, first, ref bias, 8, a8);
        Store(op, ref o, first, ref bias, 9, a9);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V512 a0 = default, a1 = default, a2 = default, a3 = default;
        for (int p = 0; p < k; p++)
        {
            var x = Vector512.LoadUnsafe(ref s);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Create(w), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 1)), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 2)), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref w, 3)), a3);
            s = ref Unsafe.Add(ref s, L);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, 0, a0); Store(op, ref o, first, ref bias, 1, a1);
        Store(op, ref o, first, ref bias, 2, a2); Store(op, ref o, first, ref bias, 3, a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void One<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V512 a0 = default;
        for (int p = 0; p < k; p++)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref s), Vector512.Create(w), a0);
            s = ref Unsafe.Add(ref s, L);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, 0, a0);
    }

    // Column q of the tile: out = op(bias_q + acc) (first) or op(out + acc), its 16 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOp>(TOp op, ref float o, bool first, ref float bias, int q, V512 acc) where TOp : struct, IUnaryOp
    {
        ref float to = ref Unsafe.Add(ref o, q * L);
        var basis = first ? Vector512.Create(Unsafe.Add(ref bias, q)) : Vector512.LoadUnsafe(ref to);
        op.Invoke(basis + acc).StoreUnsafe(ref to);
    }
}
