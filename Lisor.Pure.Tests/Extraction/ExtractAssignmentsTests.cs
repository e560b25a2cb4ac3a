using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// `extract --assignments`: points saved by `extract --save-points`, clustered by another tool (here our own
/// `cluster` command and a plain list of ids as scikit-learn's labels_ would be saved), come back as an FSA.
/// </summary>
[NonParallelizable]
public class ExtractAssignmentsTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void TrainTinyModel()
    {
        _dir = CliRunner.TempDir();
        var task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 300, Valid: 40, Test: 40, MaxLength: 8), 3);
        Tsv.Write(F("valid.tsv"), task.Valid);
        Trainer.Train(task.Train, task.Valid, null, new TrainingOptions { Cell = "gru", Hidden = 6, Layers = 2, Epochs = 6, Seed = 3 }, null)
            .Model.Save(F("model.lisor"));
    }

    private string F(string name) => Path.Combine(_dir, name);

    [Test]
    public void A_clustering_from_the_cluster_command_gives_the_fsa_extract_learns_itself()
    {
        var saved = CliRunner.Run("extract", "--mode", "paper", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--clusters", "5",
            "--out", F("own.json"), "--save-points", F("points.npy"));
        Assert.That(saved.ExitCode, Is.EqualTo(0), saved.Err);
        Assert.That(saved.Out, Does.Contain($"wrote {F("own.json")}, {F("points.npy")}, {F("points.sequences.tsv")}"));
        Assert.That(File.Exists(F("points.sequences.tsv")));
        var clustered = CliRunner.Run("cluster", "--points", F("points.npy"), "--clusters", "5", "--assignments", F("a.tsv"));
        Assert.That(clustered.ExitCode, Is.EqualTo(0), clustered.Err);
        var learned = CliRunner.Run("extract", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--assignments", F("a.tsv"), "--out", F("theirs.json"));
        Assert.That(learned.ExitCode, Is.EqualTo(0), learned.Err);

        var own = FsaJson.Load(F("own.json"));
        var theirs = FsaJson.Load(F("theirs.json"));
        Assert.That(theirs.Transitions, Is.EqualTo(own.Transitions), "the same clustering gives the same moves");
        Assert.That(theirs.States.Select(s => s.Label), Is.EqualTo(own.States.Select(s => s.Label)), "and the same state classes");
    }

    [Test]
    public void Cluster_ids_alone_one_per_line_are_read_too()
    {
        var saved = CliRunner.Run("extract", "--mode", "paper", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--clusters", "3",
            "--out", F("three.json"), "--save-points", F("p3.npy"));
        Assert.That(saved.ExitCode, Is.EqualTo(0), saved.Err);
        int n = Npy.Read(F("p3.npy")).Rows;
        File.WriteAllLines(F("ids.txt"), Enumerable.Range(0, n).Select(i => (i % 3).ToString()));
        var r = CliRunner.Run("extract", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--assignments", F("ids.txt"), "--out", F("ids.json"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(FsaJson.Load(F("ids.json")).StateCount, Is.EqualTo(4), "k = 3 clusters and the start state");
    }

    [TestCase("0\t0\n2\t1\n", "point index '2' should be 1")]
    [TestCase("0\nx\n", "cluster 'x' is not a whole number")]
    [TestCase("0\n1\n", "holds 2 assignments")]
    public void Bad_assignment_files_exit_2_naming_the_file_and_line(string text, string message)
    {
        File.WriteAllText(F("bad.tsv"), text);
        var r = CliRunner.Run("extract", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--assignments", F("bad.tsv"), "--out", F("bad.json"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith("error: ").And.Contain("bad.tsv").And.Contain(message));
        Assert.That(File.Exists(F("bad.json")), Is.False);
    }

    [Test]
    public void Clusters_and_assignments_together_are_refused()
    {
        File.WriteAllText(F("one.tsv"), "0\n");
        var r = CliRunner.Run("extract", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--assignments", F("one.tsv"), "--clusters", "2", "--out", F("x.json"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("--clusters").And.Contain("--assignments"));
    }
}
