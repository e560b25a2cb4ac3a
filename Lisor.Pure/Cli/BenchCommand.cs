using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>`bench NAME [options]`: runs one <see cref="IBenchmark"/> and prints its throughput.</summary>
internal sealed class BenchCommand : ICommand
{
    /// <summary>Every benchmark, by name (listed here, not found by reflection, so a native AOT build keeps them;
    /// a test checks that the list names every <see cref="IBenchmark"/> of the assembly).</summary>
    public static IReadOnlyList<IBenchmark> Benchmarks { get; } =
        new IBenchmark[] { new FsaBenchmark(), new GemmBenchmark(), new KMeansBenchmark(), new PredictBenchmark(), new TrainBenchmark() }
        .OrderBy(b => b.Name, StringComparer.Ordinal)
        .ToList();

    public string Name => "bench";
    public int Arguments => 1;   // the benchmark's name
    public string Summary => "in-process throughput figures: " + string.Join(", ", Benchmarks.Select(b => b.Name));
    public string Usage => "bench " + string.Join("|", Benchmarks.Select(b => b.Name)) + " [options]   ("
        + string.Join("; ", Benchmarks.Select(b => $"{b.Name}: {b.Summary}")) + ")";

    /// <summary>
    /// The union of the benchmarks' options, each saying which benchmarks take it: "[fsa, train] …" when they mean the
    /// same, else each benchmark's meaning and default in turn ("gemm: kernel path … (default best); predict: …"), so that
    /// `bench --help` does not show one benchmark's values as another's.
    /// </summary>
    public IReadOnlyList<OptionSpec> Options { get; } = Benchmarks
        .SelectMany(b => b.Options.Select(o => (Bench: b.Name, Spec: o)))
        .GroupBy(x => x.Spec.Name)
        .Select(g =>
        {
            var first = g.First().Spec;
            if (g.Count() == Benchmarks.Count && g.All(x => x.Spec == first)) return first;
            if (g.All(x => x.Spec with { Name = first.Name } == first))
                return first with { Help = $"[{string.Join(", ", g.Select(x => x.Bench))}] {first.Help}" };
            string each = string.Join("; ", g.Select(x => $"{x.Bench}: {x.Spec.Help}" + (x.Spec.Default is null ? "" : $" (default: {x.Spec.Default})")));
            return new OptionSpec(first.Name, first.Value, null, each);
        })
        .ToList();

    public int Run(ParsedOptions options, CommandContext context)
    {
        if (options.Positionals.Count != 1)
            throw new InputException($"bench: name one benchmark ({string.Join(", ", Benchmarks.Select(b => b.Name))})");
        string name = options.Positionals[0];
        var bench = Benchmarks.FirstOrDefault(b => b.Name == name)
            ?? throw new InputException($"bench: unknown benchmark {Excerpt.Quoted(name)} ({string.Join(", ", Benchmarks.Select(b => b.Name))})");
        foreach (var spec in Options)
            if (options.Has(spec.Name) && !bench.Options.Any(o => o.Name == spec.Name))
                throw new InputException($"bench {name}: option '{spec.Name}' does not apply (see 'bench --help')");
        var (perSecond, seconds, unit) = bench.Run(options, context);
        if (!context.Json)
            context.Out.WriteLine($"bench {name}: {perSecond.ToString("G4", CultureInfo.InvariantCulture)} {unit}/s over {seconds:F3} s");
        var summary = new Dictionary<string, object?>
        {
            ["benchmark"] = name, ["per_second"] = perSecond, ["unit"] = unit, ["seconds"] = seconds,
        };
        foreach (var (key, value) in bench.Details) summary.TryAdd(key, value);
        context.WriteJsonSummary(summary);
        return 0;
    }
}
