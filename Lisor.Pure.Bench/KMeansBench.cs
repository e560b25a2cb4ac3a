using BenchmarkDotNet.Attributes;
using Lisor.Pure.Cli;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Bench;

/// <summary>
/// k-means: whole fits, the k-means++ seeding, a fixed number of Lloyd iterations from fixed seeds
/// (MemoryDiagnoser shows they allocate nothing once the engine exists), and the distance tile and the
/// fused nearest-centre tile on their own.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*KMeansBench*'</c>
/// </summary>
[MemoryDiagnoser]
public class KMeansBench
{
    [Params(20_000)] public int N;
    [Params(16, 64)] public int Dim;
    [Params(16, 64)] public int K;

    private float[] _x = [];
    private int[] _seeds = [];
    private Lloyd _lloyd = null!;
    private KMeansPlusPlus _seeding = null!;
    private readonly int[] _nearest = new int[4];
    private readonly float[] _best = new float[4], _second = new float[4];
    private float[] _centresT = [], _tile = [];
    private readonly int[] _rows = [0, 1, 2, 3];

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        _x = KMeansBenchmark.Blobs(N, Dim, new Rng(1));
        var space = new PointSpace(_x, N, Dim, null);
        _seeding = new KMeansPlusPlus(space);
        _seeds = _seeding.Seed(K, new Rng(2));
        _lloyd = new Lloyd(space, K);
        int kPad = Distance.PadCentres(K);
        _centresT = new float[Dim * kPad];
        Distance.Transpose(_x.AsSpan(0, K * Dim), K, Dim, _centresT);
        _tile = new float[4 * kPad];
    }

    /// <summary>Seeding + Lloyd to convergence.</summary>
    [Benchmark]
    public double Fit() => KMeans.Fit(_x, N, Dim, K, new KMeansOptions { Seed = 3 }).Inertia;

    /// <summary>The greedy k-means++ seeding alone: one pass over the points per chosen centre.</summary>
    [Benchmark]
    public int Seeding() => _seeding.Seed(K, new Rng(2))[K - 1];

    /// <summary>Ten Lloyd iterations from the same seeds (no allocation).</summary>
    [Benchmark]
    public int TenLloydIterations() => _lloyd.Run(_seeds, 10, 0);

    /// <summary>Every point against every centre through the 4-point distance tile.</summary>
    [Benchmark]
    public float DistanceTiles()
    {
        int kPad = Distance.PadCentres(K);
        float sink = 0;
        for (int i = 0; i + 4 <= N; i += 4)
        {
            _rows[0] = i; _rows[1] = i + 1; _rows[2] = i + 2; _rows[3] = i + 3;
            Distance.Distances4(_x, Dim, _rows, _centresT, kPad, _tile);
            sink += _tile[0];
        }
        return sink;
    }

    /// <summary>Every point's nearest centre and runner-up through the fused 4-point kernel.</summary>
    [Benchmark]
    public float NearestTiles()
    {
        int kPad = Distance.PadCentres(K);
        float sink = 0;
        for (int i = 0; i + 4 <= N; i += 4)
        {
            _rows[0] = i; _rows[1] = i + 1; _rows[2] = i + 2; _rows[3] = i + 3;
            Distance.Nearest4(_x, Dim, _rows, _centresT, kPad, K, _nearest, _best, _second);
            sink += _second[0];
        }
        return sink;
    }
}
