using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>One line of input: its 1-based number in the file and where its text (without the line end) lies in the
/// batch's characters (<see cref="LineBatches.Text"/>).</summary>
internal readonly record struct NumberedLine(int Number, int Start, int Length);

/// <summary>
/// Reads a text stream in batches of whole lines, with bounded memory: a byte buffer is split at '\n' and
/// each line is decoded as strict UTF-8 on its own, so an invalid byte is reported with its exact line
/// number (also on a pipe, which cannot be read twice). Blank lines (empty or spaces only) and lines
/// starting with '#' are skipped, as in sequence files. A batch holds up to <c>max</c> lines. When <see cref="Interactive"/>
/// (standard input), a batch ends as soon as the lines already received are used up, instead of
/// waiting for a full batch: a caller that writes one line and waits for the answer gets it.
/// A batch's lines are decoded into one character buffer, kept from batch to batch (<see cref="Text"/>): no string
/// per line, so a long stream makes no garbage.
/// </summary>
internal sealed class LineBatches
{
    private readonly Stream _stream;
    private readonly string _name;
    private readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;   // unread bytes are _buffer[_start.._end)
    private char[] _chars = new char[1 << 16];
    private int _charCount;     // the current batch's lines are _chars[0.._charCount)
    private bool _eof;
    private int _lineNumber;

    /// <summary>Reads <paramref name="stream"/>, named <paramref name="name"/> in errors.</summary>
    public LineBatches(Stream stream, string name, bool interactive)
    {
        _stream = stream; _name = name; Interactive = interactive;
    }

    /// <summary>True: return what has arrived rather than wait for a full batch.</summary>
    public bool Interactive { get; }

    /// <summary>
    /// Fills <paramref name="batch"/> with the next up-to-<paramref name="max"/> lines; false at the end of the stream.
    /// The text of the lines of an earlier batch is gone.
    /// </summary>
    public bool Next(List<NumberedLine> batch, int max)
    {
        batch.Clear();
        _charCount = 0;
        while (true)
        {
            while (batch.Count < max && TakeLine(out var line)) Keep(batch, line);
            if (batch.Count == max || (batch.Count > 0 && Interactive)) return true;
            if (_eof)
            {
                if (_start < _end) { var last = Decode(_start, _end); _start = _end; Keep(batch, last); }
                return batch.Count > 0;
            }
            Fill();
        }
    }

    /// <summary>The text of a line of the current batch.</summary>
    public ReadOnlySpan<char> Text(NumberedLine line) => _chars.AsSpan(line.Start, line.Length);

    private void Keep(List<NumberedLine> batch, NumberedLine line)
    {
        if (IsSkipped(Text(line))) _charCount = line.Start;   // (its characters are not kept either)
        else batch.Add(line);
    }

    // (a line of only a TAB is not blank: it is the empty sequence, unlabelled)
    private static bool IsSkipped(ReadOnlySpan<char> line) => line.Length == 0 || line[0] == '#' || (line.Trim().IsEmpty && !line.Contains('\t'));

    // The next complete line in the buffer, if there is one.
    private bool TakeLine(out NumberedLine line)
    {
        int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
        if (nl < 0) { line = default; return false; }
        line = Decode(_start, nl);
        _start = nl + 1;
        return true;
    }

    private NumberedLine Decode(int from, int to)
    {
        _lineNumber++;
        if (to > from && _buffer[to - 1] == '\r') to--;
        if (_lineNumber == 1 && to - from >= 3 && _buffer[from] == 0xEF && _buffer[from + 1] == 0xBB && _buffer[from + 2] == 0xBF) from += 3;
        // UTF-8 takes at least one byte per UTF-16 character
        if (_chars.Length - _charCount < to - from) Array.Resize(ref _chars, Math.Max(2 * _chars.Length, _charCount + to - from));
        int length;
        try { length = _strict.GetChars(_buffer.AsSpan(from, to - from), _chars.AsSpan(_charCount)); }
        catch (DecoderFallbackException) { throw new InputException(_name, _lineNumber, "not valid UTF-8 text"); }
        var line = new NumberedLine(_lineNumber, _charCount, length);
        _charCount += length;
        return line;
    }

    // Moves the unread bytes to the front (growing the buffer when one line fills it) and reads once more.
    private void Fill()
    {
        if (_start > 0) { Array.Copy(_buffer, _start, _buffer, 0, _end - _start); _end -= _start; _start = 0; }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}
