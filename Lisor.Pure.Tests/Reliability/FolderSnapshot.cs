using System.Security.Cryptography;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>Every file under a folder (hidden temporaries included) with its length and SHA-256, to prove nothing was written.
/// Devices, FIFOs and sockets are recorded by kind and identity, never opened (reading a FIFO would block);
/// a symbolic link is recorded as its target.</summary>
public sealed record FolderSnapshot(IReadOnlyDictionary<string, string> Files)
{
    public static FolderSnapshot Of(params string[] dirs)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in dirs)
            foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
                files[path] = Describe(path);
        return new FolderSnapshot(files);
    }

    private static string Describe(string path)
    {
        var status = PathStatus.Of(path, follow: false);
        return status.Kind switch
        {
            PathKind.Regular => $"{new FileInfo(path).Length}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}",
            PathKind.Directory => "<dir>",
            PathKind.Symlink => $"<link to {new FileInfo(path).LinkTarget}>",
            _ => $"<{PathStatus.Describe(status.Kind)} {status.Identity}>",
        };
    }

    /// <summary>What differs between this snapshot and <paramref name="after"/> (empty when nothing changed).</summary>
    public List<string> Differences(FolderSnapshot after)
    {
        var diff = new List<string>();
        foreach (var (path, v) in Files)
            if (!after.Files.TryGetValue(path, out var w)) diff.Add($"removed {path}");
            else if (v != w) diff.Add($"changed {path}");
        foreach (var path in after.Files.Keys)
            if (!Files.ContainsKey(path)) diff.Add($"created {path}");
        return diff;
    }
}
