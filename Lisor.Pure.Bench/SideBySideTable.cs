using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lisor.Pure.Bench;

/// <summary>
/// The Markdown table of sidebyside-extract.sh: one line per target, one column per method; a cell reads
/// "exact? (on non-empty strings; "ε wrong" when the answer on ε differs) · minimised states · fidelity on test · seconds · R runs". Of the paper's literal mode (several k) the
/// smallest exact k is shown, else the most faithful.
/// </summary>
internal static class SideBySideTable
{
    private sealed record Row(string Target, string Method, bool? Exact, bool? Epsilon, int? States, double? Fidelity, double? Seconds, long? Runs, string? Note);

    public static int Print(string path)
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            bool? Bool(string k) => r.TryGetProperty(k, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
            double? Num(string k) => r.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            string? Str(string k) => r.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            rows.Add(new Row(Str("target")!, Str("method")!, Bool("exact"), Bool("epsilon"), (int?)Num("states"), Num("fidelity"), Num("seconds"), (long?)Num("runs"), Str("note")));
        }
        var methods = rows.Select(r => r.Method.StartsWith("paper", StringComparison.Ordinal) ? "paper" : r.Method).Distinct().ToList();
        var sb = new StringBuilder();
        sb.Append("| target | ").Append(string.Join(" | ", methods)).Append(" |\n|---|").Append(string.Concat(methods.Select(_ => "---|"))).Append('\n');
        foreach (var target in rows.Select(r => r.Target).Distinct())
        {
            sb.Append("| ").Append(target);
            foreach (var method in methods)
            {
                var mine = rows.Where(r => r.Target == target && (r.Method == method || method == "paper" && r.Method.StartsWith("paper", StringComparison.Ordinal))).ToList();
                var pick = mine.FirstOrDefault(r => r.Exact == true) ?? mine.OrderByDescending(r => r.Fidelity ?? -1).FirstOrDefault();
                sb.Append(" | ").Append(pick is null ? "–" : Cell(pick));
            }
            sb.Append(" |\n");
        }
        var exactCounts = methods.Select(m => $"{m} {rows.Where(r => (r.Method == m || m == "paper" && r.Method.StartsWith("paper", StringComparison.Ordinal)) && r.Exact == true).Select(r => r.Target).Distinct().Count()}");
        sb.Append($"\nexact targets: {string.Join(", ", exactCounts)} (of {rows.Select(r => r.Target).Distinct().Count()})\n");
        Console.Write(sb.ToString());
        return 0;
    }

    private static string Cell(Row r)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string> { r.Exact switch { true => "**exact**", false => "no", null => "?" } + (r.Epsilon == false ? " (ε wrong)" : "") };
        if (r.States is int s) parts.Add($"{s} st");
        if (r.Fidelity is double f && !double.IsNaN(f)) parts.Add(f.ToString("0.000", c));
        if (r.Seconds is double sec) parts.Add(sec.ToString("0.00", c) + " s");
        if (r.Runs is long runs) parts.Add(runs >= 10_000 ? $"{runs / 1000}k runs" : $"{runs} runs");
        if (r.Note is not null) parts.Add(r.Note);
        return string.Join(" · ", parts);
    }
}
