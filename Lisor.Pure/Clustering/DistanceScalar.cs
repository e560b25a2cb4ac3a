namespace Lisor.Pure.Clustering;

/// <summary>
/// The scalar references of the clustering kernels: plain loops, the definitions the vector paths
/// (<see cref="Distance128"/>, <see cref="Distance256"/>) are tested against.
/// </summary>
public static class DistanceScalar
{
    /// <summary>‖x − y‖² = Σ_i (x_i − y_i)², accumulated in float.</summary>
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) { float d = x[i] - y[i]; s += d * d; }
        return s;
    }

    /// <summary>acc_i ← acc_i + x_i, the float x widened to double (centre sums).</summary>
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        for (int i = 0; i < x.Length; i++) acc[i] += x[i];
    }
}
