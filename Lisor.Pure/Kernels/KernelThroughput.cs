using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Quick in-process speed figures without BenchmarkDotNet (for `bench gemm` and the README): SGEMM
/// GFLOP/s at a given shape, and this core's fused multiply-add peak to compare it with.
/// Single-threaded, timed by the process's CPU time (so time slices lost to other programs on a
/// shared machine do not count), best of several repetitions after a warm-up.
/// </summary>
internal static class KernelThroughput
{
    /// <summary>
    /// The RNN-step shapes (m = batch 64, n = 4H gates, k = 2H: input X = H plus hidden H) for H = 10, 64, 256, then
    /// the LSTM's recurrent products at H = 256 for a batch of 64: forward h·Wh (64 × 1024 × 256), backward da·Whᵀ (64 × 256 × 1024).
    /// </summary>
    public static IReadOnlyList<(int M, int N, int K)> RnnStepShapes { get; } =
        [(64, 40, 20), (64, 256, 128), (64, 1024, 512), (64, 1024, 256), (64, 256, 1024)];

    /// <summary>
    /// The recurrent products as training runs them, op(B) packed once (<see cref="PackedMatrix"/>) and m = 16 rows of a
    /// batch shard (a batch of 64 cut into 4): LSTM forward and backward at H = 256, GRU's [z | r] and SRN's at H = 256;
    /// then the LSTM's forward product as `predict` runs it at H = 256 (m = 64: a batch of 256 cut into 4).
    /// </summary>
    public static IReadOnlyList<(int M, int N, int K)> ShardShapes { get; } =
        [(16, 1024, 256), (16, 256, 1024), (16, 512, 256), (16, 256, 256), (64, 1024, 256)];

    /// <summary>
    /// The lane-major products `predict` runs for small cells (<see cref="LaneProduct"/>, 16 sequences side by side), as
    /// (k, n): the LSTM's first-layer input product at the paper's 3 × 10 (k = 2 one-hot inputs, n = 4H), its other
    /// products (k = H), the SRN's (n = H), and the LSTM's at H = 64.
    /// </summary>
    public static IReadOnlyList<(int K, int N)> LaneShapes { get; } = [(2, 40), (10, 40), (10, 10), (64, 256)];

    /// <summary>The square sizes of the GEMM table.</summary>
    public static IReadOnlyList<int> SquareSizes { get; } = [64, 128, 256, 512, 1024];

    /// <summary>GFLOP/s (2·m·n·k per product) of C[m,n] += A[m,k]·B[k,n] on <paramref name="path"/>.</summary>
    public static double GemmGflops(KernelPath path, int m, int n, int k, double secondsEach = 0.1, int repeats = 5)
    {
        var (a, b, c) = Operands(m, n, k);
        return Best(() => Gemm.NN(path, m, n, k, a, k, b, n, c, n), 2.0 * m * n * k, secondsEach, repeats);
    }

    /// <summary>GFLOP/s of C[m,n] += A[m,k]·B[k,n] with B packed once beforehand (<see cref="PackedMatrix.Multiply"/>) on <paramref name="path"/>.</summary>
    public static double PrepackedGflops(KernelPath path, int m, int n, int k, double secondsEach = 0.1, int repeats = 5)
    {
        var (a, b, c) = Operands(m, n, k);
        var packed = new PackedMatrix();
        packed.Pack(path, k, n, b, n, transposed: false);
        return Best(() => packed.Multiply(m, a, k, c, n), 2.0 * m * n * k, secondsEach, repeats);
    }

    /// <summary>
    /// GFLOP/s (2·k·n·<see cref="LaneProduct.Lanes"/> per product) of the lane-major product out = bias + s·W
    /// (s [k, Lanes], W [k, n]); 0 where the Vector256 path, which it needs, is not supported.
    /// </summary>
    public static double LaneGflops(int k, int n, double secondsEach = 0.1, int repeats = 5)
    {
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) return 0;
        var (s, w, output) = Operands(LaneProduct.Lanes, n, k);   // s plays A's part: k rows of Lanes numbers
        var bias = new float[n];
        return Best(() => LaneProduct.Run(k, n, s, w, n, bias, output), 2.0 * k * n * LaneProduct.Lanes, secondsEach, repeats);
    }

    // A [m, k] and B [k, n] uniform in [−1, 1] (seed 1), C [m, n] zero.
    private static (float[] A, float[] B, float[] C) Operands(int m, int n, int k)
    {
        var rng = new Tensors.Rng(1);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1f, 1f);
        for (int i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1f, 1f);
        return (a, b, new float[m * n]);
    }

    /// <summary>
    /// This core's single-precision FMA peak in GFLOP/s, measured with 12 independent chains of
    /// 256-bit fused multiply-adds (enough to cover FMA latency × throughput on current x86 cores).
    /// 0 where 256-bit FMA is not supported.
    /// </summary>
    public static double FmaPeakGflops(double secondsEach = 0.1, int repeats = 5)
    {
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) return 0;
        const int iterations = 1 << 16;
        return Best(() => FmaChains(iterations), iterations * 12.0 * 8 * 2, secondsEach, repeats);
    }

    /// <summary>
    /// As <see cref="FmaPeakGflops"/> with 512-bit fused multiply-adds, the peak of the products where
    /// <see cref="GemmWideTile"/> runs (twice the 256-bit one on a core with 512-bit FMA units); 0 where the CPU has no
    /// 512-bit vectors.
    /// </summary>
    public static double Fma512PeakGflops(double secondsEach = 0.1, int repeats = 5)
    {
        if (!GemmWideTile.IsSupported) return 0;
        const int iterations = 1 << 16;
        return Best(() => FmaChains512(iterations), iterations * 12.0 * 16 * 2, secondsEach, repeats);
    }

    /// <summary>Prints the FMA peak, then GFLOP/s and % of peak for the square sizes, the RNN-step shapes, the shard shapes
    /// and, on the Vector256 path, the lane-major shapes.</summary>
    public static void PrintGemmReport(TextWriter w, KernelPath path)
    {
        double peak = FmaPeakGflops();
        w.WriteLine($"FMA peak (12 chains of 256-bit FMA, one core): {peak:F1} GFLOP/s");
        if (path == KernelPath.Vector256 && GemmWideTile.Enabled)
        {
            // the blocked products run two 16-column panels at once in 512-bit registers: their bound is the 512-bit peak
            peak = Fma512PeakGflops();
            w.WriteLine($"FMA peak (12 chains of 512-bit FMA, one core): {peak:F1} GFLOP/s, the bound of the products below");
        }
        w.WriteLine($"{"shape m×n×k",-16} {"GFLOP/s",8} {"% of peak",10}   (SGEMM NN, {path}, one thread)");
        var shapes = SquareSizes.Select(s => (s, s, s)).Concat(RnnStepShapes);
        foreach (var (m, n, k) in shapes) Row($"{m}×{n}×{k}", GemmGflops(path, m, n, k), "");
        foreach (var (m, n, k) in ShardShapes) Row($"{m}×{n}×{k}", PrepackedGflops(path, m, n, k), "   (B packed once, as in training and predict)");
        if (path != KernelPath.Vector256) return;
        foreach (var (k, n) in LaneShapes) Row($"{LaneProduct.Lanes}×{n}×{k}", LaneGflops(k, n), "   (lane-major, as predict runs small cells)");

        void Row(string shape, double g, string note)
            => w.WriteLine($"{shape,-16} {g,8:F1} {(peak > 0 ? 100 * g / peak : double.NaN),9:F0}%{note}");
    }

    // Runs body until ≈ secondsEach of CPU time has passed, repeats times; the best rate in GFLOP/s.
    private static double Best(Action body, double flopsPerCall, double secondsEach, int repeats)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }
        var wall = Stopwatch.StartNew();
        int calls = 0;
        while (wall.Elapsed.TotalSeconds < 0.05 || calls < 3) { body(); calls++; }   // warm-up: JIT tiers, buffers
        int perTiming = Math.Max(1, (int)(calls * secondsEach / wall.Elapsed.TotalSeconds));
        double best = 0;
        for (int r = 0; r < repeats; r++)
        {
            var t0 = Cpu();
            for (int i = 0; i < perTiming; i++) body();
            double seconds = (Cpu() - t0).TotalSeconds;
            if (seconds > 0) best = Math.Max(best, flopsPerCall * perTiming / seconds / 1e9);
        }
        return best;
    }

    /// <summary>12 independent chains x ← x·m + c, <paramref name="iterations"/> steps each; returns a value so the work is not removed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float FmaChains(int iterations)
    {
        var m = Vector256.Create(0.9999999f);
        var c = Vector256.Create(1e-7f);
        V256 x0 = V256.One, x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
        for (int i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, c); x1 = Vector256.FusedMultiplyAdd(x1, m, c);
            x2 = Vector256.FusedMultiplyAdd(x2, m, c); x3 = Vector256.FusedMultiplyAdd(x3, m, c);
            x4 = Vector256.FusedMultiplyAdd(x4, m, c); x5 = Vector256.FusedMultiplyAdd(x5, m, c);
            x6 = Vector256.FusedMultiplyAdd(x6, m, c); x7 = Vector256.FusedMultiplyAdd(x7, m, c);
            x8 = Vector256.FusedMultiplyAdd(x8, m, c); x9 = Vector256.FusedMultiplyAdd(x9, m, c);
            x10 = Vector256.FusedMultiplyAdd(x10, m, c); x11 = Vector256.FusedMultiplyAdd(x11, m, c);
        }
        var s = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (x10 + x11));
        return Vector256.Sum(s);
    }

    /// <summary>As <see cref="FmaChains"/> with 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float FmaChains512(int iterations)
    {
        var m = Vector512.Create(0.9999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> x0 = Vector512<float>.One, x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
        for (int i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, c); x1 = Vector512.FusedMultiplyAdd(x1, m, c);
            x2 = Vector512.FusedMultiplyAdd(x2, m, c); x3 = Vector512.FusedMultiplyAdd(x3, m, c);
            x4 = Vector512.FusedMultiplyAdd(x4, m, c); x5 = Vector512.FusedMultiplyAdd(x5, m, c);
            x6 = Vector512.FusedMultiplyAdd(x6, m, c); x7 = Vector512.FusedMultiplyAdd(x7, m, c);
            x8 = Vector512.FusedMultiplyAdd(x8, m, c); x9 = Vector512.FusedMultiplyAdd(x9, m, c);
            x10 = Vector512.FusedMultiplyAdd(x10, m, c); x11 = Vector512.FusedMultiplyAdd(x11, m, c);
        }
        var s = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (x10 + x11));
        return Vector512.Sum(s);
    }
}
