namespace Lisor.Pure.Kernels;

/// <summary>
/// The scalar references of the element-wise kernels: plain loops, the definition every
/// vectorised path is tested against.
/// </summary>
public static class ScalarVec
{
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        for (int i = 0; i < x.Length; i++) dst[i] = x[i] + y[i];
    }

    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        for (int i = 0; i < x.Length; i++) dst[i] = x[i] * y[i];
    }

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> dst)
    {
        for (int i = 0; i < x.Length; i++) dst[i] = 1f / (1f + MathF.Exp(-x[i]));
    }

    public static void Tanh(ReadOnlySpan<float> x, Span<float> dst)
    {
        for (int i = 0; i < x.Length; i++) dst[i] = MathF.Tanh(x[i]);
    }

    public static int Argmax(ReadOnlySpan<float> x)
    {
        if (x.Length == 0) return -1;
        int best = 0;
        for (int i = 1; i < x.Length; i++)
            if (x[i] > x[best] || (float.IsNaN(x[best]) && !float.IsNaN(x[i]))) best = i;   // NaNs never win
        return best;
    }
}
