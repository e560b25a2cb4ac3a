namespace Lisor.Pure.Kernels;

/// <summary>
/// Element-wise and reduction kernels on float spans. Each public method is the one visible
/// dispatch point of its kernel; the scalar reference of every kernel lives in <see cref="ScalarVec"/>.
/// </summary>
public static class Vec
{
    /// <summary>Σ x_i y_i.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => ScalarVec.Dot(x, y);

    /// <summary>y ← y + a·x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y) => ScalarVec.Axpy(a, x, y);

    /// <summary>x ← a·x.</summary>
    public static void Scale(float a, Span<float> x) => ScalarVec.Scale(a, x);

    /// <summary>dst ← x + y.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => ScalarVec.Add(x, y, dst);

    /// <summary>dst ← x ⊙ y.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => ScalarVec.Multiply(x, y, dst);

    /// <summary>dst ← σ(x) = 1 / (1 + e^(−x)).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> dst) => ScalarVec.Sigmoid(x, dst);

    /// <summary>dst ← tanh(x).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> dst) => ScalarVec.Tanh(x, dst);

    /// <summary>dst ← softmax(x) = e^(x − max x) / Σ e^(x − max x).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> dst) => ScalarVec.Softmax(x, dst);

    /// <summary>Index of the largest element (the first one on ties); −1 for an empty span.</summary>
    public static int Argmax(ReadOnlySpan<float> x) => ScalarVec.Argmax(x);

    /// <summary>‖x − y‖² = Σ (x_i − y_i)².</summary>
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => ScalarVec.SquaredDistance(x, y);

    /// <summary>Σ x_i.</summary>
    public static float Sum(ReadOnlySpan<float> x) => ScalarVec.Sum(x);
}
