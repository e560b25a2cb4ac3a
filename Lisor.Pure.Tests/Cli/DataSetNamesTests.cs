namespace Lisor.Pure.Tests.Cli;

/// <summary>Every accuracy and fidelity a command prints says which data it was measured on.</summary>
[NonParallelizable]
public class DataSetNamesTests
{
    [Test]
    public void Demo_classify_and_paper_extract_name_the_data_of_each_accuracy()
    {
        string dir = CliRunner.TempDir(), demo = Path.Combine(dir, "demo");
        var r = CliRunner.Run("demo", "--out", demo, "--max-clusters", "6");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Out, Does.Contain("scored on the 100 test strings (test.tsv"));
        Assert.That(r.Out, Does.Match(@"FSA with k = \d+ \(test accuracy "));

        r = CliRunner.Run("classify", "--fsa", Path.Combine(demo, "fsa.json"), "--model", Path.Combine(demo, "model.lisor"),
                          "--data", Path.Combine(demo, "test.tsv"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Out, Does.Match(@"on test\.tsv: accuracy \d\.\d{4}   fidelity \d\.\d{4}"));

        r = CliRunner.Run("extract", "--model", Path.Combine(demo, "model.lisor"), "--data", Path.Combine(demo, "valid.tsv"),
                          "--mode", "paper", "--clusters", "4", "--out", Path.Combine(dir, "k4.json"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Out, Does.Match(@"\(layer 2\): on valid\.tsv accuracy \d\.\d{4}, fidelity \d\.\d{4}"));
    }
}
