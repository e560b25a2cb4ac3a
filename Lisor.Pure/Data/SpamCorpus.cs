using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// The real-text corpus shipped in the repository: data/spam/{train,valid,test}.tsv, SpamAssassin mails
/// labelled spam/ham (made by <see cref="SpamCorpusBuilder"/>; provenance and licence in data/README.md).
/// The program may run from any folder, so the files are found by walking up from the program's folder
/// (…/Lisor.Pure/bin/Release/net10.0/) and from the current folder to the first one holding data/spam.
/// </summary>
public static class SpamCorpus
{
    /// <summary>Where the splits live, relative to the repository root.</summary>
    public static readonly string RelativeFolder = Path.Combine("data", "spam");

    /// <summary>The three split files, in the order train, valid, test.</summary>
    public static readonly string[] SplitFiles = ["train.tsv", "valid.tsv", "test.tsv"];

    /// <summary>The folder holding the shipped splits; an <see cref="InputException"/> when there is none.</summary>
    public static string Locate()
        => TryLocate([AppContext.BaseDirectory, Directory.GetCurrentDirectory()])
           ?? throw new InputException(
               $"the shipped spam corpus ({RelativeFolder}/train.tsv, valid.tsv, test.tsv) was not found above " +
               $"'{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'; run from a clone of the repository");

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

    /// <summary>Copies the shipped splits to <paramref name="outDir"/> (atomically, file by file); returns the written paths.</summary>
    public static string[] CopySplits(string outDir)
    {
        string source = Locate();
        var written = new string[SplitFiles.Length];
        for (int k = 0; k < SplitFiles.Length; k++)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(source, SplitFiles[k]));
            written[k] = Path.Combine(outDir, SplitFiles[k]);
            AtomicFile.Write(written[k], s => s.Write(bytes));
        }
        return written;
    }
}
