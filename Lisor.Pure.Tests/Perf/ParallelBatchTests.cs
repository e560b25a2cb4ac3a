using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Perf;

public class ParallelBatchTests
{
    private static TrainingResult Train(TaskSplits task, TrainingOptions options, int threads)
    {
        int previous = Parallelism.Threads;
        Parallelism.Threads = threads;
        try { return Trainer.Train(task.Train, task.Valid, task.Test, options, null); }
        finally { Parallelism.Threads = previous; }
    }

    [TestCase("srn")]
    [TestCase("lstm")]
    public void Batches_above_the_serial_threshold_give_bit_identical_weights_with_one_or_two_threads(string cell)
    {
        // 3 layers × 24, batch 48, lengths 5…20: a full batch is ≈ 48 · 12 · 3000 · 3 ≈ 5 M multiply-adds, above
        // DataParallel.SerialBelow, so two threads really run shards in parallel (TrainerTests' tiny batches run serially).
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 200, Valid: 40, Test: 40), seed: 3);
        var options = new TrainingOptions { Cell = cell, Hidden = 24, Layers = 3, Epochs = 2, Batch = 48, Seed = 5 };
        var one = Train(task, options, threads: 1);
        var two = Train(task, options, threads: 2);
        Assert.That(two.Model.Weights, Is.EqualTo(one.Model.Weights).AsCollection);
        Assert.That(two.ValidAccuracy, Is.EqualTo(one.ValidAccuracy));
    }

    [Test]
    public void Train_json_reports_the_processor_seconds_of_the_training_steps()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "000", "--out", dir, "--train", "300", "--quiet").ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--cell", "srn", "--out", Path.Combine(dir, "m.model"), "--epochs", "2", "--json", "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("training_cpu_seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
    }
}
