using System.Text.RegularExpressions;

namespace Lisor.Pure.Common;

/// <summary>
/// Our temporary files: <c>.lisor-&lt;6 hex&gt;.tmp</c> (new content being written) and
/// <c>.lisor-&lt;6 hex&gt;.bak</c> (a hard link to, or copy of, the previous content while several files
/// are replaced together), always in the folder of the file they stand for, so a rename replaces it.
/// The names are 17 bytes whatever the target's name, so every legal name (up to 255 bytes) is writable.
/// A run that is killed can leave one behind; before we write into a folder we remove those of our own
/// naming that nobody has touched for <see cref="StaleAfter"/> and that no live writer holds (a writer keeps an exclusive
/// lock on its temporary while it writes, which may be idle for hours; a backup lives only for the instant of a commit). A backup that a failed commit could not put back is kept
/// under another name (<see cref="Keep"/>), never removed.
/// </summary>
internal static partial class TempFiles
{
    /// <summary>How long an untouched temporary of ours must be before it is taken for a dead run's.</summary>
    internal static TimeSpan StaleAfter = TimeSpan.FromHours(1);

    [GeneratedRegex(@"^\.lisor-[0-9a-f]{6}\.(tmp|bak)$", RegexOptions.CultureInvariant)]
    private static partial Regex OurName();

    /// <summary>True for a name of ours (either kind).</summary>
    internal static bool IsOurs(string fileName) => OurName().IsMatch(fileName);

    /// <summary>Creates a new empty temporary file in <paramref name="folder"/> and opens it for writing. With
    /// <paramref name="replacing"/>, an existing file the temporary will be renamed over, the temporary gets that file's
    /// permission bits from its creation on (a 0600 file's next content is never readable by others, not even while it is
    /// written) and, where allowed (as root), its owner and group: replacing a file does not change who may read it.</summary>
    internal static FileStream Create(string folder, out string path, string? replacing = null)
    {
        NativeStat.Info? previous = replacing is not null && NativeStat.Available && NativeStat.TryStat(replacing, follow: true, out var info, out _)
            && info.Type == NativeStat.Regular ? info : null;
        for (int attempt = 0; ; attempt++)
        {
            path = System.IO.Path.Combine(folder, NewName("tmp"));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (previous is { } mode && !OperatingSystem.IsWindows()) options.UnixCreateMode = (UnixFileMode)mode.Permissions;
                var stream = new FileStream(path, options);
                NativeStat.TryLock(stream.SafeFileHandle);   // held while it is written: the mark of a live writer (RemoveStale)
                if (previous is { } old && !OperatingSystem.IsWindows()) TakeAccess(stream, old);
                return stream;
            }
            catch (IOException) when (attempt < 16 && File.Exists(path)) { }   // another file took this name: draw again
        }
    }

    // Owner and group first (a change of owner may clear mode bits), then the exact permission bits (creation applied the umask).
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TakeAccess(FileStream stream, NativeStat.Info previous)
    {
        if (!NativeStat.TryChown(stream.SafeFileHandle, previous.Uid, previous.Gid))
            NativeStat.TryChown(stream.SafeFileHandle, uint.MaxValue, previous.Gid);   // -1: keep the owner, try the group alone
        File.SetUnixFileMode(stream.SafeFileHandle, (UnixFileMode)previous.Permissions);
    }

    /// <summary>Keeps the current content of <paramref name="target"/> under a backup name beside it: a hard
    /// link where the file system has them (no bytes copied), else a copy. Returns the backup's path.</summary>
    internal static string Backup(string target)
    {
        string folder = System.IO.Path.GetDirectoryName(target)!;
        for (int attempt = 0; ; attempt++)
        {
            string backup = System.IO.Path.Combine(folder, NewName("bak"));
            if (File.Exists(backup)) continue;
            if (NativeStat.TryLink(target, backup)) return backup;
            try
            {
                File.Copy(target, backup, overwrite: false);
                return backup;
            }
            catch (IOException) when (attempt < 16 && File.Exists(backup)) { }
        }
    }

    /// <summary>
    /// Keeps the backup <paramref name="backup"/> of a target whose previous content could not be put back: renamed to
    /// <c>.lisor-&lt;6 hex&gt;.kept</c>, a name <see cref="RemoveStale"/> never removes (the user is told where it is). Returns
    /// its path: the backup's own when the rename fails too.
    /// </summary>
    internal static string Keep(string backup)
    {
        string kept = System.IO.Path.ChangeExtension(backup, ".kept");
        try
        {
            File.Move(backup, kept, overwrite: false);
            return kept;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return backup; }
    }

    /// <summary>Deletes our stale temporaries in <paramref name="folder"/> (see <see cref="StaleAfter"/>); never fails.
    /// A temporary still being written is never one: its writer holds an exclusive lock on it for as long as it is open
    /// (<see cref="Create"/>), however long its input has stalled (<c>predict --data -</c> waiting on a pipe), and a
    /// temporary we cannot lock is left alone.</summary>
    internal static void RemoveStale(string folder)
    {
        try
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (string path in Directory.EnumerateFiles(folder, ".lisor-*"))
            {
                string name = System.IO.Path.GetFileName(path);
                if (!IsOurs(name)) continue;
                var status = PathStatus.Of(path, follow: false);
                if (status.Kind != PathKind.Regular || now - status.ChangeSeconds <= StaleAfter.TotalSeconds) continue;
                if (name.EndsWith(".tmp", StringComparison.Ordinal)) RemoveUnlocked(path);
                else DeleteQuietly(path);   // a backup lives only for the instant of a commit (its link renews its change time)
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    // Deletes the temporary at path unless a writer holds it: opening it fails, or its lock cannot be taken (the runtime takes a
    // shared one on open where it can; ours is exclusive). The file is deleted while we hold the lock.
    private static void RemoveUnlocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (NativeStat.Available && !NativeStat.TryLock(probe.SafeFileHandle)) return;
            DeleteQuietly(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Deletes a file of ours if it is there; a failure to clean up never hides the real error.</summary>
    internal static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    // Six random hex digits. The name only has to differ from its neighbours' (a clash is caught by CreateNew and drawn
    // again), so Random.Shared serves: a cryptographic generator loaded OpenSSL (libssl and libcrypto) into every
    // process that wrote a file, a few milliseconds of a short run's start-up.
    private static string NewName(string kind) => $".lisor-{Random.Shared.Next(1 << 24):x6}.{kind}";
}
