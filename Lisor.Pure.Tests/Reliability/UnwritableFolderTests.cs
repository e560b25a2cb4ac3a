using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// An output whose folder cannot take new files (a read-only file system, a folder without write permission) is refused
/// before any work — exit 2, one error line naming the option, the path and the folder — not after training for an hour.
/// The folder is made unwritable the way this process can: without write permission when not root (root writes anyway),
/// else as a read-only tmpfs mounted on it; where neither works (root without mount, Windows) the folder is declared
/// read-only to the output policy's check (<see cref="NativeStat.ReadOnlyForTests"/>), so the tests run everywhere.
/// </summary>
[NonParallelizable]
public class UnwritableFolderTests
{
    private string _dir = "";
    private bool _mounted;

    [SetUp]
    public void MakeUnwritableFolder()
    {
        var c = new CaseFolder();
        _dir = c.Folder("ro");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            if (NativeStat.CannotWriteIn(_dir) != 0) return;   // not root: the mode is enough
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            _mounted = Tool.Run("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", _dir);
            if (_mounted && NativeStat.CannotWriteIn(_dir) != 0) return;
        }
        string dir = _dir;
        NativeStat.ReadOnlyForTests = d => d == dir ? 30 : 0;   // EROFS
    }

    [TearDown]
    public void Release()
    {
        NativeStat.ReadOnlyForTests = null;
        if (_mounted) Tool.Run("umount", _dir);
        if (!OperatingSystem.IsWindows() && Directory.Exists(_dir))
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Test]
    public void Train_into_an_unwritable_folder_is_refused_before_training()
    {
        var c = new CaseFolder();
        string model = Path.Combine(_dir, "m.lisor");
        var r = CliRunner.Run(["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4", "--epochs", "50", "--out", model]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.Trim(), Does.StartWith($"error: option '--out': '{model}' cannot be written: folder '{_dir}'").And.Not.Contain("\n"));
        Assert.That(r.Err, Does.Not.Contain("epoch"), "refused before the first epoch");
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void A_missing_folder_below_an_unwritable_one_is_refused_and_not_made()
    {
        var c = new CaseFolder();
        string fsa = Path.Combine(_dir, "a", "b", "fsa.json");
        var r = CliRunner.Run(["extract", "--model", c.F.Model, "--data", c.F.Valid, "--out", fsa]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.Trim(), Does.StartWith($"error: option '--out': '{fsa}' cannot be written: folder '{_dir}'"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "a")), Is.False);
    }

    [Test]
    public void A_secondary_output_is_checked_too()
    {
        var c = new CaseFolder();
        string svg = Path.Combine(_dir, "fsa.svg");
        var r = CliRunner.Run(["extract", "--model", c.F.Model, "--data", c.F.Valid, "--out", c.Path_("fsa.json"), "--svg", svg]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.Trim(), Does.StartWith($"error: option '--svg': '{svg}' cannot be written"));
        Assert.That(File.Exists(c.Path_("fsa.json")), Is.False, "all or nothing: the writable output is not written either");
    }
}
