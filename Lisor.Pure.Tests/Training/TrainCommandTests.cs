using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

public class TrainCommandTests
{
    [Test]
    public void Data_0110_then_train_srn_reaches_full_test_accuracy_and_writes_a_loadable_model()
    {
        string dir = CliRunner.TempDir();
        var data = CliRunner.Run("data", "--task", "0110", "--out", dir, "--train", "400", "--json");
        Assert.That(data.ExitCode, Is.EqualTo(0), data.Err);
        Assert.That(data.Json().GetProperty("train").GetInt32(), Is.EqualTo(400));
        string model = Path.Combine(dir, "srn.model");
        var r = CliRunner.Run("train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--test", Path.Combine(dir, "test.tsv"), "--cell", "srn", "--out", model, "--epochs", "30", "--threads", "2", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        foreach (var key in new[] { "cell", "hidden", "epochs", "train_accuracy", "valid_accuracy", "test_accuracy", "seconds", "sequences_per_second" })
            Assert.That(json.TryGetProperty(key, out _), key);
        Assert.That(json.GetProperty("test_accuracy").GetDouble(), Is.EqualTo(1.0));
        Assert.That(json.GetProperty("cell").GetString(), Is.EqualTo("srn"));
        var m = Model.Load(model);
        Assert.That((m.CellKind, m.Hidden, m.Layers, m.Classes[m.PositiveClass]), Is.EqualTo(("srn", 10, 3, "1")));
    }

    [Test]
    public void Train_prints_epoch_progress_on_stderr_without_json()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "tomita1", "--out", dir, "--train", "100", "--valid", "20", "--test", "20").ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--cell", "srn", "--out", Path.Combine(dir, "m.model"), "--epochs", "2", "--hidden", "4");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Err, Does.Contain("epoch 2/2").And.Contain("valid"));
        Assert.That(r.Out, Does.Contain("srn 3×4: 2 epochs (best"));
        var one = CliRunner.Run("train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--cell", "srn", "--out", Path.Combine(dir, "m1.model"), "--epochs", "1", "--hidden", "4");
        Assert.That(one.Out, Does.Contain("srn 3×4: 1 epoch (best 1)"));
    }

    [Test]
    public void Bad_input_exits_2_with_one_line_and_writes_no_model()
    {
        string dir = CliRunner.TempDir();
        string train = Path.Combine(dir, "train.tsv");
        File.WriteAllText(train, "1\t0 1\n0 1 1\n");
        string model = Path.Combine(dir, "m.model");
        var r = CliRunner.Run("train", "--train", train, "--valid", train, "--cell", "srn", "--out", model);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.Contain("train.tsv:2:"));
        Assert.That(File.Exists(model), Is.False);
        Assert.That(CliRunner.Run("data", "--task", "nope", "--out", dir).ExitCode, Is.EqualTo(2));
        Assert.That(CliRunner.Run("data", "--task", "000", "--spam", "--out", dir).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Divergence_exits_1_and_writes_no_model()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "000", "--out", dir, "--train", "64", "--valid", "16", "--test", "16").ExitCode, Is.EqualTo(0));
        string model = Path.Combine(dir, "m.model");
        var r = CliRunner.Run("train", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--cell", "srn", "--out", model, "--lr", "1e38", "--clip", "0", "--embed", "2", "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Err, Does.Contain("diverged"));
        Assert.That(r.Err, Does.Contain("try a smaller --lr than").And.Contain("or --clip)"));
        Assert.That(File.Exists(model), Is.False);
    }
}
