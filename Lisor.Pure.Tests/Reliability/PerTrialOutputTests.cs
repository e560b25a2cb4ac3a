using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// `sweep` and `text` write files while they work, so that a rerun can resume: each trial's model, the best FSAs
/// (sweep: DIR/fsa/CELL-TRIAL-METHOD.json and .svg; text: DIR/text-CELL-METHOD[-transductive].json), scales.csv and
/// manifest.json. Every one of them follows from the options, so each is declared and checked with the fixed outputs
/// before any work: a symbolic link there to an input is refused (it used to overwrite the input, exit 0), as is a
/// link to a device or a DIR/fsa or DIR/models that is a file (refused only after training, or exit 1 with .NET's
/// message). Exit 2, one line naming --out, nothing created and the inputs untouched.
/// </summary>
public class PerTrialOutputTests
{
    private string _data = "";

    // each test its own copy: a regression that overwrites an input must not spoil the next test's data
    [SetUp]
    public void WriteTinyTask()
    {
        _data = Experiments.TinyTask.Write().Dir;
    }

    private string Data(string name) => Path.Combine(_data, name);

    private string[] Sweep(string outDir, params string[] more) =>
    [
        "sweep", "--train", Data("train.tsv"), "--valid", Data("valid.tsv"), "--test", Data("test.tsv"),
        "--cells", "srn", "--methods", "kmeans,kmeansx-scaled", "--trials", "2", "--max-clusters", "3",
        "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", outDir, "--quiet", .. more,
    ];

    private string[] Text(string outDir, params string[] more) =>
        ["text", "--data", _data, "--out", outDir, "--cells", "srn", "--trials", "1", "--epochs", "1", "--quiet", .. more];

    /// <summary>Runs the command; it must exit 2 with one line naming --out and <paramref name="expected"/>, and change nothing.</summary>
    private void Refused(string[] args, string outDir, string expected)
    {
        var before = FolderSnapshot.Of(outDir, _data);
        var r = CliRunner.Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
            Assert.That(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.StartWith("error: option '--out': ").And.Contain(expected));
            Assert.That(before.Differences(FolderSnapshot.Of(outDir, _data)), Is.Empty, "the inputs untouched, nothing created");
        });
    }

    [TestCase("fsa/srn-2-kmeans.json", "test.tsv", "--test")]
    [TestCase("fsa/srn-1-kmeansx-scaled.svg", "valid.tsv", "--valid")]
    [TestCase("models/srn-2.lisor", "train.tsv", "--train")]
    [TestCase("scales.csv", "train.tsv", "--train")]
    [TestCase("manifest.json", "test.tsv", "--test")]
    public void A_sweep_output_linked_to_an_input_is_refused_before_any_work(string output, string input, string option)
    {
        string outDir = CliRunner.TempDir();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(outDir, output))!);
        File.CreateSymbolicLink(Path.Combine(outDir, output), Data(input));
        Refused(Sweep(outDir), outDir, $"is the input {option} '{Data(input)}'; refusing to overwrite an input");
        // --restart removes an earlier run's files, but never writes through such a link either
        Refused(Sweep(outDir, "--restart"), outDir, $"is the input {option}");
    }

    [TestCase("scales.csv", "valid.tsv")]
    [TestCase("text-srn-kmeansx.json", "test.tsv")]
    [TestCase("text-srn-kmeans-transductive.json", "train.tsv")]
    [TestCase("models/text-srn-step1-1.lisor", "valid.tsv")]
    [TestCase("manifest.json", "train.tsv")]
    public void A_text_output_linked_to_an_input_is_refused_before_any_work(string output, string input)
    {
        string outDir = CliRunner.TempDir();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(outDir, output))!);
        File.CreateSymbolicLink(Path.Combine(outDir, output), Data(input));
        Refused(Text(outDir), outDir, $"is the input --data '{Data(input)}'; refusing to overwrite an input");
    }

    [TestCase("fsa")]
    [TestCase("models")]
    public void A_sweep_subfolder_that_is_a_file_is_refused_before_any_work(string folder)
    {
        string outDir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(outDir, folder), "keep");
        Refused(Sweep(outDir), outDir, $"'{Path.Combine(outDir, folder)}' is a regular file, not a folder");
    }

    [Test]
    public void A_text_models_folder_that_is_a_file_is_refused_before_any_work()
    {
        string outDir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(outDir, "models"), "keep");
        Refused(Text(outDir), outDir, $"'{Path.Combine(outDir, "models")}' is a regular file, not a folder");
    }

    [Test]
    public void A_per_trial_output_linked_to_a_device_is_refused_before_training()
    {
        var c = new CaseFolder();
        string device = c.CharDevice("null");
        string outDir = CliRunner.TempDir();
        Directory.CreateDirectory(Path.Combine(outDir, "fsa"));
        File.CreateSymbolicLink(Path.Combine(outDir, "fsa", "srn-1-kmeans.svg"), device);
        Refused(Sweep(outDir), outDir, "is a symbolic link to a character device; refusing to replace it");

        string textDir = CliRunner.TempDir();
        File.CreateSymbolicLink(Path.Combine(textDir, "text-srn-kmeansx.json"), device);
        Refused(Text(textDir), textDir, "is a symbolic link to a character device; refusing to replace it");
        Assert.That(PathStatus.Of(device, follow: false).Kind, Is.EqualTo(PathKind.CharDevice));
    }

    [Test]
    public void A_sweep_with_every_output_declared_still_runs_and_resumes()
    {
        string outDir = CliRunner.TempDir();
        var first = CliRunner.Run(Sweep(outDir));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Err);
        Assert.That(File.Exists(Path.Combine(outDir, "fsa", "srn-2-kmeansx-scaled.svg")) && File.Exists(Path.Combine(outDir, "scales.csv")));
        var again = CliRunner.Run(Sweep(outDir));
        Assert.That(again.ExitCode, Is.EqualTo(0), again.Err);
    }

    [Test]
    public void During_a_plans_work_a_write_must_be_declared_and_is_checked_again_against_the_inputs()
    {
        var c = new CaseFolder();
        string input = c.Text("in.tsv", "0\ta b\n"), output = c.Path_("out.json");
        var plan = new OutputPlan().Input(input, "--data").Output(output, "--out");
        plan.Check();
        Assert.Throws<InvalidOperationException>(() => plan.Work(() => { AtomicFile.WriteAllText(c.Path_("other.json"), "x"); return 0; }),
            "a file the plan did not declare");
        Assert.That(File.Exists(c.Path_("other.json")), Is.False);

        // the output was checked while it did not exist; by the time it is written it has become a link to the input
        var e = Assert.Throws<InputException>(() => plan.Work(() =>
        {
            File.CreateSymbolicLink(output, input);
            AtomicFile.WriteAllText(output, "new");
            return 0;
        }))!;
        Assert.That(e.Message, Is.EqualTo($"option '--out': '{output}' is the input --data '{input}'; refusing to overwrite an input"));
        Assert.That(File.ReadAllText(input), Is.EqualTo("0\ta b\n"));

        File.Delete(output);
        plan.Work(() => { AtomicFile.WriteAllText(output, "new"); return 0; });
        Assert.That(File.ReadAllText(output), Is.EqualTo("new"));
    }
}
