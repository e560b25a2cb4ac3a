using BenchmarkDotNet.Attributes;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// One training epoch per cell on task 000 (3000 strings of length 5–20) at the paper's sizes
/// (3 layers × 10, batch 32): shuffle, then per batch forward, backward, clipping and Adam — the loop of
/// <see cref="Trainer"/> without validation. MemoryDiagnoser shows the epoch allocates nothing once warm
/// (one thread; Parallel.For allocates a little per batch with more). Also one batch at 1 × 256, length 100, batch 64.
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

    /// <summary>The training state of one network: weights, Adam, plan, data-parallel runner.</summary>
    private sealed class Epoch
    {
        private readonly float[] _weights, _gradient;
        private readonly Adam _adam;
        private readonly EncodedData _data;
        private readonly EpochPlan _plan;
        private readonly DataParallel _runner;
        private readonly Rng _rng = new(3);

        public Epoch(string cell, int hidden, int layers, int batch, List<LabeledSequence> sequences)
        {
            var vocabulary = Vocabulary.Build(sequences);
            string[] classes = sequences.Select(s => s.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
            var net = new Network(cell, hidden, layers, classes.Length, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
            _weights = new float[net.ParameterCount];
            net.Initialize(_weights, new Rng(1));
            _data = new Model(net, _weights, vocabulary, classes, -1).Encode(sequences);
            _plan = new EpochPlan(_data, batch);
            _runner = new DataParallel(net, _data.MaxLength, batch, training: true);
            _adam = new Adam(net.ParameterCount);
            _gradient = new float[net.ParameterCount];
        }

        public double Run()
        {
            double loss = 0;
            _plan.Shuffle(_rng);
            for (int b = 0; b < _plan.BatchCount; b++)
            {
                var (start, count) = _plan.Batch(b);
                loss += _runner.Run(_weights, _data, _plan.Order, start, count, _gradient).Loss;
                Adam.ClipByGlobalNorm(_gradient, 5);
                _adam.Step(_weights, _gradient, 0.003f);
            }
            return loss;
        }
    }
}
