using Lisor.Pure.Cells;
using Lisor.Pure.Data;
using Lisor.Pure.Kernels;
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
