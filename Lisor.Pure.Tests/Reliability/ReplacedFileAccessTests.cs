using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Replacing an output does not change who may read it: the new file gets the old one's permission bits (from the moment
/// its temporary is created, so a 0600 file's next content is never readable by others, not even while it is written) and,
/// as root, its owner and group. It used to be a fresh 0644 file of the writer's (a 0600 file became world-readable).
/// A read-only file is not replaced, as <c>cp</c> would not write it: one without any write permission bit (0444), or one
/// this process may not write. It used to be replaced silently.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ReplacedFileAccessTests
{
    [TearDown]
    public void Reset()
    {
        OutputTransaction.BeforeRename = null;
        NativeStat.ReadOnlyForTests = null;
    }

    private static UnixFileMode Mode(int octal) => (UnixFileMode)octal;

    [Test, Platform(Exclude = "Win")]
    public void A_replaced_file_keeps_its_permission_bits_and_as_root_its_owner()
    {
        var c = new CaseFolder();
        string predictions = c.Text("p.tsv", "old\n");
        File.SetUnixFileMode(predictions, Mode(0b110_000_000));   // 0600
        bool root = Environment.IsPrivilegedProcess;
        if (root) Assert.That(Tool.Run("chown", "65534:65534", predictions), Is.True);
        var before = Stat(predictions);

        var r = CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", c.F.Valid, "--predictions", predictions, "--quiet");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(File.ReadAllText(predictions), Is.Not.EqualTo("old\n"), "replaced");
        var after = Stat(predictions);
        Assert.That(after.Permissions, Is.EqualTo(0x180), "still 0600, not world-readable");
        Assert.That((after.Uid, after.Gid), Is.EqualTo((before.Uid, before.Gid)), root ? "as root, the owner and group are kept" : "our own file");
        if (root) Assert.That(after.Uid, Is.EqualTo(65534u));
    }

    [Test, Platform(Exclude = "Win")]
    public void The_temporary_of_a_private_file_is_private_while_it_is_written()
    {
        var c = new CaseFolder();
        string path = c.Text("secret.txt", "old");
        File.SetUnixFileMode(path, Mode(0b110_000_000));
        int? seen = null;
        AtomicFile.Write(path, _ => seen = Stat(Directory.GetFiles(c.Dir, ".lisor-*.tmp").Single()).Permissions);
        Assert.That(seen, Is.EqualTo(0x180), "the temporary is 0600 from its creation on");
        Assert.That(Stat(path).Permissions, Is.EqualTo(0x180));

        // bits the umask would drop are kept too
        string shared = c.Text("shared.txt", "old");
        File.SetUnixFileMode(shared, Mode(0b110_110_110));   // 0666
        AtomicFile.WriteAllText(shared, "new");
        Assert.That(Stat(shared).Permissions, Is.EqualTo(0x1B6));
    }

    [Test, Platform(Exclude = "Win")]
    public void A_file_without_write_permission_is_refused_and_kept()
    {
        var c = new CaseFolder();
        string fsa = c.Text("ro.json", "KEEP");
        File.SetUnixFileMode(fsa, Mode(0b100_100_100));   // 0444
        var r = CliRunner.Run(Fixtures.ExtractArgs(c.F, c.F.Model, fsa));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo($"error: option '--out': '{fsa}' is read-only (mode 0444); refusing to replace it\n"));
        Assert.That(File.ReadAllText(fsa), Is.EqualTo("KEEP"));
        Assert.That(Stat(fsa).Permissions, Is.EqualTo(0x124));
    }

    [Test, Platform(Exclude = "Win")]
    public void A_file_this_process_may_not_write_is_refused_and_kept()
    {
        var c = new CaseFolder();
        string fsa = c.Text("theirs.json", "KEEP");
        string[] args = Fixtures.ExtractArgs(c.F, c.F.Model, fsa);
        CliRunner.Result r;
        if (!Environment.IsPrivilegedProcess)
        {
            File.SetUnixFileMode(fsa, Mode(0b100_110_100));   // 0464: group may write, we (the owner) may not
            r = CliRunner.Run(args);
        }
        else if (OtherUser.Run(c.Dir, args) is { } asNobody) r = asNobody;   // a root-owned 0644 file, nobody's run
        else
        {
            NativeStat.ReadOnlyForTests = p => Path.GetFullPath(p) == fsa ? 13 : 0;   // EACCES
            r = CliRunner.Run(args);
        }
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo($"error: option '--out': '{fsa}' cannot be written: Permission denied; refusing to replace it\n"));
        Assert.That(File.ReadAllText(fsa), Is.EqualTo("KEEP"));
    }

    private static NativeStat.Info Stat(string path)
    {
        Assert.That(NativeStat.TryStat(path, follow: true, out var info, out _), Is.True);
        return info;
    }
}
