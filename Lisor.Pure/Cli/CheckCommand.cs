using System.Diagnostics;
using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// `check`: runs every <see cref="ISelfCheck"/> in the engine (kernel paths against scalar references,
/// backward passes against finite differences) on this machine and prints one table row per check.
/// Exit code 1 if any check fails. JSON keys: checks, failed, seconds.
/// </summary>
internal sealed class CheckCommand : ICommand
{
    public string Name => "check";
    public string Summary => "check every kernel path and backward pass on this machine against its reference";
    public string Usage => "check [--area NAME]";
    public IReadOnlyList<OptionSpec> Options { get; } =
        [new("--area", "NAME", "all", "run only the checks of this area (e.g. kernels, cells)")];

    /// <summary>Every self-check in the engine, ordered by area then type name (listed here, not found by
    /// reflection, so a native AOT build keeps them; a test checks the list names every <see cref="ISelfCheck"/>).</summary>
    public static IReadOnlyList<ISelfCheck> Discover() =>
        new ISelfCheck[]
        {
            new Cells.CellsSelfCheck(), new Cells.Reference.ReferenceCellsSelfCheck(), new Clustering.Reference.ReferenceKMeansSelfCheck(),
            new Kernels.KernelSelfCheck(), new Training.NetworkSelfCheck(),
        }
            .OrderBy(c => c.Area, StringComparer.Ordinal).ThenBy(c => c.GetType().Name, StringComparer.Ordinal)
            .ToList();

    public int Run(ParsedOptions options, CommandContext context)
    {
        // "all" (the default) or one area, in any case as other choices are
        string area = options.Choice("--area", "all", ["all", .. Discover().Select(c => c.Area).Distinct()]);
        var checks = Discover().Where(c => area == "all" || c.Area == area).ToList();

        var clock = Stopwatch.StartNew();
        var rows = new List<SelfCheckResult>();
        foreach (var check in checks)
        {
            context.Progress($"checking {check.Area} ({check.GetType().Name})");
            try { rows.AddRange(check.Run()); }
            catch (Exception e)
            {
                // a check that crashes is a failed check, reported like the others
                rows.Add(new SelfCheckResult(check.Area, check.GetType().Name, "-", double.NaN, 0));
                context.Err.WriteLine(ErrorLine.Format($"{check.GetType().Name}: {e.GetType().Name}: {e.Message}"));
            }
        }
        context.EndProgress();
        double seconds = clock.Elapsed.TotalSeconds;
        int failed = rows.Count(r => !r.Pass);

        PrintTable(context.Out, rows);
        context.Out.WriteLine(failed == 0
            ? $"all {rows.Count} checks passed in {seconds:F1} s"
            : $"{failed} of {rows.Count} checks FAILED ({seconds:F1} s)");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["checks"] = rows.Count,
            ["failed"] = failed,
            ["seconds"] = Math.Round(seconds, 3),
        });
        return failed == 0 ? 0 : 1;
    }

    private static void PrintTable(TextWriter w, IReadOnlyList<SelfCheckResult> rows)
    {
        string[] header = ["area", "path", "size", "max error", "tolerance", "pass"];
        var cells = rows.Select(r => new[]
        {
            r.Area, r.Path, r.Size,
            r.MaxError.ToString("0.00E+00", CultureInfo.InvariantCulture),
            r.Tolerance.ToString("0.00E+00", CultureInfo.InvariantCulture),
            r.Pass ? "yes" : "NO",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] c) => string.Join("  ", c.Select((s, i) => i >= 3 ? s.PadLeft(widths[i]) : s.PadRight(widths[i]))).TrimEnd();
        w.WriteLine(Line(header));
        w.WriteLine(Line(widths.Select(x => new string('-', x)).ToArray()));
        foreach (var c in cells) w.WriteLine(Line(c));
    }
}
