using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// The output-path policy (issue 17, classes 1–3) beyond the bad-input matrix: devices stay devices,
/// symbolic links are written through, identity is by device and inode, and the secondary outputs and
/// folders of every command are checked before work.
/// </summary>
public class OutputPolicyTests
{
    [Test]
    public void The_native_stat_is_used_on_linux_and_tells_file_types_apart()
    {
        var c = new CaseFolder();
        string fifo = c.Fifo("pipe"), file = c.Text("f.txt", "x");
        Assert.Multiple(() =>
        {
            Assert.That(NativeStat.Available, Is.EqualTo(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()));
            Assert.That(PathStatus.Of("/dev/null", follow: false).Kind, Is.EqualTo(PathKind.CharDevice));
            Assert.That(PathStatus.Of(fifo, follow: false).Kind, Is.EqualTo(PathKind.Fifo));
            Assert.That(PathStatus.Of(file, follow: false).Kind, Is.EqualTo(PathKind.Regular));
            Assert.That(PathStatus.Of(c.Dir, follow: false).Kind, Is.EqualTo(PathKind.Directory));
            Assert.That(PathStatus.Of(c.Path_("none"), follow: false).Kind, Is.EqualTo(PathKind.Missing));
            Assert.That(PathStatus.Of(Path.Combine(file, "below"), follow: false).Kind, Is.EqualTo(PathKind.NotADirectory));
        });
    }

    [Test]
    public void Dev_null_is_refused_as_an_output_and_stays_a_character_device()
    {
        // Only the check runs here (it writes nothing); the CLI cases use a device node of their own.
        var e = Assert.Throws<InputException>(() => OutputPolicy.Check("/dev/null", "--out"));
        Assert.That(e!.Message, Does.Contain("character device").And.Contain("--out"));
        Assert.That(() => AtomicFile.WriteAllText("/dev/null", "x"), Throws.TypeOf<InputException>());
        Assert.That(PathStatus.Of("/dev/null", follow: false).Kind, Is.EqualTo(PathKind.CharDevice));
    }

    [TestCase("train")]
    [TestCase("extract")]
    [TestCase("classify")]
    [TestCase("cluster")]
    [TestCase("data")]
    public void Every_command_refuses_an_own_character_device_as_output_and_leaves_it_a_device(string command)
    {
        var c = new CaseFolder();
        // data's split file must be a node inside its folder: a device of our own, else a FIFO (never /dev/null moved)
        bool own = c.OwnDevices;
        string device = command == "data" ? (own ? c.CharDevice("train.tsv") : c.Fifo("train.tsv")) : c.CharDevice("nul");
        var kind = command == "data" && !own ? PathKind.Fifo : PathKind.CharDevice;
        var f = c.F;
        string[] args = command switch
        {
            "train" => ["train", "--train", f.Train, "--valid", f.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", device],
            "extract" => ["extract", "--model", f.Model, "--data", f.Valid, "--clusters", "3", "--out", c.Path_("f.json"), "--save-points", device],
            "classify" => ["classify", "--fsa", f.Fsa, "--data", f.Test, "--predictions", device],
            "cluster" => ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"), "--clusters", "2", "--centres", device],
            _ => ["data", "--task", "0110", "--out", c.Dir],
        };
        var r = CliRunner.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.Contain(PathStatus.Describe(kind)));
        Assert.That(PathStatus.Of(device, follow: false).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void A_symbolic_link_output_is_written_through_and_stays_a_link()
    {
        var c = new CaseFolder();
        string target = c.Text("real.json", "old"), link = c.Symlink("link.json", target);
        var r = CliRunner.Run(Fixtures.ExtractArgs(c.F, c.F.Model, link));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(target), "the link is kept");
        Assert.That(File.ReadAllText(target), Does.StartWith("{").And.Contain("lisor-fsa"), "its target holds the new FSA");
        Assert.That(Directory.GetFiles(c.Dir, ".lisor-*"), Is.Empty);
    }

    [Test]
    public void Two_undeclared_spellings_of_one_missing_file_are_the_same_output()
    {
        var c = new CaseFolder();
        c.Folder("a");
        string linkToA = c.Symlink("b", c.Path_("a"));
        var plan = new OutputPlan().Output(c.Path_("a/x.json"), "--out").Output(Path.Combine(linkToA, "x.json"), "--dot");
        var e = Assert.Throws<InputException>(plan.Check);
        Assert.That(e!.Message, Does.Contain("--dot").And.Contain("same file"));
    }

    [Test]
    public void A_255_byte_name_is_writable_and_a_256_byte_name_is_refused_up_front()
    {
        var c = new CaseFolder();
        string longest = c.Path_(new string('x', 250) + ".json");
        var ok = CliRunner.Run(Fixtures.ExtractArgs(c.F, c.F.Model, longest));
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.Err);
        Assert.That(File.Exists(longest));
        var tooLong = CliRunner.Run(Fixtures.ExtractArgs(c.F, c.F.Model, c.Path_(new string('x', 251) + ".json")));
        Assert.That(tooLong.ExitCode, Is.EqualTo(2));
        Assert.That(tooLong.Err, Does.Contain("255 bytes"));
    }

    [Test]
    public void Data_spam_into_the_shipped_corpus_folder_is_refused()
    {
        string shipped = SpamCorpus.Locate();
        var before = FolderSnapshot.Of(shipped);
        var r = CliRunner.Run("data", "--spam", "--out", shipped);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.Contain("refusing to overwrite an input"));
        Assert.That(before.Differences(FolderSnapshot.Of(shipped)), Is.Empty);
    }

    [Test]
    public void An_output_folder_that_does_not_exist_is_not_created_when_the_command_fails_with_exit_2()
    {
        var c = new CaseFolder();
        var r = CliRunner.Run(["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "3", "--out", c.Path_("new/deeper/f.json"),
                               "--dot", c.Path_("new/f.dot"), "--svg", c.F.Valid]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(Directory.Exists(c.Path_("new")), Is.False);
    }
}
