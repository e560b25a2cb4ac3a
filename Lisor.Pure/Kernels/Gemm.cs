namespace Lisor.Pure.Kernels;

/// <summary>
/// Single-precision matrix products that accumulate into C (row-major, leading dimensions given):
/// NN: C[m,n] += A[m,k]·B[k,n];  NT: C[m,n] += A[m,k]·B[n,k]ᵀ;  TN: C[m,n] += A[k,m]ᵀ·B[k,n].
/// The one dispatch point for SGEMM; <see cref="ScalarGemm"/> is the reference.
/// </summary>
public static class Gemm
{
    public static void NN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => ScalarGemm.NN(m, n, k, a, lda, b, ldb, c, ldc);

    public static void NT(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => ScalarGemm.NT(m, n, k, a, lda, b, ldb, c, ldc);

    public static void TN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
        => ScalarGemm.TN(m, n, k, a, lda, b, ldb, c, ldc);
}

/// <summary>The triple-loop references of <see cref="Gemm"/>.</summary>
public static class ScalarGemm
{
    public static void NN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                float aip = a[i * lda + p];
                for (int j = 0; j < n; j++) c[i * ldc + j] += aip * b[p * ldb + j];
            }
    }

    public static void NT(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * lda + p] * b[j * ldb + p];
                c[i * ldc + j] += s;
            }
    }

    public static void TN(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        for (int p = 0; p < k; p++)
            for (int i = 0; i < m; i++)
            {
                float api = a[p * lda + i];
                for (int j = 0; j < n; j++) c[i * ldc + j] += api * b[p * ldb + j];
            }
    }
}
