using System.Runtime.InteropServices;

namespace Lisor.Pure.Common;

/// <summary>
/// The one place Lisor.Pure calls native code outside the kernels: <c>stat</c> and <c>lstat</c> on Unix,
/// <c>access</c> to find an output's folder unwritable or an input unreadable before any work, <c>fchown</c> (from the C
/// library) to give a replaced file's owner to its successor, <c>flock</c> to mark a temporary file as being written, and <c>link</c> for the hard-link backups
/// of <see cref="OutputTransaction"/>. .NET has no managed way
/// to tell a character device, FIFO or socket from a regular file, nor to read a file's device and
/// inode numbers (its identity: two paths name the same file exactly when these agree). We call the
/// runtime's own shim (libSystem.Native, shipped with every .NET runtime on Linux and macOS), whose
/// <c>FileStatus</c> record has the same layout on every Unix. The layout is internal to .NET, so it is
/// checked once against a file whose facts we know; if the check fails, or on Windows, or when the shim
/// cannot be loaded, <see cref="Available"/> is false and <see cref="PathStatus"/> falls back to managed
/// calls (no device detection — Windows has no such files — and identity by resolved full path).
/// </summary>
internal static class NativeStat
{
    /// <summary>File types as <c>st_mode &amp; S_IFMT</c> in the shim's own (portable) encoding.</summary>
    internal const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000,
                       BlockDevice = 0x6000, Regular = 0x8000, Symlink = 0xA000, Socket = 0xC000;

    /// <summary>What <c>stat</c> tells about one path (only the fields we use are read).</summary>
    internal readonly record struct Info(int Type, long Device, long Inode, long Size, long ChangeSeconds, long ModifySeconds,
        int Permissions = 0, uint Uid = 0, uint Gid = 0);

    /// <summary>The permission bits <see cref="Info.Permissions"/> keeps: read, write and execute for owner, group and others.</summary>
    internal const int PermissionMask = 0x1FF;   // 0777

    // The shim's FileStatus (dotnet/runtime, src/native/libs/System.Native/pal_io.h), field for field.
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
        public uint UserFlags;
    }

    private const string Shim = "libSystem.Native";

    [DllImport(Shim, EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int StatFollow(string path, out FileStatus status);

    [DllImport(Shim, EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int StatNoFollow(string path, out FileStatus status);

    [DllImport(Shim, EntryPoint = "SystemNative_Access", SetLastError = true)]
    private static extern int AccessNative(string path, int mode);

    // The shim's access modes (pal_io.h: PAL_X_OK = 1, PAL_W_OK = 2, PAL_R_OK = 4), translated by it to the system's.
    private const int CanSearch = 1, CanWrite = 2, CanRead = 4;

    [DllImport(Shim, EntryPoint = "SystemNative_Link", SetLastError = true)]
    private static extern int LinkNative(string source, string link);

    private static readonly Lazy<bool> Checked = new(SelfTest);

    /// <summary>True when the shim loaded and its answers agree with what managed code knows.</summary>
    internal static bool Available => Checked.Value;

    /// <summary>
    /// <c>stat</c> (<paramref name="follow"/>: through symbolic links) or <c>lstat</c>. Returns false with
    /// the OS error number when the call fails (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES …).
    /// </summary>
    internal static bool TryStat(string path, bool follow, out Info info, out int errno)
    {
        int rc = follow ? StatFollow(path, out var s) : StatNoFollow(path, out s);
        if (rc != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            info = default;
            return false;
        }
        errno = 0;
        info = new Info(s.Mode & TypeMask, s.Dev, s.Ino, s.Size, s.CTime, s.MTime, s.Mode & PermissionMask, s.Uid, s.Gid);
        return true;
    }

    /// <summary>
    /// Whether this process may create files in the folder <paramref name="dir"/> (<c>access(dir, W_OK | X_OK)</c>): 0 when
    /// it may, else the error number (EROFS on a read-only file system, EACCES without permission); 0 too when the shim is
    /// not <see cref="Available"/> (Windows), where the write itself says so.
    /// </summary>
    internal static int CannotWriteIn(string dir)
        => ReadOnlyForTests?.Invoke(dir) is int errno and not 0 ? errno
         : !Available || AccessNative(dir, CanWrite | CanSearch) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// Whether this process may read <paramref name="path"/> (<c>access(path, R_OK)</c>, through symbolic links): 0 when it
    /// may, else the error number (EACCES without permission); 0 too when the shim is not <see cref="Available"/>, where
    /// opening the file says so.
    /// </summary>
    internal static int CannotRead(string path)
        => UnreadableForTests?.Invoke(path) is int errno and not 0 ? errno
         : !Available || AccessNative(path, CanRead) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// Tests only: files <see cref="CannotRead"/> reports unreadable (the error number, else 0), where the test's process can
    /// make none so (root without a way to run a child as another user, Windows).
    /// </summary>
    internal static Func<string, int>? UnreadableForTests;

    /// <summary>
    /// Tests only: folders <see cref="CannotWriteIn"/> and files <see cref="CannotWrite"/> report unwritable (the error number,
    /// else 0), where the test's process can make none so (root without mount or another user, Windows).
    /// </summary>
    internal static Func<string, int>? ReadOnlyForTests;

    /// <summary>
    /// Whether this process may write the existing file <paramref name="path"/> itself (<c>access(path, W_OK)</c>, through
    /// symbolic links): 0 when it may, else the error number; 0 too when the shim is not <see cref="Available"/>.
    /// </summary>
    internal static int CannotWrite(string path)
        => ReadOnlyForTests?.Invoke(path) is int errno and not 0 ? errno
         : !Available || AccessNative(path, CanWrite) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [DllImport(Shim, EntryPoint = "SystemNative_FLock", SetLastError = true)]
    private static extern int FLockNative(IntPtr fd, int operation);

    // The shim's flock operations (pal_io.h: PAL_LOCK_EX = 2, PAL_LOCK_NB = 4).
    private const int LockExclusive = 2, LockNoWait = 4;

    /// <summary>
    /// Takes an exclusive advisory lock (<c>flock(LOCK_EX | LOCK_NB)</c>) on the open file <paramref name="file"/>: true when
    /// taken (or already held through this handle), false when another open of the file holds a lock, or when not possible
    /// here. The lock lasts until the handle is closed.
    /// </summary>
    internal static bool TryLock(Microsoft.Win32.SafeHandles.SafeFileHandle file)
        => Available && FLockNative(file.DangerousGetHandle(), LockExclusive | LockNoWait) == 0;

    // The runtime's shim has no chown; the C library's fchown is the same on Linux and macOS.
    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int FChownNative(int fd, uint uid, uint gid);

    /// <summary>
    /// Gives the open file <paramref name="file"/> the owner and group <paramref name="uid"/>, <paramref name="gid"/>
    /// (<c>fchown</c>); false when not allowed (only root may give a file away; an owner may pick one of its groups) or not
    /// possible here.
    /// </summary>
    internal static bool TryChown(Microsoft.Win32.SafeHandles.SafeFileHandle file, uint uid, uint gid)
    {
        if (!Available) return false;
        try { return FChownNative((int)file.DangerousGetHandle(), uid, gid) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>A hard link <paramref name="link"/> to <paramref name="source"/>; false when not possible here.</summary>
    internal static bool TryLink(string source, string link) => Available && LinkNative(source, link) == 0;

    /// <summary>The operating system's text for an error number (e.g. "Too many levels of symbolic links").</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>The running executable (the <c>dotnet</c> host, the app host or the native binary) is a
    /// regular file of known length; its folder is a directory.</summary>
    private static bool SelfTest()
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            // Not our assembly's Location: a native or single-file build has none.
            string? process = Environment.ProcessPath;
            if (string.IsNullOrEmpty(process)) return false;
            string file = File.ResolveLinkTarget(process, returnFinalTarget: true)?.FullName ?? process;
            string? dir = Path.GetDirectoryName(file);
            return dir is not null
                && TryStat(file, true, out var f, out _) && f.Type == Regular && f.Size == new FileInfo(file).Length && f.Inode != 0
                && TryStat(dir, true, out var d, out _) && d.Type == Directory && d.Device == f.Device;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
