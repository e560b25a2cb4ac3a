using BenchmarkDotNet.Attributes;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Bench;

/// <summary>
/// Single-threaded SGEMM on square matrices, C[n,n] += A[n,n]·B[n,n], on the best path and the
/// 128-bit path. Compare GFLOP/s with <see cref="FmaPeakBench"/>.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*GemmSquareBench*' --job short</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmFlopsConfig<GemmSquareBench>))]
public class GemmSquareBench : IFlopCount
{
    [Params(64, 128, 256, 512, 1024)]
    public int N;

    private float[] _a = [], _b = [], _c = [];

    public static double Flops(string method, IReadOnlyDictionary<string, object> p) => 2.0 * Math.Pow((int)p["N"], 3);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Tensors.Rng(1);
        _a = BenchData.Random(rng, N * N);
        _b = BenchData.Random(rng, N * N);
        _c = new float[N * N];
    }

    [Benchmark(Baseline = true)]
    public void Best() => Gemm.NN(N, N, N, _a, N, _b, N, _c, N);

    [Benchmark]
    public void Vector128() => Gemm.NN(KernelPath.Vector128, N, N, N, _a, N, _b, N, _c, N);
}

/// <summary>
/// The three products of one step of a batched RNN layer with all gates fused (LSTM: 4 gates),
/// batch 64, input X = hidden H, for H = 10, 64, 256:
///   forward  preact[64, 4H] += [x h][64, 2H] · W[2H, 4H]          (NN)
///   backward d[x h][64, 2H] += dpreact[64, 4H] · W[2H, 4H]ᵀ      (NT)
///   weights  dW[2H, 4H]    += [x h][64, 2H]ᵀ · dpreact[64, 4H]   (TN)
/// each 2·64·2H·4H flops.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*GemmRnnStepBench*' --job short</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmFlopsConfig<GemmRnnStepBench>))]
public class GemmRnnStepBench : IFlopCount
{
    private const int Batch = 64, Gates = 4;

    [Params(10, 64, 256)]
    public int H;

    private float[] _xh = [], _w = [], _pre = [], _dxh = [], _dw = [];

    public static double Flops(string method, IReadOnlyDictionary<string, object> p)
    {
        int h = (int)p["H"];
        return 2.0 * Batch * (2 * h) * (Gates * h);
    }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Tensors.Rng(1);
        int k = 2 * H, n = Gates * H;
        _xh = BenchData.Random(rng, Batch * k);
        _w = BenchData.Random(rng, k * n);
        _pre = BenchData.Random(rng, Batch * n);
        _dxh = new float[Batch * k];
        _dw = new float[k * n];
    }

    [Benchmark(Baseline = true)]
    public void ForwardNN() => Gemm.NN(Batch, Gates * H, 2 * H, _xh, 2 * H, _w, Gates * H, _pre, Gates * H);

    [Benchmark]
    public void BackwardInputNT() => Gemm.NT(Batch, 2 * H, Gates * H, _pre, Gates * H, _w, Gates * H, _dxh, 2 * H);

    [Benchmark]
    public void BackwardWeightsTN() => Gemm.TN(2 * H, Gates * H, Batch, _xh, 2 * H, _pre, Gates * H, _dw, Gates * H);
}

/// <summary>Random inputs for the benchmarks.</summary>
internal static class BenchData
{
    public static float[] Random(Tensors.Rng rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rng.Uniform(-1f, 1f);
        return v;
    }
}
