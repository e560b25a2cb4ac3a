using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The matrix product of a recurrent step with the batch across SIMD lanes (lane-major), for small cells on the
/// Vector256 path: <see cref="Lanes"/> sequences side by side, a vector s [k, Lanes] holding unit p of every
/// sequence in row p. For each output column j and each lane,
///     acc = 0;  acc = fma(s_p, W_pj, acc) for p = 0 … k − 1;  out_j = base_j + acc
/// with base_j = bias_j (a first product: the input projection b + x·Wx) or base_j = out_j (a product added to it:
/// a += h·Wh). That is, element by element, the arithmetic of <see cref="GemmSmall"/> and of the blocked driver on
/// Vector256 for k ≤ <see cref="GemmDriver.KC"/> (one p block, accumulated from 0 and added once), so a lane gets
/// the bits the row-major product gives its row. A row-major product of 10 columns fills 10 of 16 lanes of two
/// registers, and its per-call bookkeeping weighs as much as its 100 multiply-adds; here every lane carries a
/// sequence, W_pj is one broadcast shared by 16 of them, and a register tile is up to 6 columns × 16 lanes (12 accumulators).
/// </summary>
internal static class LaneProduct
{
    /// <summary>Sequences side by side: two 256-bit vectors.</summary>
    public const int Lanes = 16;

    private const int W = 8;   // floats per ymm register

    /// <summary>
    /// Whether the tiles run with the 16 lanes in one 512-bit vector (<see cref="LaneProduct512"/>), where the CPU runs
    /// them in hardware (<see cref="KernelPaths.Has512"/>). Tests switch it to compare; it changes no bit.
    /// </summary>
    internal static bool Wide = KernelPaths.Has512;

    /// <summary>
    /// out[j, ·] = bias_j + Σ_p s[p, ·]·W[p, j] for j &lt; n when <paramref name="bias"/> is given, else
    /// out[j, ·] += Σ_p s[p, ·]·W[p, j] (s [k, Lanes], out [n, Lanes], W row-major with leading dimension ldw).
    /// Needs the Vector256 path (the caller checks <see cref="KernelPaths.Best"/>).
    /// </summary>
    public static void Run(int k, int n, ReadOnlySpan<float> s, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias, Span<float> output)
        => Run(k, n, s, w, ldw, bias, output, new IdentityOp());

    /// <summary>
    /// <see cref="Run(int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float})"/> with a
    /// gate's non-linearity in its store: out[j, ·] = op(base_j + Σ_p s[p, ·]·W[p, j]). Each element is op of the sum the
    /// plain product stores, at the width <see cref="VecDriver.Map"/> would take (whole 256- or 512-bit vectors, the same
    /// bits at both), so it equals the product followed by a Map of op over out, bit for bit, without the second pass.
    /// </summary>
    public static void Run<TOp>(int k, int n, ReadOnlySpan<float> s, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias, Span<float> output, TOp op)
        where TOp : struct, IUnaryOp
    {
        if (k < 1 || n < 1 || k > GemmDriver.KC || ldw < n) throw new ArgumentOutOfRangeException(nameof(k), $"lane product {k}×{n}, ldw {ldw}");
        if (s.Length < k * Lanes || w.Length < (k - 1) * ldw + n || output.Length < n * Lanes || (!bias.IsEmpty && bias.Length < n))
            throw new ArgumentException("lane product: an operand is too short");
        bool first = !bias.IsEmpty;
        ref float s0 = ref MemoryMarshal.GetReference(s);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float b0 = ref MemoryMarshal.GetReference(bias);
        ref float o0 = ref MemoryMarshal.GetReference(output);
        if (Wide)
        {
            LaneProduct512.Run(k, n, ref s0, ref w0, ldw, ref o0, first, ref b0, op);
            return;
        }
        int j = 0;
        // columns 6 at a time (12 accumulators: the FMA latency is hidden), but 8 as 4 + 4; then 4, then one by one
        // (H = 10 leaves none: its products are 10, 20, 30 or 40 columns wide)
        for (; n - j >= 6 && n - j != 8; j += 6) Six(k, op, ref s0, ref Unsafe.Add(ref w0, j), ldw, ref Unsafe.Add(ref o0, j * Lanes), first, ref Unsafe.Add(ref b0, j));
        for (; n - j >= 4; j += 4) Four(k, op, ref s0, ref Unsafe.Add(ref w0, j), ldw, ref Unsafe.Add(ref o0, j * Lanes), first, ref Unsafe.Add(ref b0, j));
        for (; j < n; j++) One(k, op, ref s0, ref Unsafe.Add(ref w0, j), ldw, ref Unsafe.Add(ref o0, j * Lanes), first, ref Unsafe.Add(ref b0, j));
    }

    // The tiles: for columns q of the tile and both halves of the lanes, acc = Σ_p s[p, lanes]·W[p, q] in p order from 0,
    // then stored (Store). The accumulators are written out so that they stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Six<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V256 a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default;
        V256 d0 = default, d1 = default, e0 = default, e1 = default, f0 = default, f1 = default;
        for (int p = 0; p < k; p++)
        {
            var s0 = Vector256.LoadUnsafe(ref s);
            var s1 = Vector256.LoadUnsafe(ref s, (nuint)W);
            var wa = Vector256.Create(w);
            a0 = Vector256.FusedMultiplyAdd(s0, wa, a0); a1 = Vector256.FusedMultiplyAdd(s1, wa, a1);
            var wb = Vector256.Create(Unsafe.Add(ref w, 1));
            b0 = Vector256.FusedMultiplyAdd(s0, wb, b0); b1 = Vector256.FusedMultiplyAdd(s1, wb, b1);
            var wc = Vector256.Create(Unsafe.Add(ref w, 2));
            c0 = Vector256.FusedMultiplyAdd(s0, wc, c0); c1 = Vector256.FusedMultiplyAdd(s1, wc, c1);
            var wd = Vector256.Create(Unsafe.Add(ref w, 3));
            d0 = Vector256.FusedMultiplyAdd(s0, wd, d0); d1 = Vector256.FusedMultiplyAdd(s1, wd, d1);
            var we = Vector256.Create(Unsafe.Add(ref w, 4));
            e0 = Vector256.FusedMultiplyAdd(s0, we, e0); e1 = Vector256.FusedMultiplyAdd(s1, we, e1);
            var wf = Vector256.Create(Unsafe.Add(ref w, 5));
            f0 = Vector256.FusedMultiplyAdd(s0, wf, f0); f1 = Vector256.FusedMultiplyAdd(s1, wf, f1);
            s = ref Unsafe.Add(ref s, Lanes);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, a0, a1);
        Store(op, ref Unsafe.Add(ref o, Lanes), first, ref Unsafe.Add(ref bias, 1), b0, b1);
        Store(op, ref Unsafe.Add(ref o, 2 * Lanes), first, ref Unsafe.Add(ref bias, 2), c0, c1);
        Store(op, ref Unsafe.Add(ref o, 3 * Lanes), first, ref Unsafe.Add(ref bias, 3), d0, d1);
        Store(op, ref Unsafe.Add(ref o, 4 * Lanes), first, ref Unsafe.Add(ref bias, 4), e0, e1);
        Store(op, ref Unsafe.Add(ref o, 5 * Lanes), first, ref Unsafe.Add(ref bias, 5), f0, f1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V256 a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        for (int p = 0; p < k; p++)
        {
            var s0 = Vector256.LoadUnsafe(ref s);
            var s1 = Vector256.LoadUnsafe(ref s, (nuint)W);
            var wa = Vector256.Create(w);
            a0 = Vector256.FusedMultiplyAdd(s0, wa, a0); a1 = Vector256.FusedMultiplyAdd(s1, wa, a1);
            var wb = Vector256.Create(Unsafe.Add(ref w, 1));
            b0 = Vector256.FusedMultiplyAdd(s0, wb, b0); b1 = Vector256.FusedMultiplyAdd(s1, wb, b1);
            var wc = Vector256.Create(Unsafe.Add(ref w, 2));
            c0 = Vector256.FusedMultiplyAdd(s0, wc, c0); c1 = Vector256.FusedMultiplyAdd(s1, wc, c1);
            var wd = Vector256.Create(Unsafe.Add(ref w, 3));
            d0 = Vector256.FusedMultiplyAdd(s0, wd, d0); d1 = Vector256.FusedMultiplyAdd(s1, wd, d1);
            s = ref Unsafe.Add(ref s, Lanes);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, a0, a1);
        Store(op, ref Unsafe.Add(ref o, Lanes), first, ref Unsafe.Add(ref bias, 1), b0, b1);
        Store(op, ref Unsafe.Add(ref o, 2 * Lanes), first, ref Unsafe.Add(ref bias, 2), c0, c1);
        Store(op, ref Unsafe.Add(ref o, 3 * Lanes), first, ref Unsafe.Add(ref bias, 3), d0, d1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void One<TOp>(int k, TOp op, ref float s, ref float w, nint ldw, ref float o, bool first, ref float bias) where TOp : struct, IUnaryOp
    {
        V256 a0 = default, a1 = default;
        for (int p = 0; p < k; p++)
        {
            var wa = Vector256.Create(w);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref s), wa, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref s, (nuint)W), wa, a1);
            s = ref Unsafe.Add(ref s, Lanes);
            w = ref Unsafe.Add(ref w, ldw);
        }
        Store(op, ref o, first, ref bias, a0, a1);
    }

    // out = op(bias + acc) (first) or op(out + acc), for one column's 16 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOp>(TOp op, ref float o, bool first, ref float bias, V256 x0, V256 x1) where TOp : struct, IUnaryOp
    {
        V256 base0, base1;
        if (first) { base0 = base1 = Vector256.Create(bias); }
        else { base0 = Vector256.LoadUnsafe(ref o); base1 = Vector256.LoadUnsafe(ref o, (nuint)W); }
        op.Invoke(base0 + x0).StoreUnsafe(ref o);
        op.Invoke(base1 + x1).StoreUnsafe(ref o, (nuint)W);
    }
}
