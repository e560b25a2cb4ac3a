using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// An input file without read permission is bad input like an unreadable folder above it: exit 2 and one line naming the
/// option and the path as given, <c>option '--train': 'd/test.tsv' cannot be read: Permission denied</c>, before any work —
/// for every command and every input option, since all of them pass the same check (<see cref="OutputPlan"/>). It used to
/// be exit 1 with .NET's "Access to the path '/abs/d/test.tsv' is denied.".
/// The file is made unreadable the way this process can: mode 000 when not root (root reads anyway); as root, the command
/// runs in a child process as the user nobody (setpriv); where neither works the file is declared unreadable to the
/// check (<see cref="NativeStat.UnreadableForTests"/>), so the tests run everywhere.
/// </summary>
[NonParallelizable]
public class UnreadableInputTests
{
    [TearDown]
    public void RemoveHook() => NativeStat.UnreadableForTests = null;

    public static IEnumerable<TestCaseData> Cases()
    {
        // (what the case reads from the fixture, the option given the unreadable file, the command line with {X} for it and {D} for the case folder)
        yield return new TestCaseData("fsa", "--fsa", new[] { "classify", "--fsa", "{X}", "--data", "{valid}" }).SetName("classify --fsa");
        yield return new TestCaseData("valid", "--data", new[] { "classify", "--fsa", "{fsa}", "--data", "{X}" }).SetName("classify --data");
        yield return new TestCaseData("model", "--model", new[] { "predict", "--model", "{X}", "--data", "{valid}", "--out", "-" }).SetName("predict --model");
        yield return new TestCaseData("test", "--train", new[] { "train", "--train", "{X}", "--valid", "{valid}", "--cell", "srn", "--out", "{D}/m.lisor" }).SetName("train --train");
        yield return new TestCaseData("model", "--model", new[] { "extract", "--model", "{X}", "--data", "{valid}", "--out", "{D}/f.json" }).SetName("extract --model");
        yield return new TestCaseData("valid", "--test", new[] { "extract", "--model", "{model}", "--data", "{valid}", "--test", "{X}", "--out", "{D}/f.json" }).SetName("extract --test");
        yield return new TestCaseData("points", "--points", new[] { "cluster", "--points", "{X}", "--clusters", "2" }).SetName("cluster --points");
        yield return new TestCaseData("test", "--test", new[] { "sweep", "--train", "{train}", "--valid", "{valid}", "--test", "{X}", "--out", "{D}/sw" }).SetName("sweep --test");
    }

    [TestCaseSource(nameof(Cases))]
    public void An_unreadable_input_file_is_exit_2_naming_the_option(string source, string option, string[] template)
    {
        var c = new CaseFolder();
        string file = source == "points"
            ? c.Text("x.csv", "0,0\n1,1\n0,1\n")
            : c.Bytes("x", File.ReadAllBytes(source switch { "fsa" => c.F.Fsa, "model" => c.F.Model, "test" => c.F.Test, _ => c.F.Valid }));
        string[] args = template.Select(a => a.Replace("{X}", file).Replace("{D}", c.Dir).Replace("{valid}", c.F.Valid)
            .Replace("{train}", c.F.Train).Replace("{fsa}", c.F.Fsa).Replace("{model}", c.F.Model)).ToArray();
        var before = FolderSnapshot.Of(c.Dir);

        var r = RunWithUnreadable(file, c.Dir, args);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
            Assert.That(r.Err, Is.EqualTo($"error: option '{option}': '{file}' cannot be read: Permission denied\n"));
            Assert.That(before.Differences(FolderSnapshot.Of(c.Dir)), Is.Empty, "nothing written");
        });
    }

    /// <summary>Runs the command line while <paramref name="file"/> cannot be read by it (see the class summary).</summary>
    private static CliRunner.Result RunWithUnreadable(string file, string dir, string[] args)
    {
        if (OperatingSystem.IsWindows())
        {
            NativeStat.UnreadableForTests = p => Path.GetFullPath(p) == Path.GetFullPath(file) ? 13 : 0;   // EACCES
            return CliRunner.Run(args);
        }
        var mode = File.GetUnixFileMode(file);
        File.SetUnixFileMode(file, UnixFileMode.None);
        try
        {
            if (NativeStat.CannotRead(file) != 0) return CliRunner.Run(args);   // not root: the mode is enough
            if (OtherUser.Run(dir, args) is { } child) return child;   // root: as nobody
            NativeStat.UnreadableForTests = p => Path.GetFullPath(p) == Path.GetFullPath(file) ? 13 : 0;
            return CliRunner.Run(args);
        }
        finally { File.SetUnixFileMode(file, mode); }
    }

    [Test]
    public void An_unreadable_input_is_refused_by_the_common_check_itself()
    {
        var c = new CaseFolder();
        string file = c.Text("in.tsv", "0\ta\n");
        NativeStat.UnreadableForTests = p => p == Path.GetFullPath(file) ? 13 : 0;
        var plan = new OutputPlan().Input(file, "--data").Output(c.Path_("out.tsv"), "--out");
        var e = Assert.Throws<InputException>(plan.Check)!;
        Assert.That(e.Message, Is.EqualTo($"option '--data': '{file}' cannot be read: Permission denied"));
    }
}
