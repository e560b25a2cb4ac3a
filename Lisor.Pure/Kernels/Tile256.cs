using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The 256-bit distance tile (see <see cref="TileScalar"/> for the definition): the lanes run over
/// centres, so one broadcast coordinate of a point meets 8 (or 16) centres at once, with no horizontal
/// sums. A register tile of 4 points × 16 centres keeps 8 accumulators; per coordinate it does
/// 2 loads, 4 broadcasts, 8 subtractions and 8 fused multiply-adds. kPad must be a multiple of 8.
/// </summary>
internal readonly struct Tile256 : ITileKernels
{
    private const int W = 8; // V.Count

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Distances4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (kPad % W != 0) throw new ArgumentException($"kPad = {kPad} must be a multiple of {W}");
        if (rows.Length < 4 || dist.Length < 4 * kPad || centresT.Length < dim * kPad) throw new ArgumentException("tile buffers too short");
        for (int r = 0; r < 4; r++)
            if ((ulong)(uint)rows[r] * (uint)dim + (uint)dim > (ulong)points.Length) throw new ArgumentOutOfRangeException(nameof(rows)); // row r lies inside points (no division per call)
        ref float px = ref MemoryMarshal.GetReference(points);
        ref float pc = ref MemoryMarshal.GetReference(centresT);
        ref float pd = ref MemoryMarshal.GetReference(dist);
        nuint x0 = (nuint)(rows[0] * dim), x1 = (nuint)(rows[1] * dim), x2 = (nuint)(rows[2] * dim), x3 = (nuint)(rows[3] * dim);
        nuint ld = (nuint)kPad;
        int j = 0;
        for (; j + 2 * W <= kPad; j += 2 * W)
        {
            V a0 = V.Zero, b0 = V.Zero, a1 = V.Zero, b1 = V.Zero, a2 = V.Zero, b2 = V.Zero, a3 = V.Zero, b3 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector256.LoadUnsafe(ref pc, c), cb = Vector256.LoadUnsafe(ref pc, c + W);
                V x = Vector256.Create(Unsafe.Add(ref px, x0 + d));
                V e = x - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0); e = x - cb; b0 = Vector256.MultiplyAddEstimate(e, e, b0);
                x = Vector256.Create(Unsafe.Add(ref px, x1 + d));
                e = x - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1); e = x - cb; b1 = Vector256.MultiplyAddEstimate(e, e, b1);
                x = Vector256.Create(Unsafe.Add(ref px, x2 + d));
                e = x - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2); e = x - cb; b2 = Vector256.MultiplyAddEstimate(e, e, b2);
                x = Vector256.Create(Unsafe.Add(ref px, x3 + d));
                e = x - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3); e = x - cb; b3 = Vector256.MultiplyAddEstimate(e, e, b3);
            }
            nuint o = (nuint)j;
            a0.StoreUnsafe(ref pd, o); b0.StoreUnsafe(ref pd, o + W);
            a1.StoreUnsafe(ref pd, o + ld); b1.StoreUnsafe(ref pd, o + ld + W);
            a2.StoreUnsafe(ref pd, o + 2 * ld); b2.StoreUnsafe(ref pd, o + 2 * ld + W);
            a3.StoreUnsafe(ref pd, o + 3 * ld); b3.StoreUnsafe(ref pd, o + 3 * ld + W);
        }
        if (j < kPad) // one group of W centres left
        {
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector256.LoadUnsafe(ref pc, c);
                V e = Vector256.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0);
                e = Vector256.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1);
                e = Vector256.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2);
                e = Vector256.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3);
            }
            nuint o = (nuint)j;
            a0.StoreUnsafe(ref pd, o); a1.StoreUnsafe(ref pd, o + ld);
            a2.StoreUnsafe(ref pd, o + 2 * ld); a3.StoreUnsafe(ref pd, o + 3 * ld);
        }
    }

    /// <summary>
    /// The distance tile for 8 points (rows) against every centre of centresT [dim, kPad]; dist is
    /// [8, kPad]. For narrow tiles (the seeding's few candidates): a group of 8 centres with 8 rows keeps
    /// 8 independent accumulators, where 4 rows would wait on the fused multiply-add latency. Each lane
    /// sums over d in order, so every value equals <see cref="Distances4"/>'s bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Distances8(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (kPad % W != 0) throw new ArgumentException($"kPad = {kPad} must be a multiple of {W}");
        if (rows.Length < 8 || dist.Length < 8 * kPad || centresT.Length < dim * kPad) throw new ArgumentException("tile buffers too short");
        for (int r = 0; r < 8; r++)
            if ((ulong)(uint)rows[r] * (uint)dim + (uint)dim > (ulong)points.Length) throw new ArgumentOutOfRangeException(nameof(rows)); // row r lies inside points (no division per call)
        ref float px = ref MemoryMarshal.GetReference(points);
        ref float pc = ref MemoryMarshal.GetReference(centresT);
        ref float pd = ref MemoryMarshal.GetReference(dist);
        nuint x0 = (nuint)(rows[0] * dim), x1 = (nuint)(rows[1] * dim), x2 = (nuint)(rows[2] * dim), x3 = (nuint)(rows[3] * dim);
        nuint x4 = (nuint)(rows[4] * dim), x5 = (nuint)(rows[5] * dim), x6 = (nuint)(rows[6] * dim), x7 = (nuint)(rows[7] * dim);
        nuint ld = (nuint)kPad;
        for (int j = 0; j < kPad; j += W)
        {
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero, a4 = V.Zero, a5 = V.Zero, a6 = V.Zero, a7 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector256.LoadUnsafe(ref pc, c);
                V e = Vector256.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0);
                e = Vector256.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1);
                e = Vector256.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2);
                e = Vector256.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3);
                e = Vector256.Create(Unsafe.Add(ref px, x4 + d)) - ca; a4 = Vector256.MultiplyAddEstimate(e, e, a4);
                e = Vector256.Create(Unsafe.Add(ref px, x5 + d)) - ca; a5 = Vector256.MultiplyAddEstimate(e, e, a5);
                e = Vector256.Create(Unsafe.Add(ref px, x6 + d)) - ca; a6 = Vector256.MultiplyAddEstimate(e, e, a6);
                e = Vector256.Create(Unsafe.Add(ref px, x7 + d)) - ca; a7 = Vector256.MultiplyAddEstimate(e, e, a7);
            }
            nuint o = (nuint)j;
            a0.StoreUnsafe(ref pd, o); a1.StoreUnsafe(ref pd, o + ld); a2.StoreUnsafe(ref pd, o + 2 * ld); a3.StoreUnsafe(ref pd, o + 3 * ld);
            a4.StoreUnsafe(ref pd, o + 4 * ld); a5.StoreUnsafe(ref pd, o + 5 * ld); a6.StoreUnsafe(ref pd, o + 6 * ld); a7.StoreUnsafe(ref pd, o + 7 * ld);
        }
    }

    /// <summary>
    /// dist[r] = ‖x_{first + r} − c‖² for count consecutive points and one centre c [dim] (<see cref="TileScalar.DistancesToOne"/>):
    /// the lanes run over 8 points, each summing over d in order with the tile's fused multiply-add, so every value is
    /// the tile's for c in any column, bit for bit — with a quarter of the tile's work per value, since no lane is
    /// spent on an unused column. 8 consecutive coordinates of the 8 points are loaded as rows and transposed in
    /// registers (<see cref="Transpose8.InPlace"/>); the last dim mod 8 are gathered one by one. Past the last point the lanes
    /// repeat it (not stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DistancesToOne(ReadOnlySpan<float> points, int dim, int first, int count, ReadOnlySpan<float> centre, Span<float> dist)
    {
        TileScalar.CheckToOne(points.Length, dim, first, count, centre.Length, dist.Length);
        ref float px = ref MemoryMarshal.GetReference(points);
        ref float pc = ref MemoryMarshal.GetReference(centre);
        Span<float> lanes = stackalloc float[W];
        for (int g = 0; g < count; g += W)
        {
            nuint x0 = TileScalar.LaneRow(first, g, count, dim), x1 = TileScalar.LaneRow(first, g + 1, count, dim), x2 = TileScalar.LaneRow(first, g + 2, count, dim), x3 = TileScalar.LaneRow(first, g + 3, count, dim);
            nuint x4 = TileScalar.LaneRow(first, g + 4, count, dim), x5 = TileScalar.LaneRow(first, g + 5, count, dim), x6 = TileScalar.LaneRow(first, g + 6, count, dim), x7 = TileScalar.LaneRow(first, g + 7, count, dim);
            V a = V.Zero;
            nuint d = 0;
            for (; d + W <= (nuint)dim; d += W)
            {
                V c0 = Vector256.LoadUnsafe(ref px, x0 + d), c1 = Vector256.LoadUnsafe(ref px, x1 + d);
                V c2 = Vector256.LoadUnsafe(ref px, x2 + d), c3 = Vector256.LoadUnsafe(ref px, x3 + d);
                V c4 = Vector256.LoadUnsafe(ref px, x4 + d), c5 = Vector256.LoadUnsafe(ref px, x5 + d);
                V c6 = Vector256.LoadUnsafe(ref px, x6 + d), c7 = Vector256.LoadUnsafe(ref px, x7 + d);
                Transpose8.InPlace(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
                V e = c0 - Vector256.Create(Unsafe.Add(ref pc, d)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c1 - Vector256.Create(Unsafe.Add(ref pc, d + 1)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c2 - Vector256.Create(Unsafe.Add(ref pc, d + 2)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c3 - Vector256.Create(Unsafe.Add(ref pc, d + 3)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c4 - Vector256.Create(Unsafe.Add(ref pc, d + 4)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c5 - Vector256.Create(Unsafe.Add(ref pc, d + 5)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c6 - Vector256.Create(Unsafe.Add(ref pc, d + 6)); a = Vector256.MultiplyAddEstimate(e, e, a);
                e = c7 - Vector256.Create(Unsafe.Add(ref pc, d + 7)); a = Vector256.MultiplyAddEstimate(e, e, a);
            }
            for (; d < (nuint)dim; d++)
            {
                V x = Vector256.Create(Unsafe.Add(ref px, x0 + d), Unsafe.Add(ref px, x1 + d), Unsafe.Add(ref px, x2 + d), Unsafe.Add(ref px, x3 + d),
                                       Unsafe.Add(ref px, x4 + d), Unsafe.Add(ref px, x5 + d), Unsafe.Add(ref px, x6 + d), Unsafe.Add(ref px, x7 + d));
                V e = x - Vector256.Create(Unsafe.Add(ref pc, d));
                a = Vector256.MultiplyAddEstimate(e, e, a);
            }
            a.CopyTo(lanes);
            lanes.Slice(0, Math.Min(W, count - g)).CopyTo(dist.Slice(g));
        }
    }

    /// <summary>
    /// For 4 points (rows) the nearest of the first k centres of centresT [dim, kPad] (the lowest index
    /// on ties), its squared distance and the smallest squared distance to any other centre (+∞ when
    /// k = 1): <see cref="Distances4"/> then <see cref="DistanceScalar.MinAndSecond"/> per row, bit for
    /// bit, without storing the tile. Each lane keeps a running best value, its centre index and a
    /// runner-up over the centres it meets (v &lt; best: second ← best; else second ← min(second, v),
    /// i.e. second ← min(second, max(best, v))); the lanes are merged at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nearest4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second)
    {
        if (kPad % W != 0 || k < 1 || k > kPad) throw new ArgumentException($"need 1 ≤ k = {k} ≤ kPad = {kPad}, kPad a multiple of {W}");
        if (rows.Length < 4 || centresT.Length < dim * kPad || nearest.Length < 4 || best.Length < 4 || second.Length < 4)
            throw new ArgumentException("tile buffers too short");
        for (int r = 0; r < 4; r++)
            if ((ulong)(uint)rows[r] * (uint)dim + (uint)dim > (ulong)points.Length) throw new ArgumentOutOfRangeException(nameof(rows)); // row r lies inside points (no division per call)
        ref float px = ref MemoryMarshal.GetReference(points);
        ref float pc = ref MemoryMarshal.GetReference(centresT);
        nuint x0 = (nuint)(rows[0] * dim), x1 = (nuint)(rows[1] * dim), x2 = (nuint)(rows[2] * dim), x3 = (nuint)(rows[3] * dim);
        nuint ld = (nuint)kPad;
        V inf = Vector256.Create(float.PositiveInfinity), lanes = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7), kf = Vector256.Create((float)k);
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
                V ca = Vector256.LoadUnsafe(ref pc, c), cb = Vector256.LoadUnsafe(ref pc, c + W);
                V x = Vector256.Create(Unsafe.Add(ref px, x0 + d));
                V e = x - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0); e = x - cb; b0 = Vector256.MultiplyAddEstimate(e, e, b0);
                x = Vector256.Create(Unsafe.Add(ref px, x1 + d));
                e = x - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1); e = x - cb; b1 = Vector256.MultiplyAddEstimate(e, e, b1);
                x = Vector256.Create(Unsafe.Add(ref px, x2 + d));
                e = x - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2); e = x - cb; b2 = Vector256.MultiplyAddEstimate(e, e, b2);
                x = Vector256.Create(Unsafe.Add(ref px, x3 + d));
                e = x - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3); e = x - cb; b3 = Vector256.MultiplyAddEstimate(e, e, b3);
            }
            V ia = lanes + Vector256.Create((float)j), ib = ia + Vector256.Create((float)W);
            if (j + 2 * W > k) // padding centres never win
            {
                V va = Vector256.LessThan(ia, kf), vb = Vector256.LessThan(ib, kf);
                a0 = Vector256.ConditionalSelect(va, a0, inf); a1 = Vector256.ConditionalSelect(va, a1, inf);
                a2 = Vector256.ConditionalSelect(va, a2, inf); a3 = Vector256.ConditionalSelect(va, a3, inf);
                b0 = Vector256.ConditionalSelect(vb, b0, inf); b1 = Vector256.ConditionalSelect(vb, b1, inf);
                b2 = Vector256.ConditionalSelect(vb, b2, inf); b3 = Vector256.ConditionalSelect(vb, b3, inf);
            }
            Fold(ref v0, ref i0, ref s0, a0, ia); Fold(ref v0, ref i0, ref s0, b0, ib);
            Fold(ref v1, ref i1, ref s1, a1, ia); Fold(ref v1, ref i1, ref s1, b1, ib);
            Fold(ref v2, ref i2, ref s2, a2, ia); Fold(ref v2, ref i2, ref s2, b2, ib);
            Fold(ref v3, ref i3, ref s3, a3, ia); Fold(ref v3, ref i3, ref s3, b3, ib);
        }
        if (j < kPad) // one group of W centres left
        {
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
            nuint c = (nuint)j;
            for (nuint d = 0; d < (nuint)dim; d++, c += ld)
            {
                V ca = Vector256.LoadUnsafe(ref pc, c);
                V e = Vector256.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector256.MultiplyAddEstimate(e, e, a0);
                e = Vector256.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector256.MultiplyAddEstimate(e, e, a1);
                e = Vector256.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector256.MultiplyAddEstimate(e, e, a2);
                e = Vector256.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector256.MultiplyAddEstimate(e, e, a3);
            }
            V ia = lanes + Vector256.Create((float)j), va = Vector256.LessThan(ia, kf);
            a0 = Vector256.ConditionalSelect(va, a0, inf); a1 = Vector256.ConditionalSelect(va, a1, inf);
            a2 = Vector256.ConditionalSelect(va, a2, inf); a3 = Vector256.ConditionalSelect(va, a3, inf);
            Fold(ref v0, ref i0, ref s0, a0, ia); Fold(ref v1, ref i1, ref s1, a1, ia);
            Fold(ref v2, ref i2, ref s2, a2, ia); Fold(ref v3, ref i3, ref s3, a3, ia);
        }
        nearest[0] = Merge(v0, i0, s0, out best[0], out second[0]);
        nearest[1] = Merge(v1, i1, s1, out best[1], out second[1]);
        nearest[2] = Merge(v2, i2, s2, out best[2], out second[2]);
        nearest[3] = Merge(v3, i3, s3, out best[3], out second[3]);
    }

    // One more centre per lane (value v, index idx): lanes that improve take it, the old best becoming
    // a runner-up candidate; ties keep the earlier (lower) index.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold(ref V best, ref V index, ref V second, V v, V idx)
    {
        V improves = Vector256.LessThan(v, best);
        second = Vector256.MinNative(second, Vector256.MaxNative(best, v));
        index = Vector256.ConditionalSelect(improves, idx, index);
        best = Vector256.MinNative(best, v);
    }

    // Across lanes: the smallest best, the lowest index holding it, and the smallest of every other
    // lane's best and every lane's runner-up. (Lanes hold distinct indices: lane l meets centres ≡ l mod W.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Merge(V best, V index, V second, out float b, out float s)
    {
        V inf = Vector256.Create(float.PositiveInfinity);
        b = MinLane(best);
        V isBest = Vector256.Equals(best, Vector256.Create(b));
        float a = MinLane(Vector256.ConditionalSelect(isBest, index, inf));
        V isWinner = isBest & Vector256.Equals(index, Vector256.Create(a));
        s = MinLane(Vector256.MinNative(second, Vector256.ConditionalSelect(isWinner, inf, best)));
        return (int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MinLane(V v)
    {
        var h = Vector128.MinNative(v.GetLower(), v.GetUpper());
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }
}
