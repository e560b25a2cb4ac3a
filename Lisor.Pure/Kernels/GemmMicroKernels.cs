using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The innermost piece of SGEMM: C[MR, NR] += Ã[MR, kc] · B̃[kc, NR] for one register tile, with
/// Ã element (i, p) at a[i·aRow + p·aK] and B̃ element (p, j) at b[p·bK + j]. Packed panels have
/// (aRow, aK, bK) = (1, MR, NR); small products pass the caller's matrices directly (NN: (lda, 1, ldb),
/// TN: (1, lda, ldb)) and skip packing. The MR × NR accumulators stay in registers for the whole k loop; each step loads one
/// row of B̃ (NR floats), broadcasts MR values of Ã and issues MR·NR/width fused multiply-adds.
/// Every C element is Σ_p a_ip·b_pj accumulated in p order from 0, then added to C once —
/// the same arithmetic whichever tile or thread computes it.
/// <see cref="RunShort"/> is the same with MR − 1 rows: the driver cuts a block of rows into tiles of MR and
/// MR − 1 rows (16 = 6 + 5 + 5, 64 = 9·6 + 2·5) rather than leave a few edge rows over (16 = 6 + 6 + 4).
/// </summary>
internal interface IGemmMicroKernel
{
    static abstract int MR { get; }
    static abstract int NR { get; }
    static abstract void Run(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc);
    /// <summary>As <see cref="Run"/> for a tile of MR − 1 rows.</summary>
    static abstract void RunShort(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc);
}

/// <summary>6 × 16 tile with 256-bit FMA: 12 accumulators + 2 rows of B + 1 broadcast = 15 of the 16 ymm registers.</summary>
internal struct MicroKernel256 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
    {
        V256 c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
             c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 8);
            var ai = Vector256.Create(a);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00); c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(Unsafe.Add(ref a, r1));
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10); c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(Unsafe.Add(ref a, r2));
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20); c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(Unsafe.Add(ref a, r3));
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30); c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(Unsafe.Add(ref a, r4));
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40); c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(Unsafe.Add(ref a, r5));
            c50 = Vector256.FusedMultiplyAdd(ai, b0, c50); c51 = Vector256.FusedMultiplyAdd(ai, b1, c51);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c00, c01);
        AddRow(ref Unsafe.Add(ref c, ldc), c10, c11);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        AddRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    /// <summary>5 × 16: 10 accumulators, still more than FMA latency × FMA units (4 × 2), so both units stay busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunShort(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
    {
        V256 c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
             c30 = default, c31 = default, c40 = default, c41 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 8);
            var ai = Vector256.Create(a);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00); c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(Unsafe.Add(ref a, r1));
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10); c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(Unsafe.Add(ref a, r2));
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20); c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(Unsafe.Add(ref a, r3));
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30); c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(Unsafe.Add(ref a, r4));
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40); c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c00, c01);
        AddRow(ref Unsafe.Add(ref c, ldc), c10, c11);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref float row, V256 lo, V256 hi)
    {
        (Vector256.LoadUnsafe(ref row) + lo).StoreUnsafe(ref row);
        (Vector256.LoadUnsafe(ref row, 8) + hi).StoreUnsafe(ref row, 8);
    }
}

/// <summary>6 × 8 tile with 128-bit vectors (x86 SSE or Arm AdvSimd): 12 accumulators, fused where the CPU has FMA.</summary>
internal struct MicroKernel128 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
    {
        V128 c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
             c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.LoadUnsafe(ref b);
            var b1 = Vector128.LoadUnsafe(ref b, 4);
            var ai = Vector128.Create(a);
            c00 = Vector128.MultiplyAddEstimate(ai, b0, c00); c01 = Vector128.MultiplyAddEstimate(ai, b1, c01);
            ai = Vector128.Create(Unsafe.Add(ref a, r1));
            c10 = Vector128.MultiplyAddEstimate(ai, b0, c10); c11 = Vector128.MultiplyAddEstimate(ai, b1, c11);
            ai = Vector128.Create(Unsafe.Add(ref a, r2));
            c20 = Vector128.MultiplyAddEstimate(ai, b0, c20); c21 = Vector128.MultiplyAddEstimate(ai, b1, c21);
            ai = Vector128.Create(Unsafe.Add(ref a, r3));
            c30 = Vector128.MultiplyAddEstimate(ai, b0, c30); c31 = Vector128.MultiplyAddEstimate(ai, b1, c31);
            ai = Vector128.Create(Unsafe.Add(ref a, r4));
            c40 = Vector128.MultiplyAddEstimate(ai, b0, c40); c41 = Vector128.MultiplyAddEstimate(ai, b1, c41);
            ai = Vector128.Create(Unsafe.Add(ref a, r5));
            c50 = Vector128.MultiplyAddEstimate(ai, b0, c50); c51 = Vector128.MultiplyAddEstimate(ai, b1, c51);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c00, c01);
        AddRow(ref Unsafe.Add(ref c, ldc), c10, c11);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        AddRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    /// <summary>5 × 8: 10 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunShort(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
    {
        V128 c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
             c30 = default, c31 = default, c40 = default, c41 = default;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.LoadUnsafe(ref b);
            var b1 = Vector128.LoadUnsafe(ref b, 4);
            var ai = Vector128.Create(a);
            c00 = Vector128.MultiplyAddEstimate(ai, b0, c00); c01 = Vector128.MultiplyAddEstimate(ai, b1, c01);
            ai = Vector128.Create(Unsafe.Add(ref a, r1));
            c10 = Vector128.MultiplyAddEstimate(ai, b0, c10); c11 = Vector128.MultiplyAddEstimate(ai, b1, c11);
            ai = Vector128.Create(Unsafe.Add(ref a, r2));
            c20 = Vector128.MultiplyAddEstimate(ai, b0, c20); c21 = Vector128.MultiplyAddEstimate(ai, b1, c21);
            ai = Vector128.Create(Unsafe.Add(ref a, r3));
            c30 = Vector128.MultiplyAddEstimate(ai, b0, c30); c31 = Vector128.MultiplyAddEstimate(ai, b1, c31);
            ai = Vector128.Create(Unsafe.Add(ref a, r4));
            c40 = Vector128.MultiplyAddEstimate(ai, b0, c40); c41 = Vector128.MultiplyAddEstimate(ai, b1, c41);
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        AddRow(ref c, c00, c01);
        AddRow(ref Unsafe.Add(ref c, ldc), c10, c11);
        AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        AddRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref float row, V128 lo, V128 hi)
    {
        (Vector128.LoadUnsafe(ref row) + lo).StoreUnsafe(ref row);
        (Vector128.LoadUnsafe(ref row, 4) + hi).StoreUnsafe(ref row, 4);
    }
}

/// <summary>4 × 4 tile in scalar registers: the portable fallback, and a check of the blocking and packing without SIMD.</summary>
internal struct MicroKernelScalar : IGemmMicroKernel
{
    public static int MR => 4;
    public static int NR => 4;

    public static void Run(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
        => Rows(4, kc, ref a, aRow, aK, ref b, bK, ref c, ldc);

    /// <summary>3 × 4.</summary>
    public static void RunShort(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
        => Rows(3, kc, ref a, aRow, aK, ref b, bK, ref c, ldc);

    private static void Rows(int rows, int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc)
    {
        Span<float> acc = stackalloc float[16];   // acc[i·4 + j]
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < rows; i++)
            {
                float ai = Unsafe.Add(ref a, i * aRow);
                for (int j = 0; j < 4; j++) acc[i * 4 + j] += ai * Unsafe.Add(ref b, j);
            }
            a = ref Unsafe.Add(ref a, aK);
            b = ref Unsafe.Add(ref b, bK);
        }
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < 4; j++) Unsafe.Add(ref c, i * ldc + j) += acc[i * 4 + j];
    }
}
