using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>`extract --method lstar` end to end on a tiny trained model.</summary>
public class ExtractLStarCommandTests
{
    private static string? _dir;

    /// <summary>A folder with a small GRU trained on Tomita 1 (model.lisor) and its validation strings (valid.tsv).</summary>
    private static string Dir()
    {
        if (_dir is not null) return _dir;
        string dir = CliRunner.TempDir();
        var task = SyntheticTasks.Generate("tomita1", new TaskOptions(Train: 300, Valid: 60, Test: 10, MaxLength: 10), seed: 2);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "gru", Hidden = 6, Layers = 2, Epochs = 6, Seed = 2 }, null).Model;
        model.Save(Path.Combine(dir, "model.lisor"));
        File.WriteAllLines(Path.Combine(dir, "valid.tsv"), task.Valid.Select(e => e.ToString()));
        return _dir = dir;
    }

    [Test]
    public void Writes_the_minimised_FSA_as_JSON_DOT_and_SVG_and_reports_R_runs()
    {
        string dir = Dir(), outPath = Path.Combine(dir, "lstar.json");
        var r = CliRunner.Run("extract", "--method", "lstar", "--model", Path.Combine(dir, "model.lisor"), "--data", Path.Combine(dir, "valid.tsv"),
            "--out", outPath, "--dot", Path.Combine(dir, "lstar.dot"), "--svg", Path.Combine(dir, "lstar.svg"), "--max-states", "40", "--time-limit", "20", "--json");
        Assert.That(r.ExitCode, Is.Zero, r.Err);
        var fsa = FsaJson.Load(outPath);
        Assert.That(File.ReadAllText(Path.Combine(dir, "lstar.dot")), Does.StartWith("digraph"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "lstar.svg")), Does.Contain("<svg"));
        var json = r.Json();
        Assert.That(json.GetProperty("method").GetString(), Is.EqualTo("lstar"));
        Assert.That(json.GetProperty("minimised_states").GetInt32(), Is.EqualTo(fsa.StateCount));
        Assert.That(json.GetProperty("states").GetInt32(), Is.EqualTo(fsa.StateCount), "the saved FSA's, as in the other modes");
        Assert.That(json.GetProperty("unminimised_states").GetInt32(), Is.GreaterThanOrEqualTo(fsa.StateCount));
        Assert.That(json.GetProperty("rnn_steps").GetInt64(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("membership_queries").GetInt64(), Is.GreaterThanOrEqualTo(json.GetProperty("table_queries").GetInt64()));
        Assert.That(r.Out, Does.Contain("R runs:").And.Contain("membership queries").And.Contain("equivalence checks").And.Contain("fidelity"));
        // The saved FSA answers as R on ε and on every --data string that the run sampled.
        var model = Model.Load(Path.Combine(dir, "model.lisor"));
        Assert.That(fsa.Classify([]), Is.EqualTo(model.Predict(Array.Empty<string>()).Label));
        if (json.GetProperty("budget_reached").ValueKind == System.Text.Json.JsonValueKind.Null)
            Assert.That(json.GetProperty("fidelity").GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public void Test_data_is_scored_as_with_the_other_methods()
    {
        string dir = Dir(), outPath = Path.Combine(dir, "tested.json"), test = Path.Combine(dir, "test.tsv");
        File.WriteAllLines(test, File.ReadAllLines(Path.Combine(dir, "valid.tsv")).Take(20));
        var r = CliRunner.Run("extract", "--method", "lstar", "--model", Path.Combine(dir, "model.lisor"), "--data", Path.Combine(dir, "valid.tsv"),
            "--test", test, "--out", outPath, "--max-states", "40", "--time-limit", "20", "--json");
        Assert.That(r.ExitCode, Is.Zero, r.Err);
        var json = r.Json();
        // the FSA scored on the test file by classify gives the same figures
        var c = CliRunner.Run("classify", "--fsa", outPath, "--data", test, "--model", Path.Combine(dir, "model.lisor"), "--json");
        Assert.That(json.GetProperty("test_accuracy").GetDouble(), Is.EqualTo(c.Json().GetProperty("accuracy").GetDouble()));
        Assert.That(json.GetProperty("test_fidelity").GetDouble(), Is.EqualTo(c.Json().GetProperty("fidelity").GetDouble()));
        Assert.That(r.Out, Does.Contain($"on {Path.GetFileName(test)}: accuracy").And.Contain("(20 sequences)"), "files by name, as the other methods name them");
        Assert.That(r.Out, Does.Not.Contain($"on {test}: accuracy"), "not by path");
    }

    [Test]
    public void A_tiny_state_budget_ends_with_a_note_and_still_writes_the_FSA()
    {
        string dir = Dir(), outPath = Path.Combine(dir, "budget.json");
        var r = CliRunner.Run("extract", "--method", "lstar", "--model", Path.Combine(dir, "model.lisor"), "--data", Path.Combine(dir, "valid.tsv"),
            "--out", outPath, "--max-states", "1");
        Assert.That(r.ExitCode, Is.Zero, r.Err);
        Assert.That(File.Exists(outPath), Is.True);
        // One state is only exact when R answers one class everywhere; otherwise the note says the budget ended it.
        if (!r.Out.Contains("no sampled string")) Assert.That(r.Out, Does.Contain("budget reached (state limit) after 1 state /"));
    }

    [TestCase("--clusters", "4", "'--clusters' does not apply to --method lstar")]
    [TestCase("--fidelity", "0.9", "'--fidelity' does not apply to --method lstar")]
    [TestCase("--probes", "5", "'--probes' does not apply to --method lstar")]
    [TestCase("--mode", "paper", "'--mode' does not apply to --method lstar")]
    [TestCase("--transitions", "fitted", "'--transitions' does not apply to --method lstar")]
    [TestCase("--max-states", "0", "'--max-states'")]
    [TestCase("--time-limit", "-1", "'--time-limit'")]
    [TestCase("--walks", "many", "'--walks'")]
    public void Bad_options_exit_2_with_one_error_line_and_no_file(string option, string value, string message)
    {
        string dir = Dir(), outPath = Path.Combine(dir, $"bad{option.Trim('-')}.json");
        var r = CliRunner.Run("extract", "--method", "lstar", "--model", Path.Combine(dir, "model.lisor"), "--data", Path.Combine(dir, "valid.tsv"),
            "--out", outPath, option, value);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.StartWith("error:").And.Contain(message));
        Assert.That(File.Exists(outPath), Is.False);
    }

    [Test]
    public void A_missing_data_file_is_named()
    {
        string dir = Dir();
        var r = CliRunner.Run("extract", "--method", "lstar", "--model", Path.Combine(dir, "model.lisor"), "--data", Path.Combine(dir, "nope.tsv"),
            "--out", Path.Combine(dir, "x.json"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith("error:").And.Contain("nope.tsv"));
    }
}
