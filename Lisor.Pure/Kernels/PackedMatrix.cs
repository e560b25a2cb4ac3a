namespace Lisor.Pure.Kernels;

/// <summary>
/// A right-hand operand op(B) [k, n] prepared once for many products C[m, n] += A[m, k]·op(B) with
/// different A — the recurrent weights of a batch, multiplied at every time step (forward h_{t−1}·Wh,
/// backward da_t·Whᵀ). Without it the blocked driver repacks all of B at every step.
/// Narrow operands that <see cref="GemmSmall"/> takes are stored as op(B) row-major [k, n], zero-padded to a multiple of 8 columns; the others
/// in the driver's B̃ panels. Either way <see cref="Multiply"/> gives the bits of
/// <see cref="Gemm.NN(int,int,int,ReadOnlySpan{float},int,ReadOnlySpan{float},int,Span{float},int)"/> on op(B).
/// The buffer grows on the first Pack and is reused: no allocation after warm-up.
/// </summary>
internal sealed class PackedMatrix
{
    private float[] _data = [];
    private KernelPath _path;
    private bool _small;

    /// <summary>Depth k (rows of op(B)).</summary>
    public int K { get; private set; }
    /// <summary>Columns n of op(B).</summary>
    public int N { get; private set; }

    /// <summary>op(B) = B [k, n] (row-major, leading dimension ldb), or Bᵀ with B stored [n, k] when <paramref name="transposed"/>.</summary>
    public void Pack(int k, int n, ReadOnlySpan<float> b, int ldb, bool transposed) => Pack(KernelPaths.Best, k, n, b, ldb, transposed);

    /// <summary>As <see cref="Pack(int,int,ReadOnlySpan{float},int,bool)"/>, for the products of <paramref name="path"/>.</summary>
    public void Pack(KernelPath path, int k, int n, ReadOnlySpan<float> b, int ldb, bool transposed)
    {
        KernelPaths.Require(path);
        if (k < 0 || n < 0) ThrowNegative(k, n);
        Gemm.CheckOne("B", b.Length, ldb, transposed ? n : k, transposed ? k : n);
        _path = path; K = k; N = n;
        _small = path == KernelPath.Vector256 && GemmSmall.Takes(n, k);
        int length = _small ? k * GemmSmall.PaddedWidth(n) : GemmDriver.PackedBLength(path, k, n);
        if (_data.Length < length) _data = new float[length];
        if (k == 0 || n == 0) return;
        if (!_small)
        {
            GemmDriver.PackWholeB(path, k, n, transposed ? new StridedMatrix(b, 1, ldb) : new StridedMatrix(b, ldb, 1), _data);
            return;
        }
        // op(B) row-major [k, ld], columns past n zero
        int ld = GemmSmall.PaddedWidth(n);
        var d = _data.AsSpan(0, k * ld);
        if (ld > n) d.Clear();
        if (transposed)
            for (int j = 0; j < n; j++)
            {
                var column = b.Slice(j * ldb, k);   // column j of op(B) = row j of B
                for (int p = 0; p < k; p++) d[p * ld + j] = column[p];
            }
        else
            for (int p = 0; p < k; p++) b.Slice(p * ldb, n).CopyTo(d.Slice(p * ld, n));
    }

    /// <summary>C[m, n] += A[m, k]·op(B) (A row-major, leading dimension lda).</summary>
    public void Multiply(int m, ReadOnlySpan<float> a, int lda, Span<float> c, int ldc)
    {
        if (m < 0) ThrowNegative(m, 0);
        Gemm.CheckOne("A", a.Length, lda, m, K);
        Gemm.CheckOne("C", c.Length, ldc, m, N);
        if (m == 0 || N == 0 || K == 0) return;
        var am = new StridedMatrix(a, lda, 1);
        if (_small) GemmSmall.RunPadded(m, N, K, am, _data, c, ldc);
        else GemmDriver.RunPrepacked(_path, m, N, K, am, _data, c, ldc);
    }

    // (out of line: formatting the message would otherwise be compiled into the caller, inside the first timed batch)
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowNegative(int rows, int cols) => throw new ArgumentOutOfRangeException(nameof(rows), $"negative size {rows}×{cols}");
}
