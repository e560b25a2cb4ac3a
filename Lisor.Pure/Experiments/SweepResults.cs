using System.Globalization;
using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Experiments;

/// <summary>
/// results.csv of a sweep: one row per (cell, trial, method, k). Rows are appended as they are
/// finished, so an interrupted sweep resumes where it stopped; a torn last line is dropped on reading.
/// </summary>
internal sealed class SweepResults
{
    /// <summary>The header line of results.csv.</summary>
    public const string Header = "cell,trial,method,k,accuracy,fidelity,states,minimised_states,rnn_accuracy,seconds";

    private readonly List<SweepRow> _rows = [];
    private readonly HashSet<(string, int, string, int)> _keys = [];

    public IReadOnlyList<SweepRow> Rows => _rows;

    public bool Contains(string cell, int trial, string method, int k) => _keys.Contains((cell, trial, method, k));

    public void Add(SweepRow row)
    {
        if (_keys.Add((row.Cell, row.Trial, row.Method, row.K))) _rows.Add(row);
    }

    /// <summary>Reads results.csv if it exists (rows that do not parse — a torn last line — are dropped).</summary>
    public static SweepResults Load(string path)
    {
        var results = new SweepResults();
        if (!File.Exists(path)) return results;
        foreach (string line in File.ReadLines(path).Skip(1))
            if (TryParse(line, out var row)) results.Add(row);
        return results;
    }

    /// <summary>Writes all rows atomically (used once at start, to drop a torn line, and at the end).</summary>
    public void Save(string path)
        => AtomicFile.WriteText(path, w =>
        {
            w.WriteLine(Header);
            foreach (var row in _rows) w.WriteLine(Format(row));
        });

    /// <summary>Appends rows to an existing results.csv and flushes them to disk.</summary>
    public static void Append(string path, IEnumerable<SweepRow> rows)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var w = new StreamWriter(stream, new UTF8Encoding(false));
        foreach (var row in rows) w.WriteLine(Format(row));
        w.Flush();
        stream.Flush(flushToDisk: true);
    }

    public static string Format(SweepRow r) => string.Join(',',
        r.Cell, r.Trial.ToString(CultureInfo.InvariantCulture), r.Method, r.K.ToString(CultureInfo.InvariantCulture),
        F(r.Accuracy), r.Fidelity is double f ? F(f) : "", r.States.ToString(CultureInfo.InvariantCulture),
        r.MinimisedStates.ToString(CultureInfo.InvariantCulture), F(r.RnnAccuracy), r.Seconds.ToString("0.000", CultureInfo.InvariantCulture));

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    private static bool TryParse(string line, out SweepRow row)
    {
        row = null!;
        var f = line.Split(',');
        if (f.Length != 10) return false;
        var inv = CultureInfo.InvariantCulture;
        if (!int.TryParse(f[1], inv, out int trial) || !int.TryParse(f[3], inv, out int k)
            || !double.TryParse(f[4], inv, out double acc) || !int.TryParse(f[6], inv, out int states)
            || !int.TryParse(f[7], inv, out int minimised) || !double.TryParse(f[8], inv, out double rnn)
            || !double.TryParse(f[9], inv, out double seconds))
            return false;
        double? fidelity = f[5].Length == 0 ? null : double.TryParse(f[5], inv, out double fid) ? fid : null;
        row = new SweepRow(f[0], trial, f[2], k, acc, fidelity, states, minimised, rnn, seconds);
        return true;
    }

    /// <summary>Whether an FSA of this accuracy reaches <paramref name="target"/> (≥, up to 1e-12 of rounding).</summary>
    public static bool Reaches(double accuracy, double target) => accuracy >= target - 1e-12;

    /// <summary>
    /// The paper's table entry: the smallest k whose FSA reaches accuracy ≥ <paramref name="target"/>
    /// for (cell, trial, method), or <paramref name="maxClusters"/> + 1 when none does.
    /// </summary>
    public int SmallestK(string cell, int trial, string method, double target, int maxClusters)
    {
        int best = maxClusters + 1;
        foreach (var r in _rows)
            if (r.Cell == cell && r.Trial == trial && r.Method == method && r.K <= maxClusters
                && Reaches(r.Accuracy, target) && r.K < best)
                best = r.K;
        return best;
    }
}
