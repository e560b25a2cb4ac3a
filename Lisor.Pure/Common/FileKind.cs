using System.Text;

namespace Lisor.Pure.Common;

/// <summary>
/// Recognises our own file kinds from their first bytes, so that a file given to the wrong option gets an
/// error that says what it is and what takes it (<c>classify --fsa model.lisor</c> → "this is a model file
/// (pass it to --model)"; a library caller reads "pass it to Model.Load") instead of a parse error deep inside it.
/// </summary>
internal static class FileKind
{
    /// <summary>What reads a model file, and an FSA file (the CLI names them by their options: <c>--model</c>, <c>--fsa</c>).</summary>
    public static readonly Setting ModelLoader = new("Model.Load"), FsaLoader = new("FsaJson.Load");

    /// <summary>What a file can be.</summary>
    public enum Kind { Other, Model, Fsa, Npy }

    /// <summary>
    /// The kind of <paramref name="path"/> by its first 256 bytes (<see cref="Kind.Other"/> when unreadable or unknown).
    /// Only a regular file is looked into: a pipe, FIFO, socket or device (<c>--data &lt;(grep … f.tsv)</c>, <c>/dev/stdin</c>)
    /// gives its bytes once, so reading its head here would take them from the reader that follows (and opening a FIFO
    /// without reading it can make its writer fail); such a path is <see cref="Kind.Other"/>, and its reader's own
    /// errors name it.
    /// </summary>
    public static Kind Of(string path)
    {
        if (PathStatus.Of(path, follow: true).Kind != PathKind.Regular) return Kind.Other;
        var head = new byte[256];
        int n;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Kind.Other; }
        var bytes = head.AsSpan(0, n);
        if (bytes.StartsWith("LISORMDL"u8)) return Kind.Model;
        if (IsNpy(bytes)) return Kind.Npy;
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{') && text.Contains("\"lisor-fsa\"", StringComparison.Ordinal)) return Kind.Fsa;
        return Kind.Other;
    }

    /// <summary>The first bytes of a NumPy .npy file: \x93NUMPY.</summary>
    public static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Whether <paramref name="head"/>, a file's first bytes, starts with <see cref="NpyMagic"/>.</summary>
    public static bool IsNpy(ReadOnlySpan<byte> head) => head.StartsWith(NpyMagic);

    /// <summary>Throws when <paramref name="path"/> is one of our files of another kind than <paramref name="expected"/>.</summary>
    /// <param name="path">The file as the user named it.</param>
    /// <param name="expected">What the option takes.</param>
    /// <param name="what">How the error calls the expected kind ("an FSA", "a sequence file", …).</param>
    public static void Require(string path, Kind expected, string what)
    {
        var kind = Of(path);
        if (kind == Kind.Other || kind == expected) return;
        throw new InputException(path, 0, name => kind switch
        {
            Kind.Model => $"this is a model file (pass it to {name(ModelLoader)}), not {what}",
            Kind.Fsa => $"this is an FSA file, lisor-fsa JSON (pass it to {name(FsaLoader)}), not {what}",
            _ => $"this is a NumPy .npy file of points, not {what}",
        });
    }
}
