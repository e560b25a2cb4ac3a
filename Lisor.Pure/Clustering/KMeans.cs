using System.Globalization;
using System.Runtime.CompilerServices;
using Lisor.Pure.Common;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Clustering;

/// <summary>
/// k-means++ (LISOR-k, docs/method.md §5): k-means++ seeding, then Lloyd's iterations to convergence
/// (Hamerly-accelerated, same result as plain Lloyd), empty clusters re-seeded from the point farthest
/// from its centre, restarts keeping the lowest inertia. Deterministic for a seed, whatever the threads.
/// <code>
/// var r = KMeans.Fit(points, n, dim, k: 8, new KMeansOptions { Seed = 1 });
/// int cluster = r.Assignments[0]; double inertia = r.Inertia;
/// </code>
/// </summary>
public static class KMeans
{
    /// <summary>
    /// Clusters n points of dimension dim, given row-major in <paramref name="points"/> [n, dim], into k clusters.
    /// Throws <see cref="ArgumentException"/> for empty input, k outside 1…n, or a NaN/∞ coordinate.
    /// </summary>
    public static KMeansResult Fit(float[] points, int n, int dim, int k, KMeansOptions o)
    {
        Check(points, n, dim, k, o);
        return Run(new PointSpace(points, n, dim, null), k, o);
    }

    /// <summary>The restarts loop shared with <see cref="KMeansX"/>.</summary>
    internal static KMeansResult Run(PointSpace space, int k, KMeansOptions o)
    {
        var rng = new Rng(o.Seed);
        var seeding = new KMeansPlusPlus(space);
        var lloyd = new Lloyd(space, k);
        double shiftTolerance = o.Tolerance > 0 ? o.Tolerance * MeanVariance(space) : 0;
        KMeansResult? best = null;
        for (int r = 0; r < o.Restarts; r++)
        {
            int[] seeds = seeding.Seed(k, rng);
            int iterations = lloyd.Run(seeds, o.MaxIterations, shiftTolerance);
            double inertia = lloyd.Inertia();
            if (best is null || inertia < best.Inertia)
                best = new KMeansResult((int[])lloyd.Assignments.Clone(), (float[])lloyd.Centres.Clone(), k, space.Dim, inertia, iterations);
        }
        return best!;
    }

    /// <summary>The checks every fit makes; messages name the offending point and dimension.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Check(float[] points, int n, int dim, int k, KMeansOptions o)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(o);
        if (n < 1) throw new ArgumentException("no points to cluster (empty input)");
        if (dim < 1) throw new ArgumentException($"points must have at least one dimension, got {dim}");
        if ((long)n * dim != points.Length) throw new ArgumentException($"expected n·dim = {(long)n * dim} values, got {points.Length}");
        if (k < 1) throw new ArgumentException($"the number of clusters must be at least 1, got {k}");
        if (k > n) throw new ArgumentException($"cannot make {k} clusters of {n} points (k must be ≤ the number of points)");
        if (o.Restarts < 1) throw new ArgumentException($"restarts must be at least 1, got {o.Restarts}");
        if (o.MaxIterations < 1) throw new ArgumentException($"max iterations must be at least 1, got {o.MaxIterations}");
        if (!(o.Tolerance >= 0) || double.IsInfinity(o.Tolerance)) throw new ArgumentException($"tolerance must be a finite number ≥ 0, got {o.Tolerance}");
        float limit = MaxCoordinate(dim);
        int i = FirstBeyond(points, limit);
        if (i >= 0 && !float.IsFinite(points[i]))
            throw new ArgumentException($"point {i / dim + 1} has a non-finite value ({points[i]}) in dimension {i % dim + 1}");
        if (i >= 0)
            throw new ArgumentException($"point {i / dim + 1} has a value too large to cluster ({points[i].ToString("R", CultureInfo.InvariantCulture)}) " +
                $"in dimension {i % dim + 1}: with {dim} dimensions a value must be within ±{limit.ToString("G3", CultureInfo.InvariantCulture)} " +
                "(√(float32's largest value / (16 · dimensions))), else squared distances overflow float32");
    }

    /// <summary>
    /// The largest |coordinate| that can be clustered in <paramref name="dim"/> dimensions. Squared distances are summed
    /// in float32, and every centre lies within the points' bounding box (a mean of points, or a point), so a squared
    /// distance is at most dim · (2M)² for coordinates within ±M. Keeping that within a quarter of float32's largest
    /// value (room for rounding and for the bounds' margins) gives M = √(float.MaxValue / (16 · dim)): 3.3e18 in 2
    /// dimensions, 5.8e17 in 64.
    /// </summary>
    public static float MaxCoordinate(int dim) => (float)Math.Sqrt(float.MaxValue / (16.0 * dim));

    // The first value that is NaN, ±∞ or beyond ±limit (-1: none). As an int, a float's bits grow with |x| when x is
    // positive: x > limit is bits in (bits(limit), 0x7FFFFFFF], NaN and +∞ included; a negative x has the sign bit set
    // too, so x < −limit is bits in (0x80000000 | bits(limit), 0xFFFFFFFF] (as int: up to −1). The searches are
    // vectorised by .NET and run over fixed chunks in parallel (the first hit of the first chunk wins).
    private static int FirstBeyond(float[] points, float limit)
    {
        const int Chunk = 1 << 18;
        int above = BitConverter.SingleToInt32Bits(limit) + 1;
        int below = above | int.MinValue;
        int chunks = Parallelism.BlockCount(points.Length, Chunk);
        var first = new int[chunks];
        Parallelism.ForBlocks(chunks, c =>
        {
            var (start, end) = Parallelism.Block(c, points.Length, Chunk);
            var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(points.AsSpan(start, end - start));
            int a = bits.IndexOfAnyInRange(above, int.MaxValue);
            int b = bits.IndexOfAnyInRange(below, -1);
            int i = a < 0 ? b : b < 0 ? a : Math.Min(a, b);
            first[c] = i < 0 ? -1 : start + i;
        });
        foreach (int i in first) if (i >= 0) return i;
        return -1;
    }

    // mean_d Var(x_d) in double, two passes over fixed blocks of rows (sums, then squared deviations
    // from the mean), each reduced in block order: the same value for any thread count.
    private static double MeanVariance(PointSpace s)
    {
        int dim = s.Dim, blocks = Parallelism.BlockCount(s.N, Lloyd.BlockSize);
        var partial = new double[blocks * dim];
        var mean = new double[dim];
        Parallelism.ForBlocks(blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, s.N, Lloyd.BlockSize);
            var acc = partial.AsSpan(b * dim, dim);
            for (int i = start; i < end; i++) Distance.AddTo(s.Point(i), acc);
        });
        for (int b = 0; b < blocks; b++) for (int d = 0; d < dim; d++) mean[d] += partial[b * dim + d];
        for (int d = 0; d < dim; d++) mean[d] /= s.N;
        Array.Clear(partial);
        Parallelism.ForBlocks(blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, s.N, Lloyd.BlockSize);
            var acc = partial.AsSpan(b * dim, dim);
            for (int i = start; i < end; i++) Distance.AddSquaredDeviationsTo(s.Point(i), mean, acc);
        });
        double m2 = 0;
        for (int b = 0; b < blocks; b++) for (int d = 0; d < dim; d++) m2 += partial[b * dim + d];
        return m2 / s.N / dim;
    }
}
