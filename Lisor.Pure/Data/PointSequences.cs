using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// The k-means-x position file: one line per point, <c>sequence-index&lt;TAB&gt;step</c> (whole numbers,
/// index ≥ 0, step ≥ 1 counting the positions 1 … T of the sequence), in the points' order. Blank
/// lines and lines starting with '#' are skipped. Errors name the file and line.
/// </summary>
internal static class PointSequences
{
    /// <summary>Reads the sequence index and step of every point.</summary>
    public static (int[] SequenceIndex, int[] Step) Read(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a sequences file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        var sequence = new List<int>();
        var step = new List<int>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length != 2) throw new InputException(path, lineNumber, "expected '<sequence-index><TAB><step>'");
            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int s))
                throw new InputException(path, lineNumber, $"sequence index {Excerpt.Quoted(fields[0])} is not a whole number ≥ 0");
            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int j) || j < 1)
                throw new InputException(path, lineNumber, $"step {Excerpt.Quoted(fields[1])} is not a whole number ≥ 1");
            sequence.Add(s); step.Add(j);
        }
        return (sequence.ToArray(), step.ToArray());
    }

    /// <summary>Writes the file (used by `extract --save-points`), atomically.</summary>
    public static void Write(string path, ReadOnlySpan<int> sequenceIndex, ReadOnlySpan<int> step)
    {
        if (sequenceIndex.Length != step.Length) throw new ArgumentException("one step per sequence index expected");
        var s = sequenceIndex.ToArray();
        var j = step.ToArray();
        AtomicFile.WriteText(path, w =>
        {
            for (int i = 0; i < s.Length; i++) w.Write($"{s[i].ToString(CultureInfo.InvariantCulture)}\t{j[i].ToString(CultureInfo.InvariantCulture)}\n");
        });
    }
}
