using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lisor.Pure.Bench;

/// <summary>A benchmark class that knows how many floating-point operations one call of a case performs.</summary>
public interface IFlopCount
{
    /// <summary>Floating-point operations of one invocation of <paramref name="method"/> with the given parameter values.</summary>
    static abstract double Flops(string method, IReadOnlyDictionary<string, object> parameters);
}

/// <summary>A "GFLOP/s" column: the case's operation count divided by its mean time.</summary>
public sealed class GemmFlopsColumn<T> : IColumn where T : IFlopCount
{
    public string Id => "GFLOP/s";
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "billions of floating-point operations per second (2·m·n·k per GEMM)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null) return "-";
        var parameters = benchmarkCase.Parameters.Items.ToDictionary(p => p.Name, p => p.Value);
        double flops = T.Flops(benchmarkCase.Descriptor.WorkloadMethod.Name, parameters);
        return (flops / stats.Mean).ToString("F1");   // Mean is in ns: flop/ns = GFLOP/s
    }
}

/// <summary>Config of the throughput benchmarks: the GFLOP/s column and the memory diagnoser (hot loops must allocate 0 bytes).</summary>
public sealed class GemmFlopsConfig<T> : ManualConfig where T : IFlopCount
{
    public GemmFlopsConfig()
    {
        AddColumn(new GemmFlopsColumn<T>());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
