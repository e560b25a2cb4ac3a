namespace Lisor.Pure.Common;

/// <summary>What a path names, as far as writing a file there is concerned.</summary>
internal enum PathKind { Missing, Regular, Directory, Symlink, CharDevice, BlockDevice, Fifo, Socket, Other, NotADirectory, Error }

/// <summary>
/// The type and identity of the file a path names. <see cref="Identity"/> is the same string for two paths
/// exactly when they name the same file: "device:inode" on Unix (so hard links and symbolic links count),
/// the resolved full path elsewhere. Uses <see cref="NativeStat"/> when it is available, else managed calls.
/// </summary>
internal readonly record struct PathStatus(PathKind Kind, string? Identity, string? Error, long ChangeSeconds)
{
    private const int ENOENT = 2, ENOTDIR = 20;

    /// <summary>The status of <paramref name="path"/>, through symbolic links when <paramref name="follow"/>.</summary>
    public static PathStatus Of(string path, bool follow)
        => NativeStat.Available ? Native(path, follow) : Managed(path, follow);

    /// <summary>"a character device", "a FIFO" … for error lines.</summary>
    public static string Describe(PathKind kind) => kind switch
    {
        PathKind.Regular => "a regular file",
        PathKind.Directory => "a folder",
        PathKind.Symlink => "a symbolic link",
        PathKind.CharDevice => "a character device",
        PathKind.BlockDevice => "a block device",
        PathKind.Fifo => "a FIFO (named pipe)",
        PathKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static PathStatus Native(string path, bool follow)
    {
        if (!NativeStat.TryStat(path, follow, out var s, out int errno))
            return errno switch
            {
                ENOENT => new(PathKind.Missing, null, null, 0),
                ENOTDIR => new(PathKind.NotADirectory, null, NativeStat.Describe(errno), 0),
                _ => new(PathKind.Error, null, NativeStat.Describe(errno), 0),
            };
        var kind = s.Type switch
        {
            NativeStat.Regular => PathKind.Regular,
            NativeStat.Directory => PathKind.Directory,
            NativeStat.Symlink => PathKind.Symlink,
            NativeStat.CharDevice => PathKind.CharDevice,
            NativeStat.BlockDevice => PathKind.BlockDevice,
            NativeStat.Fifo => PathKind.Fifo,
            NativeStat.Socket => PathKind.Socket,
            _ => PathKind.Other,
        };
        return new(kind, $"{s.Device}:{s.Inode}", null, Math.Max(s.ChangeSeconds, s.ModifySeconds));
    }

    private static PathStatus Managed(string path, bool follow)
    {
        try
        {
            string full = Path.GetFullPath(path);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                if (!follow) return new(PathKind.Symlink, Key(full), null, 0);
                var target = File.ResolveLinkTarget(full, returnFinalTarget: true);
                if (target is null || !target.Exists && !Directory.Exists(target.FullName)) return new(PathKind.Missing, null, null, 0);
                full = target.FullName;
            }
            if (Directory.Exists(full)) return new(PathKind.Directory, Key(full), null, 0);
            if (File.Exists(full))
                return new(PathKind.Regular, Key(full), null, new DateTimeOffset(File.GetLastWriteTimeUtc(full)).ToUnixTimeSeconds());
            return new(PathKind.Missing, null, null, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new(PathKind.Error, null, e.Message, 0);
        }
    }

    private static string Key(string full)
        => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? full.ToUpperInvariant() : full;
}
