using BenchmarkDotNet.Running;

namespace Lisor.Pure.Bench;

/// <summary>Benchmarks: <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*'</c>.</summary>
public static class BenchProgram
{
    /// <summary>Entry point: the side-by-side helpers (<see cref="ExtractionTools"/>) and the extraction tables (<see cref="ExtractionTable"/>), else BenchmarkDotNet's switcher.</summary>
    public static int Main(string[] args)
    {
        if (ExtractionTools.TryRun(args, out int exitCode)) return exitCode;
        if (ExtractionTable.TryRun(args, out exitCode)) return exitCode;
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
