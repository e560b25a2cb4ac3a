using System.Diagnostics;
using System.Globalization;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cli;

/// <summary>
/// `bench kmeans`: one k-means++ (or k-means-x) fit on generated points shaped like RNN hidden
/// states — 32 overlapping Gaussian sources (centres ~ N(0, 1), noise sd 1) through tanh, as the
/// scikit-learn peer script makes them. Throughput = points × Lloyd iterations per second (the
/// seeding time is included in the seconds). A small fit (three blocks of points) first warms the JIT up. With --data FILE.npy
/// (or CSV) the points come from the file instead, so peers can be timed on the very same data.
/// </summary>
internal sealed class KMeansBenchmark : IBenchmark
{
    public string Name => "kmeans";
    public string Summary => "k-means++/k-means-x fit on generated tanh-Gaussian blobs";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--points", "N", "100000", "number of points generated (not with --data)"),
        new("--data", "FILE", null, "cluster the points of this .npy/CSV file instead of generated ones"),
        new("--dim", "D", "64", "dimensions per generated point (not with --data)"),
        new("--clusters", "K", "16", "number of clusters"),
        new("--method", "M", "kmeans", "kmeans or kmeansx"),
        new("--steps", "T", "20", "kmeansx: points per sequence (sequences = N / T)"),
        new("--max-iterations", "N", "300", "cap on Lloyd iterations"),
        new("--tolerance", "X", "0", "shift tolerance (0: until no assignment changes)"),
    ];

    public IReadOnlyDictionary<string, object?> Details { get; private set; } = new Dictionary<string, object?>();

    public (double PerSecond, double Seconds, string Unit) Run(ParsedOptions options, CommandContext context)
    {
        // with --data the file gives the points and their dimension: a --points or --dim would be ignored, so it is refused
        // (as an option of another benchmark is)
        foreach (string generated in (string[])["--points", "--dim"])
            if (options.Has("--data") && options.Has(generated))
                throw new InputException($"bench kmeans: option '{generated}' does not apply with --data (the file gives the points)");
        int n = options.Int("--points", 100_000, min: 1, max: 100_000_000);
        int dim = options.Int("--dim", 64, min: 1, max: 100_000);
        float[] points;
        string? file = options.String("--data");
        if (file is not null) (points, n, dim) = ClusterCommand.ReadPoints(file);
        else points = Blobs(n, dim, context.NewRng());
        int k = options.Int("--clusters", 16, min: 1, max: n);
        string method = options.Choice("--method", "kmeans", "kmeans", "kmeansx");
        int steps = options.Int("--steps", 20, min: 1);
        var o = new KMeansOptions
        {
            Seed = context.Seed,
            MaxIterations = options.Int("--max-iterations", 300, min: 1),
            Tolerance = options.Double("--tolerance", 0, min: 0),
        };
        var sequence = new int[n];
        var step = new int[n];
        for (int i = 0; i < n; i++) { sequence[i] = i / steps; step[i] = i % steps + 1; }

        // The warm-up fit takes a prefix copy; the timed one the caller's arrays themselves (no copy timed). Points the
        // fit refuses (NaN, a value too large) are bad input in a --data file, named as `cluster` names them.
        KMeansResult Fit(int count)
        {
            float[] x = count == n ? points : points[..(count * dim)];
            int[] seq = count == n ? sequence : sequence[..count], st = count == n ? step : step[..count];
            try
            {
                return method == "kmeans"
                    ? KMeans.Fit(x, count, dim, Math.Min(k, count), o)
                    : KMeansX.Fit(x, count, dim, seq, st, Math.Min(k, count), o);
            }
            catch (ArgumentException e) when (file is not null) { throw new InputException(file, 0, ErrorLine.WithoutParameter(e)); }
        }
        // Warm-up: a few blocks of points, so that the parallel loops (JIT of Parallel.For, the pool's
        // worker thread) are warm too — a one-block fit runs its loops inline on the calling thread.
        Fit(Math.Min(n, 3 * Lloyd.BlockSize));

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var r = Fit(n);
        double seconds = watch.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Details = new Dictionary<string, object?>
        {
            ["method"] = method, ["points"] = n, ["dim"] = dim, ["clusters"] = k,
            ["inertia"] = r.Inertia, ["iterations"] = r.Iterations, ["cpu_seconds"] = cpuSeconds,
        };
        if (!context.Json)
            context.Out.WriteLine($"{method}: {n} × {dim}, k = {k}: {r.Iterations} iterations, inertia "
                + $"{r.Inertia.ToString("G9", CultureInfo.InvariantCulture)}, {seconds:F3} s");
        return ((double)n * r.Iterations / seconds, seconds, "point-iterations");
    }

    /// <summary>The peer's data: x = tanh(centre[source] + noise), 32 sources, row-major [n, dim].</summary>
    public static float[] Blobs(int n, int dim, Rng rng, int sources = 32)
    {
        var centres = new float[sources * dim];
        for (int i = 0; i < centres.Length; i++) centres[i] = (float)rng.NextGaussian();
        var x = new float[(long)n * dim];
        for (int i = 0; i < n; i++)
        {
            int s = rng.NextInt(sources);
            for (int d = 0; d < dim; d++) x[i * dim + d] = MathF.Tanh(centres[s * dim + d] + (float)rng.NextGaussian());
        }
        return x;
    }
}
