using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

public class AllocationTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

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
        var runner = new DataParallel(net, data.MaxLength, 32, training: true);
        var adam = new Adam(net.ParameterCount);
        var g = new float[net.ParameterCount];
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
                    runner.Run(p, data, plan.Order, start, count, g);
                    Adam.ClipByGlobalNorm(g, 5);
                    adam.Step(p, g, 0.01f);
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
