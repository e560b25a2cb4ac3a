using System.Diagnostics;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Automata;

/// <summary>The result of <see cref="FsaThroughput.Measure"/>: symbols per wall-clock second on one
/// thread, symbols per second of CPU time the process used (the per-core speed, robust on a busy
/// machine), the timed seconds, and a checksum of the answers (so the work cannot be optimised away).</summary>
internal sealed record FsaThroughputResult(double SymbolsPerSecond, double SymbolsPerCpuSecond, double Seconds, long Symbols, long Checksum);

/// <summary>
/// In-process throughput of <see cref="CompiledFsa"/> runs on symbol ids (for <c>bench fsa</c>): a
/// random complete FSA, random sequences already encoded, one thread, warm-up excluded.
/// </summary>
internal static class FsaThroughput
{
    /// <param name="states">|Q| of the random FSA.</param>
    /// <param name="symbols">|Σ|.</param>
    /// <param name="length">Symbols per sequence.</param>
    /// <param name="sequences">Sequences in the working set.</param>
    /// <param name="minSeconds">Keep repeating the working set for at least this long.</param>
    /// <param name="seed">Seed of the FSA and the sequences.</param>
    public static FsaThroughputResult Measure(int states = 64, int symbols = 2, int length = 100, int sequences = 10_000,
                                              double minSeconds = 1.0, ulong seed = 1)
    {
        var rng = new Rng(seed);
        var fsa = RandomComplete(rng, states, symbols);
        var compiled = new CompiledFsa(fsa, MissingPolicy.Dead);
        var ids = new int[sequences * length];
        for (int i = 0; i < ids.Length; i++) ids[i] = rng.NextInt(symbols);

        long checksum = 0, missing = 0;
        long RunAll()
        {
            long sum = 0;
            for (int s = 0; s < sequences; s++) sum += compiled.Classify(ids.AsSpan(s * length, length), ref missing);
            return sum;
        }
        checksum += RunAll(); // warm-up (JIT tiers)
        checksum += RunAll();
        long rounds = 0;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < minSeconds) { checksum += RunAll(); rounds++; }
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;
        long total = rounds * sequences * length;
        return new FsaThroughputResult(total / seconds, total / Math.Max(cpuSeconds, 1e-9), seconds, total, checksum + missing);
    }

    /// <summary>A random complete FSA with labels 0/1 (for benchmarks).</summary>
    public static Fsa RandomComplete(Rng rng, int states, int symbols)
    {
        var st = Enumerable.Range(0, states).Select(q => new FsaState(q, rng.NextInt(2), 0)).ToArray();
        var ts = new List<FsaTransition>();
        for (int q = 0; q < states; q++)
            for (int a = 0; a < symbols; a++) ts.Add(new FsaTransition(q, a, rng.NextInt(states), 1));
        return new Fsa(Enumerable.Range(0, symbols).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                       ["0", "1"], 1, st, ts);
    }
}
