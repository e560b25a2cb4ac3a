namespace Lisor.Pure.Cli;

/// <summary>
/// One in-process throughput benchmark run by `bench NAME`. Implementations are found by reflection,
/// so a new benchmark is one new file. Run excludes its own warm-up from the measured time.
/// </summary>
internal interface IBenchmark
{
    /// <summary>The word after `bench` (e.g. "kmeans").</summary>
    string Name { get; }
    /// <summary>One line for the help text.</summary>
    string Summary { get; }
    /// <summary>The benchmark's own options.</summary>
    IReadOnlyList<OptionSpec> Options { get; }
    /// <summary>Runs the benchmark: throughput in <c>Unit</c> per second and the measured seconds.</summary>
    (double PerSecond, double Seconds, string Unit) Run(ParsedOptions options, CommandContext context);
    /// <summary>Further JSON keys describing the last run (e.g. inertia); none by default.</summary>
    IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>();
}
