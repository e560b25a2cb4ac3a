using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tests.Reliability;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>
/// A sweep folder knows its settings (manifest.json): a rerun with the same ones resumes, other ones exit 2
/// naming the first difference and touch nothing, --restart starts afresh; and with --stop-at-target the
/// rows do not depend on the thread count.
/// </summary>
[NonParallelizable]
public class SweepManifestTests
{
    private string _data = "";

    [OneTimeSetUp]
    public void WriteTinyTask()
    {
        (_data, var splits) = TinyTask.Write();
        Tsv.Write(Path.Combine(_data, "test2.tsv"), splits.Test.Take(40));
    }

    private string[] Args(string outDir, params string[] more) =>
    [
        "sweep", "--train", Path.Combine(_data, "train.tsv"), "--valid", Path.Combine(_data, "valid.tsv"),
        "--test", Path.Combine(_data, "test.tsv"), "--cells", "srn", "--trials", "1", "--max-clusters", "4",
        "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", outDir, "--quiet", .. more,
    ];

    private static string[] With(string[] args, string option, string value)
    {
        var copy = args.ToArray();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    [Test]
    public void A_rerun_with_the_same_settings_resumes_and_the_manifest_names_them()
    {
        string outDir = CliRunner.TempDir();
        var first = CliRunner.Run(Args(outDir));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Err);
        var manifest = RunManifest.Read(Path.Combine(outDir, "manifest.json"));
        Assert.That(manifest.Run, Is.EqualTo("sweep"));
        var settings = manifest.Settings.ToDictionary(s => s.Key, s => s.Value);
        Assert.That(settings["--epochs"], Is.EqualTo("1"));
        Assert.That(settings["--cells"], Is.EqualTo("srn"));
        Assert.That(settings["--test"], Does.StartWith("60 examples, sha256 "));
        Assert.That(settings.ContainsKey("--threads"), Is.False, "the thread count is not a setting");
        var before = FolderSnapshot.Of(outDir);
        var second = CliRunner.Run(Args(outDir, "--threads", "2"));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Err);
        Assert.That(before.Differences(FolderSnapshot.Of(outDir)).Where(d => !d.EndsWith(".svg") && !d.EndsWith("table.md")), Is.Empty,
            "nothing but the re-rendered report changes");
    }

    [Test]
    public void A_manifest_with_a_lone_surrogate_escape_is_a_located_error()
    {
        string path = Path.Combine(CliRunner.TempDir(), "manifest.json");
        File.WriteAllText(path, "{\n  \"format\": \"lisor-manifest\", \"version\": 1, \"run\": \"sweep\",\n  \"settings\": {\"--cells\": \"srn\\udfff\"}\n}\n");
        var e = Assert.Throws<InputException>(() => RunManifest.Read(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}:3: ").And.Contain("surrogate"));
    }

    [TestCase("--epochs", "2", "--epochs was 1, now 2")]
    [TestCase("--max-clusters", "3", "--max-clusters was 4, now 3")]
    [TestCase("--seed", "5", "--seed was 1, now 5")]
    public void Other_settings_exit_2_naming_the_first_difference_and_touch_nothing(string option, string value, string expected)
    {
        string outDir = CliRunner.TempDir();
        Assert.That(CliRunner.Run(Args(outDir)).ExitCode, Is.EqualTo(0));
        var before = FolderSnapshot.Of(outDir);
        var args = option == "--seed" ? Args(outDir, "--seed", value) : With(Args(outDir), option, value);
        var r = CliRunner.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo($"error: {Path.Combine(outDir, "manifest.json")}: {expected}; use --restart to start afresh\n"));
        Assert.That(before.Differences(FolderSnapshot.Of(outDir)), Is.Empty);
    }

    [Test]
    public void Another_test_set_is_a_difference_though_the_options_are_the_same()
    {
        string outDir = CliRunner.TempDir();
        Assert.That(CliRunner.Run(Args(outDir)).ExitCode, Is.EqualTo(0));
        var before = FolderSnapshot.Of(outDir);
        var r = CliRunner.Run(With(Args(outDir), "--test", Path.Combine(_data, "test2.tsv")));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.StartWith($"error: {Path.Combine(outDir, "manifest.json")}: --test was 60 examples, sha256 "));
        Assert.That(r.Err, Does.Contain(", now 40 examples, sha256 "));
        Assert.That(before.Differences(FolderSnapshot.Of(outDir)), Is.Empty);
    }

    [Test]
    public void Restart_starts_afresh_under_the_new_settings()
    {
        string outDir = CliRunner.TempDir();
        Assert.That(CliRunner.Run(With(Args(outDir), "--max-clusters", "5")).ExitCode, Is.EqualTo(0));
        Assert.That(Rows(outDir).Max(r => r.K), Is.EqualTo(5));
        byte[] oldModel = File.ReadAllBytes(Path.Combine(outDir, "models", "srn-1.lisor"));
        var r = CliRunner.Run(With(Args(outDir, "--restart"), "--epochs", "3"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(RunManifest.Read(Path.Combine(outDir, "manifest.json")).Settings, Does.Contain(("--epochs", "3")));
        Assert.That(Rows(outDir).Select(x => x.K), Is.EqualTo(new[] { 2, 3, 4, 2, 3, 4 }), "no row of the old k = 5 survives");
        Assert.That(File.ReadAllBytes(Path.Combine(outDir, "models", "srn-1.lisor")), Is.Not.EqualTo(oldModel), "the model was trained again");
        var again = CliRunner.Run(With(Args(outDir), "--epochs", "3"));
        Assert.That(again.ExitCode, Is.EqualTo(0), "the restarted folder now resumes: " + again.Err);
    }

    [Test]
    public void A_folder_with_results_but_no_manifest_is_not_resumed()
    {
        string outDir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(outDir, "results.csv"), SweepResults.Header + "\nsrn,1,kmeans,2,1,1,3,3,1,0.1\n");
        var before = FolderSnapshot.Of(outDir);
        var r = CliRunner.Run(Args(outDir));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Is.EqualTo($"error: {Path.Combine(outDir, "manifest.json")}: missing, but the folder holds results of unknown settings; use --restart to start afresh\n"));
        Assert.That(before.Differences(FolderSnapshot.Of(outDir)), Is.Empty);
    }

    [Test]
    public void A_broken_manifest_is_one_error_line_naming_it()
    {
        string outDir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(outDir, "manifest.json"), "{\"format\": \"lisor-manifest\", \"version\": 1,\n\"run\": 3}\n");
        var r = CliRunner.Run(Args(outDir));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith($"error: {Path.Combine(outDir, "manifest.json")}:2: "));
        Assert.That(r.Err.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [Test]
    public void The_first_difference_is_reported_in_the_manifests_order()
    {
        var old = new RunManifest("sweep").Add("--a", 1).Add("--b", "x").Add("--c", true);
        Assert.That(new RunManifest("sweep").Add("--a", 1).Add("--b", "x").Add("--c", true).FirstDifference(old), Is.Null);
        Assert.That(new RunManifest("sweep").Add("--a", 2).Add("--b", "y").Add("--c", true).FirstDifference(old), Is.EqualTo("--a was 1, now 2"));
        Assert.That(new RunManifest("sweep").Add("--a", 1).Add("--b", "x").FirstDifference(old), Is.EqualTo("--c was yes, now not a setting"));
        Assert.That(new RunManifest("sweep").Add("--a", 1).Add("--d", 0.5).Add("--b", "x").Add("--c", true).FirstDifference(old),
            Is.EqualTo("--d was not recorded, now 0.5"));
        Assert.That(new RunManifest("text").FirstDifference(old), Is.EqualTo("the folder holds a sweep run, this is a text run"));
        string dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "m.json"), old.ToJson());
        var back = RunManifest.Read(Path.Combine(dir, "m.json"));
        Assert.That(back.Settings, Is.EqualTo(old.Settings));
        Assert.That(old.FirstDifference(back), Is.Null);
    }

    [Test]
    public void Data_hashes_see_labels_tokens_and_token_boundaries()
    {
        static string H(params LabeledSequence[] data) => new RunManifest("x").AddData("d", data).Settings[0].Value;
        static LabeledSequence S(string label, params string[] tokens) => new(label, tokens);
        string a = H(S("1", "0", "1"));
        Assert.That(H(S("1", "0", "1")), Is.EqualTo(a));
        Assert.That(H(S("0", "0", "1")), Is.Not.EqualTo(a));
        Assert.That(H(S("1", "01")), Is.Not.EqualTo(a));
        Assert.That(H(S("1", "0"), S("1", "1")), Is.Not.EqualTo(a));
    }

    private static List<SweepRow> Rows(string outDir) => SweepResults.Load(Path.Combine(outDir, "results.csv")).Rows.ToList();

    /// <summary>results.csv without the timing column.</summary>
    private static string[] RowsWithoutSeconds(string outDir)
        => File.ReadAllLines(Path.Combine(outDir, "results.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    // Target 0: k = 2 reaches it at once, so a second thread's k = 3 must be dropped; target 0.99: wherever it is reached.
    // Without stopping, the k chunks are several k per thread. Both trials' models are trained side by side.
    [TestCase(0.0, true)]
    [TestCase(0.99, true)]
    [TestCase(1.0, false)]
    public void Stop_at_target_gives_the_same_rows_and_figures_for_one_and_two_threads(double target, bool stop)
    {
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 120, Valid: 60, Test: 60), 3);
        var o = new SweepOptions
        {
            Cells = ["srn"], Trials = 2, MinClusters = 2, MaxClusters = 9, Target = target, StopAtTarget = stop,
            Training = new TrainingOptions { Hidden = 4, Layers = 1, Epochs = 2 },
        };
        int previous = Parallelism.Threads;
        var dirs = new List<string>();
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.Threads = threads;
                string dir = CliRunner.TempDir();
                var results = Sweep.Run(splits.Train, splits.Valid, splits.Test, o, dir);
                SweepReport.Write(dir, results, o, "t");
                dirs.Add(dir);
            }
        }
        finally { Parallelism.Threads = previous; }
        var one = RowsWithoutSeconds(dirs[0]);
        if (target == 0) Assert.That(one, Has.Length.EqualTo(1 + 2 * 2), "k = 2 only, per trial and method");
        if (!stop) Assert.That(one, Has.Length.EqualTo(1 + 2 * 2 * 8), "k = 2…9, per trial and method");
        foreach (string dir in dirs.Skip(1))
        {
            Assert.That(RowsWithoutSeconds(dir), Is.EqualTo(one));
            foreach (string f in new[] { "accuracy-vs-k.svg", "fidelity-vs-accuracy.svg", "table.md", "manifest.json" })
                Assert.That(File.ReadAllText(Path.Combine(dir, f)), Is.EqualTo(File.ReadAllText(Path.Combine(dirs[0], f))), f);
        }
    }

    [Test]
    public void The_text_and_tomita_folders_refuse_other_settings_too()
    {
        string dir = CliRunner.TempDir();
        var training = new TrainingOptions { Hidden = 3, Layers = 1, Epochs = 1 };
        var m = new RunManifest("tomita").Add("--seed", 1UL).Add("--cells", ["srn"]).Add("--max-clusters", 3).AddTraining(training);
        m.Claim(dir, restart: false, () => false, () => { });
        var other = new RunManifest("tomita").Add("--seed", 1UL).Add("--cells", ["srn"]).Add("--max-clusters", 3).AddTraining(training with { Epochs = 4 });
        var e = Assert.Throws<InputException>(() => other.Claim(dir, restart: false, () => false, () => { }))!;
        Assert.That(e.Message, Is.EqualTo($"{Path.Combine(dir, "manifest.json")}: --epochs was 1, now 4; use --restart to start afresh"));
        bool cleared = false;
        other.Claim(dir, restart: true, () => true, () => cleared = true);
        Assert.That(cleared, Is.True);
        Assert.That(RunManifest.Read(Path.Combine(dir, "manifest.json")).FirstDifference(other), Is.Null);

        var text = new TextExperimentOptions();
        var data = new List<LabeledSequence> { new("spam", ["a"]), new("ham", ["b"]) };
        var t1 = TextExperiment.Manifest(data, data, data, text, 1);
        var t2 = TextExperiment.Manifest(data, data, data, text with { Training = text.Training with { Epochs = 2 } }, 1);
        Assert.That(t2.FirstDifference(t1), Is.EqualTo($"--epochs was {text.Training.Epochs}, now 2"));
        Assert.That(Reproduction.Manifest(ReproduceOptions.Quick(1)).FirstDifference(Reproduction.Manifest(ReproduceOptions.Full(1))),
            Is.EqualTo("--quick was no, now yes"));
    }

    [Test]
    public void Every_setting_a_sweep_result_depends_on_is_in_its_manifest()
    {
        var data = new List<LabeledSequence> { new("1", ["0", "1"]), new("0", ["1"]) };
        var other = new List<LabeledSequence> { new("1", ["0", "1"]), new("0", ["0"]) };
        var o = new SweepOptions();
        string Diff(SweepOptions changed, IReadOnlyList<LabeledSequence>? train = null, IReadOnlyList<LabeledSequence>? valid = null,
            IReadOnlyList<LabeledSequence>? test = null)
            => SweepManifest.Of(changed, train ?? data, valid ?? data, test ?? data, "/d").FirstDifference(SweepManifest.Of(o, data, data, data, "/d"))
               ?? "(no difference)";
        Assert.That(Diff(o), Is.EqualTo("(no difference)"));
        Assert.That(Diff(o, train: other), Does.StartWith("--train was "));
        Assert.That(Diff(o, valid: other), Does.StartWith("--valid was "));
        Assert.That(Diff(o, test: other), Does.StartWith("--test was "));
        var t = o.Training;
        var cases = new (SweepOptions Changed, string Option)[]
        {
            (o with { Seed = 2 }, "--seed"), (o with { Cells = ["srn"] }, "--cells"), (o with { Methods = ["kmeans"] }, "--methods"),
            (o with { MinClusters = 3 }, "--min-clusters"), (o with { MaxClusters = 9 }, "--max-clusters"), (o with { Target = 0.9 }, "--target"),
            (o with { Trials = 2 }, "--trials"), (o with { StopAtTarget = true }, "--stop-at-target"), (o with { Layer = HiddenPoints.AllLayers }, "--layer"),
            (o with { PositionScale = 2 }, "--position-scale"), (o with { Standardise = true }, "--standardise"), (o with { Restarts = 3 }, "--restarts"),
            (o with { Selection = RestartSelection.Fidelity }, "--select"), (o with { ModelsDir = "/e/models" }, "models"),
            (o with { Training = t with { Hidden = 3 } }, "--hidden"), (o with { Training = t with { Layers = 1 } }, "--layers"),
            (o with { Training = t with { Embed = 4 } }, "--embed"), (o with { Training = t with { MinCount = 2 } }, "--min-count"),
            (o with { Training = t with { Epochs = 2 } }, "--epochs"), (o with { Training = t with { Batch = 4 } }, "--batch"),
            (o with { Training = t with { LearningRate = 0.1 } }, "--lr"), (o with { Training = t with { Clip = 1 } }, "--clip"),
            (o with { Training = t with { Patience = 2 } }, "--patience"), (o with { Training = t with { Positive = "0" } }, "--positive"),
            (o with { Training = t with { StepLoss = 1 } }, "--step-loss"), (o with { Training = t with { PlateauPatience = 0 } }, "--plateau"),
            (o with { Training = t with { PlateauDelta = 0.25 } }, "--plateau-delta"),
        };
        foreach (var (changed, option) in cases) Assert.That(Diff(changed), Does.StartWith(option + " was "), option);
    }
}
