using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// C[m, n] = bias[n] + A[m, k]·B[k, n] (every row of C overwritten; A, B, C row-major) for a shallow product,
/// k ≤ <see cref="MaxK"/>: the input projection of a recurrent step with a one-hot input, a_t = b + x_t·Wx (X = 2
/// for a binary alphabet). Copying b into each row and then running the blocked driver over so thin a product
/// costs a pass over C and a call per register tile for two multiply-adds per element; here each row of C is
/// written once, streamed along n:
///     acc = 0;  acc = madd(a_ip, b_pj, acc) for p = 0 … k − 1;  c_ij = bias_j + acc
/// which is, element by element, the arithmetic of that copy and product on the same path (k ≤ KC: one
/// block, accumulated from 0 and added once; madd fused on Vector256, MultiplyAddEstimate on Vector128, a product
/// then a sum on Scalar): the same bits.
/// </summary>
internal static class GemmShallow
{
    /// <summary>The deepest product taken: each row of B is re-read for every row of C, which only pays while B is a few rows.</summary>
    public const int MaxK = 8;

    /// <summary>Whether <see cref="BiasPlus"/> takes a product of depth <paramref name="k"/>.</summary>
    public static bool Takes(int k) => k <= MaxK;

    /// <summary>C[i, :] = bias + A[i, :]·B for i &lt; m, k ≤ <see cref="MaxK"/>, on <paramref name="path"/>.</summary>
    public static void BiasPlus(KernelPath path, int m, int n, int k, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        KernelPaths.Require(path);
        if (m < 0 || n < 0 || k < 0 || k > MaxK) throw new ArgumentOutOfRangeException(nameof(k), $"shallow product {m}×{n}×{k}");
        Gemm.CheckOne("A", a.Length, lda, m, k);
        Gemm.CheckOne("B", b.Length, ldb, k, n);
        Gemm.CheckOne("C", c.Length, ldc, m, n);
        if (bias.Length < n) throw new ArgumentException($"bias has {bias.Length} elements, needs {n}", nameof(bias));
        if (m == 0 || n == 0) return;
        if (k == 0)   // (no product: the copy alone, so a bias of −0 stays −0)
        {
            for (int i = 0; i < m; i++) bias.Slice(0, n).CopyTo(c.Slice(i * ldc, n));
            return;
        }
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float bias0 = ref MemoryMarshal.GetReference(bias);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        Span<float> ai = stackalloc float[MaxK];
        // A row of A that is one-hot (a single 1, the rest +0: the input of a one-hot alphabet) gives row q of the table
        // T[q, :] = bias + e_q·B, computed by the same row kernel the first time a row e_q comes, then copied: the same
        // bits as computing the row again, for a copy instead of k multiply-adds per element (worth it from 2k rows on).
        Span<float> table = m >= 2 * k ? Table(k * n) : default;
        int made = 0;   // bit q: T[q, :] computed in this call
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++) ai[p] = Unsafe.Add(ref a0, i * (nint)lda + p);
            ref float ci = ref Unsafe.Add(ref c0, i * (nint)ldc);
            int hot = table.IsEmpty ? -1 : HotIndex(ai.Slice(0, k));
            if (hot < 0) { Row(path, n, k, ai, ref b0, ldb, ref bias0, ref ci); continue; }
            var row = table.Slice(hot * n, n);
            if ((made & 1 << hot) == 0)
            {
                Row(path, n, k, ai, ref b0, ldb, ref bias0, ref MemoryMarshal.GetReference(row));
                made |= 1 << hot;
            }
            row.CopyTo(MemoryMarshal.CreateSpan(ref ci, n));
        }
    }

    private static void Row(KernelPath path, int n, int k, ReadOnlySpan<float> a, ref float b, nint ldb, ref float bias, ref float c)
    {
        switch (path)
        {
            case KernelPath.Vector256: Row256(n, k, a, ref b, ldb, ref bias, ref c); break;
            case KernelPath.Vector128: Row128(n, k, a, ref b, ldb, ref bias, ref c); break;
            default: RowScalar(n, k, a, ref b, ldb, ref bias, ref c); break;
        }
    }

    [ThreadStatic] private static float[]? _table;

    // Room for the table T [k, n] (a per-thread buffer, grown once).
    private static Span<float> Table(int length)
    {
        if (_table is null || _table.Length < length) _table = new float[Math.Max(length, 1024)];
        return _table.AsSpan(0, length);
    }

    // The q of a row e_q (one 1f, every other element +0f), or −1.
    private static int HotIndex(ReadOnlySpan<float> row)
    {
        int hot = -1;
        for (int p = 0; p < row.Length; p++)
        {
            int bits = BitConverter.SingleToInt32Bits(row[p]);
            if (bits == 0) continue;
            if (bits != 0x3F800000 || hot >= 0) return -1;
            hot = p;
        }
        return hot;
    }

    // c[j] = bias[j] + Σ_p fma(a_p, B[p, j]) for j < n: 32 columns a step (4 independent accumulators), then 8, then one
    // (the same fused multiply-add each).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row256(int n, int k, ReadOnlySpan<float> a, ref float b, nint ldb, ref float bias, ref float c)
    {
        nuint j = 0, len = (nuint)n;
        for (; j + 32 <= len; j += 32)
        {
            V256 acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            ref float bj = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                var ap = Vector256.Create(a[p]);
                acc0 = Vector256.FusedMultiplyAdd(ap, Vector256.LoadUnsafe(ref bj), acc0);
                acc1 = Vector256.FusedMultiplyAdd(ap, Vector256.LoadUnsafe(ref bj, 8), acc1);
                acc2 = Vector256.FusedMultiplyAdd(ap, Vector256.LoadUnsafe(ref bj, 16), acc2);
                acc3 = Vector256.FusedMultiplyAdd(ap, Vector256.LoadUnsafe(ref bj, 24), acc3);
                bj = ref Unsafe.Add(ref bj, ldb);
            }
            (Vector256.LoadUnsafe(ref bias, j) + acc0).StoreUnsafe(ref c, j);
            (Vector256.LoadUnsafe(ref bias, j + 8) + acc1).StoreUnsafe(ref c, j + 8);
            (Vector256.LoadUnsafe(ref bias, j + 16) + acc2).StoreUnsafe(ref c, j + 16);
            (Vector256.LoadUnsafe(ref bias, j + 24) + acc3).StoreUnsafe(ref c, j + 24);
        }
        for (; j + 8 <= len; j += 8)
        {
            V256 acc = default;
            for (int p = 0; p < k; p++) acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.LoadUnsafe(ref b, (nuint)(p * ldb) + j), acc);
            (Vector256.LoadUnsafe(ref bias, j) + acc).StoreUnsafe(ref c, j);
        }
        for (; j < len; j++)
        {
            float acc = 0;
            for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(a[p], Unsafe.Add(ref b, p * ldb + (nint)j), acc);
            Unsafe.Add(ref c, j) = Unsafe.Add(ref bias, j) + acc;
        }
    }

    // As Row256 with 128-bit MultiplyAddEstimate (fused where the CPU has FMA, as MicroKernel128); the last n mod 4
    // columns through the same vector operation on one lane, so they are rounded as the rest.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row128(int n, int k, ReadOnlySpan<float> a, ref float b, nint ldb, ref float bias, ref float c)
    {
        nuint j = 0, len = (nuint)n;
        for (; j + 4 <= len; j += 4)
        {
            V128 acc = default;
            for (int p = 0; p < k; p++) acc = Vector128.MultiplyAddEstimate(Vector128.Create(a[p]), Vector128.LoadUnsafe(ref b, (nuint)(p * ldb) + j), acc);
            (Vector128.LoadUnsafe(ref bias, j) + acc).StoreUnsafe(ref c, j);
        }
        for (; j < len; j++)
        {
            V128 acc = default;
            for (int p = 0; p < k; p++)
                acc = Vector128.MultiplyAddEstimate(Vector128.Create(a[p]), Vector128.Create(Unsafe.Add(ref b, p * ldb + (nint)j)), acc);
            Unsafe.Add(ref c, j) = Unsafe.Add(ref bias, j) + acc.ToScalar();
        }
    }

    // The scalar micro-kernel's arithmetic: acc += a_p·B[p, j] (a product, then a sum).
    private static void RowScalar(int n, int k, ReadOnlySpan<float> a, ref float b, nint ldb, ref float bias, ref float c)
    {
        for (int j = 0; j < n; j++)
        {
            float acc = 0;
            for (int p = 0; p < k; p++) acc += a[p] * Unsafe.Add(ref b, p * ldb + j);
            Unsafe.Add(ref c, j) = Unsafe.Add(ref bias, j) + acc;
        }
    }
}
