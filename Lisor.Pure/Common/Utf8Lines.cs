namespace Lisor.Pure.Common;

/// <summary>Where a text file stops being UTF-8, for the error that names its line.</summary>
internal static class Utf8Lines
{
    /// <summary>
    /// The 1-based number of the first line of <paramref name="path"/> that is not valid UTF-8 (0 if none is, or when the
    /// path is not a regular file: a pipe gives its bytes once). A reader decodes in blocks, so when decoding fails the
    /// line it was on is found again by this byte-level scan.
    /// </summary>
    public static int FirstInvalid(string path)
    {
        if (PathStatus.Of(Path.GetFullPath(path), follow: true).Kind != PathKind.Regular) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var line = new MemoryStream();
        int number = 1, b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b != '\n') { line.WriteByte((byte)b); continue; }
            if (!System.Text.Unicode.Utf8.IsValid(line.GetBuffer().AsSpan(0, (int)line.Length))) return number;
            line.SetLength(0);
            number++;
        }
        return System.Text.Unicode.Utf8.IsValid(line.GetBuffer().AsSpan(0, (int)line.Length)) ? 0 : number;
    }
}
