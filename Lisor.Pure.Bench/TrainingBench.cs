using BenchmarkDotNet.Attributes;
using Lisor.Pure.Data;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// One training epoch per cell on task 000 (3000 strings of length 5–20) at the paper's sizes
/// (3 layers × 10, batch 32): <see cref="Trainer.Epoch"/>, i.e. shuffle, then per batch the trainer's own
/// <see cref="Trainer.Step"/> (forward, backward, clipping and Adam) — the trainer's loop without validation. MemoryDiagnoser shows the epoch allocates nothing once warm
/// (one thread, so every shard runs on the measured thread). Also one batch at 1 × 256, length 100, batch 64.
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*TrainingBench*'</c>
/// </summary>
[MemoryDiagnoser]
public class TrainingBench
{
    [Params("srn", "mgu", "gru", "lstm")] public string Cell = "mgu";

    private Epoch _paper = null!, _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        var task = SyntheticTasks.Generate("000", new TaskOptions(), 1).Train;
        _paper = new Epoch(Cell, 10, 3, 32, task);
        var rng = new Rng(2);
        var random = Enumerable.Range(0, 64).Select(_ =>
        {
            var tokens = Enumerable.Range(0, 100).Select(_ => rng.NextInt(2) == 0 ? "0" : "1").ToArray();
            return new LabeledSequence(tokens[0], tokens);
        }).ToList();
        _large = new Epoch(Cell, 256, 1, 64, random);
    }

    /// <summary>One epoch of task 000 (94 batches of 32), 3 × 10.</summary>
    [Benchmark(OperationsPerInvoke = 3000)]
    public double PaperEpochPerSequence() => _paper.Run();

    /// <summary>One batch of 64 strings of length 100, 1 × 256.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public double LargeBatchPerSequence() => _large.Run();

    /// <summary>The training state of one network and its data plan.</summary>
    private sealed class Epoch
    {
        private readonly TrainingState _state;
        private readonly EncodedData _data;
        private readonly EpochPlan _plan;
        private readonly Rng _rng = new(3);

        public Epoch(string cell, int hidden, int layers, int batch, List<LabeledSequence> sequences)
        {
            var vocabulary = Vocabulary.Build(sequences);
            string[] classes = sequences.Select(s => s.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
            var net = new Network(cell, hidden, layers, classes.Length, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
            var weights = new float[net.ParameterCount];
            net.Initialize(weights, new Rng(1));
            _data = new Model(net, weights, vocabulary, classes, -1).Encode(sequences);
            _plan = new EpochPlan(_data, batch);
            _state = new TrainingState(net, weights, _data.MaxLength, batch);
        }

        public double Run() => Trainer.Epoch(_state, _data, _plan, _rng, clip: 5, learningRate: 0.003f);
    }
}
