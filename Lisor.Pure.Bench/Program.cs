using BenchmarkDotNet.Running;

namespace Lisor.Pure.Bench;

/// <summary>Benchmarks: <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*'</c>.</summary>
public static class BenchProgram
{
    /// <summary>Entry point: hands the arguments to BenchmarkDotNet's switcher.</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
