namespace Lisor.Pure.Common;

/// <summary>
/// Writes files so that readers only ever see the old content or the complete new content: the bytes go
/// to a short-named temporary file in the same folder (<see cref="TempFiles"/>), are flushed to disk, and
/// the temporary file is then renamed over the target (a rename within one folder is atomic on POSIX and
/// NTFS). If writing fails, the temporary file is deleted and the target is untouched. The target must pass
/// <see cref="OutputPolicy"/> (a regular file or nothing; symbolic links are written through).
/// Inside <see cref="OutputPlan.Commit"/> the write joins the plan's all-or-nothing commit instead; inside
/// <see cref="OutputPlan.Work{T}"/> it must be one of the plan's declared outputs.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        if (OutputTransaction.Current is { } shared)
        {
            shared.Stage(path, write);
            return;
        }
        // during a plan's work (a sweep's models and FSAs), the path must be one the plan declared and checked
        using var alone = new OutputTransaction(p => OutputPlan.Current is { } plan ? plan.ResolveWrite(p) : OutputPolicy.Resolve(p, option: null));
        alone.Stage(path, write);
        alone.Commit();
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
