using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Blocked SGEMM, C[m, n] += op(A)[m, k] · op(B)[k, n] (the loop nest of Goto and van de Geijn / BLIS):
///   for jc in n by NC:  for pc in k by KC:  pack B̃ = op(B)[pc.., jc..] (kc × nc, fits L2/L3)
///     for ic in m by MC:  pack Ã = op(A)[ic.., pc..] (mc × kc, fits L2)
///       for jr in nc by NR:  for ir in mc by MR:  micro-kernel on one MR × NR tile of C
/// The B̃ panel the micro-kernel streams (kc × NR) stays in L1 while the Ã panels pass by.
/// Packing buffers are per thread and grown once, so calls allocate nothing after warm-up.
/// Every C element is accumulated in the same order (p blocks of KC, in order) whatever the path
/// of its tile, so results do not depend on how the rows are split.
/// </summary>
internal static class GemmDriver
{
    public const int KC = 256, MC = 96, NC = 2048;   // MC is a multiple of every MR (4, 6), NC of every NR

    [ThreadStatic] private static float[]? _packA, _packB;

    public static void Run(KernelPath path, int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0 || k == 0) return;
        switch (path)
        {
            case KernelPath.Vector256: Blocked<MicroKernel256>(m, n, k, a, b, c, ldc); break;
            case KernelPath.Vector128: Blocked<MicroKernel128>(m, n, k, a, b, c, ldc); break;
            default: Blocked<MicroKernelScalar>(m, n, k, a, b, c, ldc); break;
        }
    }

    private static float[] Buffer(ref float[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size) buffer = new float[size];
        return buffer;
    }

    private static void Blocked<TKernel>(int m, int n, int k, in StridedMatrix a, in StridedMatrix b, Span<float> c, int ldc)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int ncMax = Math.Min(NC, RoundUp(n, nr)), kcMax = Math.Min(KC, k), mcMax = Math.Min(MC, RoundUp(m, mr));
        var packA = Buffer(ref _packA, mcMax * kcMax);
        var packB = Buffer(ref _packB, ncMax * kcMax);
        Span<float> edge = stackalloc float[mr * nr];   // partial tiles of C are computed here, then added
        ref float c0 = ref MemoryMarshal.GetReference(c);

        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                GemmPacking.PackB(b, pc, kc, jc, nc, nr, packB);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    GemmPacking.PackA(a, ic, mc, pc, kc, mr, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        ref float bPanel = ref packB[jr * kc];
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            ref float aPanel = ref packA[ir * kc];
                            ref float cTile = ref Unsafe.Add(ref c0, (ic + ir) * (nint)ldc + jc + jr);
                            if (rows == mr && cols == nr)
                                TKernel.Run(kc, ref aPanel, ref bPanel, ref cTile, ldc);
                            else
                                EdgeTile<TKernel>(kc, ref aPanel, ref bPanel, ref cTile, ldc, rows, cols, edge);
                        }
                    }
                }
            }
        }
    }

    // A tile that sticks out of C: run the full kernel into a zeroed scratch tile, add the part inside C.
    private static void EdgeTile<TKernel>(int kc, ref float aPanel, ref float bPanel, ref float cTile, int ldc, int rows, int cols, Span<float> edge)
        where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.NR;
        edge.Clear();
        TKernel.Run(kc, ref aPanel, ref bPanel, ref MemoryMarshal.GetReference(edge), nr);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Unsafe.Add(ref cTile, i * (nint)ldc + j) += edge[i * nr + j];
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
