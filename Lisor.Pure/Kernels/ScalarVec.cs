namespace Lisor.Pure.Kernels;

/// <summary>
/// The scalar references of the element-wise kernels: plain loops, the definition every
/// vectorised path is tested against.
/// </summary>
internal static class ScalarVec
{
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    public static void Scale(float a, Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }

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

    public static void Softmax(ReadOnlySpan<float> x, Span<float> dst)
    {
        if (x.Length == 0) return;
        float max = x[0];
        for (int i = 1; i < x.Length; i++) max = MathF.Max(max, x[i]);
        float sum = 0;
        for (int i = 0; i < x.Length; i++) { dst[i] = MathF.Exp(x[i] - max); sum += dst[i]; }
        float inv = 1f / sum;
        for (int i = 0; i < x.Length; i++) dst[i] *= inv;
    }

    public static int Argmax(ReadOnlySpan<float> x)
    {
        if (x.Length == 0) return -1;
        int best = 0;
        for (int i = 1; i < x.Length; i++)
            if (x[i] > x[best] || (float.IsNaN(x[best]) && !float.IsNaN(x[i]))) best = i;   // NaNs never win
        return best;
    }

    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) { float d = x[i] - y[i]; s += d * d; }
        return s;
    }

    public static void Exp(ReadOnlySpan<float> x, Span<float> dst)
    {
        for (int i = 0; i < x.Length; i++) dst[i] = MathF.Exp(x[i]);
    }

    public static float Sum(ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        return s;
    }
}
