using System.Text;

namespace Lisor.Pure.Common;

/// <summary>One output path checked against <see cref="OutputPolicy"/>: where its bytes go, which folders
/// must be made first, and its identity key (equal keys ⇔ the same file).</summary>
internal sealed record ResolvedOutput(string Path, string? Option, string WritePath, string Key, IReadOnlyList<string> FoldersToCreate);

/// <summary>
/// Which paths Lisor.Pure will write to. An output must be a regular file or not exist yet:
/// <list type="bullet">
/// <item>a character or block device, FIFO, socket or folder is refused (bad input, exit 2) — we never
/// replace what is not ours; so is a read-only file (no write permission bit, or none for this process);</item>
/// <item>a symbolic link is followed: the file it finally points to is replaced (the link stays), after
/// the same checks on that file; a link to nothing, a loop, or a link to a device is refused;</item>
/// <item>its folder must exist or be creatable: every missing ancestor is made at commit time, and an
/// ancestor that is a file, a link loop or unreadable is refused up front;</item>
/// <item>its name must fit in 255 bytes (temporary names are short, so every legal name is writable);</item>
/// <item>the folder its temporary file goes to (its own, or the first that exists above a missing one) must take new
/// files: a read-only file system or a folder without write permission is refused up front, not after the work.</item>
/// </list>
/// Inputs are only identified (see <see cref="InputKey"/>); <see cref="OutputPlan"/> uses the keys to
/// refuse an output that is an input or another output.
/// </summary>
internal static class OutputPolicy
{
    /// <summary>The longest file name (one path component) most file systems take, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Checks that <paramref name="path"/> may be written; throws <see cref="InputException"/> if not.</summary>
    public static void Check(string path, string? option = null) => Resolve(path, option);

    internal static ResolvedOutput Resolve(string path, string? option)
    {
        var output = ResolvePath(path, option);
        // the folder that will hold the temporary file and the rename: the output's own, or the first that exists above it
        string? folder = output.FoldersToCreate.Count > 0
            ? System.IO.Path.GetDirectoryName(output.FoldersToCreate[0])
            : System.IO.Path.GetDirectoryName(output.WritePath);
        if (folder is not null && NativeStat.CannotWriteIn(folder) is int errno and not 0)
            throw Refuse(path, option, $"cannot be written: folder '{folder}': {NativeStat.Describe(errno)}");
        return output;
    }

    private static ResolvedOutput ResolvePath(string path, string? option)
    {
        if (string.IsNullOrEmpty(path)) throw Refuse(path, option, "is an empty file name");
        if (path.EndsWith(System.IO.Path.DirectorySeparatorChar) || path.EndsWith(System.IO.Path.AltDirectorySeparatorChar))
            throw Refuse(path, option, "names a folder, expected a file name");
        string full;
        try { full = System.IO.Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refuse(path, option, "is not a valid file name");
        }
        string name = System.IO.Path.GetFileName(full);
        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            throw Refuse(path, option, $"has a file name longer than {MaxNameBytes} bytes");

        var status = PathStatus.Of(full, follow: false);
        switch (status.Kind)
        {
            case PathKind.Regular:
                RefuseReadOnly(path, option, full);
                return new ResolvedOutput(path, option, full, status.Identity!, []);
            case PathKind.Missing:
            case PathKind.NotADirectory:
                return Missing(path, option, full);
            case PathKind.Symlink:
                return ThroughLink(path, option, full);
            case PathKind.Directory:
                throw Refuse(path, option, "is a folder, expected a file name");
            case PathKind.Error:
                throw Refuse(path, option, $"cannot be used: {status.Error}");
            default:
                throw Refuse(path, option, $"is {PathStatus.Describe(status.Kind)}, not a regular file; refusing to replace it");
        }
    }

    /// <summary>
    /// An existing file that is read-only is not replaced, as <c>cp</c> would not write it: one without any write permission
    /// bit (0444, which root could write), or one this process may not write (another user's file in a shared folder; the
    /// rename would replace it all the same, and make it ours).
    /// </summary>
    private static void RefuseReadOnly(string path, string? option, string file)
    {
        if (!NativeStat.Available || !NativeStat.TryStat(file, follow: true, out var info, out _)) return;
        if ((info.Permissions & 0x92) == 0)   // no w for owner, group or others (0222)
            throw Refuse(path, option, $"is read-only (mode {Convert.ToString(info.Permissions, 8).PadLeft(4, '0')}); refusing to replace it");
        if (NativeStat.CannotWrite(file) is int errno and not 0)
            throw Refuse(path, option, $"cannot be written: {NativeStat.Describe(errno)}; refusing to replace it");
    }

    /// <summary>The identity of an existing input (null when it does not exist: its loader says so).
    /// A path that cannot be looked at (a link loop, no permission on a folder above it) or read (no read permission on
    /// the file itself) is refused here, so every input of every command is named the same way, before any work.</summary>
    internal static string? InputKey(string path, string? option)
    {
        string full;
        try { full = System.IO.Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refuse(path, option, "is not a valid file name");
        }
        var status = PathStatus.Of(full, follow: true);
        return status.Kind switch
        {
            PathKind.Missing or PathKind.NotADirectory => null,
            PathKind.Error => throw Refuse(path, option, $"cannot be read: {status.Error}"),
            _ when NativeStat.CannotRead(full) is int errno and not 0 => throw Refuse(path, option, $"cannot be read: {NativeStat.Describe(errno)}"),
            _ => status.Identity,
        };
    }

    /// <summary>The error for <paramref name="path"/> given as <paramref name="option"/> (or as a file when no option).</summary>
    internal static InputException Refuse(string path, string? option, string problem)
        => option is null ? new InputException(path, 0, problem) : new InputException($"option '{option}': '{path}' {problem}");

    private static ResolvedOutput ThroughLink(string path, string? option, string full)
    {
        var target = PathStatus.Of(full, follow: true);
        switch (target.Kind)
        {
            case PathKind.Regular:
                string final = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
                RefuseReadOnly(path, option, final);
                return new ResolvedOutput(path, option, System.IO.Path.GetFullPath(final), target.Identity!, []);
            case PathKind.Missing:
            case PathKind.NotADirectory:
                throw Refuse(path, option, "is a symbolic link to nothing; refusing to follow it");
            case PathKind.Error:
                throw Refuse(path, option, $"is a symbolic link that cannot be followed: {target.Error}");
            default:
                throw Refuse(path, option, $"is a symbolic link to {PathStatus.Describe(target.Kind)}; refusing to replace it");
        }
    }

    /// <summary>A file that does not exist yet: walk up to the first existing folder; every ancestor on the
    /// way will be created. Its key is that folder's identity plus the rest of the path.</summary>
    private static ResolvedOutput Missing(string path, string? option, string full)
    {
        var create = new List<string>();
        var rest = new List<string> { System.IO.Path.GetFileName(full) };
        string? dir = System.IO.Path.GetDirectoryName(full);
        while (dir is not null)
        {
            var status = PathStatus.Of(dir, follow: true);
            switch (status.Kind)
            {
                case PathKind.Directory:
                    create.Reverse();
                    rest.Reverse();
                    return new ResolvedOutput(path, option, full, status.Identity + "/" + string.Join('/', rest), create);
                case PathKind.Missing:
                case PathKind.NotADirectory:
                    if (PathStatus.Of(dir, follow: false).Kind == PathKind.Symlink)
                        throw Refuse(path, option, $"cannot be written: '{dir}' is a symbolic link to nothing");
                    create.Add(dir);
                    rest.Add(System.IO.Path.GetFileName(dir));
                    dir = System.IO.Path.GetDirectoryName(dir);
                    break;
                case PathKind.Error:
                    throw Refuse(path, option, $"cannot be written: '{dir}': {status.Error}");
                default:
                    throw Refuse(path, option, $"cannot be written: '{dir}' is {PathStatus.Describe(status.Kind)}, not a folder");
            }
        }
        throw Refuse(path, option, "has no folder that exists");
    }
}
