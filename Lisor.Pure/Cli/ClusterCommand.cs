using System.Diagnostics;
using System.Globalization;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Cli;

/// <summary>`cluster`: k-means++ or k-means-x on points read from a .npy or CSV file (docs/cli.md).</summary>
internal sealed class ClusterCommand : ICommand
{
    public string Name => "cluster";
    public string Summary => "cluster points from a .npy or CSV file with k-means++ or k-means-x";
    public string Usage => "cluster --points FILE --clusters K [--method kmeans|kmeansx] [--sequences FILE] [--restarts R] "
                         + "[--max-iterations N] [--tolerance X] [--assignments OUT.tsv] [--centres OUT.npy]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--points", "FILE", null, "points: NumPy .npy (float32/float64, 2-D, C order) or CSV of numbers"),
        new("--clusters", "K", null, "number of clusters"),
        new("--method", "M", "kmeans", "kmeans (k-means++) or kmeansx (k-means-x, needs --sequences)"),
        new("--sequences", "FILE", null, "k-means-x: one 'sequence-index<TAB>step' line per point"),
        new("--restarts", "R", "1", "seedings tried; the lowest inertia is kept"),
        new("--max-iterations", "N", "300", "cap on Lloyd iterations"),
        new("--tolerance", "X", "0", "0: until no assignment changes; else stop when Σ‖Δc‖² ≤ X · mean variance"),
        new("--assignments", "OUT.tsv", null, "write 'point-index<TAB>cluster' per point (0-based)"),
        new("--centres", "OUT.npy", null, "write the centres [K, dim] as float32 .npy (hidden part for kmeansx)"),
    ];

    public int Run(ParsedOptions options, CommandContext context)
    {
        string pointsFile = options.Required("--points");
        int k = options.Int("--clusters", 0, min: 1);
        if (!options.Has("--clusters")) throw new InputException("missing required option '--clusters'");
        string method = options.Choice("--method", "kmeans", "kmeans", "kmeansx");
        var o = new KMeansOptions
        {
            Seed = context.Seed,
            Restarts = options.Int("--restarts", 1, min: 1, max: 10_000),
            MaxIterations = options.Int("--max-iterations", 300, min: 1),
            Tolerance = options.Double("--tolerance", 0, min: 0),
        };
        string? sequencesFile = options.String("--sequences");
        // the option at fault is named first, as every usage error does: the missing one, or the one nothing would read
        if (method == "kmeansx" && sequencesFile is null)
            throw new InputException("missing required option '--sequences' (--method kmeansx reads each point's sequence and step from it)");
        if (method == "kmeans" && sequencesFile is not null)
            throw new InputException("option '--sequences' applies to --method kmeansx only, not kmeans");

        string? assignmentsFile = options.String("--assignments"), centresFile = options.String("--centres");
        var plan = new OutputPlan().Input(pointsFile, "--points").Input(sequencesFile, "--sequences")
            .Output(assignmentsFile, "--assignments").Output(centresFile, "--centres");
        plan.Check();

        var (points, n, dim) = ReadPoints(pointsFile);
        if (n == 0) throw new InputException(pointsFile, 0, "holds no points");
        int[]? sequence = null, step = null;
        if (sequencesFile is not null)
        {
            (sequence, step) = PointSequences.Read(sequencesFile);
            if (sequence.Length != n)
                throw new InputException(sequencesFile, 0, $"has {sequence.Length} points, but {pointsFile} has {n}");
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        KMeansResult result;
        try
        {
            result = method == "kmeans"
                ? KMeans.Fit(points, n, dim, k, o)
                : KMeansX.Fit(points, n, dim, sequence!, step!, k, o);
        }
        catch (ArgumentException e) { throw new InputException(pointsFile, 0, ErrorLine.WithoutParameter(e)); }
        double seconds = watch.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        plan.Commit(() =>
        {
            if (assignmentsFile is not null)
                AtomicFile.WriteText(assignmentsFile, w =>
                {
                    for (int i = 0; i < n; i++)
                        w.Write($"{i.ToString(CultureInfo.InvariantCulture)}\t{result.Assignments[i].ToString(CultureInfo.InvariantCulture)}\n");
                });
            if (centresFile is not null) Npy.Write(centresFile, result.Centres, k, dim);
        });

        if (!context.Json)
        {
            context.Out.WriteLine($"{method}: {n} points × {dim} dims → {Counted.Of(k, "cluster")} in {Counted.Of(result.Iterations, "iteration")}, "
                + $"inertia {result.Inertia.ToString("G9", CultureInfo.InvariantCulture)}, {seconds:F3} s");
            context.Out.WriteLine($"cluster sizes: {string.Join(' ', result.Sizes())}");
        }
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["method"] = method, ["points"] = n, ["dim"] = dim, ["clusters"] = k,
            ["inertia"] = result.Inertia, ["iterations"] = result.Iterations, ["seconds"] = seconds, ["cpu_seconds"] = cpuSeconds,
        });
        return 0;
    }

    /// <summary>
    /// Points from a .npy file (named .npy, or starting with its magic \x93NUMPY) or else a CSV file. A pipe, FIFO or
    /// device (<c>--points &lt;(zcat p.npy.gz)</c>) gives its bytes once: they are read into memory, then looked at.
    /// </summary>
    public static (float[] Values, int Rows, int Cols) ReadPoints(string path)
    {
        if (PathStatus.Of(path, follow: true).Kind is PathKind.CharDevice or PathKind.Fifo or PathKind.Socket or PathKind.BlockDevice)
        {
            var bytes = new MemoryStream();
            using (var input = new FileStream(path, FileMode.Open, FileAccess.Read)) input.CopyTo(bytes);
            bytes.Position = 0;
            if (FileKind.IsNpy(bytes.GetBuffer().AsSpan(0, (int)bytes.Length))) return Npy.Read(bytes, path);
            using var text = new StreamReader(bytes);
            return PointsCsv.Read(text, path);
        }
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || FileKind.Of(path) == FileKind.Kind.Npy
            ? Npy.Read(path) : PointsCsv.Read(path);
    }
}
