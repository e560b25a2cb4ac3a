using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Blocked SGEMM, C[m, n] += op(A)[m, k] · op(B)[k, n] (the loop nest of Goto and van de Geijn / BLIS):
///   for jc in n by NC:  for pc in k by KC:  pack B̃ = op(B)[pc.., jc..] (kc × nc, fits L2/L3)
///     for ic in m by MC:  pack Ã = op(A)[ic.., pc..] (mc × kc, fits L2)
///       for jr in nc by NR:  for ir in mc by MR (or MR − 1, see CutRows):  micro-kernel on one MR × NR tile of C
/// The B̃ panel the micro-kernel streams (kc × NR) stays in L1 while the Ã panels pass by. On a CPU with 512-bit vectors,
/// two whole panels side by side go through one <see cref="GemmWideTile"/> (jr by 2·NR): the same arithmetic per element.
/// Products up to 512 in every dimension (the RNN-step sizes and more) skip packing — the
/// micro-kernel reads A and row-major B where they are, a KC block at a time; only tiles sticking out of C are packed,
/// zero-padded, into a one-tile buffer. Packing buffers are per thread and grown once, so calls
/// allocate nothing after warm-up. Every C element is accumulated in the same order (p blocks of
/// KC in order, from 0 within a block, then added to C) whatever its tile, packing or row split,
/// so results do not depend on how rows are divided among calls or threads.
/// </summary>
internal static class GemmDriver
{
    public const int KC = 256, MC = 96, NC = 2048;   // MC is a multiple of every MR (4, 6), NC of every NR

    // Up to this size in every dimension the unpacked mode is as fast or faster (measured: 128³ 74% → 88%
    // of peak, 256³ 83% → 91%, 512³ ≈ equal); beyond it, rows 4 KB apart (ld = 1024) thrash L1 sets
    // and packing wins (1024³: 61% unpacked vs 85% packed; 64×1024×512: 55% vs 77%).
    private const int DirectMax = 512;
    private const int DirectRows = 12;

    [ThreadStatic] private static float[]? _packA, _packB;

    /// <summary>
    /// Runs the product on <paramref name="path"/>; <paramref name="direct"/> forces (true) or forbids (false) the unpacked
    /// small-product mode of the blocked driver, null chooses by size (and sends narrow products on Vector256 to
    /// <see cref="GemmSmall"/>, and products of few rows of C to <see cref="GemmSkinny"/>, which give the same bits).
    /// </summary>
    public static void Run(KernelPath path, int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc, bool? direct = null)
    {
        if (m == 0 || n == 0 || k == 0) return;
        if (direct is null && path == KernelPath.Vector256 && GemmSmall.Takes(n, k))
        {
            GemmSmall.Run(m, n, k, a, b, c, ldc);
            return;
        }
        if (direct is null && path == KernelPath.Vector256 && GemmSkinny.Takes(m, n, b))
        {
            GemmSkinny.Run(m, n, k, a, b, c, ldc);
            return;
        }
        // (and with at most two register tiles of rows, a packed B̃ would be read once or twice: not worth copying)
        bool small = direct ?? ((m <= DirectMax && n <= DirectMax && k <= DirectMax) || m <= DirectRows);
        switch (path)
        {
            case KernelPath.Vector256: Blocked<MicroKernel256>(m, n, k, a, b, c, ldc, small); break;
            case KernelPath.Vector128: Blocked<MicroKernel128>(m, n, k, a, b, c, ldc, small); break;
            default: Blocked<MicroKernelScalar>(m, n, k, a, b, c, ldc, small); break;
        }
    }

    private static float[] Buffer(ref float[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size) buffer = new float[Math.Max(size, 4096)];
        return buffer;
    }

    /// <summary>The register-tile width NR of <paramref name="path"/>'s micro-kernel (the panel width of packed B̃).</summary>
    public static int PanelWidth(KernelPath path) => path switch
    {
        KernelPath.Vector256 => MicroKernel256.NR,
        KernelPath.Vector128 => MicroKernel128.NR,
        _ => MicroKernelScalar.NR,
    };

    /// <summary>Floats <see cref="PackWholeB"/> writes for op(B) [k, n] on <paramref name="path"/>.</summary>
    public static int PackedBLength(KernelPath path, int k, int n) => RoundUp(n, PanelWidth(path)) * k;

    /// <summary>
    /// Packs all of op(B) [k, n] into <paramref name="dst"/> as the blocked driver would, block by block
    /// (jc by NC, then pc by KC, each block's ⌈nc/NR⌉ panels of kc·NR), so that <see cref="RunPrepacked"/>
    /// can reuse it for many products with the same B.
    /// </summary>
    public static void PackWholeB(KernelPath path, int k, int n, in StridedMatrix b, Span<float> dst)
    {
        int nr = PanelWidth(path), offset = 0;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                GemmPacking.PackB(b, pc, kc, jc, nc, nr, dst.Slice(offset));
                offset += RoundUp(nc, nr) * kc;
            }
        }
    }

    /// <summary>
    /// C[m, n] += op(A)·op(B) with op(B) already packed by <see cref="PackWholeB"/> on the same path: the same
    /// arithmetic as <see cref="Run"/> (identical bits), without repacking B. A is read in place up to DirectMax rows.
    /// </summary>
    public static void RunPrepacked(KernelPath path, int m, int n, int k, in StridedMatrix a, ReadOnlySpan<float> packedB, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0 || k == 0) return;
        bool directA = m <= DirectMax;
        var none = new StridedMatrix(packedB, 0, 0);
        switch (path)
        {
            case KernelPath.Vector256: Blocked<MicroKernel256>(m, n, k, a, none, c, ldc, directA, packedB); break;
            case KernelPath.Vector128: Blocked<MicroKernel128>(m, n, k, a, none, c, ldc, directA, packedB); break;
            default: Blocked<MicroKernelScalar>(m, n, k, a, none, c, ldc, directA, packedB); break;
        }
    }

    // prepackedB: the whole of op(B) from PackWholeB (b is then unused), else empty.
    private static void Blocked<TKernel>(int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc, bool direct,
        ReadOnlySpan<float> prepackedB = default)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int kcMax = Math.Min(KC, k);
        bool prepacked = !prepackedB.IsEmpty;
        bool directA = direct, directB = !prepacked && direct && b.ColStride == 1;   // B̃ rows must be contiguous to read in place
        // packed blocks, or in direct mode one edge tile each
        var packA = Buffer(ref _packA, (directA ? mr : Math.Min(MC, RoundUp(m, mr))) * kcMax);
        float[] packB = prepacked ? [] : Buffer(ref _packB, (directB ? nr : Math.Min(NC, RoundUp(n, nr))) * kcMax);
        ref float pre0 = ref MemoryMarshal.GetReference(prepackedB);
        int preOffset = 0;   // start of block (jc, pc) in prepackedB
        Span<float> edge = stackalloc float[mr * nr];   // partial tiles of C are computed here, then added
        ref float c0 = ref MemoryMarshal.GetReference(c);
        ref float a0 = ref MemoryMarshal.GetReference(a.Data);
        ref float b0 = ref MemoryMarshal.GetReference(b.Data);

        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                if (!directB && !prepacked) GemmPacking.PackB(b, pc, kc, jc, nc, nr, packB);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    var (full, shorts, rest) = CutRows(mc, mr);
                    int restRow = full * mr + shorts * (mr - 1);   // first of the rest rows
                    if (!directA) PackRows(a, ic, full, shorts, rest, pc, kc, mr, packA);
                    else if (rest > 0) GemmPacking.PackA(a, ic + restRow, rest, pc, kc, mr, packA);   // once for all jr
                    for (int jr = 0; jr < nc;)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        ref float bPanel = ref prepacked ? ref pre0 : ref packB[0];
                        nint bK = nr;
                        if (prepacked) bPanel = ref Unsafe.Add(ref pre0, preOffset + jr * kc);
                        else if (!directB) bPanel = ref packB[jr * kc];
                        else if (cols < nr) GemmPacking.PackB(b, pc, kc, jc + jr, cols, nr, packB);
                        else { bPanel = ref Unsafe.Add(ref b0, pc * (nint)b.RowStride + jc + jr); bK = b.RowStride; }
                        // two whole panels side by side go through the 512-bit tile where the CPU has one (the same bits)
                        bool pair = typeof(TKernel) == typeof(MicroKernel256) && GemmWideTile.Enabled && jr + 2 * nr <= nc;
                        nint bNext = directB ? nr : (nint)nr * kc;   // from panel jr to panel jr + NR

                        for (int ir = 0; ir < mc;)
                        {
                            int rows = ir < restRow ? (ir < full * mr ? mr : mr - 1) : rest;
                            ref float aPanel = ref packA[0];
                            nint aRow = 1, aK = ir < restRow ? rows : mr;   // packed panels; the rest one is zero-padded to MR rows
                            if (!directA) aPanel = ref packA[ir * kc];
                            else if (ir < restRow)   // (the rest rows of a direct A were packed above, once per block)
                            {
                                aPanel = ref Unsafe.Add(ref a0, (ic + ir) * (nint)a.RowStride + pc * (nint)a.ColStride);
                                aRow = a.RowStride; aK = a.ColStride;
                            }

                            ref float cTile = ref Unsafe.Add(ref c0, (ic + ir) * (nint)ldc + jc + jr);
                            if (pair && rows == mr)
                                GemmWideTile.Run(kc, ref aPanel, aRow, aK, ref bPanel, bNext, bK, ref cTile, ldc);
                            else if (pair && rows == mr - 1)
                                GemmWideTile.RunShort(kc, ref aPanel, aRow, aK, ref bPanel, bNext, bK, ref cTile, ldc);
                            else
                            {
                                Tile<TKernel>(kc, rows, cols, ref aPanel, aRow, aK, ref bPanel, bK, ref cTile, ldc, edge);
                                if (pair) Tile<TKernel>(kc, rows, nr, ref aPanel, aRow, aK, ref Unsafe.Add(ref bPanel, bNext), bK, ref Unsafe.Add(ref cTile, nr), ldc, edge);
                            }
                            ir += rows;
                        }
                        jr += pair ? 2 * nr : nr;
                    }
                }
                preOffset += RoundUp(nc, nr) * kc;
            }
        }
    }

    // One register tile of `rows` × `cols` of C (at most MR × NR): the micro-kernel on whole tiles, GemmSmall's edge kernel
    // on a few whole-width rows (Vector256), else computed whole into the edge buffer (the rest rows from their
    // zero-padded panel) and then added.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TKernel>(int kc, int rows, int cols, ref float aPanel, nint aRow, nint aK, ref float bPanel, nint bK,
        ref float cTile, int ldc, Span<float> edge)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        if (cols == nr && rows == mr)
            TKernel.Run(kc, ref aPanel, aRow, aK, ref bPanel, bK, ref cTile, ldc);
        else if (cols == nr && rows == mr - 1)
            TKernel.RunShort(kc, ref aPanel, aRow, aK, ref bPanel, bK, ref cTile, ldc);
        else if (typeof(TKernel) == typeof(MicroKernel256) && rows <= 4 && cols == nr)
            GemmSmall.EdgeRows(kc, ref aPanel, aRow, aK, ref bPanel, bK, ref cTile, ldc, rows);
        else
        {
            edge.Clear();
            ref float e = ref MemoryMarshal.GetReference(edge);
            if (rows == mr - 1) TKernel.RunShort(kc, ref aPanel, aRow, aK, ref bPanel, bK, ref e, nr);
            else TKernel.Run(kc, ref aPanel, aRow, aK, ref bPanel, bK, ref e, nr);
            AddTile(ref e, nr, ref cTile, ldc, rows, cols);
        }
    }

    /// <summary>
    /// How a block of mc rows is cut into register tiles: <c>full</c> tiles of MR rows, then <c>shorts</c> of MR − 1
    /// (<see cref="IGemmMicroKernel.RunShort"/>), then <c>edge</c> &lt; MR − 1 edge rows — none whenever mc can be
    /// written as a·MR + b·(MR − 1) (every mc ≥ (MR − 1)(MR − 2), and 16 = 6 + 5 + 5); else mc = a·MR + edge.
    /// </summary>
    internal static (int Full, int Shorts, int Edge) CutRows(int mc, int mr)
    {
        int shorts = (mr - mc % mr) % mr;   // (MR − 1)-row tiles that leave a multiple of MR
        if (shorts * (mr - 1) <= mc) return ((mc - shorts * (mr - 1)) / mr, shorts, 0);
        return (mc / mr, 0, mc % mr);
    }

    // Packs rows [i0, i0 + mc) of op(A) as the tiles of CutRows: MR-row panels, then (MR − 1)-row ones, then the rest
    // zero-padded to MR; the panel of the tile starting at row ir (of the block) begins at ir·kc.
    private static void PackRows(in StridedMatrix a, int i0, int full, int shorts, int rest, int pc, int kc, int mr, float[] packA)
    {
        int fullRows = full * mr, shortRows = shorts * (mr - 1);
        if (full > 0) GemmPacking.PackA(a, i0, fullRows, pc, kc, mr, packA);
        if (shorts > 0) GemmPacking.PackA(a, i0 + fullRows, shortRows, pc, kc, mr - 1, packA.AsSpan(fullRows * kc));
        if (rest > 0) GemmPacking.PackA(a, i0 + fullRows + shortRows, rest, pc, kc, mr, packA.AsSpan((fullRows + shortRows) * kc));
    }

    // C[0..rows, 0..cols] += tile[0..rows, 0..cols] (tile row stride ldt), vectorised along the row.
    private static void AddTile(ref float tile, int ldt, ref float c, int ldc, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
        {
            ref float t = ref Unsafe.Add(ref tile, i * ldt);
            ref float ci = ref Unsafe.Add(ref c, i * (nint)ldc);
            nuint j = 0;
            for (; (int)j + 4 <= cols; j += 4)
                (Vector128.LoadUnsafe(ref ci, j) + Vector128.LoadUnsafe(ref t, j)).StoreUnsafe(ref ci, j);
            for (; (int)j < cols; j++) Unsafe.Add(ref ci, j) += Unsafe.Add(ref t, j);
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
