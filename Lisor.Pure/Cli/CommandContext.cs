using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cli;

/// <summary>What every command gets: its output streams, the common options, and a seeded PRNG.</summary>
internal sealed class CommandContext
{
    /// <summary>Standard output: a write that fails is an error naming it (<see cref="StandardOutputWriter"/>).</summary>
    public TextWriter Out { get; }
    /// <summary>Standard error for progress lines and warnings: a write that fails is dropped (<see cref="BestEffortWriter"/>), never the run.</summary>
    public TextWriter Err { get; }
    /// <summary>--seed (default 1): all randomness flows from it.</summary>
    public ulong Seed { get; }
    /// <summary>--threads (default: all cores).</summary>
    public int Threads { get; }
    /// <summary>--json: the last line of stdout is one JSON object.</summary>
    public bool Json { get; }
    /// <summary>--quiet: no progress output.</summary>
    public bool Quiet { get; }

    public CommandContext(TextWriter stdout, TextWriter stderr, ulong seed, int threads, bool json, bool quiet, Stream? stdin = null,
                          bool progressInPlace = false)
    {
        // whether an output file was committed since this command started (OutputTransaction sets it on this flow)
        var written = new System.Runtime.CompilerServices.StrongBox<bool>();
        OutputTransaction.Committed.Value = written;
        Out = stdout as StandardOutputWriter ?? new StandardOutputWriter(stdout, () => written.Value);
        Err = stderr as BestEffortWriter ?? new BestEffortWriter(stderr); Seed = seed; Threads = threads; Json = json; Quiet = quiet; _stdin = stdin;
        ProgressInPlace = progressInPlace;
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

    /// <summary>
    /// True when stderr is a terminal: progress is one line redrawn in place ("\r"). Otherwise (a log file, a
    /// pipe, a test) every event is a line of its own, and frequent updates are thinned to one per
    /// <see cref="LineInterval"/> so a log stays readable.
    /// </summary>
    public bool ProgressInPlace { get; }

    /// <summary>Off a terminal, the shortest time between two progress lines (events closed by <see cref="EndProgress"/> are always written).</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <summary>A progress line on stderr (redrawn in place on a terminal, else a line of its own), unless --quiet or --json.</summary>
    public void Progress(string line)
    {
        if (Quiet) return;
        if (ProgressInPlace)
        {
            Err.Write("\r" + line.PadRight(_lastProgress));
            _lastProgress = line.Length;
            return;
        }
        if (_lineClock.IsRunning && _lineClock.Elapsed < LineInterval) { _pending = line; return; }
        Err.WriteLine(line);
        _pending = null;
        _lineClock.Restart();
    }

    /// <summary>Ends the current progress line, if any (off a terminal: writes the last thinned-out update).</summary>
    public void EndProgress()
    {
        if (!ProgressInPlace)
        {
            if (_pending is not null && !Quiet) Err.WriteLine(_pending);
            _pending = null;
            _lineClock.Reset();
            return;
        }
        if (_lastProgress > 0 && !Quiet) Err.WriteLine();
        _lastProgress = 0;
    }

    /// <summary>
    /// On a terminal, blanks the progress line being redrawn and leaves the cursor at its start, so that an error line
    /// written next is the only line the terminal shows (a command that can fail on bad input after its first progress
    /// line: <c>predict</c>). Off a terminal it drops a thinned-out update not yet written.
    /// </summary>
    public void ClearProgress()
    {
        _pending = null;
        if (!ProgressInPlace || _lastProgress == 0) return;
        Err.Write("\r" + new string(' ', _lastProgress) + "\r");
        _lastProgress = 0;
    }

    private readonly System.Diagnostics.Stopwatch _lineClock = new();
    private string? _pending;
    private int _lastProgress;
}
