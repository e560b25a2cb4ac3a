using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The plateau stop (docs/method.md §3, our addition): the rule alone, then inside the trainer.</summary>
public class PlateauStopTests
{
    /// <summary>Feeds (perfect, loss) epochs and returns the 1-based epoch after which the rule stops, or 0.</summary>
    private static int StopsAfter(int patience, double delta, params (bool Perfect, double Loss)[] epochs)
    {
        var rule = new PlateauStop(patience, delta);
        for (int e = 0; e < epochs.Length; e++)
        {
            rule.Observe(epochs[e].Perfect, epochs[e].Loss);
            if (rule.Reached) return e + 1;
        }
        return 0;
    }

    [Test]
    public void Stops_after_patience_flat_epochs_at_accuracy_1()
    {
        // Epoch 2 is the first at accuracy 1 (the reference); 3, 4, 5 fall by less than half of it.
        Assert.That(StopsAfter(3, 0.5, (false, 9), (true, 1.0), (true, 0.9), (true, 0.7), (true, 0.51), (true, 0.5)), Is.EqualTo(5));
    }

    [Test]
    public void A_fall_by_more_than_delta_restarts_the_count()
    {
        // 0.49 < 0.5 × 1.0 is a real improvement at epoch 3: the count restarts there, so three flat epochs end at 6.
        Assert.That(StopsAfter(3, 0.5, (true, 1.0), (true, 0.9), (true, 0.49), (true, 0.4), (true, 0.3), (true, 0.25), (true, 0.2)), Is.EqualTo(6));
    }

    [Test]
    public void An_epoch_below_accuracy_1_clears_the_count()
    {
        Assert.That(StopsAfter(2, 0.5, (true, 1.0), (true, 1.0), (false, 1.0), (true, 1.0), (true, 1.0), (true, 1.0)), Is.EqualTo(6));
        Assert.That(StopsAfter(2, 0.5, (false, 1.0), (false, 1.0), (false, 1.0), (false, 1.0)), Is.EqualTo(0));
    }

    [Test]
    public void Patience_0_never_stops()
        => Assert.That(StopsAfter(0, 0.5, (true, 1.0), (true, 1.0), (true, 1.0), (true, 1.0)), Is.EqualTo(0));

    private static TaskSplits Task0110() => SyntheticTasks.Generate("0110", new TaskOptions(Train: 400), seed: 1);

    [Test]
    public void A_run_that_learns_0110_stops_early_on_the_plateau_keeping_the_best_weights()
    {
        var task = Task0110();
        var options = new TrainingOptions { Cell = "gru", Seed = 1 };
        var stopped = Trainer.Train(task.Train, task.Valid, task.Test, options, null);
        Assert.That(stopped.StoppedOnPlateau, Is.True);
        Assert.That(stopped.Epochs, Is.LessThan(options.Epochs));
        Assert.That(stopped.Epochs, Is.GreaterThanOrEqualTo(options.PlateauPatience + 1));
        Assert.That((stopped.ValidAccuracy, stopped.TestAccuracy), Is.EqualTo((1.0, (double?)1.0)));
        // The same run with the rule off trains on; its first epochs are the same epochs (same seed), so the stopped run is a prefix of it.
        var full = Trainer.Train(task.Train, task.Valid, task.Test, options with { PlateauPatience = 0 }, null);
        Assert.That(full.StoppedOnPlateau, Is.False);
        Assert.That(full.Epochs, Is.GreaterThan(stopped.Epochs));
        var capped = Trainer.Train(task.Train, task.Valid, task.Test, options with { PlateauPatience = 0, Epochs = stopped.Epochs }, null);
        Assert.That(stopped.Model.Weights, Is.EqualTo(capped.Model.Weights).AsCollection);
        Assert.That(stopped.BestEpoch, Is.EqualTo(capped.BestEpoch));
    }

    [Test]
    public void A_run_whose_validation_accuracy_cannot_reach_1_never_stops_on_the_plateau()
    {
        var task = Task0110();
        // The same string twice with both labels: no model gets both right, so accuracy stays below 1 and only --epochs ends the run.
        var valid = task.Valid.Concat([new LabeledSequence("0", ["0", "1", "1", "0"]), new LabeledSequence("1", ["0", "1", "1", "0"])]).ToList();
        var result = Trainer.Train(task.Train, valid, null, new TrainingOptions { Cell = "gru", Seed = 1, Epochs = 25, Patience = 100 }, null);
        Assert.That((result.Epochs, result.StoppedOnPlateau), Is.EqualTo((25, false)));
    }

    [Test]
    public void The_plateau_stop_is_the_same_with_one_or_two_threads()
    {
        var task = Task0110();
        var options = new TrainingOptions { Cell = "mgu", Seed = 2 };
        int previous = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var one = Trainer.Train(task.Train, task.Valid, null, options, null);
            Parallelism.Threads = 2;
            var two = Trainer.Train(task.Train, task.Valid, null, options, null);
            Assert.That(one.StoppedOnPlateau, Is.True);
            Assert.That((two.Epochs, two.BestEpoch), Is.EqualTo((one.Epochs, one.BestEpoch)));
            Assert.That(two.Model.Weights, Is.EqualTo(one.Model.Weights).AsCollection);
        }
        finally { Parallelism.Threads = previous; }
    }

    [Test]
    public void Train_takes_plateau_options_and_rejects_bad_values_with_one_error_line()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "0110", "--out", dir, "--train", "200").ExitCode, Is.EqualTo(0));
        string[] common = ["train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"), "--cell", "srn",
            "--out", Path.Combine(dir, "m.lisor"), "--hidden", "4", "--epochs", "3"];
        var off = CliRunner.Run([.. common, "--plateau", "0", "--plateau-delta", "0.2"]);
        Assert.That(off.ExitCode, Is.EqualTo(0), off.Err);
        Assert.That(off.Err, Does.Contain("valid loss"));
        foreach (var (option, value) in new[] { ("--plateau", "-1"), ("--plateau-delta", "1"), ("--plateau-delta", "-0.1") })
        {
            var bad = CliRunner.Run([.. common, option, value]);
            Assert.That(bad.ExitCode, Is.EqualTo(2), option);
            var lines = bad.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), option);
            Assert.That(lines[0], Does.StartWith("error:").And.Contain(option), option);
        }
        Assert.That(CliRunner.Run("train", "--help").Out, Does.Contain("--plateau P").And.Contain("--plateau-delta X"));
    }
}
