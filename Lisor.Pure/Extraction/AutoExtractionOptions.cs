namespace Lisor.Pure.Extraction;

/// <summary>What <see cref="AutoExtraction"/> searches for and how much it may spend.</summary>
public sealed record AutoExtractionOptions
{
    /// <summary>A fixed k, or null to search k = 1, 2, … for the smallest FSA.</summary>
    public int? Clusters { get; init; }
    /// <summary>The fidelity to R on the learning strings an FSA must reach to count (1.0: agree on all).</summary>
    public double Fidelity { get; init; } = 1.0;
    /// <summary>State budget: k is searched up to it, refinement stops at twice it, and FSAs above it do not count.</summary>
    public int MaxStates { get; init; } = 64;
    /// <summary>Seeds k-means and the random probes.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>At most this many probe strings (0: no probing beyond the learning data).</summary>
    public int ProbeStrings { get; init; } = 20_000;
    /// <summary>At most this many symbols in all probe strings.</summary>
    public long ProbeSymbols { get; init; } = 300_000;
    /// <summary>Rounds of "probe, add the disagreeing strings, learn again" after the first.</summary>
    public int MaxRounds { get; init; } = 4;
    /// <summary>Disagreeing probe strings added to the learning tree per round (shortest first).</summary>
    public int CounterexamplesPerRound { get; init; } = 64;
    /// <summary>Random strings (besides the learning strings) R labels for fitting compact FSAs when none agrees exactly (<see cref="CompactSearch"/>).</summary>
    public int FitStrings { get; init; } = 2000;
    /// <summary>When searching, stop once k exceeds the smallest qualifying FSA's states by this much.</summary>
    public int Patience { get; init; } = 3;
}
