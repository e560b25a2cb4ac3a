using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// <see cref="Tile256.Nearest4"/> with 16 centres to a register, where the process runs 512-bit vectors
/// (<see cref="KernelPaths.Has512"/>): 4 points × 32 centres per pass over the coordinates, 8 accumulators. Each
/// centre's squared distance is the 256-bit tile's — e = x − c, acc = fma(e, e, acc) over d in order from 0 — and the
/// nearest centre (the lowest index on ties), its distance and the smallest distance to any other centre are functions
/// of those distances alone, whichever lanes hold them, so the result is the 256-bit kernel's, bit for bit
/// (DistanceKernelTests). The last 8 centres of a kPad ≡ 8 (mod 16) are computed at 256 bits and widened.
/// </summary>
internal static class Tile512
{
    private const int W = 16; // V.Count

    /// <summary>As <see cref="Tile256.Nearest4"/> (same contract and checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nearest4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second)
    {
        if (kPad % 8 != 0 || k < 1 || k > kPad) throw new ArgumentException($"need 1 ≤ k = {k} ≤ kPad = {kPad}, kPad a multiple of 8");
        if (rows.Length < 4 || centresT.Length < dim * kPad || nearest.Length < 4 || best.Length < 4 || second.Length < 4)
            throw new ArgumentException("tile buffers too short");
        for (int r = 0; r < 4; r++)
            if ((ulong)(uint)rows[r] * (uint)dim + (uint)dim > (ulong)points.Length) throw new ArgumentOutOfRangeException(nameof(rows)); // row r lies inside points
        ref float px = ref MemoryMarshal.GetReference(points);
        ref float pc = ref MemoryMarshal.GetReference(centresT);
        nuint x0 = (nuint)(rows[0] * dim), x1 = (nuint)(rows[1] * dim), x2 = (nuint)(rows[2] * dim), x3 = (nuint)(rows[3] * dim);
        nuint ld = (nuint)kPad;
        V inf = Vector512.Create(float.PositiveInfinity), kf = Vector512.Create((float)k);
        V lanes = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        V v0 = inf, v1 = inf, v2 = inf, v3 = inf;          // per-lane best
        V i0 = V.Zero, i1 = V.Zero, i2 = V.Zero, i3 = V.Zero; // its centre index
        V s0 = inf, s1 = inf, s2 = inf, s3 = inf;          // per-lane runner-up
        int j = 0;
        for (; j + 2 * W <= kPad; j += 2 * W)
        {
            V a0 = V.Zero, b0 = V.Zero, a1 = V.Zero, b1 = V.Zero, a2 = V.Zero, b2 = V.Zero, a3 = V.Zero, b3 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector512.LoadUnsafe(ref pc, c), cb = Vector512.LoadUnsafe(ref pc, c + W);
                V x = Vector512.Create(Unsafe.Add(ref px, x0 + d));
                V e = x - ca; a0 = Vector512.MultiplyAddEstimate(e, e, a0); e = x - cb; b0 = Vector512.MultiplyAddEstimate(e, e, b0);
                x = Vector512.Create(Unsafe.Add(ref px, x1 + d));
                e = x - ca; a1 = Vector512.MultiplyAddEstimate(e, e, a1); e = x - cb; b1 = Vector512.MultiplyAddEstimate(e, e, b1);
                x = Vector512.Create(Unsafe.Add(ref px, x2 + d));
                e = x - ca; a2 = Vector512.MultiplyAddEstimate(e, e, a2); e = x - cb; b2 = Vector512.MultiplyAddEstimate(e, e, b2);
                x = Vector512.Create(Unsafe.Add(ref px, x3 + d));
                e = x - ca; a3 = Vector512.MultiplyAddEstimate(e, e, a3); e = x - cb; b3 = Vector512.MultiplyAddEstimate(e, e, b3);
            }
            V ia = lanes + Vector512.Create((float)j), ib = ia + Vector512.Create((float)W);
            if (j + 2 * W > k) // padding centres never win
            {
                V va = Vector512.LessThan(ia, kf), vb = Vector512.LessThan(ib, kf);
                a0 = Vector512.ConditionalSelect(va, a0, inf); a1 = Vector512.ConditionalSelect(va, a1, inf);
                a2 = Vector512.ConditionalSelect(va, a2, inf); a3 = Vector512.ConditionalSelect(va, a3, inf);
                b0 = Vector512.ConditionalSelect(vb, b0, inf); b1 = Vector512.ConditionalSelect(vb, b1, inf);
                b2 = Vector512.ConditionalSelect(vb, b2, inf); b3 = Vector512.ConditionalSelect(vb, b3, inf);
            }
            Fold(ref v0, ref i0, ref s0, a0, ia); Fold(ref v0, ref i0, ref s0, b0, ib);
            Fold(ref v1, ref i1, ref s1, a1, ia); Fold(ref v1, ref i1, ref s1, b1, ib);
            Fold(ref v2, ref i2, ref s2, a2, ia); Fold(ref v2, ref i2, ref s2, b2, ib);
            Fold(ref v3, ref i3, ref s3, a3, ia); Fold(ref v3, ref i3, ref s3, b3, ib);
        }
        if (j + W <= kPad) // a group of 16 centres left
        {
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector512.LoadUnsafe(ref pc, c);
                V e = Vector512.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector512.MultiplyAddEstimate(e, e, a0);
                e = Vector512.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector512.MultiplyAddEstimate(e, e, a1);
                e = Vector512.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector512.MultiplyAddEstimate(e, e, a2);
                e = Vector512.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector512.MultiplyAddEstimate(e, e, a3);
            }
            V ia = lanes + Vector512.Create((float)j);
            FoldMasked(ref v0, ref i0, ref s0, ref v1, ref i1, ref s1, ref v2, ref i2, ref s2, ref v3, ref i3, ref s3, a0, a1, a2, a3, ia, kf, inf);
            j += W;
        }
        if (j < kPad) // 8 centres left: the 256-bit arithmetic, widened with +∞ (those lanes never win)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                var ca = Vector256.LoadUnsafe(ref pc, c);
                var e = Vector256.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0);
                e = Vector256.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1);
                e = Vector256.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2);
                e = Vector256.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3);
            }
            var upper = Vector256.Create(float.PositiveInfinity);
            V ia = lanes + Vector512.Create((float)j);
            FoldMasked(ref v0, ref i0, ref s0, ref v1, ref i1, ref s1, ref v2, ref i2, ref s2, ref v3, ref i3, ref s3,
                Vector512.Create(a0, upper), Vector512.Create(a1, upper), Vector512.Create(a2, upper), Vector512.Create(a3, upper), ia, kf, inf);
        }
        nearest[0] = Merge(v0, i0, s0, out best[0], out second[0]);
        nearest[1] = Merge(v1, i1, s1, out best[1], out second[1]);
        nearest[2] = Merge(v2, i2, s2, out best[2], out second[2]);
        nearest[3] = Merge(v3, i3, s3, out best[3], out second[3]);
    }

    // The last group: centres at or past k become +∞, then each point's lanes take the group (Fold).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldMasked(ref V v0, ref V i0, ref V s0, ref V v1, ref V i1, ref V s1, ref V v2, ref V i2, ref V s2,
        ref V v3, ref V i3, ref V s3, V a0, V a1, V a2, V a3, V ia, V kf, V inf)
    {
        V va = Vector512.LessThan(ia, kf);
        Fold(ref v0, ref i0, ref s0, Vector512.ConditionalSelect(va, a0, inf), ia);
        Fold(ref v1, ref i1, ref s1, Vector512.ConditionalSelect(va, a1, inf), ia);
        Fold(ref v2, ref i2, ref s2, Vector512.ConditionalSelect(va, a2, inf), ia);
        Fold(ref v3, ref i3, ref s3, Vector512.ConditionalSelect(va, a3, inf), ia);
    }

    // One more centre per lane (value v, index idx): as Tile256's Fold.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold(ref V best, ref V index, ref V second, V v, V idx)
    {
        V improves = Vector512.LessThan(v, best);
        second = Vector512.MinNative(second, Vector512.MaxNative(best, v));
        index = Vector512.ConditionalSelect(improves, idx, index);
        best = Vector512.MinNative(best, v);
    }

    // Across lanes: as Tile256's Merge (lanes hold distinct indices: lane l meets centres ≡ l mod 16).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Merge(V best, V index, V second, out float b, out float s)
    {
        V inf = Vector512.Create(float.PositiveInfinity);
        b = MinLane(best);
        V isBest = Vector512.Equals(best, Vector512.Create(b));
        float a = MinLane(Vector512.ConditionalSelect(isBest, index, inf));
        V isWinner = isBest & Vector512.Equals(index, Vector512.Create(a));
        s = MinLane(Vector512.MinNative(second, Vector512.ConditionalSelect(isWinner, inf, best)));
        return (int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MinLane(V v)
    {
        var q = Vector256.MinNative(v.GetLower(), v.GetUpper());
        var h = Vector128.MinNative(q.GetLower(), q.GetUpper());
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }
}
