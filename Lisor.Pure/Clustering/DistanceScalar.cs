using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        for (int i = 0; i < x.Length; i++) acc[i] += x[i];
    }

    /// <summary>acc_i ← acc_i − x_i, the float x widened to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractFrom(ReadOnlySpan<float> x, Span<double> acc)
    {
        for (int i = 0; i < x.Length; i++) acc[i] -= x[i];
    }

    /// <summary>
    /// Over row[0 … count): the smallest value, the first index holding it, and the smallest value at
    /// any other index (+∞ when count = 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MinAndSecond(ReadOnlySpan<float> row, int count, out float best, out float second)
    {
        if (count < 1 || row.Length < count) throw new ArgumentException("need 1 ≤ count ≤ row length");
        int a = 0;
        best = float.PositiveInfinity; second = float.PositiveInfinity;
        for (int c = 0; c < count; c++)
        {
            float d = row[c];
            if (d < best) { second = best; best = d; a = c; }
            else if (d < second) second = d;
        }
        return a;
    }
}
