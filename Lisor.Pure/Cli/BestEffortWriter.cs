using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Lisor.Pure.Cli;

/// <summary>
/// Standard error as progress lines, warnings and the final error line use it: a write that fails — a full disk behind
/// <c>2&gt;log</c>, <c>2&gt;/dev/full</c>, an I/O error — is dropped, as the runtime already drops one to a closed pipe
/// (EPIPE). Such a failure must never end a run, which may be hours into training: the run goes on, writes its outputs,
/// and its exit code says how it went. After the first failure nothing more is tried.
/// </summary>
internal sealed class BestEffortWriter(TextWriter inner) : TextWriter
{
    private bool _broken;

    /// <summary>The writer this one passes its text to.</summary>
    public TextWriter Inner => inner;

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
        if (_broken) return;
        try { inner.Write(value); }
        catch (IOException) { _broken = true; }
    }

    public override void Write(string? value)
    {
        if (_broken) return;
        try { inner.Write(value); }
        catch (IOException) { _broken = true; }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (_broken) return;
        try { inner.Write(buffer, index, count); }
        catch (IOException) { _broken = true; }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (_broken) return;
        try { inner.Write(buffer); }
        catch (IOException) { _broken = true; }
    }

    public override void WriteLine()
    {
        if (_broken) return;
        try { inner.WriteLine(); }
        catch (IOException) { _broken = true; }
    }

    public override void WriteLine(string? value)
    {
        if (_broken) return;
        try { inner.WriteLine(value); }
        catch (IOException) { _broken = true; }
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        if (_broken) return;
        try { inner.WriteLine(buffer); }
        catch (IOException) { _broken = true; }
    }

    public override void Flush()
    {
        if (_broken) return;
        try { inner.Flush(); }
        catch (IOException) { _broken = true; }
    }
}
