using Lisor.Pure.Cells;
using Lisor.Pure.Data;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

public class AllocationTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    /// <summary>The trainer's own <see cref="Trainer.Step"/>, two epochs after a warm-up epoch, allocates no byte.</summary>
    [TestCaseSource(nameof(Kinds))]
    public void A_training_step_allocates_nothing_after_warm_up(string kind)
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 200), seed: 1);
        var vocabulary = Vocabulary.Build(task.Train);
        var net = new Network(kind, 10, 3, 2, vocabulary.Count, InputKind.Embedding, 4, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(1));
        var model = new Model(net, p, vocabulary, ["0", "1"], 1);
        var data = model.Encode(task.Train);
        var plan = new EpochPlan(data, 32);
        var state = new TrainingState(net, p, data.MaxLength, 32);
        var rng = new Rng(2);
        int previous = Parallelism.Threads;
        Parallelism.Threads = 1;   // Parallel.For itself allocates a little per call
        try
        {
            void Epoch()
            {
                plan.Shuffle(rng);
                for (int b = 0; b < plan.BatchCount; b++)
                {
                    var (start, count) = plan.Batch(b);
                    Trainer.Step(state, data, plan.Order, start, count, clip: 5, learningRate: 0.01f);
                }
            }
            Epoch();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Epoch();
            Epoch();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.EqualTo(0), $"{kind}: bytes allocated by {2 * plan.BatchCount} steps");
        }
        finally { Parallelism.Threads = previous; }
    }
}
