namespace Lisor.Pure.Tests.Reliability;

/// <summary>The same seed gives byte-identical models, FSAs and predictions with 1 or 2 threads.</summary>
public class DeterminismTests
{
    [Test]
    public void Train_extract_and_classify_are_identical_with_one_and_two_threads()
    {
        var f = Fixtures.Get();
        string dir = CliRunner.TempDir();
        var files = new Dictionary<int, (string Model, string Fsa, string Predictions)>();
        foreach (int threads in new[] { 1, 2 })
        {
            string t = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var paths = (Path.Combine(dir, $"model{t}.lisor"), Path.Combine(dir, $"fsa{t}.json"), Path.Combine(dir, $"pred{t}.tsv"));
            files[threads] = paths;
            Assert.That(CliRunner.Run(Fixtures.TrainArgs(f, paths.Item1, "--threads", t, "--seed", "7")).ExitCode, Is.EqualTo(0));
            Assert.That(CliRunner.Run(Fixtures.ExtractArgs(f, paths.Item1, paths.Item2, "--threads", t, "--seed", "7")).ExitCode, Is.EqualTo(0));
            Assert.That(CliRunner.Run("classify", "--fsa", paths.Item2, "--data", f.Test, "--predictions", paths.Item3, "--threads", t).ExitCode, Is.EqualTo(0));
        }
        Assert.That(File.ReadAllBytes(files[2].Model), Is.EqualTo(File.ReadAllBytes(files[1].Model)), "model files");
        Assert.That(File.ReadAllText(files[2].Fsa), Is.EqualTo(File.ReadAllText(files[1].Fsa)), "FSA JSON");
        Assert.That(File.ReadAllText(files[2].Predictions), Is.EqualTo(File.ReadAllText(files[1].Predictions)), "predictions");
    }
}
