using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Products too narrow for the blocked driver (n ≤ <see cref="MaxN"/>, k ≤ <see cref="GemmDriver.KC"/>),
/// on the Vector256 path: the recurrent products of small cells (8 × 10 × 10 at the paper's sizes),
/// where packing an edge panel of B and of A and adding an edge tile per call cost more than the
/// multiply-adds. C[m, n] += op(A)[m, k]·op(B)[k, n] without packing A:
///   rows in blocks of 4 (a last partial block repeats its last row and discards the copies),
///   columns in chunks of 8 floats (one ymm register each), two chunks at a time (8 accumulators),
///   an odd last chunk 8 rows at a time (again 8 accumulators);
///   for each element: acc = 0; for p = 0 … k−1: acc = fma(a_ip, b_pj, acc); then c_ij += acc.
/// That is exactly the arithmetic of <see cref="MicroKernel256"/> for k ≤ KC (one p block, from 0,
/// added to C once), so every result is bit-identical to the blocked driver's.
/// op(B) is read in place when its rows are contiguous (NN, TN), except the last n mod 8 columns,
/// which are copied, zero-padded to 8, into a per-thread buffer; NT's op(B) is transposed there whole.
/// </summary>
internal static class GemmSmall
{
    /// <summary>Widest n sent here; wider products use the 6 × 16 micro-kernel with its 12 accumulators.</summary>
    public const int MaxN = 64;

    private const int W = 8;   // floats per ymm register

    [ThreadStatic] private static float[]? _bCopy;

    /// <summary>Whether <see cref="Run"/> takes a product of this shape (path Vector256 is the caller's to check).</summary>
    public static bool Takes(int n, int k) => n <= MaxN && k <= GemmDriver.KC;

    /// <summary>C[m, n] += op(A)·op(B) for m, n, k ≥ 1 with <see cref="Takes"/>(n, k).</summary>
    public static void Run(int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc)
    {
        int full = n / W, tail = n - full * W;
        ref float b0 = ref MemoryMarshal.GetReference(b.Data);
        nint ldb = b.RowStride;
        ref float bTail = ref b0;   // the zero-padded last chunk (when tail > 0), rows tailStride apart
        nint tailStride = W;
        if (b.ColStride != 1)
        {
            // NT: op(B)[p, j] = B[j, p]; transpose it into [k, 8·⌈n/8⌉], zero-padded.
            int ld = (full + (tail > 0 ? 1 : 0)) * W;
            var copy = Buffer(k * ld);
            Transpose(ref b0, b.ColStride, n, k, copy, ld);
            b0 = ref copy[0]; ldb = ld;
            if (tail > 0) { bTail = ref copy[full * W]; tailStride = ld; }   // the padded chunk is read in place
        }
        else if (tail > 0)
        {
            var copy = Buffer(k * W);
            CopyColumns(ref Unsafe.Add(ref b0, full * W), ldb, tail, k, copy);
            bTail = ref copy[0];
        }

        Tiles(m, n, k, a, ref b0, ldb, ref bTail, tailStride, c, ldc);
    }

    /// <summary>Columns op(B) [k, n] needs when stored padded for <see cref="RunPadded"/>: n rounded up to 8.</summary>
    public static int PaddedWidth(int n) => (n + W - 1) / W * W;

    /// <summary>
    /// C[m, n] += op(A)·B̂[:, 0..n) for B̂ [k, <see cref="PaddedWidth"/>(n)] row-major with zeros past column n
    /// (prepared once by the caller): nothing is copied per call.
    /// </summary>
    public static void RunPadded(int m, int n, int k, in StridedMatrix a, ReadOnlySpan<float> bPadded, Span<float> c, int ldc)
    {
        int ld = PaddedWidth(n);
        if (bPadded.Length < k * ld) throw new ArgumentException("padded operand too short", nameof(bPadded));
        ref float b0 = ref MemoryMarshal.GetReference(bPadded);
        Tiles(m, n, k, a, ref b0, ld, ref Unsafe.Add(ref b0, n / W * W), ld, c, ldc);
    }

    // The 4-row × 8-column tiles of C; chunk ch < n/8 of op(B) at b0 + 8·ch (rows ldb apart), the partial last one at bTail.
    private static void Tiles(int m, int n, int k, in StridedMatrix a, ref float b0, nint ldb, ref float bTail, nint tailStride,
        Span<float> c, int ldc)
    {
        int full = n / W, tail = n - full * W;
        ref float a0 = ref MemoryMarshal.GetReference(a.Data);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        nint aRow = a.RowStride, aK = a.ColStride;
        int chunks = full + (tail > 0 ? 1 : 0);
        // An odd last chunk is done separately below, 8 rows at a time (8 accumulators instead of 4 keep both FMA pipes busy).
        int paired = chunks & ~1;
        for (int i = 0; i < m && paired > 0; i += 4)
        {
            int rows = Math.Min(4, m - i);
            // row offsets of the block, clamped to the last row (extra rows are computed and discarded)
            nint o1 = Math.Min(1, rows - 1) * aRow, o2 = Math.Min(2, rows - 1) * aRow, o3 = Math.Min(3, rows - 1) * aRow;
            ref float ai = ref Unsafe.Add(ref a0, i * aRow);
            ref float ci = ref Unsafe.Add(ref c0, i * (nint)ldc);
            for (int ch = 0; ch < paired; ch += 2)
            {
                ref float bx = ref ChunkRef(ref b0, ldb, ref bTail, tailStride, ch, full, out nint sx);
                ref float by = ref ChunkRef(ref b0, ldb, ref bTail, tailStride, ch + 1, full, out nint sy);
                Pair(k, ref ai, o1, o2, o3, aK, ref bx, sx, ref by, sy, out var t);
                Store(ref Unsafe.Add(ref ci, ch * W), ldc, rows, ch < full ? W : tail, t.X0, t.X1, t.X2, t.X3);
                Store(ref Unsafe.Add(ref ci, (ch + 1) * W), ldc, rows, ch + 1 < full ? W : tail, t.Y0, t.Y1, t.Y2, t.Y3);
            }
        }
        if (paired == chunks) return;
        int last = chunks - 1, cols = last < full ? W : tail;
        ref float bl = ref ChunkRef(ref b0, ldb, ref bTail, tailStride, last, full, out nint sl);
        for (int i = 0; i < m; i += 8)
        {
            int rows = Math.Min(8, m - i);
            ref float ai = ref Unsafe.Add(ref a0, i * aRow);
            ref float ci = ref Unsafe.Add(ref c0, i * (nint)ldc + last * W);
            // rows past m repeat the last row and are discarded
            Tall(k, ref ai, Math.Min(1, rows - 1) * aRow, Math.Min(2, rows - 1) * aRow, Math.Min(3, rows - 1) * aRow,
                ref Unsafe.Add(ref ai, Math.Min(4, rows - 1) * aRow),
                Math.Min(5, rows - 1) * aRow - Math.Min(4, rows - 1) * aRow, Math.Min(6, rows - 1) * aRow - Math.Min(4, rows - 1) * aRow,
                Math.Min(7, rows - 1) * aRow - Math.Min(4, rows - 1) * aRow, aK, ref bl, sl, out var t);
            Store(ref ci, ldc, Math.Min(rows, 4), cols, t.X0, t.X1, t.X2, t.X3);
            if (rows > 4) Store(ref Unsafe.Add(ref ci, 4 * (nint)ldc), ldc, rows - 4, cols, t.Y0, t.Y1, t.Y2, t.Y3);
        }
    }

    /// <summary>
    /// C[rows, 16] += Ã[rows, kc]·B̃[kc, 16] for rows ≤ 4, Ã element (i, p) at a[i·aRow + p·aK], B̃ rows bK apart:
    /// the blocked driver's edge rows on Vector256 (left only by blocks that 6- and 5-row tiles cannot cut exactly:
    /// 4, 7, 8, 9, 13, 14 or 19 rows), with the arithmetic of <see cref="MicroKernel256"/> but without computing 6 rows for 4.
    /// </summary>
    public static void EdgeRows(int kc, ref float a, nint aRow, nint aK, ref float b, nint bK, ref float c, nint ldc, int rows)
    {
        nint o1 = Math.Min(1, rows - 1) * aRow, o2 = Math.Min(2, rows - 1) * aRow, o3 = Math.Min(3, rows - 1) * aRow;
        Pair(kc, ref a, o1, o2, o3, aK, ref b, bK, ref Unsafe.Add(ref b, W), bK, out var t);
        Store(ref c, ldc, rows, W, t.X0, t.X1, t.X2, t.X3);
        Store(ref Unsafe.Add(ref c, W), ldc, rows, W, t.Y0, t.Y1, t.Y2, t.Y3);
    }

    // Chunk ch of op(B): columns [8·ch, 8·ch + 8) of B (rows ldb apart) for the full chunks, else the padded tail.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float ChunkRef(ref float b0, nint ldb, ref float bTail, nint tailStride, int ch, int full, out nint stride)
    {
        if (ch < full) { stride = ldb; return ref Unsafe.Add(ref b0, ch * W); }
        stride = tailStride;
        return ref bTail;
    }

    private struct Tile { public V256 X0, X1, X2, X3, Y0, Y1, Y2, Y3; }

    // acc[r, chunk] = Σ_p a[r, p]·b[p, chunk] in p order from 0, for 4 rows × 2 chunks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pair(int k, ref float a, nint o1, nint o2, nint o3, nint aK,
        ref float bx, nint sx, ref float by, nint sy, out Tile t)
    {
        V256 x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (int p = 0; p < k; p++)
        {
            var vx = Vector256.LoadUnsafe(ref bx);
            var vy = Vector256.LoadUnsafe(ref by);
            var s = Vector256.Create(a);
            x0 = Vector256.FusedMultiplyAdd(s, vx, x0); y0 = Vector256.FusedMultiplyAdd(s, vy, y0);
            s = Vector256.Create(Unsafe.Add(ref a, o1));
            x1 = Vector256.FusedMultiplyAdd(s, vx, x1); y1 = Vector256.FusedMultiplyAdd(s, vy, y1);
            s = Vector256.Create(Unsafe.Add(ref a, o2));
            x2 = Vector256.FusedMultiplyAdd(s, vx, x2); y2 = Vector256.FusedMultiplyAdd(s, vy, y2);
            s = Vector256.Create(Unsafe.Add(ref a, o3));
            x3 = Vector256.FusedMultiplyAdd(s, vx, x3); y3 = Vector256.FusedMultiplyAdd(s, vy, y3);
            a = ref Unsafe.Add(ref a, aK);
            bx = ref Unsafe.Add(ref bx, sx);
            by = ref Unsafe.Add(ref by, sy);
        }
        t = new Tile { X0 = x0, X1 = x1, X2 = x2, X3 = x3, Y0 = y0, Y1 = y1, Y2 = y2, Y3 = y3 };
    }

    // The same for 8 rows × 1 chunk: rows 0–3 at a + (0, o1, o2, o3), rows 4–7 at e + (0, p1, p2, p3); X = rows 0–3, Y = rows 4–7.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tall(int k, ref float a, nint o1, nint o2, nint o3, ref float e, nint p1, nint p2, nint p3, nint aK,
        ref float b, nint sb, out Tile t)
    {
        V256 x0 = default, x1 = default, x2 = default, x3 = default, y0 = default, y1 = default, y2 = default, y3 = default;
        for (int p = 0; p < k; p++)
        {
            var v = Vector256.LoadUnsafe(ref b);
            x0 = Vector256.FusedMultiplyAdd(Vector256.Create(a), v, x0);
            x1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, o1)), v, x1);
            x2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, o2)), v, x2);
            x3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, o3)), v, x3);
            y0 = Vector256.FusedMultiplyAdd(Vector256.Create(e), v, y0);
            y1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref e, p1)), v, y1);
            y2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref e, p2)), v, y2);
            y3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref e, p3)), v, y3);
            a = ref Unsafe.Add(ref a, aK);
            e = ref Unsafe.Add(ref e, aK);
            b = ref Unsafe.Add(ref b, sb);
        }
        t = new Tile { X0 = x0, X1 = x1, X2 = x2, X3 = x3, Y0 = y0, Y1 = y1, Y2 = y2, Y3 = y3 };
    }

    // C[r, 0..cols) += acc_r for the first `rows` of the 4 rows (cols = 8: one vector add; else the tail, element by element).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, nint ldc, int rows, int cols, V256 r0, V256 r1, V256 r2, V256 r3)
    {
        AddRow(ref c, cols, r0);
        if (rows > 1) AddRow(ref Unsafe.Add(ref c, ldc), cols, r1);
        if (rows > 2) AddRow(ref Unsafe.Add(ref c, 2 * ldc), cols, r2);
        if (rows > 3) AddRow(ref Unsafe.Add(ref c, 3 * ldc), cols, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref float c, int cols, V256 acc)
    {
        if (cols == W) (Vector256.LoadUnsafe(ref c) + acc).StoreUnsafe(ref c);
        else AddPartialRow(ref c, cols, acc);
    }

    // c[j] += acc[j] for j < cols < 8: four lanes, then two, then one, each an add of the lanes it covers (the same
    // single-precision sum per element as a lane-by-lane loop), without a call: H = 10 leaves 2 columns in every row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPartialRow(ref float c, int cols, V256 acc)
    {
        var part = acc.GetLower();
        if ((cols & 4) != 0)
        {
            (Vector128.LoadUnsafe(ref c) + part).StoreUnsafe(ref c);
            c = ref Unsafe.Add(ref c, 4);
            part = acc.GetUpper();
        }
        if ((cols & 2) != 0)
        {
            ref byte pair = ref Unsafe.As<float, byte>(ref c);
            var sum = Vector128.CreateScalar(Unsafe.ReadUnaligned<double>(ref pair)).AsSingle() + part;
            Unsafe.WriteUnaligned(ref pair, sum.AsDouble().ToScalar());
            c = ref Unsafe.Add(ref c, 2);
            part = Vector128.Shuffle(part, Vector128.Create(2, 3, 2, 3));
        }
        if ((cols & 1) != 0) c += part.ToScalar();
    }

    // dst[p·8 + j] = src[p·ld + j] for j < cols, 0 for cols ≤ j < 8.
    private static void CopyColumns(ref float src, nint ld, int cols, int k, float[] dst)
    {
        Array.Clear(dst, 0, k * W);
        for (int p = 0; p < k; p++)
        {
            ref float row = ref Unsafe.Add(ref src, p * ld);
            for (int j = 0; j < cols; j++) dst[p * W + j] = Unsafe.Add(ref row, j);
        }
    }

    // dst[p·ld + j] = src[j·colStride + p] (op(B) of NT, element (p, j)) for j < n, p < k; padding columns 0.
    private static void Transpose(ref float src, nint colStride, int n, int k, float[] dst, int ld)
    {
        if (ld > n) Array.Clear(dst, 0, k * ld);
        for (int j = 0; j < n; j++)
        {
            ref float col = ref Unsafe.Add(ref src, j * colStride);
            for (int p = 0; p < k; p++) dst[p * ld + j] = Unsafe.Add(ref col, p);
        }
    }

    // The per-thread copy of B's last columns, grown by doubling: a narrow product (the output layer's, k · 8 floats)
    // touches a page of fresh memory, not four.
    private static float[] Buffer(int size)
    {
        var buffer = _bCopy;
        if (buffer is null || buffer.Length < size) _bCopy = buffer = new float[Math.Max(size, 2 * (buffer?.Length ?? 128))];
        return buffer;
    }
}
