using BenchmarkDotNet.Attributes;
using Lisor.Pure.Automata;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Bench;

/// <summary>
/// FSA runs: compiled table walks on symbol ids (the hot loop; target ≥ 100 M symbols/s per core)
/// and whole-dataset scoring from tokens (dictionary look-ups included).
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*FsaBench*'</c>
/// </summary>
[MemoryDiagnoser]
public class FsaBench
{
    private const int Length = 100, Sequences = 1000;
    private CompiledFsa _compiled = null!;
    private int[] _ids = null!;
    private FsaEnsemble _ensemble = null!;
    private List<LabeledSequence> _data = null!;

    [Params(8, 256)] public int States;
    [Params(2, 1000)] public int Symbols;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        var fsa = FsaThroughput.RandomComplete(rng, States, Symbols);
        _compiled = new CompiledFsa(fsa, MissingPolicy.Dead);
        _ids = new int[Length * Sequences];
        for (int i = 0; i < _ids.Length; i++) _ids[i] = rng.NextInt(Symbols);
        _ensemble = new FsaEnsemble([fsa]);
        _data = Enumerable.Range(0, Sequences).Select(s =>
            new LabeledSequence("1", _ids.AsSpan(s * Length, Length).ToArray().Select(a => fsa.Alphabet[a]).ToArray())).ToList();
    }

    /// <summary>100 000 symbols per call: divide the mean time by 1e5 for the time per symbol.</summary>
    [Benchmark(OperationsPerInvoke = Length * Sequences)]
    public long RunIds()
    {
        long sum = 0, missing = 0;
        for (int s = 0; s < Sequences; s++) sum += _compiled.Classify(_ids.AsSpan(s * Length, Length), ref missing);
        return sum + missing;
    }

    /// <summary>Scoring from tokens: encoding (one dictionary look-up per token) plus the run.</summary>
    [Benchmark(OperationsPerInvoke = Length * Sequences)]
    public double ScoreTokens() => _ensemble.Score(_data).Accuracy;
}
