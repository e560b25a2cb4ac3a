namespace Lisor.Pure.Kernels;

/// <summary>The triple-loop references of <see cref="Gemm"/> (same contract: C += op(A)·op(B), row-major, leading dimensions).</summary>
internal static class ScalarGemm
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
