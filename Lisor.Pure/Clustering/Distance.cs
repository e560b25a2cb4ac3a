using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Clustering;

/// <summary>
/// The one dispatch point of the clustering kernels: the widest vector path this CPU accelerates
/// (256-bit, else 128-bit, else the scalar reference). The choice is a static readonly field, so the
/// JIT folds the branch away. <see cref="Paths"/> lists every path so tests can run them all.
/// </summary>
public static class Distance
{
    /// <summary>The path used: "vector256", "vector128" or "scalar".</summary>
    public static readonly string Path =
        Vector256.IsHardwareAccelerated ? "vector256" : Vector128.IsHardwareAccelerated ? "vector128" : "scalar";

    private static readonly bool Use256 = Vector256.IsHardwareAccelerated;
    private static readonly bool Use128 = Vector128.IsHardwareAccelerated;

    /// <summary>‖x − y‖² over x's length (y at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        => Use256 ? Distance256.SquaredDistance(x, y)
         : Use128 ? Distance128.SquaredDistance(x, y)
         : DistanceScalar.SquaredDistance(x, y);

    /// <summary>acc ← acc + x, x widened to double (centre sums are kept in double).</summary>
    public static void AddTo(ReadOnlySpan<float> x, Span<double> acc)
    {
        if (Use256) Distance256.AddTo(x, acc);
        else if (Use128) Distance128.AddTo(x, acc);
        else DistanceScalar.AddTo(x, acc);
    }

    /// <summary>One implementation of the kernels, for tests that must run every path.</summary>
    public sealed record KernelPath(
        string Name, bool Supported,
        Func<float[], float[], int, float> SquaredDistance,
        Action<float[], double[], int> AddTo);

    /// <summary>Every path, supported on this CPU or not (an unaccelerated vector path still runs, slowly).</summary>
    public static IReadOnlyList<KernelPath> Paths { get; } =
    [
        new("scalar", true,
            (x, y, n) => DistanceScalar.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n)),
            (x, a, n) => DistanceScalar.AddTo(x.AsSpan(0, n), a.AsSpan(0, n))),
        new("vector128", Vector128.IsHardwareAccelerated,
            (x, y, n) => Distance128.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n)),
            (x, a, n) => Distance128.AddTo(x.AsSpan(0, n), a.AsSpan(0, n))),
        new("vector256", Vector256.IsHardwareAccelerated,
            (x, y, n) => Distance256.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n)),
            (x, a, n) => Distance256.AddTo(x.AsSpan(0, n), a.AsSpan(0, n))),
    ];
}
