using System.Security.Cryptography;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>Every file under a folder (hidden temporaries included) with its length and SHA-256, to prove nothing was written.</summary>
public sealed record FolderSnapshot(IReadOnlyDictionary<string, string> Files)
{
    public static FolderSnapshot Of(params string[] dirs)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in dirs)
            foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
                files[path] = Directory.Exists(path) ? "<dir>" : $"{new FileInfo(path).Length}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}";
        return new FolderSnapshot(files);
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
