using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// All-or-nothing outputs (issue 17, class 4): a failure while writing or while renaming any of a
/// command's files leaves every file as it was and no temporary behind; temporaries are short and
/// stale ones of ours are cleaned up.
/// </summary>
[NonParallelizable]   // the rename hook is process-wide
public class OutputCommitTests
{
    [TearDown]
    public void RemoveHook() => OutputTransaction.BeforeRename = null;

    private static void FailRename(int n) => OutputTransaction.BeforeRename = i => { if (i == n) throw new IOException("simulated rename failure"); };

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void A_failed_rename_of_any_file_of_extract_leaves_the_folder_exactly_as_it_was(int failing)
    {
        var c = new CaseFolder();
        string fsa = c.Path_("f.json"), dot = c.Path_("f.dot"), svg = c.Path_("f.svg"), points = c.Path_("p.npy");
        Assert.That(CliRunner.Run([.. Fixtures.ExtractArgs(c.F, c.F.Model, fsa), "--dot", dot]).ExitCode, Is.EqualTo(0));
        var before = FolderSnapshot.Of(c.Dir);

        FailRename(failing);
        var r = CliRunner.Run([.. Fixtures.ExtractArgs(c.F, c.F.Model, fsa, "--method", "kmeansx"), "--dot", dot, "--svg", svg, "--save-points", points]);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Err);
            Assert.That(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.StartWith("error: ").And.Contain("simulated rename failure").And.Not.Contain(".lisor-"),
                "the line names the user's file, not our temporary");
            Assert.That(before.Differences(FolderSnapshot.Of(c.Dir)), Is.Empty, "every file as it was, no temporary left");
        });
    }

    [Test]
    public void A_failing_writer_for_the_third_file_leaves_the_first_two_targets_and_creates_no_folder()
    {
        var c = new CaseFolder();
        string a = c.Text("a.txt", "old a"), b = c.Path_("new/b.txt"), third = c.Path_("new/deeper/c.txt");
        var plan = new OutputPlan().Output(a, "--a").Output(b, "--b").Output(third, "--c");
        Assert.Throws<IOException>(() => plan.Commit(() =>
        {
            AtomicFile.WriteAllText(a, "new a");
            AtomicFile.WriteAllText(b, "new b");
            AtomicFile.WriteText(third, w => { w.Write("half"); throw new IOException("No space left on device"); });
        }));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(a), Is.EqualTo("old a"));
            Assert.That(Directory.Exists(c.Path_("new")), Is.False, "the folders made for the outputs are removed again");
            Assert.That(Directory.GetFiles(c.Dir), Is.EqualTo(new[] { a }));
        });
    }

    [Test]
    public void A_failed_rename_restores_the_same_inode_of_a_replaced_file()
    {
        var c = new CaseFolder();
        string a = c.Text("a.txt", "old a"), b = c.Text("b.txt", "old b");
        string before = PathStatus.Of(a, follow: false).Identity!;
        FailRename(1);
        var plan = new OutputPlan().Output(a, "--a").Output(b, "--b");
        Assert.Throws<IOException>(() => plan.Commit(() => { AtomicFile.WriteAllText(a, "new a"); AtomicFile.WriteAllText(b, "new b"); }));
        Assert.That(File.ReadAllText(a), Is.EqualTo("old a"));
        Assert.That(File.ReadAllText(b), Is.EqualTo("old b"));
        Assert.That(PathStatus.Of(a, follow: false).Identity, Is.EqualTo(before), "the previous file itself is back, not a copy");
        Assert.That(Directory.GetFiles(c.Dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.txt", "b.txt" }));
    }

    /// <summary>
    /// A double fault: the commit fails, and undoing an earlier rename fails too (here because something put a folder
    /// where that target was). The backup holding the target's previous content is then the only copy: it is kept, under a
    /// name the stale-temporary cleanup never removes, and the one error line names the target and the backup. (It used
    /// to be deleted with the others, and the line named only the file whose rename failed.)
    /// </summary>
    [Test]
    public void A_failed_undo_keeps_the_backup_and_the_error_line_says_where_the_previous_content_is()
    {
        var c = new CaseFolder();
        string a = c.Text("a.txt", "old a"), b = c.Text("b.txt", "old b");
        OutputTransaction.BeforeRename = i =>
        {
            if (i != 1) return;
            File.Delete(a);                                           // a holds its new content now: put a folder there,
            Directory.CreateDirectory(a);                             // which the undo's rename cannot replace
            File.WriteAllText(Path.Combine(a, "theirs"), "x");
            throw new IOException("simulated rename failure");
        };
        var plan = new OutputPlan().Output(a, "--a").Output(b, "--b");
        var e = Assert.Throws<IOException>(() => plan.Commit(() => { AtomicFile.WriteAllText(a, "new a"); AtomicFile.WriteAllText(b, "new b"); }))!;

        string kept = Directory.GetFiles(c.Dir, ".lisor-*").Single();
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(kept), Does.Match(@"^\.lisor-[0-9a-f]{6}\.kept$"));
            Assert.That(File.ReadAllText(kept), Is.EqualTo("old a"), "the previous content of a is kept");
            Assert.That(e.Message, Does.StartWith($"{b}: could not be written: simulated rename failure; {a} was already replaced and could not be put back (")
                .And.EndWith($"): its previous content is in '{kept}'"));
            Assert.That(File.ReadAllText(b), Is.EqualTo("old b"));
            Assert.That(File.ReadAllText(Path.Combine(a, "theirs")), Is.EqualTo("x"), "what is not ours is left as it is");
        });

        // the kept backup is not taken for a stale temporary
        var saved = TempFiles.StaleAfter;
        try
        {
            TempFiles.StaleAfter = TimeSpan.FromSeconds(-10);
            AtomicFile.WriteAllText(c.Path_("later.txt"), "x");
        }
        finally { TempFiles.StaleAfter = saved; }
        Assert.That(File.Exists(kept));
    }

    [Test]
    public void A_created_target_that_cannot_be_removed_again_is_named()
    {
        var c = new CaseFolder();
        string a = c.Path_("a.txt"), b = c.Text("b.txt", "old b");
        OutputTransaction.BeforeRename = i =>
        {
            if (i != 1) return;
            File.Delete(a);
            Directory.CreateDirectory(a);
            File.WriteAllText(Path.Combine(a, "theirs"), "x");
            throw new IOException("simulated rename failure");
        };
        var plan = new OutputPlan().Output(a, "--a").Output(b, "--b");
        var e = Assert.Throws<IOException>(() => plan.Commit(() => { AtomicFile.WriteAllText(a, "new a"); AtomicFile.WriteAllText(b, "new b"); }))!;
        Assert.That(e.Message, Does.StartWith($"{b}: could not be written: simulated rename failure; {a} was written and could not be removed again ("));
        Assert.That(File.ReadAllText(b), Is.EqualTo("old b"));
    }

    [Test]
    public void Data_with_a_failed_commit_creates_no_folder()
    {
        var c = new CaseFolder();
        FailRename(2);
        var r = CliRunner.Run("data", "--task", "0110", "--out", c.Path_("fresh"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Err);
        Assert.That(Directory.Exists(c.Path_("fresh")), Is.False);
    }

    [Test]
    public void Writing_an_undeclared_output_inside_a_commit_is_a_programming_error()
    {
        var c = new CaseFolder();
        var plan = new OutputPlan().Output(c.Path_("declared.txt"), "--out");
        Assert.Throws<InvalidOperationException>(() => plan.Commit(() => AtomicFile.WriteAllText(c.Path_("other.txt"), "x")));
        Assert.That(Directory.GetFiles(c.Dir), Is.Empty);
    }

    [Test]
    public void Temporary_names_are_17_bytes_so_a_255_byte_name_is_writable()
    {
        var c = new CaseFolder();
        string name = new('é', 127);   // 254 bytes of UTF-8
        string path = c.Path_(name + "x");
        Assert.That(Encoding.UTF8.GetByteCount(Path.GetFileName(path)), Is.EqualTo(255));
        string? seenTemp = null;
        OutputTransaction.BeforeRename = _ => seenTemp = Directory.GetFiles(c.Dir, ".lisor-*").Single();
        AtomicFile.WriteAllText(path, "ok");
        Assert.That(File.ReadAllText(path), Is.EqualTo("ok"));
        Assert.That(Encoding.UTF8.GetByteCount(Path.GetFileName(seenTemp!)), Is.EqualTo(17));
        Assert.That(TempFiles.IsOurs(Path.GetFileName(seenTemp!)));
    }

    [Test]
    public void Temporary_names_are_drawn_at_random_and_never_reused_in_a_folder()
    {
        var c = new CaseFolder();
        var names = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            using (TempFiles.Create(c.Dir, out string path)) names.Add(Path.GetFileName(path));
        }
        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.Matches<string>(TempFiles.IsOurs));
        // six hex digits each, drawn at random: every digit shows up, and the names do not count up
        Assert.That(string.Concat(names.Select(n => n.Substring(7, 6))).Distinct().Count(), Is.EqualTo(16));
        Assert.That(names.Zip(names.Skip(1)).Count(p => string.CompareOrdinal(p.First, p.Second) < 0), Is.InRange(100, 200));
    }

    [Test]
    public void Stale_temporaries_of_our_naming_are_removed_and_other_files_are_kept()
    {
        var c = new CaseFolder();
        string staleTmp = c.Text(".lisor-0a1b2c.tmp", "left by a killed run"), staleBak = c.Text(".lisor-abcdef.bak", "old backup");
        string notOurs = c.Text(".lisor-0a1b2c.tmp.keep", "x"), alsoNotOurs = c.Text(".lisor-XYZ123.tmp", "x");
        var saved = TempFiles.StaleAfter;
        try
        {
            TempFiles.StaleAfter = TimeSpan.FromSeconds(-10);   // everything of ours counts as stale
            AtomicFile.WriteAllText(c.Path_("out.txt"), "new");
        }
        finally { TempFiles.StaleAfter = saved; }
        Assert.That(File.Exists(staleTmp) || File.Exists(staleBak), Is.False);
        Assert.That(File.Exists(notOurs) && File.Exists(alsoNotOurs));

        string fresh = c.Text(".lisor-123abc.tmp", "a live run's");
        AtomicFile.WriteAllText(c.Path_("out.txt"), "newer");
        Assert.That(File.Exists(fresh), "a recent temporary may belong to a live run and is kept");
    }

    /// <summary>
    /// A temporary untouched for longer than <see cref="TempFiles.StaleAfter"/> is not a dead run's while its writer holds
    /// it open: `predict --data - --out F` streams into one for as long as its input lasts, idle while its producer is. It
    /// used to be deleted by the next command writing into the folder, and the predict then failed, its results lost.
    /// </summary>
    [Test]
    public void A_temporary_being_written_is_never_taken_for_a_stale_one()
    {
        var c = new CaseFolder();
        var saved = TempFiles.StaleAfter;
        try
        {
            TempFiles.StaleAfter = TimeSpan.FromSeconds(-10);   // every temporary of ours is old enough
            string temp;
            using (var live = TempFiles.Create(c.Dir, out temp))
            {
                live.Write("half a stream"u8);
                AtomicFile.WriteAllText(c.Path_("other.txt"), "another run's output");   // cleans the folder first
                Assert.That(File.Exists(temp), "the live writer's temporary is kept");
            }
            AtomicFile.WriteAllText(c.Path_("other.txt"), "again");
            Assert.That(File.Exists(temp), Is.False, "once its writer is gone, it is stale");
        }
        finally { TempFiles.StaleAfter = saved; }
    }

    [Test]
    public void A_temporary_removed_from_under_a_commit_is_named_as_such()
    {
        var c = new CaseFolder();
        string path = c.Text("p.tsv", "old");
        OutputTransaction.BeforeRename = _ => File.Delete(Directory.GetFiles(c.Dir, ".lisor-*.tmp").Single());
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "new"))!;
        Assert.That(e.Message, Does.Match($@"^{System.Text.RegularExpressions.Regex.Escape(path)}: could not be written: its temporary file \.lisor-[0-9a-f]{{6}}\.tmp was removed by another process before it could take the file's place$"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
    }

    [Test]
    public void A_failed_single_write_keeps_the_previous_file()
    {
        var c = new CaseFolder();
        string path = c.Text("model.lisor", "previous");
        FailRename(0);
        Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "next"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("previous"));
        Assert.That(Directory.GetFiles(c.Dir), Has.Length.EqualTo(1));
    }
}
