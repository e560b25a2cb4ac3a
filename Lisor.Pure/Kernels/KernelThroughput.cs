using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Quick in-process speed figures without BenchmarkDotNet (for `bench gemm` and the README): SGEMM
/// GFLOP/s at a given shape, and this core's fused multiply-add peak to compare it with.
/// Single-threaded; the best of several timed repetitions after a warm-up, since on a shared
/// machine interference only ever slows a run down.
/// </summary>
public static class KernelThroughput
{
    /// <summary>GFLOP/s (2·m·n·k per product) of C[m,n] += A[m,k]·B[k,n] on <paramref name="path"/>, best of <paramref name="repeats"/> timings of ≈ <paramref name="secondsEach"/> each.</summary>
    public static double GemmGflops(KernelPath path, int m, int n, int k, double secondsEach = 0.2, int repeats = 5)
    {
        var rng = new Tensors.Rng(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1f, 1f);
        for (int i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1f, 1f);
        double flops = 2.0 * m * n * k;
        // warm-up (JIT tiers, packing buffers), and an estimate of the calls per timing
        var sw = Stopwatch.StartNew();
        int calls = 0;
        while (sw.Elapsed.TotalSeconds < 0.1 || calls < 3) { Gemm.NN(path, m, n, k, a, k, b, n, c, n); calls++; }
        int perTiming = Math.Max(1, (int)(calls * secondsEach / sw.Elapsed.TotalSeconds));
        double best = 0;
        for (int r = 0; r < repeats; r++)
        {
            sw.Restart();
            for (int i = 0; i < perTiming; i++) Gemm.NN(path, m, n, k, a, k, b, n, c, n);
            best = Math.Max(best, flops * perTiming / sw.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>
    /// This core's single-precision FMA peak in GFLOP/s, measured with 12 independent chains of
    /// 256-bit fused multiply-adds (enough to cover FMA latency × throughput on current x86 cores).
    /// 0 where 256-bit FMA is not supported.
    /// </summary>
    public static double FmaPeakGflops(double secondsEach = 0.2, int repeats = 5)
    {
        if (!KernelPaths.IsSupported(KernelPath.Vector256)) return 0;
        const int chunk = 1 << 20;
        FmaChains(1000);
        var sw = Stopwatch.StartNew();
        long chunks = 0;
        while (sw.Elapsed.TotalSeconds < 0.05) { FmaChains(chunk); chunks++; }
        long perTiming = Math.Max(1, (long)(chunks * secondsEach / sw.Elapsed.TotalSeconds));
        double best = 0;
        for (int r = 0; r < repeats; r++)
        {
            sw.Restart();
            for (long i = 0; i < perTiming; i++) FmaChains(chunk);
            best = Math.Max(best, perTiming * (double)chunk * 12 * 8 * 2 / sw.Elapsed.TotalSeconds / 1e9);
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
}
