using BenchmarkDotNet.Attributes;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Bench;

/// <summary>
/// Element-wise kernels on the best path against the scalar references (ScalarVec), at the size of
/// one LSTM step's gates (64 × 4·64 = 16384) and a short row (40). MemoryDiagnoser shows 0 bytes.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*VecBench*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class VecBench
{
    [Params(40, 16384)]
    public int N;

    private float[] _x = [], _y = [], _dst = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Tensors.Rng(1);
        _x = BenchData.Random(rng, N);
        _y = BenchData.Random(rng, N);
        _dst = new float[N];
    }

    [Benchmark] public void Tanh() => Vec.Tanh(_x, _dst);
    [Benchmark] public void TanhScalarReference() => ScalarVec.Tanh(_x, _dst);
    [Benchmark] public void Sigmoid() => Vec.Sigmoid(_x, _dst);
    [Benchmark] public void SigmoidScalarReference() => ScalarVec.Sigmoid(_x, _dst);
    [Benchmark] public void Add() => Vec.Add(_x, _y, _dst);
    [Benchmark] public void AddScalarReference() => ScalarVec.Add(_x, _y, _dst);
}
