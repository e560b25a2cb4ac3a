namespace Lisor.Pure.Common;

/// <summary>
/// Writes files so that readers only ever see the old content or the complete new content:
/// the bytes go to a temporary file in the same folder, are flushed to disk, and the temporary
/// file is then renamed over the target (a rename within one folder is atomic on POSIX and NTFS).
/// If writing fails, the temporary file is deleted and the target is untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir)) Directory.CreateDirectory(dir);
        if (Directory.Exists(full)) throw new InputException(path, 0, "is a directory, expected a file to write");
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark), atomically.</summary>
    public static void WriteAllText(string path, string text)
        => Write(path, s => { var bytes = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>Writes text produced by <paramref name="write"/> into a UTF-8 writer, atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
        => Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(w);
            w.Flush();
        });
}
