using BenchmarkDotNet.Attributes;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// Hidden-state extraction (the `extract` step, docs/method.md §4): forward over task 000's 3000 training
/// strings at 3 × 10, collecting every h_t of the top layer; and plain RNN inference (predictions only)
/// on 1000 random binary strings of length 100 — the data shape of <see cref="FsaBench"/>'s RunIds with
/// Symbols = 2, so the two per-symbol times compare an FSA with the RNN it stands for.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*HiddenStatesBench*'</c>
/// </summary>
[MemoryDiagnoser]
public class HiddenStatesBench
{
    [Params("srn", "mgu", "gru", "lstm")] public string Cell = "mgu";

    private Model _model = null!;
    private List<LabeledSequence> _task = null!, _random = null!;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        _task = SyntheticTasks.Generate("000", new TaskOptions(), 1).Train;
        var rng = new Rng(2);
        _random = Enumerable.Range(0, 1000).Select(_ =>
        {
            var tokens = Enumerable.Range(0, 100).Select(_ => rng.NextInt(2) == 0 ? "0" : "1").ToArray();
            return new LabeledSequence(tokens[0], tokens);
        }).ToList();
        var vocabulary = Vocabulary.Build(_task);
        var net = new Network(Cell, 10, 3, 2, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        var weights = new float[net.ParameterCount];
        net.Initialize(weights, new Rng(1));
        _model = new Model(net, weights, vocabulary, ["0", "1"], 1);
    }

    /// <summary>All top-layer hidden states of task 000's 3000 training strings (time per sequence, mean length 12.4).</summary>
    [Benchmark(OperationsPerInvoke = 3000)]
    public int ExtractPerSequence() => _model.HiddenStates(_task).Length;

    /// <summary>Predictions for 1000 random strings of length 100 (time per symbol; compare FsaBench.RunIds).</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public int PredictPerSymbol() => _model.Predict(_random)[0];
}
