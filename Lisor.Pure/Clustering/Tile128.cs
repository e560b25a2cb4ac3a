using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<float>;

namespace Lisor.Pure.Clustering;

/// <summary>
/// The 128-bit distance tile (see <see cref="TileScalar"/> for the definition): the lanes run over
/// centres, so one broadcast coordinate of a point meets 4 (or 8) centres at once, with no horizontal
/// sums. A register tile of 4 points × 8 centres keeps 8 accumulators; per coordinate it does
/// 2 loads, 4 broadcasts, 8 subtractions and 8 fused multiply-adds. kPad must be a multiple of 8 (two groups of 4).
/// </summary>
public static class Tile128
{
    private const int W = 4; // V.Count

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Distances4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows,
                                  ReadOnlySpan<float> centresT, int kPad, Span<float> dist)
    {
        if (kPad % W != 0) throw new ArgumentException($"kPad = {kPad} must be a multiple of {W}");
        if (rows.Length < 4 || dist.Length < 4 * kPad || centresT.Length < dim * kPad) throw new ArgumentException("tile buffers too short");
        for (int r = 0; r < 4; r++)
            if ((uint)rows[r] > (uint)(points.Length / Math.Max(dim, 1) - 1)) throw new ArgumentOutOfRangeException(nameof(rows));
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
                V ca = Vector128.LoadUnsafe(ref pc, c), cb = Vector128.LoadUnsafe(ref pc, c + W);
                V x = Vector128.Create(Unsafe.Add(ref px, x0 + d));
                V e = x - ca; a0 = Vector128.MultiplyAddEstimate(e, e, a0); e = x - cb; b0 = Vector128.MultiplyAddEstimate(e, e, b0);
                x = Vector128.Create(Unsafe.Add(ref px, x1 + d));
                e = x - ca; a1 = Vector128.MultiplyAddEstimate(e, e, a1); e = x - cb; b1 = Vector128.MultiplyAddEstimate(e, e, b1);
                x = Vector128.Create(Unsafe.Add(ref px, x2 + d));
                e = x - ca; a2 = Vector128.MultiplyAddEstimate(e, e, a2); e = x - cb; b2 = Vector128.MultiplyAddEstimate(e, e, b2);
                x = Vector128.Create(Unsafe.Add(ref px, x3 + d));
                e = x - ca; a3 = Vector128.MultiplyAddEstimate(e, e, a3); e = x - cb; b3 = Vector128.MultiplyAddEstimate(e, e, b3);
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
                V ca = Vector128.LoadUnsafe(ref pc, c);
                V e = Vector128.Create(Unsafe.Add(ref px, x0 + d)) - ca; a0 = Vector128.MultiplyAddEstimate(e, e, a0);
                e = Vector128.Create(Unsafe.Add(ref px, x1 + d)) - ca; a1 = Vector128.MultiplyAddEstimate(e, e, a1);
                e = Vector128.Create(Unsafe.Add(ref px, x2 + d)) - ca; a2 = Vector128.MultiplyAddEstimate(e, e, a2);
                e = Vector128.Create(Unsafe.Add(ref px, x3 + d)) - ca; a3 = Vector128.MultiplyAddEstimate(e, e, a3);
            }
            nuint o = (nuint)j;
            a0.StoreUnsafe(ref pd, o); a1.StoreUnsafe(ref pd, o + ld);
            a2.StoreUnsafe(ref pd, o + 2 * ld); a3.StoreUnsafe(ref pd, o + 3 * ld);
        }
    }
}
