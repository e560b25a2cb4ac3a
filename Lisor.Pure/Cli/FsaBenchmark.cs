using Lisor.Pure.Automata;

namespace Lisor.Pure.Cli;

/// <summary>
/// `bench fsa`: symbols per second of FSA classification (one core) on random sequences through a
/// random complete FSA — the compiled transition table of <see cref="CompiledFsa"/>.
/// </summary>
internal sealed class FsaBenchmark : IBenchmark
{
    public string Name => "fsa";
    public string Summary => "FSA classification throughput (symbols per second, one core)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--states", "Q", "64", "states of the random FSA"),
        new("--symbols", "S", "2", "alphabet size"),
        new("--length", "T", "100", "symbols per sequence"),
        new("--sequences", "N", "10000", "sequences in the working set"),
        new("--seconds", "X", "1", "measure for at least this long"),
    ];

    public IReadOnlyDictionary<string, object?> Details { get; private set; } = new Dictionary<string, object?>();

    public (double PerSecond, double Seconds, string Unit) Run(ParsedOptions o, CommandContext context)
    {
        var r = FsaThroughput.Measure(o.Int("--states", 64, min: 1, max: 1_000_000), o.Int("--symbols", 2, min: 1, max: 1_000_000),
            o.Int("--length", 100, min: 1, max: 1_000_000), o.Int("--sequences", 10_000, min: 1, max: 10_000_000),
            o.Double("--seconds", 1, min: 0.01, max: 3600), context.Seed);
        Details = new Dictionary<string, object?> { ["per_cpu_second"] = Math.Round(r.SymbolsPerCpuSecond) };
        return (r.SymbolsPerSecond, r.Seconds, "symbols");
    }
}
