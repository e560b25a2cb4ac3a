using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// A matrix operand seen through strides: element (r, s) is at data[r·RowStride + s·ColStride].
/// op(A) of NN/NT is (lda, 1) and of TN (1, lda); op(B) of NN/TN is (ldb, 1) and of NT (1, ldb) —
/// so the three products differ only here, in how their blocks are packed.
/// </summary>
internal readonly ref struct StridedMatrix(ReadOnlySpan<float> data, int rowStride, int colStride)
{
    public readonly ReadOnlySpan<float> Data = data;
    public readonly int RowStride = rowStride, ColStride = colStride;
}

/// <summary>
/// Copies blocks of op(A) and op(B) into the layouts the micro-kernels stream through (see
/// <see cref="IGemmMicroKernel"/>), padding partial tiles with zeros so every tile is full:
///   Ã: rows [i0, i0+mc) × depth [p0, p0+kc) → ⌈mc/MR⌉ panels of kc·MR, element (i, p) at panel·kc·MR + p·MR + i mod MR.
///   B̃: depth [p0, p0+kc) × cols [j0, j0+nc) → ⌈nc/NR⌉ panels of kc·NR, element (p, j) at panel·kc·NR + p·NR + j mod NR.
/// Reads the source along its unit stride where possible (the loop order follows the layout).
/// </summary>
internal static class GemmPacking
{
    public static void PackA(in StridedMatrix a, int i0, int mc, int p0, int kc, int mr, Span<float> dst)
    {
        if (dst.Length < RoundUp(mc, mr) * kc) throw new ArgumentException("packing buffer too small", nameof(dst));
        ref float src = ref Unsafe.AsRef(in a.Data[0]);
        ref float dst0 = ref MemoryMarshal.GetReference(dst);
        int rs = a.RowStride, cs = a.ColStride;
        for (int ir = 0, panel = 0; ir < mc; ir += mr, panel += kc * mr)
        {
            int rows = Math.Min(mr, mc - ir);
            Span<float> d = dst.Slice(panel, kc * mr);
            if (rows < mr) d.Clear();
            if (cs == 1)
                // row-major op(A): walk each row along p, write with stride MR
                for (int i = 0; i < rows; i++)
                {
                    ref float row = ref Unsafe.Add(ref src, (i0 + ir + i) * (nint)rs + p0);
                    ref float di = ref Unsafe.Add(ref dst0, panel + i);
                    for (nint p = 0; p < kc; p++) Unsafe.Add(ref di, p * mr) = Unsafe.Add(ref row, p);
                }
            else
                // column-major op(A) (TN): each p is a contiguous run of rows
                for (int p = 0; p < kc; p++)
                {
                    ref float col = ref Unsafe.Add(ref src, (p0 + p) * (nint)cs + i0 + ir);
                    ref float dp = ref Unsafe.Add(ref dst0, panel + p * mr);
                    for (nint i = 0; i < rows; i++) Unsafe.Add(ref dp, i) = Unsafe.Add(ref col, i);
                }
        }
    }

    public static void PackB(in StridedMatrix b, int p0, int kc, int j0, int nc, int nr, Span<float> dst)
    {
        if (dst.Length < RoundUp(nc, nr) * kc) throw new ArgumentException("packing buffer too small", nameof(dst));
        ref float src = ref Unsafe.AsRef(in b.Data[0]);
        ref float panel0 = ref MemoryMarshal.GetReference(dst);
        int rs = b.RowStride, cs = b.ColStride;
        int fullCols = cs == 1 ? nc / nr * nr : 0;
        // row-major op(B) (NN, TN): read each row p once, whole and in order, and deal its runs of NR columns to the full
        // panels in 4-float vectors (every NR is a multiple of 4). Panel by panel instead, the reads would jump a row
        // (4 KB for the ∂Wh = hᵀ·da of an LSTM of 256) at every NR floats: that ∂Wh was 12 % slower.
        for (int p = 0; p < kc && fullCols > 0; p++)
        {
            ref float row = ref Unsafe.Add(ref src, (p0 + p) * (nint)rs + j0);
            ref float dp = ref Unsafe.Add(ref panel0, p * nr);
            for (int jr = 0; jr < fullCols; jr += nr)
            {
                ref float d = ref Unsafe.Add(ref dp, jr * (nint)kc);
                for (nuint j = 0; j < (nuint)nr; j += 4)
                    Vector128.LoadUnsafe(ref row, (nuint)jr + j).StoreUnsafe(ref d, j);
            }
        }
        // the rest: a partial last panel of row-major op(B), zero-padded; or every panel of op(B) = Bᵀ (NT)
        for (int jr = fullCols, panel = fullCols * kc; jr < nc; jr += nr, panel += kc * nr)
        {
            int cols = Math.Min(nr, nc - jr);
            Span<float> d = dst.Slice(panel, kc * nr);
            if (cols < nr) d.Clear();
            if (cs == 1)
                for (int p = 0; p < kc; p++)
                {
                    ref float row = ref Unsafe.Add(ref src, (p0 + p) * (nint)rs + j0 + jr);
                    for (int j = 0; j < cols; j++) d[p * nr + j] = Unsafe.Add(ref row, j);
                }
            else
                // each column j of op(B) is a contiguous row of B
                for (int j = 0; j < cols; j++)
                {
                    ref float col = ref Unsafe.Add(ref src, (j0 + jr + j) * (nint)cs + p0);
                    ref float dj = ref Unsafe.Add(ref panel0, panel + j);
                    for (nint p = 0; p < kc; p++) Unsafe.Add(ref dj, p * nr) = Unsafe.Add(ref col, p);
                }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
