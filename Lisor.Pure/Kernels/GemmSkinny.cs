using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Products with at most <see cref="MaxM"/> rows of C and a wide row-major B on the Vector256 path:
/// the input-projection backward of a recurrent cell, ∂Wx += xᵀ·da with a one-hot input (m = X, the vocabulary
/// size, 2 for a binary task; n = the gates, 1024 for an LSTM of 256; k = T·batch rows, 1 600 per shard at
/// length 100). The blocked driver reads such a B as 16-column panels of rows 4 KB apart — a new page at
/// every row of every panel; here each row of B is read once, whole and in order, into m row accumulators:
///     for each block of KC rows p: acc_i = 0;  acc_i += a_ip · B[p, :] (fused, p in order);  then C[i, :] += acc_i
/// which is, element by element, the arithmetic of <see cref="MicroKernel256"/> and <see cref="GemmSmall"/>
/// (a fused multiply-add chain from 0 over each KC block, added to C once): the bits of the blocked driver.
/// </summary>
internal static class GemmSkinny
{
    /// <summary>The most rows of C sent here (the accumulators, m × n floats, stay in L1 for n up to ≈ 512).</summary>
    public const int MaxM = 8;

    [ThreadStatic] private static float[]? _acc;

    /// <summary>Whether <see cref="Run"/> takes the product (Vector256 is the caller's to check).</summary>
    public static bool Takes(int m, int n, in StridedMatrix b) => m <= MaxM && n > GemmSmall.MaxN && b.ColStride == 1;

    /// <summary>C[m, n] += op(A)[m, k]·B[k, n] for m, n, k ≥ 1 with <see cref="Takes"/>.</summary>
    public static void Run(int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc)
    {
        var buffer = _acc;
        if (buffer is null || buffer.Length < m * n) _acc = buffer = new float[Math.Max(m * n, 4096)];
        var acc = buffer.AsSpan(0, m * n);
        ref float a0 = ref MemoryMarshal.GetReference(a.Data);
        ref float b0 = ref MemoryMarshal.GetReference(b.Data);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        ref float acc0 = ref MemoryMarshal.GetReference(acc);
        nint aRow = a.RowStride, aK = a.ColStride, ldb = b.RowStride;
        for (int pc = 0; pc < k; pc += GemmDriver.KC)
        {
            int end = Math.Min(k, pc + GemmDriver.KC);
            acc.Clear();
            for (int p = pc; p < end; p++)
            {
                ref float row = ref Unsafe.Add(ref b0, p * ldb);
                for (int i = 0; i < m; i++)
                    MultiplyAdd(Unsafe.Add(ref a0, i * aRow + p * aK), ref row, ref Unsafe.Add(ref acc0, i * n), n);
            }
            for (int i = 0; i < m; i++) AddTo(ref Unsafe.Add(ref c0, i * (nint)ldc), ref Unsafe.Add(ref acc0, i * n), n);
        }
    }

    // acc[j] = fma(s, row[j], acc[j]) for j < n.
    private static void MultiplyAdd(float s, ref float row, ref float acc, int n)
    {
        var sv = Vector256.Create(s);
        nuint j = 0, len = (nuint)n;
        for (; j + 8 <= len; j += 8)
            Vector256.FusedMultiplyAdd(sv, Vector256.LoadUnsafe(ref row, j), Vector256.LoadUnsafe(ref acc, j)).StoreUnsafe(ref acc, j);
        for (; j < len; j++) Unsafe.Add(ref acc, j) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref row, j), Unsafe.Add(ref acc, j));
    }

    // c[j] += acc[j] for j < n.
    private static void AddTo(ref float c, ref float acc, int n)
    {
        nuint j = 0, len = (nuint)n;
        for (; j + 8 <= len; j += 8)
            (Vector256.LoadUnsafe(ref c, j) + Vector256.LoadUnsafe(ref acc, j)).StoreUnsafe(ref c, j);
        for (; j < len; j++) Unsafe.Add(ref c, j) += Unsafe.Add(ref acc, j);
    }
}
