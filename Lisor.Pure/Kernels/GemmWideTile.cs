using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V512 = System.Runtime.Intrinsics.Vector512<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Two neighbouring register tiles of <see cref="MicroKernel256"/> in one pass, with 512-bit FMA: C[6, 32] += Ã[6, kc] ·
/// [B̃₁ | B̃₂][kc, 32], where B̃₁ and B̃₂ are two 16-column panels of B̃ (row p of B̃₂ at b[p·bK + bNext]). Twelve zmm
/// accumulators (a row's 32 columns in two), two rows of B̃ and one broadcast of Ã: 15 of the 32 registers.
/// <para>
/// Each C element is computed exactly as <see cref="MicroKernel256"/> computes it — acc = 0; acc = fma(a_ip, b_pj, acc)
/// for p in order; c_ij += acc — and a 512-bit lane's fused multiply-add rounds as a 256-bit lane's does, so the driver
/// may use this tile or the two 256-bit ones for the same columns and get the same bits (GemmWideTileTests).
/// What changes is the number of instructions: on a core with 512-bit FMA units (the Zen 5 of
/// docs/results-performance/wide512-fdafa9b.md issues as many of them per second as 256-bit ones) one instruction does
/// the work of two, and the product's bound doubles.
/// </para>
/// </summary>
internal static class GemmWideTile
{
    /// <summary>
    /// Whether this process runs 512-bit vectors in hardware (the JIT on AVX-512 CPUs; a native build only when compiled
    /// for them). A static readonly field, so the JIT folds the test.
    /// </summary>
    public static readonly bool IsSupported = KernelPaths.Has512;

    /// <summary>
    /// Whether <see cref="GemmDriver"/> uses the wide tile where it can (the default wherever <see cref="IsSupported"/>);
    /// tests switch it off to compare — it changes no bit, only the speed.
    /// </summary>
    internal static bool Enabled = IsSupported;

    /// <summary>Six rows × two panels: what two <see cref="MicroKernel256.Run"/> calls on the panels compute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref float a, nint aRow, nint aK, ref float b, nint bNext, nint bK, ref float c, nint ldc)
    {
        V512 c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
             d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);            // row p of the first panel, columns 0 … 15
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)bNext);   // row p of the second, columns 16 … 31
            var ai = Vector512.Create(a);
            c0 = Vector512.FusedMultiplyAdd(ai, b0, c0); d0 = Vector512.FusedMultiplyAdd(ai, b1, d0);
            ai = Vector512.Create(Unsafe.Add(ref a, r1));
            c1 = Vector512.FusedMultiplyAdd(ai, b0, c1); d1 = Vector512.FusedMultiplyAdd(ai, b1, d1);
            ai = Vector512.Create(Unsafe.Add(ref a, r2));
            c2 = Vector512.FusedMultiplyAdd(ai, b0, c2); d2 = Vector512.FusedMultiplyAdd(ai, b1, d2);
            ai = Vector512.Create(Unsafe.Add(ref a, r3));
            c3 = Vector512.FusedMultiplyAdd(ai, b0, c3); d3 = Vector512.FusedMultiplyAdd(ai, b1, d3);
            ai = Vector512.Create(Unsafe.Add(ref a, r4));
            c4 = Vector512.FusedMultiplyAdd(ai, b0, c4); d4 = Vector512.FusedMultiplyAdd(ai, b1, d4);
            ai = Vector512.Create(Unsafe.Add(ref a, r5));
            c5 = Vector512.FusedMultiplyAdd(ai, b0, c5); d5 = Vector512.FusedMultiplyAdd(ai, b1, d5);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c0, d0);
        AddRow(ref Unsafe.Add(ref c, ldc), c1, d1);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c2, d2);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c3, d3);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c4, d4);
        AddRow(ref Unsafe.Add(ref c, 5 * ldc), c5, d5);
    }

    /// <summary>Five rows × two panels: what two <see cref="MicroKernel256.RunShort"/> calls compute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunShort(int kc, ref float a, nint aRow, nint aK, ref float b, nint bNext, nint bK, ref float c, nint ldc)
    {
        V512 c0 = default, c1 = default, c2 = default, c3 = default, c4 = default,
             d0 = default, d1 = default, d2 = default, d3 = default, d4 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)bNext);
            var ai = Vector512.Create(a);
            c0 = Vector512.FusedMultiplyAdd(ai, b0, c0); d0 = Vector512.FusedMultiplyAdd(ai, b1, d0);
            ai = Vector512.Create(Unsafe.Add(ref a, r1));
            c1 = Vector512.FusedMultiplyAdd(ai, b0, c1); d1 = Vector512.FusedMultiplyAdd(ai, b1, d1);
            ai = Vector512.Create(Unsafe.Add(ref a, r2));
            c2 = Vector512.FusedMultiplyAdd(ai, b0, c2); d2 = Vector512.FusedMultiplyAdd(ai, b1, d2);
            ai = Vector512.Create(Unsafe.Add(ref a, r3));
            c3 = Vector512.FusedMultiplyAdd(ai, b0, c3); d3 = Vector512.FusedMultiplyAdd(ai, b1, d3);
            ai = Vector512.Create(Unsafe.Add(ref a, r4));
            c4 = Vector512.FusedMultiplyAdd(ai, b0, c4); d4 = Vector512.FusedMultiplyAdd(ai, b1, d4);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c0, d0);
        AddRow(ref Unsafe.Add(ref c, ldc), c1, d1);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c2, d2);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c3, d3);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c4, d4);
    }

    // c_ij += acc over the row's 32 columns (contiguous in C)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref float row, V512 lo, V512 hi)
    {
        (Vector512.LoadUnsafe(ref row) + lo).StoreUnsafe(ref row);
        (Vector512.LoadUnsafe(ref row, 16) + hi).StoreUnsafe(ref row, 16);
    }
}
