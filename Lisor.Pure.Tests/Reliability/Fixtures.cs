namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Small valid files made once through the real command line, shared by the reliability tests:
/// task 0110 data, a 1-layer SRN with 4 hidden units trained for 3 epochs, and a 3-cluster FSA.
/// Tests must not change these files (the bad-input matrix snapshots their folder).
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<Files> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The fixture files, built on first use.</summary>
    public static Files Get() => Built.Value;

    /// <summary>Paths of the fixture files.</summary>
    public sealed record Files(string Dir, string Train, string Valid, string Test, string Model, string Fsa);

    private static Files Build()
    {
        string dir = CliRunner.TempDir();
        Expect(CliRunner.Run("data", "--task", "0110", "--out", dir, "--train", "300", "--valid", "100", "--test", "100", "--quiet"));
        var f = new Files(dir, Path.Combine(dir, "train.tsv"), Path.Combine(dir, "valid.tsv"), Path.Combine(dir, "test.tsv"),
                          Path.Combine(dir, "model.lisor"), Path.Combine(dir, "fsa.json"));
        Expect(CliRunner.Run(TrainArgs(f, f.Model)));
        Expect(CliRunner.Run(ExtractArgs(f, f.Model, f.Fsa)));
        return f;
    }

    /// <summary>The fixture's training command writing to <paramref name="model"/>.</summary>
    public static string[] TrainArgs(Files f, string model, params string[] more)
        => ["train", "--train", f.Train, "--valid", f.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1",
            "--epochs", "3", "--out", model, "--quiet", .. more];

    /// <summary>The fixture's extraction command reading <paramref name="model"/> and writing <paramref name="fsa"/>.</summary>
    public static string[] ExtractArgs(Files f, string model, string fsa, params string[] more)
        => ["extract", "--model", model, "--data", f.Valid, "--clusters", "3", "--out", fsa, "--quiet", .. more];

    private static void Expect(CliRunner.Result r)
    {
        if (r.ExitCode != 0) throw new InvalidOperationException($"fixture command failed ({r.ExitCode}): {r.Err}");
    }
}
