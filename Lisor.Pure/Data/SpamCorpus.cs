using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// The real-text corpus shipped in the repository: data/spam/{train,valid,test}.tsv, SpamAssassin mails
/// labelled spam/ham (made by <see cref="SpamCorpusBuilder"/>; provenance and licence in data/README.md).
/// In a clone, the files are found by walking up from the program's folder (…/Lisor.Pure/bin/Release/net10.0/)
/// and from the current folder to the first one holding data/spam. Everywhere else (an installed tool, a
/// native binary) the copy embedded in the assembly at build time is used: the same bytes.
/// </summary>
internal static class SpamCorpus
{
    /// <summary>Where the splits live, relative to the repository root.</summary>
    public static readonly string RelativeFolder = Path.Combine("data", "spam");

    /// <summary>The three split files, in the order train, valid, test.</summary>
    public static readonly string[] SplitFiles = ["train.tsv", "valid.tsv", "test.tsv"];

    /// <summary>
    /// The folder holding the shipped splits: data/spam of a clone when the program runs from one, else a
    /// folder under the temporary folder where the embedded copy is written once (per version).
    /// </summary>
    public static string Locate() => Locate([AppContext.BaseDirectory, Directory.GetCurrentDirectory()]);

    /// <summary><see cref="Locate()"/>, looking for a clone above <paramref name="startFolders"/>.</summary>
    internal static string Locate(IEnumerable<string> startFolders) => Locate(startFolders, Path.GetTempPath());

    /// <summary><see cref="Locate(IEnumerable{string})"/> with the embedded copy kept under <paramref name="cacheRoot"/>.</summary>
    internal static string Locate(IEnumerable<string> startFolders, string cacheRoot)
    {
        if (TryLocate(startFolders) is string folder) return folder;
        string cache = Path.Combine(cacheRoot, $"lisor-spam-{Cli.CommandLine.Version}");
        foreach (var name in SplitFiles)
        {
            byte[] bytes = Embedded(name);
            string path = Path.Combine(cache, name);
            // compared byte for byte, not by length: the temporary folder is shared, and an edited copy must not pass for the corpus
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) AtomicFile.Write(path, s => s.Write(bytes));
        }
        return cache;
    }

    /// <summary>The bytes of a shipped file (a split, LICENSE or NOTICE) as embedded in the assembly.</summary>
    public static byte[] Embedded(string name)
    {
        using var stream = typeof(SpamCorpus).Assembly.GetManifestResourceStream("spam/" + name)
            ?? throw new InvalidOperationException($"the assembly holds no embedded spam/{name}");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The first data/spam folder holding all three splits above (or in) one of <paramref name="startFolders"/>.</summary>
    public static string? TryLocate(IEnumerable<string> startFolders)
    {
        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativeFolder);
                if (SplitFiles.All(f => File.Exists(Path.Combine(candidate, f)))) return candidate;
            }
        }
        return null;
    }

    /// <summary>Copies the shipped splits (a clone's data/spam, else the embedded copy) to <paramref name="outDir"/>
    /// (atomically, file by file); returns the written paths.</summary>
    public static string[] CopySplits(string outDir)
    {
        string? source = TryLocate([AppContext.BaseDirectory, Directory.GetCurrentDirectory()]);
        var written = new string[SplitFiles.Length];
        for (int k = 0; k < SplitFiles.Length; k++)
        {
            byte[] bytes = source is null ? Embedded(SplitFiles[k]) : File.ReadAllBytes(Path.Combine(source, SplitFiles[k]));
            written[k] = Path.Combine(outDir, SplitFiles[k]);
            AtomicFile.Write(written[k], s => s.Write(bytes));
        }
        return written;
    }
}
