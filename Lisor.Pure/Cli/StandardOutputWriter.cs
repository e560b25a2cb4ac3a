namespace Lisor.Pure.Cli;

/// <summary>
/// Standard output as a command writes its results and summary to it: a write that fails (<c>&gt;/dev/full</c>, a full disk
/// under <c>&gt;log</c>) still fails the run (exit 1), but its error line names the place, <c>standard output</c>, and says
/// whether the command's output files had already been written (<paramref name="filesWritten"/>), since a summary comes
/// after the commit. (A closed pipe stays silent, as the runtime makes it.)
/// </summary>
internal sealed class StandardOutputWriter(TextWriter inner, Func<bool> filesWritten) : GuardedWriter(inner)
{
    protected override void Failed(IOException e)
        => throw new IOException($"standard output: {e.Message}" + (filesWritten() ? " (the output files were written before it failed)" : ""), e);
}
