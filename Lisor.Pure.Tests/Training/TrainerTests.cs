using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

public class TrainerTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    private static TrainingResult Train(TaskSplits task, TrainingOptions options, int threads)
    {
        int previous = Parallelism.Threads;
        Parallelism.Threads = threads;
        try { return Trainer.Train(task.Train, task.Valid, task.Test, options, null); }
        finally { Parallelism.Threads = previous; }
    }

    [TestCaseSource(nameof(Kinds))]
    public void Same_seed_gives_bit_identical_weights_with_one_or_two_threads(string kind)
    {
        // Ragged lengths 0…9 and a batch that does not divide the data: every shard path is used.
        var task = SyntheticTasks.Generate("tomita3", new TaskOptions(Train: 150, Valid: 40, Test: 40, MaxLength: 9), seed: 4);
        var options = new TrainingOptions { Cell = kind, Hidden = 5, Layers = 2, Embed = 3, Epochs = 3, Batch = 13, Seed = 9 };
        var one = Train(task, options, threads: 1);
        var two = Train(task, options, threads: 2);
        Assert.That(two.Model.Weights, Is.EqualTo(one.Model.Weights).AsCollection);
        Assert.That(two.ValidAccuracy, Is.EqualTo(one.ValidAccuracy));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Each_cell_learns_0110_to_full_test_accuracy(string kind)
    {
        var task = SyntheticTasks.Generate("0110", new TaskOptions(), seed: 1);
        var result = Train(task, new TrainingOptions { Cell = kind, Seed = 1 }, threads: 2);
        Assert.That(result.TestAccuracy, Is.EqualTo(1.0));
        Assert.That(result.ValidAccuracy, Is.EqualTo(1.0));
    }

    [Test]
    public void Early_stopping_keeps_the_best_weights_and_stops_after_patience()
    {
        var task = SyntheticTasks.Generate("0110", new TaskOptions(Train: 64), seed: 2);
        // lr 0: nothing changes, so only epoch 1 is ever the best and patience 2 stops after epoch 3.
        var result = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "srn", Hidden = 4, Layers = 1, LearningRate = 1e-12, Patience = 2, Epochs = 50 }, null);
        Assert.That((result.BestEpoch, result.Epochs), Is.EqualTo((1, 3)));
        Assert.That(result.TestAccuracy, Is.Null);
    }

    [Test]
    public void A_diverging_run_stops_with_a_clear_error()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 64, Valid: 16, Test: 16), seed: 3);
        var options = new TrainingOptions { Cell = "srn", Hidden = 4, Layers = 1, Embed = 2, LearningRate = 3e38, Clip = 0, Epochs = 20 };
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(task.Train, task.Valid, null, options, null));
        Assert.That(e!.Message, Does.Contain("not finite").And.Contain("no model was written"));
        Assert.That(e.Message, Does.Contain("smaller TrainingOptions.LearningRate than").And.Contain("or TrainingOptions.Clip").And.Not.Contain("--"));
    }

    [Test]
    public void Positive_class_is_1_pos_or_spam_or_the_named_one()
    {
        var data = new List<LabeledSequence> { new("ham", ["a"]), new("spam", ["b"]) };
        var options = new TrainingOptions { Cell = "srn", Hidden = 2, Layers = 1, Epochs = 1 };
        var m = Trainer.Train(data, data, null, options, null).Model;
        Assert.That(m.Classes[m.PositiveClass], Is.EqualTo("spam"));
        m = Trainer.Train(data, data, null, options with { Positive = "ham" }, null).Model;
        Assert.That(m.Classes[m.PositiveClass], Is.EqualTo("ham"));
        Assert.Throws<InputException>(() => Trainer.Train(data, data, null, options with { Positive = "eggs" }, null));
    }

    [Test]
    public void A_validation_label_unknown_to_training_is_an_input_error()
    {
        var train = new List<LabeledSequence> { new("0", ["a"]), new("1", ["b"]) };
        var valid = new List<LabeledSequence> { new("2", ["a"]) };
        var e = Assert.Throws<InputException>(() => Trainer.Train(train, valid, null, new TrainingOptions { Cell = "srn" }, null));
        Assert.That(e!.Message, Does.Contain("'2'"));
    }

    [Test]
    public void Fixed_word_vectors_are_read_and_not_trained()
    {
        string dir = CliRunner.TempDir();
        string vectors = Path.Combine(dir, "vectors.txt");
        File.WriteAllText(vectors, "3 2\ngood 1 0.5\nbad -1 0.25\nthe 0 0\n");
        var train = new List<LabeledSequence> { new("pos", ["the", "good"]), new("neg", ["the", "bad"]), new("pos", ["good"]), new("neg", ["bad", "the"]) };
        var result = Trainer.Train(train, train, null, new TrainingOptions { Cell = "srn", VectorsPath = vectors, Epochs = 40, Layers = 1 }, null);
        var m = result.Model;
        Assert.That((m.Input, m.InputSize), Is.EqualTo((InputKind.FixedVectors, 2)));
        Assert.That(m.Network.FixedTable!.AsSpan(m.Vocabulary.IdOf("good") * 2, 2).ToArray(), Is.EqualTo(new[] { 1f, 0.5f }));
        Assert.That(result.TrainAccuracy, Is.EqualTo(1.0));
    }
}
