using System.Diagnostics;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Starts the built program as a child process training a model over an existing good model file,
/// kills it mid-run, and proves the old file is byte-identical and still loads.
/// </summary>
public class KillDuringWriteTests
{
    private static string ProgramDll()
    {
        string next = Path.Combine(AppContext.BaseDirectory, "Lisor.Pure.dll");
        if (File.Exists(next)) return next;
        string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return Path.Combine(repo, "Lisor.Pure", "bin", "Release", "net10.0", "Lisor.Pure.dll");
    }

    [Test]
    public void Killing_training_mid_run_leaves_the_previous_model_intact()
    {
        var f = Fixtures.Get();
        string dir = CliRunner.TempDir(), model = Path.Combine(dir, "model.lisor");
        File.Copy(f.Model, model);
        byte[] before = File.ReadAllBytes(model);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { ProgramDll(), "train", "--train", f.Train, "--valid", f.Valid, "--cell", "lstm", "--hidden", "32",
                                  "--layers", "2", "--epochs", "10000", "--patience", "10000", "--out", model, "--threads", "1" })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        using var progress = new ManualResetEventSlim();
        child.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("epoch") == true) progress.Set(); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        bool training = progress.Wait(TimeSpan.FromSeconds(20));
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        Assert.That(training, Is.True, "the child reported training progress before it was killed");
        Assert.That(File.ReadAllBytes(model), Is.EqualTo(before), "the previous model is byte-identical");
        Assert.DoesNotThrow(() => Model.Load(model));
    }
}
