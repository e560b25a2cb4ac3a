using System.Globalization;

namespace Lisor.Pure.Experiments;

/// <summary>One (cell, trial) entry of Table II or III: the smallest k whose FSA reaches the target, or null when no k up to the sweep's limit does ("never").</summary>
internal sealed record TrialOutcome(string Cell, int Trial, int? K);

/// <summary>
/// Summaries of smallest-k entries without placeholders: a mean ± standard deviation over the trials that
/// reach the target, and the trials that never do counted beside it (the paper averaged a placeholder,
/// 65 or 201, into its means; we do not).
/// </summary>
internal static class SmallestK
{
    /// <summary>The entries of one method of a sweep, one per (cell, trial).</summary>
    public static IReadOnlyList<TrialOutcome> Outcomes(SweepResults results, SweepOptions o, string method, double target)
    {
        var list = new List<TrialOutcome>();
        foreach (string cell in o.Cells)
            for (int trial = 1; trial <= o.Trials; trial++)
            {
                int k = results.SmallestK(cell, trial, method, target, o.MaxClusters);
                list.Add(new TrialOutcome(cell, trial, k <= o.MaxClusters ? k : null));
            }
        return list;
    }

    /// <summary>
    /// "m ± s" over the trials that reach the target (s: sample standard deviation, n − 1; "m" alone for one trial),
    /// then "(n never)" when some never do; "never (n of n)" when none does; "–" for no trials.
    /// </summary>
    public static string Summary(IEnumerable<int?> ks)
    {
        var all = ks.ToList();
        if (all.Count == 0) return "–";
        var reached = all.Where(k => k is not null).Select(k => (double)k!.Value).ToList();
        int never = all.Count - reached.Count;
        if (reached.Count == 0) return $"never ({never} of {all.Count})";
        double mean = reached.Average();
        string text = reached.Count == 1 ? F(mean) : $"{F(mean)} ± {F(StandardDeviation(reached))}";
        return never == 0 ? text : $"{text} ({never} never)";
    }

    /// <summary>The sample standard deviation (divisor n − 1; 0 for fewer than two values).</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average(), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary>The entries of <paramref name="outcomes"/> for one cell, in trial order.</summary>
    public static IEnumerable<int?> Of(IReadOnlyList<TrialOutcome> outcomes, string cell)
        => outcomes.Where(t => t.Cell == cell).OrderBy(t => t.Trial).Select(t => t.K);

    /// <summary>How many (cell, trial) entries two methods share exactly (both "never" counts as equal), and out of how many.</summary>
    public static (int Equal, int Total) Agreement(IReadOnlyList<TrialOutcome> a, IReadOnlyList<TrialOutcome> b)
    {
        var other = b.ToDictionary(t => (t.Cell, t.Trial), t => t.K);
        int equal = 0, total = 0;
        foreach (var t in a)
        {
            if (!other.TryGetValue((t.Cell, t.Trial), out int? k)) continue;
            total++;
            if (k == t.K) equal++;
        }
        return (equal, total);
    }

    private static string F(double x) => x.ToString("0.0", CultureInfo.InvariantCulture);
}
