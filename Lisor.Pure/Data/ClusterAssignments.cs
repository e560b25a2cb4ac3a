using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// A clustering made anywhere (our `cluster --assignments`, scikit-learn's <c>labels_</c> saved with
/// <c>np.savetxt(F, labels, fmt="%d")</c>, Spark MLlib or faiss output): one line per point, in the points' order,
/// either <c>point-index&lt;TAB&gt;cluster</c> (indices 0, 1, 2, … in order) or the cluster id alone. Cluster ids are
/// whole numbers ≥ 0; k is the largest id + 1. Blank lines and lines starting with '#' are skipped. Errors name the
/// file and line.
/// </summary>
internal static class ClusterAssignments
{
    /// <summary>Reads the cluster id of each of <paramref name="points"/> points.</summary>
    public static int[] Read(string path, int points)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected an assignments file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such assignments file");
        var clusters = new List<int>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length > 2) throw new InputException(path, lineNumber, "expected '<point-index><TAB><cluster>' or '<cluster>'");
            if (fields.Length == 2 && (!int.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index != clusters.Count))
                throw new InputException(path, lineNumber, $"point index {Excerpt.Quoted(fields[0])} should be {clusters.Count} (one line per point, in the points' order)");
            string id = fields[^1].Trim();
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int c))
                throw new InputException(path, lineNumber, $"cluster {Excerpt.Quoted(id)} is not a whole number ≥ 0");
            if (c >= points) throw new InputException(path, lineNumber, $"cluster {c}: more clusters than the {points} points");
            clusters.Add(c);
        }
        if (clusters.Count != points)
            throw new InputException(path, lineNumber, $"holds {clusters.Count} assignments, but there are {points} hidden-state points");
        return clusters.ToArray();
    }
}
