using System.Diagnostics;
using Lisor.Pure.Cli;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Standard error and standard output that cannot be written. A failing standard error (2&gt;/dev/full, a full disk under a
/// log file) drops the progress lines, as a closed pipe already did, and never ends the run: `train` and `sweep` used to
/// abort (SIGABRT, exit 134, an unhandled exception) and throw the trained model away. A failing standard output fails
/// the run with a line that names it.
/// </summary>
public class StandardStreamTests
{
    /// <summary>A stream whose every write fails as a full disk's does.</summary>
    private sealed class FullWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => throw new IOException("No space left on device");
        public override void Write(string? value) => throw new IOException("No space left on device");
        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");
    }

    [Test]
    public void Train_with_a_failing_standard_error_finishes_and_writes_its_model()
    {
        var c = new CaseFolder();
        string model = c.Path_("m.lisor");
        var stdout = new StringWriter();
        int code = CommandLine.Run(["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1",
                                    "--epochs", "2", "--out", model], stdout, new FullWriter());
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout.ToString(), Does.Contain("→ " + model));
        Assert.DoesNotThrow(() => Model.Load(model));
    }

    [Test]
    public void Sweep_with_a_failing_standard_error_finishes()
    {
        var c = new CaseFolder();
        string outDir = c.Path_("sw");
        int code = CommandLine.Run(["sweep", "--train", c.F.Train, "--valid", c.F.Valid, "--test", c.F.Test, "--cells", "srn", "--methods", "kmeans",
                                    "--trials", "1", "--max-clusters", "3", "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", outDir],
                                   new StringWriter(), new FullWriter());
        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(outDir, "table.md")));
    }

    /// <summary>
    /// A standard output that fails after the commit (the summary comes last) still fails the run, exit 1, but the line
    /// names standard output and says that the files were written; it used to be "error: No space left on device".
    /// </summary>
    [Test]
    public void A_failing_standard_output_is_named_and_says_whether_the_files_were_written()
    {
        var c = new CaseFolder();
        string fsa = c.Text("f.json", "OLD");
        var err = new StringWriter();
        int code = CommandLine.Run(["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "3", "--out", fsa], new FullWriter(), err);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.ToString(), Is.EqualTo("error: standard output: No space left on device (the output files were written before it failed)\n"));
        Assert.That(File.ReadAllText(fsa), Does.Contain("lisor-fsa"), "the FSA was written");

        err = new StringWriter();
        code = CommandLine.Run(["classify", "--fsa", c.F.Fsa, "--data", c.F.Valid], new FullWriter(), err);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.ToString(), Is.EqualTo("error: standard output: No space left on device\n"), "no file written, none claimed");
    }

    /// <summary>The real process with its standard error on /dev/full: no abort, the exit code of the run.</summary>
    [Test, Platform("Linux")]
    public void The_program_with_standard_error_on_dev_full_exits_as_the_run_went()
    {
        var c = new CaseFolder();
        string model = c.Path_("m.lisor");
        var ok = WithStderrOnDevFull("train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1",
                                     "--epochs", "2", "--out", model);
        Assert.That(ok, Is.EqualTo(0), "train: 0, not 134 (SIGABRT)");
        Assert.DoesNotThrow(() => Model.Load(model));
        // the error line cannot be written either: the exit code still says bad input
        Assert.That(WithStderrOnDevFull("train", "--train", c.Path_("missing.tsv"), "--valid", c.F.Valid, "--cell", "srn", "--out", c.Path_("n.lisor")),
            Is.EqualTo(2));
    }

    private static int WithStderrOnDevFull(params string[] args)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])["-c", "exec dotnet \"$0\" \"$@\" 2>/dev/full", ProgramDll(), .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    internal static string ProgramDll()
    {
        string next = Path.Combine(AppContext.BaseDirectory, "Lisor.Pure.dll");
        if (File.Exists(next)) return next;
        string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return Path.Combine(repo, "Lisor.Pure", "bin", "Release", "net10.0", "Lisor.Pure.dll");
    }
}
