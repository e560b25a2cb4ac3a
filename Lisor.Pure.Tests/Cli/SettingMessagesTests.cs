using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;
using NUnit.Framework;

namespace Lisor.Pure.Tests.Cli;

/// <summary>
/// The library's bad-input messages name its own concepts (TrainingOptions.LearningRate, k), never a CLI flag;
/// the CLI names the same settings by their flags, in the exact lines it printed before the library stopped naming flags.
/// </summary>
public class SettingMessagesTests
{
    private static readonly TaskSplits Task0110 = SyntheticTasks.Generate("0110", new TaskOptions(), 1);

    private static Model TinyModel() => Trainer.Train(Task0110.Train, Task0110.Valid, null,
        new TrainingOptions { Cell = "srn", Hidden = 2, Layers = 1, Epochs = 1 }, null).Model;

    [Test]
    public void Trainer_names_training_options_fields()
    {
        var e = Assert.Throws<InputException>(() => Trainer.Train(Task0110.Train, Task0110.Valid, null, new TrainingOptions { Hidden = 0 }, null));
        Assert.That(e!.Message, Is.EqualTo("TrainingOptions.Hidden and TrainingOptions.Layers must be ≥ 1"));
        e = Assert.Throws<InputException>(() => Trainer.Train(Task0110.Train, Task0110.Valid, null, new TrainingOptions { LearningRate = -1 }, null));
        Assert.That(e!.Message, Is.EqualTo("TrainingOptions.LearningRate must be a positive number"));
        Assert.That(e.Describe(s => $"<{s.Name}>"), Is.EqualTo("<TrainingOptions.LearningRate> must be a positive number"));
    }

    [Test]
    public void Synthetic_tasks_name_task_options_fields()
    {
        var e = Assert.Throws<InputException>(() => SyntheticTasks.Generate("000", new TaskOptions(Valid: 0), 1));
        Assert.That(e!.Message, Is.EqualTo("option 'TaskOptions.Valid': the split needs at least 1 example, got 0"));
        e = Assert.Throws<InputException>(() => SyntheticTasks.Generate("000", new TaskOptions(Train: 1), 1));
        Assert.That(e!.Message, Is.EqualTo("option 'TaskOptions.Train': a training split needs at least 2 examples, one per class, got 1"));
        e = Assert.Throws<InputException>(() => SyntheticTasks.Generate("000", new TaskOptions(MinLength: 5, MaxLength: 3), 1));
        Assert.That(e!.Message, Is.EqualTo("lengths 5…3: expected 0 ≤ TaskOptions.MinLength ≤ TaskOptions.MaxLength ≤ 1000"));
    }

    [Test]
    public void Extraction_names_its_parameters_with_the_value_given()
    {
        var model = TinyModel();
        var e = Assert.Throws<SettingArgumentException>(() => HiddenPoints.Of(model, Task0110.Valid, 3));
        Assert.That(e!.Message, Is.EqualTo("layer = 3: the model has layers 0…0 (−1 = top)"));
        var points = HiddenPoints.Of(model, Task0110.Valid);
        e = Assert.Throws<SettingArgumentException>(() => FsaExtraction.Extract(model, Task0110.Valid, points, ExtractionMethods.KMeans, 0, 1));
        Assert.That(e!.Message, Is.EqualTo("k = 0: must be at least 1"));
        e = Assert.Throws<SettingArgumentException>(() => FsaExtraction.Extract(model, Task0110.Valid, points, ExtractionMethods.KMeans, 2, 1, restarts: 0));
        Assert.That(e!.Message, Is.EqualTo("restarts = 0: must be at least 1"));
        e = Assert.Throws<SettingArgumentException>(() => AutoExtraction.Extract(model, Task0110.Valid, new AutoExtractionOptions { MaxStates = 0 }));
        Assert.That(e!.Message, Is.EqualTo("AutoExtractionOptions.MaxStates = 0: must be at least 1"));
    }

    [Test]
    public void Every_setting_the_library_names_has_a_cli_flag()
    {
        string[] named =
        [
            "TrainingOptions.Hidden", "TrainingOptions.Layers", "TrainingOptions.Embed", "TrainingOptions.VectorsPath",
            "TrainingOptions.Epochs", "TrainingOptions.Batch", "TrainingOptions.Patience", "TrainingOptions.LearningRate",
            "TrainingOptions.StepLoss", "TrainingOptions.Positive", "TaskOptions.Train", "TaskOptions.Valid", "TaskOptions.Test",
            "TaskOptions.MinLength", "TaskOptions.MaxLength", "AutoExtractionOptions.MaxStates", "AutoExtractionOptions.Clusters",
            "k", "restarts", "layer",
        ];
        foreach (var name in named) Assert.That(Lisor.Pure.Cli.SettingFlags.Knows(name), name);
    }

    // The lines the CLI printed before the library named concepts: unchanged, byte for byte.
    [Test]
    public void Cli_names_the_same_settings_by_their_flags()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "0110", "--out", Path.Combine(dir, "d")).ExitCode, Is.EqualTo(0));
        string train = Path.Combine(dir, "d", "train.tsv"), valid = Path.Combine(dir, "d", "valid.tsv");
        // (a split of 0 examples is refused by the option's own range, which states the bound the task enforces)
        Expect(CliRunner.Run("data", "--task", "000", "--train", "0", "--out", Path.Combine(dir, "x1")),
            "error: option '--train': 0 is out of range, expected 2 to 100000000");
        Expect(CliRunner.Run("data", "--task", "0110", "--min-length", "3", "--out", Path.Combine(dir, "x2")),
            "error: task 0110 has strings of length 4 only; --min-length/--max-length do not apply");
        Expect(CliRunner.Run("data", "--task", "000", "--min-length", "5", "--max-length", "3", "--out", Path.Combine(dir, "x3")),
            "error: lengths 5…3: expected 0 ≤ --min-length ≤ --max-length ≤ 1000");
        Expect(CliRunner.Run("train", "--train", train, "--valid", valid, "--cell", "srn", "--out", Path.Combine(dir, "x4.lisor"), "--positive", "nope"),
            "error: --positive 'nope' is not a class of the training set (0, 1)");
        string vectors = Path.Combine(dir, "vec.txt");
        File.WriteAllText(vectors, "w 0.1 0.2\n");
        Expect(CliRunner.Run("train", "--train", train, "--valid", valid, "--cell", "srn", "--out", Path.Combine(dir, "x5.lisor"), "--embed", "3", "--vectors", vectors),
            "error: give --embed or --vectors, not both");
        string model = Path.Combine(dir, "m.lisor");
        Assert.That(CliRunner.Run("train", "--train", train, "--valid", valid, "--cell", "srn", "--hidden", "2", "--layers", "1", "--epochs", "1", "--out", model).ExitCode, Is.EqualTo(0));
        Expect(CliRunner.Run("extract", "--mode", "paper", "--model", model, "--data", valid, "--clusters", "4", "--layer", "3", "--out", Path.Combine(dir, "x6.json")),
            "error: --layer 3: the model has layers 0…0 (−1 = top)");
        Expect(CliRunner.Run("extract", "--model", model, "--data", valid, "--clusters", "100", "--out", Path.Combine(dir, "x7.json")),
            "error: --clusters 100: larger than the number of distinct prefixes in the data (31)");
    }

    private static void Expect(CliRunner.Result r, string line)
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo(line + Environment.NewLine));
    }
}
