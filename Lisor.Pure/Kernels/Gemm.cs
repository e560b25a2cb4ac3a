namespace Lisor.Pure.Kernels;

/// <summary>
/// Single-precision matrix products that accumulate into C (row-major, leading dimensions given):
/// NN: C[m,n] += A[m,k]·B[k,n];  NT: C[m,n] += A[m,k]·B[n,k]ᵀ;  TN: C[m,n] += A[k,m]ᵀ·B[k,n].
/// The methods without a path are the one dispatch point for SGEMM and run <see cref="KernelPaths.Best"/>;
/// the overloads taking a <see cref="KernelPath"/> force one (tests, `check`). The design (blocking,
/// packing, register tiles) is described in <see cref="GemmDriver"/>; <see cref="ScalarGemm"/> is the reference.
/// The spans must hold every element the leading dimensions address (ArgumentException otherwise).
/// </summary>
internal static class Gemm
{
    private static readonly KernelPath Best = KernelPaths.Best;

    public static void NN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => NN(Best, m, n, k, a, lda, b, ldb, c, ldc);

    public static void NT(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => NT(Best, m, n, k, a, lda, b, ldb, c, ldc);

    public static void TN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => TN(Best, m, n, k, a, lda, b, ldb, c, ldc);

    /// <summary>C[m,n] += A[m,k]·B[k,n] on <paramref name="path"/>.</summary>
    public static void NN(KernelPath path, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        Check(path, m, n, k, a, lda, m, k, b, ldb, k, n, c, ldc);
        GemmDriver.Run(path, m, n, k, new StridedMatrix(a, lda, 1), new StridedMatrix(b, ldb, 1), c, ldc);
    }

    /// <summary>C[m,n] += A[m,k]·B[n,k]ᵀ on <paramref name="path"/>.</summary>
    public static void NT(KernelPath path, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        Check(path, m, n, k, a, lda, m, k, b, ldb, n, k, c, ldc);
        GemmDriver.Run(path, m, n, k, new StridedMatrix(a, lda, 1), new StridedMatrix(b, 1, ldb), c, ldc);
    }

    /// <summary>C[m,n] += A[k,m]ᵀ·B[k,n] on <paramref name="path"/>.</summary>
    public static void TN(KernelPath path, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        Check(path, m, n, k, a, lda, k, m, b, ldb, k, n, c, ldc);
        GemmDriver.Run(path, m, n, k, new StridedMatrix(a, 1, lda), new StridedMatrix(b, ldb, 1), c, ldc);
    }

    // Each stored matrix is rows × cols with leading dimension ld ≥ cols; its span needs (rows − 1)·ld + cols elements.
    private static void Check(KernelPath path, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, int aRows, int aCols,
        ReadOnlySpan<float> b, int ldb, int bRows, int bCols, Span<float> c, int ldc)
    {
        KernelPaths.Require(path);
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"negative GEMM size {m}×{n}×{k}");
        CheckOne("A", a.Length, lda, aRows, aCols);
        CheckOne("B", b.Length, ldb, bRows, bCols);
        CheckOne("C", c.Length, ldc, m, n);
    }

    internal static void CheckOne(string name, int length, int ld, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols || (long)(rows - 1) * ld + cols > length) ThrowBadOperand(name, length, ld, rows, cols);
    }

    // The messages live out of line: the checks run on every product and stay small to compile and inline.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowBadOperand(string name, int length, int ld, int rows, int cols)
    {
        if (ld < cols) throw new ArgumentException($"GEMM: leading dimension of {name} ({ld}) is less than its {cols} columns");
        throw new ArgumentException($"GEMM: {name} ({rows}×{cols}, ld {ld}) needs {(long)(rows - 1) * ld + cols} elements, has {length}");
    }
}
