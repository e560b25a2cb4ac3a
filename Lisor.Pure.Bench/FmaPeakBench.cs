using BenchmarkDotNet.Attributes;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Bench;

/// <summary>
/// This core's single-precision FMA peak: 12 independent chains of 256-bit fused multiply-adds
/// (<see cref="KernelThroughput.FmaChains"/>), 2^16 steps per call = 2^16 · 12 · 8 · 2 flops.
/// The reference for the GEMM benchmarks' GFLOP/s.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*FmaPeakBench*' --job short</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmFlopsConfig<FmaPeakBench>))]
public class FmaPeakBench : IFlopCount
{
    private const int Iterations = 1 << 16;

    public static double Flops(string method, IReadOnlyDictionary<string, object> p) => Iterations * 12.0 * 8 * 2;

    [Benchmark]
    public float FmaChains() => KernelThroughput.FmaChains(Iterations);
}
