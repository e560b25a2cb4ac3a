using System.Runtime.CompilerServices;
namespace Lisor.Pure.Kernels;

/// <summary>
/// The scalar references of the clustering kernels: plain loops, the definitions the vector paths
/// (<see cref="Distance128"/>, <see cref="Distance256"/>) are tested against.
/// </summary>
internal readonly struct DistanceScalar : IDistanceKernels
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

    /// <summary>acc_i ← acc_i + (x_i − mean_i)², in double (the data's variance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredDeviationsTo(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, Span<double> acc)
    {
        for (int i = 0; i < x.Length; i++) { double e = x[i] - mean[i]; acc[i] += e * e; }
    }

    /// <summary>
    /// acc_j ← acc_j + Σ_{r &lt; rows} min(tile[r, j], caps_r) for j &lt; width, tile [rows, width], summed in
    /// double over r in order (the seeding's candidate potentials, a tile of points at a time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddMinRows(ReadOnlySpan<float> tile, int rows, int width, ReadOnlySpan<float> caps, Span<double> acc)
    {
        for (int j = 0; j < width; j++)
        {
            double s = acc[j];
            for (int r = 0; r < rows; r++) { float v = tile[r * width + j]; s += v < caps[r] ? v : caps[r]; }
            acc[j] = s;
        }
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
