using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Lisor.Pure.Cli;

/// <summary>A standard stream as a command writes to it: every write goes to <paramref name="inner"/>, and one that fails
/// with an <see cref="IOException"/> is handed to <see cref="Failed"/>, which drops it or throws.</summary>
internal abstract class GuardedWriter(TextWriter inner) : TextWriter
{
    /// <summary>True after a failure <see cref="Failed"/> chose to drop: nothing more is tried.</summary>
    protected bool Broken { get; set; }

    /// <summary>What to do with a failed write: return to drop it, or throw.</summary>
    protected abstract void Failed(IOException e);

    public override Encoding Encoding => inner.Encoding;
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value)
    {
        if (Broken) return;
        try { inner.Write(value); }
        catch (IOException e) { Failed(e); }
    }

    public override void Write(string? value)
    {
        if (Broken) return;
        try { inner.Write(value); }
        catch (IOException e) { Failed(e); }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (Broken) return;
        try { inner.Write(buffer, index, count); }
        catch (IOException e) { Failed(e); }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (Broken) return;
        try { inner.Write(buffer); }
        catch (IOException e) { Failed(e); }
    }

    public override void WriteLine()
    {
        if (Broken) return;
        try { inner.WriteLine(); }
        catch (IOException e) { Failed(e); }
    }

    public override void WriteLine(string? value)
    {
        if (Broken) return;
        try { inner.WriteLine(value); }
        catch (IOException e) { Failed(e); }
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        if (Broken) return;
        try { inner.WriteLine(buffer); }
        catch (IOException e) { Failed(e); }
    }

    public override void Flush()
    {
        if (Broken) return;
        try { inner.Flush(); }
        catch (IOException e) { Failed(e); }
    }
}

/// <summary>
/// Standard error as progress lines, warnings and the final error line use it: a write that fails — a full disk behind
/// <c>2&gt;log</c>, <c>2&gt;/dev/full</c>, an I/O error — is dropped, as the runtime already drops one to a closed pipe
/// (EPIPE). Such a failure must never end a run, which may be hours into training: the run goes on, writes its outputs,
/// and its exit code says how it went. After the first failure nothing more is tried.
/// </summary>
internal sealed class BestEffortWriter(TextWriter inner) : GuardedWriter(inner)
{
    protected override void Failed(IOException e) => Broken = true;
}
