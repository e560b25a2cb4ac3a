using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The trainer's own <see cref="Trainer.Step"/> allocates no byte once warm: epochs of it after a warm-up epoch, one thread.</summary>
public class AllocationTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    [TestCaseSource(nameof(Kinds))]
    public void A_training_step_allocates_nothing_after_warm_up(string kind)
        => AssertEpochsAllocateNothing(new Network(kind, 10, 3, 2, VocabularySize, InputKind.Embedding, 4, null), new Rng(2), epochs: 2);

    [Test]
    public void A_training_step_with_the_step_loss_allocates_nothing_after_warm_up()
        => AssertEpochsAllocateNothing(new Network("mgu", 10, 2, 2, VocabularySize, InputKind.Embedding, 4, null) { StepLossWeight = 1 }, null, epochs: 1);

    // (small cells run lane-major where the CPU has Vector256: both paths, for every cell)
    [TestCaseSource(nameof(Kinds))]
    public void A_warm_predict_batch_allocates_nothing(string kind) => AssertWarmPredictAllocatesNothing(kind, lanes: true);

    [TestCaseSource(nameof(Kinds))]
    public void A_warm_row_major_predict_batch_allocates_nothing(string kind) => AssertWarmPredictAllocatesNothing(kind, lanes: false);

    private static void AssertWarmPredictAllocatesNothing(string kind, bool lanes)
    {
        var net = new Network(kind, 10, 3, 2, VocabularySize, InputKind.Embedding, 4, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(1));
        var model = new Model(net, p, Vocabulary.Build(Train), ["0", "1"], 1);
        var predictor = new BatchPredictor(model, lanes);
        var batches = Enumerable.Range(0, 4).Select(b => Train.Skip(b * 40).Take(b == 0 ? 256 : 30 + 50 * b).ToList()).ToList();
        var classes = new int[BatchPredictor.MaxBatch];
        var probabilities = new float[BatchPredictor.MaxBatch * 2];
        int previous = Parallelism.Threads;
        Parallelism.Threads = 1;
        try
        {
            foreach (var batch in batches) predictor.Predict(batch, classes, probabilities);   // warm-up
            // the fewest bytes of three warm passes: what happens once (the test host's tiered JIT swapping a method in
            // mid-pass, a type loaded late) falls in one pass, an allocation per batch in every one
            long fewest = long.MaxValue;
            for (int pass = 0; pass < 3 && fewest > 0; pass++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var batch in batches) predictor.Predict(batch, classes, probabilities);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.That(fewest, Is.EqualTo(0), $"{kind}: bytes allocated by {batches.Count} warm batches, the fewest of three passes");
        }
        finally { Parallelism.Threads = previous; }
    }

    // The first batch's rows are made with the predictor (their first touch is not paid in the batch): lines of up to
    // EncodedData.FirstRow symbols take rows that exist; a longer one makes its row.
    [TestCase(true)]
    [TestCase(false)]
    public void The_first_predict_batch_of_short_lines_makes_no_row(bool lanes)
    {
        var net = new Network("srn", 10, 3, 2, VocabularySize, InputKind.OneHot, VocabularySize, null);
        var model = new Model(net, new float[net.ParameterCount], Vocabulary.Build(Train), ["0", "1"], 1);
        var predictor = new BatchPredictor(model, lanes);
        predictor.Clear();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < predictor.BatchSize; i++) predictor.Add(EncodedData.FirstRow - i % 7).Fill(1);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0), $"a first batch of {predictor.BatchSize} lines");
        predictor.Clear();
        before = GC.GetAllocatedBytesForCurrentThread();
        predictor.Add(EncodedData.FirstRow + 1).Fill(1);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.GreaterThan(4 * EncodedData.FirstRow), "a longer line's row");
    }

    // (for every cell: the layers' outputs are not cleared between batches, each cell zeroes the rows it leaves)
    [TestCaseSource(nameof(Kinds))]
    public void A_reused_batch_gives_the_bits_of_a_fresh_one_after_longer_sequences(string kind)
    {
        var net = new Network(kind, 10, 2, 2, VocabularySize, InputKind.OneHot, VocabularySize, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(3));
        var model = new Model(net, p, Vocabulary.Build(Train), ["0", "1"], 1);
        var longest = Train.OrderByDescending(s => s.Tokens.Length).Take(100).ToList();
        var shortest = Train.OrderBy(s => s.Tokens.Length).Take(100).ToList();
        var reused = new BatchPredictor(model);
        var (c1, p1) = (new int[100], new float[200]);
        reused.Predict(longest, c1, p1);
        reused.Predict(shortest, c1, p1);   // rows keep the longer sequences' ids past each short one's end
        var (c2, p2) = (new int[100], new float[200]);
        new BatchPredictor(model).Predict(shortest, c2, p2);
        Assert.That(p1, Is.EqualTo(p2));
        Assert.That(c1, Is.EqualTo(c2));
        Assert.That(c2, Is.EqualTo(model.Predict(shortest)), "the classes of Model.Predict's batches");
    }

    private static readonly List<LabeledSequence> Train = SyntheticTasks.Generate("000", new TaskOptions(Train: 200), seed: 1).Train;

    private static int VocabularySize => Vocabulary.Build(Train).Count;

    // One warm-up epoch, then `epochs` epochs (shuffled with `shuffle`, or in the plan's order) measured.
    private static void AssertEpochsAllocateNothing(Network net, Rng? shuffle, int epochs)
    {
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(1));
        var data = new Model(net, p, Vocabulary.Build(Train), ["0", "1"], 1).Encode(Train);
        var plan = new EpochPlan(data, 32);
        var state = new TrainingState(net, p, data.MaxLength, 32);
        int previous = Parallelism.Threads;
        Parallelism.Threads = 1;   // every shard on this thread: GetAllocatedBytesForCurrentThread counts only this one
        try
        {
            Trainer.Epoch(state, data, plan, shuffle, clip: 5, learningRate: 0.01f);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int e = 0; e < epochs; e++) Trainer.Epoch(state, data, plan, shuffle, clip: 5, learningRate: 0.01f);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.EqualTo(0), $"{net.CellKind}: bytes allocated by {epochs * plan.BatchCount} steps");
        }
        finally { Parallelism.Threads = previous; }
    }
}
