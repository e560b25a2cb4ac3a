using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The 8 × 8 transpose of eight 256-bit rows in registers (AVX): afterwards r_j holds column j, lane i = the old r_i[j].
/// Pairs of rows interleaved, pairs of pairs shuffled within the 128-bit halves, then the halves swapped: 24 shuffles,
/// exact (values only move). Used where 8 consecutive values of 8 rows must become 8 lanes of one value each
/// (<see cref="Tile256.DistancesToOne"/>, Training/NodeMajor.cs).
/// </summary>
internal static class Transpose8
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlace(ref V r0, ref V r1, ref V r2, ref V r3, ref V r4, ref V r5, ref V r6, ref V r7)
    {
        // t: (r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]) and the like
        V t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        V t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        // s: (r0[j] r1[j] r2[j] r3[j] | r0[j+4] r1[j+4] r2[j+4] r3[j+4]) for j = 0 … 3, rows 0–3 then 4–7
        V s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        V s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(s0, s4, 0x20); r1 = Avx.Permute2x128(s1, s5, 0x20);
        r2 = Avx.Permute2x128(s2, s6, 0x20); r3 = Avx.Permute2x128(s3, s7, 0x20);
        r4 = Avx.Permute2x128(s0, s4, 0x31); r5 = Avx.Permute2x128(s1, s5, 0x31);
        r6 = Avx.Permute2x128(s2, s6, 0x31); r7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
