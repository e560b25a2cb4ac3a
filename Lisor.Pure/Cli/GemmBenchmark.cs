using Lisor.Pure.Kernels;

namespace Lisor.Pure.Cli;

/// <summary>
/// `bench gemm`: SGEMM GFLOP/s (one thread) at square sizes and RNN-step shapes, next to this core's
/// measured FMA peak; the throughput reported is the 512³ product's.
/// </summary>
internal sealed class GemmBenchmark : IBenchmark
{
    public string Name => "gemm";
    public string Summary => "SGEMM GFLOP/s at square and RNN-step shapes vs the measured FMA peak (one thread)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--path", "P", "best", "kernel path: best, Vector256, Vector128 or Scalar"),
    ];

    public (double PerSecond, double Seconds, string Unit) Run(ParsedOptions o, CommandContext context)
    {
        string name = o.Choice("--path", "best", "best", "Vector256", "Vector128", "Scalar");
        var path = name == "best" ? KernelPaths.Best : Enum.Parse<KernelPath>(name);
        if (!KernelPaths.IsSupported(path)) throw new Common.InputException($"option '--path': {name} is not supported on this CPU");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (!context.Json) KernelThroughput.PrintGemmReport(context.Out, path);
        double gflops = KernelThroughput.GemmGflops(path, 512, 512, 512);
        return (gflops * 1e9, clock.Elapsed.TotalSeconds, "flop");
    }
}
