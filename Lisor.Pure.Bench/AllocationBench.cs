using BenchmarkDotNet.Attributes;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Kernels;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// Bytes allocated per unit of warm work (MemoryDiagnoser's "Allocated" column; the times are secondary), at the
/// paper's sizes (task 000, 3 layers × 10, one thread):
/// <list type="bullet">
/// <item><see cref="TrainingStep"/>: one batch of 32 — forward, backward, clipping, Adam;</item>
/// <item><see cref="PredictBatch"/>: one batch of the `predict` command (<see cref="BatchPredictor"/>, 256 strings);</item>
/// <item><see cref="Refinement"/>: one refinement of the extraction (the tree of task 000's 500 validation strings,
/// from one block to at most 64), whose result is a new partition.</item>
/// </list>
/// <c>dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*AllocationBench*' --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class AllocationBench
{
    [Params("srn", "lstm")] public string Cell = "srn";

    private float[] _weights = null!, _gradient = null!;
    private Adam _adam = null!;
    private EncodedData _data = null!;
    private EpochPlan _plan = null!;
    private DataParallel _runner = null!;
    private int _batch;
    private BatchPredictor _predictor = null!;
    private List<LabeledSequence> _predictBatch = null!;
    private int[] _classes = null!;
    private float[] _probabilities = null!;
    private PrefixTree _tree = null!;
    private int[] _initial = null!;
    private readonly Refinement _refinement = new();

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        var task = SyntheticTasks.Generate("000", new TaskOptions(), 1);
        var vocabulary = Vocabulary.Build(task.Train);
        string[] classes = ["0", "1"];
        var net = new Network(Cell, 10, 3, classes.Length, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        _weights = new float[net.ParameterCount];
        net.Initialize(_weights, new Rng(1));
        var model = new Model(net, _weights, vocabulary, classes, 1);
        _data = model.Encode(task.Train);
        _plan = new EpochPlan(_data, 32);
        _runner = new DataParallel(net, _data.MaxLength, 32, training: true);
        _adam = new Adam(net.ParameterCount);
        _gradient = new float[net.ParameterCount];
        _predictor = new BatchPredictor(model);
        _predictBatch = task.Train.Take(BatchPredictor.MaxBatch).ToList();
        _classes = new int[_predictBatch.Count];
        _probabilities = new float[_predictBatch.Count * classes.Length];
        _tree = new PrefixTree(new ModelOracle(model), task.Valid.Select(s => s.Tokens).ToList());
        _initial = new int[_tree.Count];
    }

    /// <summary>One training step (batch b of the plan, cycling): forward, backward, clipping, Adam.</summary>
    [Benchmark]
    public double TrainingStep()
    {
        var (start, count) = _plan.Batch(_batch++ % _plan.BatchCount);
        double loss = _runner.Run(_weights, _data, _plan.Order, start, count, _gradient).Loss;
        Adam.ClipByGlobalNorm(_gradient, 5);
        _adam.Step(_weights, _gradient, 0.003f);
        return loss;
    }

    /// <summary>One batch of the `predict` command: encoding and running 256 strings.</summary>
    [Benchmark]
    public int PredictBatch()
    {
        _predictor.Predict(_predictBatch, _classes, _probabilities);
        return _classes[0];
    }

    /// <summary>One refinement of the prefix tree of 500 strings (its result, a partition, is allocated).</summary>
    [Benchmark]
    public int Refinement() => _refinement.Refine(_tree, _tree.States, _initial, 1, maxBlocks: 64).Blocks;
}
