namespace Lisor.Pure.Common;

/// <summary>
/// Writes a set of files all-or-nothing. <see cref="Stage"/> writes each file's new content to a temporary
/// file beside it (flushed to disk); <see cref="Commit"/> then renames every temporary over its target.
/// A failure while staging (a full disk, a writer that throws) removes our temporaries and leaves every
/// target as it was. When several files are replaced, each existing target is first kept as a backup
/// (a hard link: no bytes copied), so a failure in the middle of the renames can put the earlier ones
/// back. Each rename is atomic, so a reader sees a file's old or new content, never a mixture; after
/// <see cref="Commit"/> every target holds its new content, after any failure every target holds its old
/// one — unless putting one back fails too: its backup is then kept (<see cref="TempFiles.Keep"/>) and the error
/// names the target and the backup. Folders the outputs need are created at staging time and removed again on failure.
/// <para><see cref="AtomicFile"/> writes go through the transaction that is current on this flow (see
/// <see cref="Run"/>), so engine code that saves a model or an FSA joins a command's commit unchanged.</para>
/// </summary>
internal sealed class OutputTransaction : IDisposable
{
    private static readonly AsyncLocal<OutputTransaction?> Ambient = new();

    /// <summary>Test hook: called with the 0-based index of each rename before it is done; throwing from it
    /// simulates a failure of that rename.</summary>
    internal static Action<int>? BeforeRename;

    /// <summary>Set to true on this flow when a commit has replaced or created a file (a command's context watches it, to tell
    /// in a later error whether its files were already written).</summary>
    internal static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<bool>?> Committed = new();

    private sealed record Staged(ResolvedOutput Output, string Temp);

    private readonly Func<string, ResolvedOutput> _resolve;
    private readonly List<Staged> _staged = [];
    private readonly List<string> _createdFolders = [];
    private readonly HashSet<string> _cleanedFolders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _done;

    /// <param name="resolve">Maps a path being written to its checked output (an <see cref="OutputPlan"/>'s
    /// declared outputs, or <see cref="OutputPolicy"/> for a lone file).</param>
    internal OutputTransaction(Func<string, ResolvedOutput> resolve) => _resolve = resolve;

    /// <summary>The transaction <see cref="AtomicFile"/> writes join, if any.</summary>
    internal static OutputTransaction? Current => Ambient.Value;

    /// <summary>Runs <paramref name="write"/> with this transaction current, then restores the previous one.</summary>
    internal void Run(Action write)
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        try { write(); }
        finally { Ambient.Value = previous; }
    }

    /// <summary>Writes <paramref name="path"/>'s new content to a temporary file beside its target.</summary>
    internal void Stage(string path, Action<Stream> write)
    {
        var output = _resolve(path);
        string folder = System.IO.Path.GetDirectoryName(output.WritePath)!;
        FileStream stream;
        lock (_gate)
        {
            if (_done) throw new InvalidOperationException("the outputs were already committed");
            if (_staged.Any(s => s.Output.Key == output.Key))
                throw new InvalidOperationException($"{path} is written twice in one commit");
            try
            {
                CreateFolders(output);
                if (_cleanedFolders.Add(folder)) TempFiles.RemoveStale(folder);
                stream = TempFiles.Create(folder, out string temp, replacing: output.WritePath);
                _staged.Add(new Staged(output, temp));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Located(output, e);
            }
        }
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Located(output, e);
        }
    }

    /// <summary>Renames every staged file over its target, or, on failure, restores every target.</summary>
    internal void Commit()
    {
        lock (_gate)
        {
            if (_done) throw new InvalidOperationException("the outputs were already committed");
            var backups = new string?[_staged.Count];
            int renamed = 0;
            try
            {
                if (_staged.Count > 1)
                    for (int i = 0; i < _staged.Count; i++)
                        if (File.Exists(_staged[i].Output.WritePath)) backups[i] = TempFiles.Backup(_staged[i].Output.WritePath);
                for (; renamed < _staged.Count; renamed++)
                {
                    BeforeRename?.Invoke(renamed);
                    File.Move(_staged[renamed].Temp, _staged[renamed].Output.WritePath, overwrite: true);
                }
            }
            catch (Exception e)
            {
                // Undo the earlier renames. A target that cannot be put back keeps its backup (never deleted, renamed out of
                // the stale-temporary naming where possible), and the error line says which target changed and where its
                // previous content is.
                var unrestored = new List<string>();
                for (int j = renamed - 1; j >= 0; j--)
                    if (Restore(_staged[j].Output, backups[j]) is { } problem)
                    {
                        unrestored.Add(problem);
                        backups[j] = null;
                    }
                foreach (var b in backups) if (b is not null) TempFiles.DeleteQuietly(b);
                Abort();
                var failed = _staged[Math.Min(renamed, _staged.Count - 1)].Output;
                // a temporary that is gone was removed by something else, not refused by its folder
                var reported = e is FileNotFoundException && renamed < _staged.Count && !File.Exists(_staged[renamed].Temp)
                    ? new IOException($"its temporary file {System.IO.Path.GetFileName(_staged[renamed].Temp)} was removed by another process before it could take the file's place", e)
                    : e;
                if (e is IOException or UnauthorizedAccessException || unrestored.Count > 0) throw Located(failed, reported, unrestored);
                throw;
            }
            foreach (var b in backups) if (b is not null) TempFiles.DeleteQuietly(b);
            _done = true;
            if (_staged.Count > 0 && Committed.Value is { } committed) committed.Value = true;
        }
    }

    /// <summary>Without a commit, removes our temporaries and the folders we made.</summary>
    public void Dispose()
    {
        lock (_gate) { if (!_done) Abort(); }
    }

    private void Abort()
    {
        foreach (var s in _staged) TempFiles.DeleteQuietly(s.Temp);
        for (int i = _createdFolders.Count - 1; i >= 0; i--)
        {
            try { Directory.Delete(_createdFolders[i], recursive: false); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        _done = true;
    }

    /// <summary>Puts <paramref name="output"/>'s previous content back (or removes it, when it did not exist): null when done,
    /// else what happened and where the previous content is, for the error line.</summary>
    private static string? Restore(ResolvedOutput output, string? backup)
    {
        string target = output.WritePath;
        try
        {
            if (backup is null) File.Delete(target);
            else File.Move(backup, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = Reason(e);
            if (backup is null) return $"{output.Path} was written and could not be removed again ({reason})";
            string kept = TempFiles.Keep(backup);
            // shown in the folder as the user spelled it when the target is there (not behind a symbolic link)
            string folder = System.IO.Path.GetDirectoryName(output.Path) ?? "";
            string shown = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(output.Path)) == System.IO.Path.GetDirectoryName(target)
                ? System.IO.Path.Combine(folder, System.IO.Path.GetFileName(kept)) : kept;
            return $"{output.Path} was already replaced and could not be put back ({reason}): its previous content is in '{shown}'";
        }
    }

    private void CreateFolders(ResolvedOutput output)
    {
        foreach (string folder in output.FoldersToCreate)
        {
            if (Directory.Exists(folder)) continue;
            Directory.CreateDirectory(folder);
            _createdFolders.Add(folder);
        }
    }

    /// <summary>An I/O failure named by the file the user asked for, not by our temporary's name; with what an undo
    /// could not put back (<paramref name="unrestored"/>), so one error line tells every target that changed.</summary>
    private static IOException Located(ResolvedOutput output, Exception e, IReadOnlyList<string>? unrestored = null)
    {
        string also = unrestored is { Count: > 0 } ? "; " + string.Join("; ", unrestored) : "";
        return new IOException($"{output.Path}: could not be written: {Reason(e)}{also}", e);
    }

    private static string Reason(Exception e)
    {
        string reason = e switch
        {
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "its folder does not take new files",
            _ => e.Message,
        };
        int cut = reason.IndexOf(" : '", StringComparison.Ordinal);   // .NET appends " : 'path'" (our temporary's)
        return cut > 0 ? reason[..cut] : reason;
    }
}
