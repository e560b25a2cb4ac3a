using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cli;

/// <summary>What every command gets: its output streams, the common options, and a seeded PRNG.</summary>
public sealed class CommandContext
{
    public TextWriter Out { get; }
    public TextWriter Err { get; }
    /// <summary>--seed (default 1): all randomness flows from it.</summary>
    public ulong Seed { get; }
    /// <summary>--threads (default: all cores).</summary>
    public int Threads { get; }
    /// <summary>--json: the last line of stdout is one JSON object.</summary>
    public bool Json { get; }
    /// <summary>--quiet: no progress output.</summary>
    public bool Quiet { get; }

    public CommandContext(TextWriter stdout, TextWriter stderr, ulong seed, int threads, bool json, bool quiet, Stream? stdin = null)
    {
        Out = stdout; Err = stderr; Seed = seed; Threads = threads; Json = json; Quiet = quiet; _stdin = stdin;
    }

    /// <summary>Standard input as bytes (what a command reads for a file named '-').</summary>
    public Stream In => _stdin ??= Console.OpenStandardInput();
    private Stream? _stdin;

    /// <summary>A fresh generator seeded with --seed.</summary>
    public Rng NewRng() => new(Seed);

    /// <summary>Writes <paramref name="summary"/> as the last stdout line when --json was given.</summary>
    public void WriteJsonSummary(IReadOnlyDictionary<string, object?> summary)
    {
        if (!Json) return;
        Out.WriteLine(JsonText.Serialize(summary));
    }

    /// <summary>A progress line on stderr (overwritten in place), unless --quiet or --json.</summary>
    public void Progress(string line)
    {
        if (Quiet) return;
        Err.Write("\r" + line.PadRight(_lastProgress));
        _lastProgress = line.Length;
    }

    /// <summary>Ends the current progress line, if any.</summary>
    public void EndProgress()
    {
        if (_lastProgress > 0 && !Quiet) Err.WriteLine();
        _lastProgress = 0;
    }

    private int _lastProgress;
}
