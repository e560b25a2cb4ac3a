namespace Lisor.Pure.Tests.Reliability;

/// <summary>Inputs that look odd but are valid: they must succeed (Windows line endings, unknown symbols, long lines).</summary>
public class AcceptedInputTests
{
    [OneTimeSetUp]
    public void BuildFixtures() => Fixtures.Get();

    private static string WithLineEndings(string path, Func<int, string> ending)
    {
        var lines = File.ReadAllLines(path);
        return string.Concat(lines.Select((l, i) => l + ending(i)));
    }

    [Test]
    public void Crlf_and_mixed_line_endings_are_accepted_by_train_and_classify()
    {
        var c = new CaseFolder();
        string crlf = c.Text("train-crlf.tsv", WithLineEndings(c.F.Train, _ => "\r\n"));
        string mixed = c.Text("test-mixed.tsv", WithLineEndings(c.F.Test, i => i % 2 == 0 ? "\r\n" : "\n"));
        var train = CliRunner.Run(c.Train(crlf, "--quiet", "--json"));
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Err);
        Assert.That(File.Exists(c.Path_("model.lisor")));

        var lf = CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--json");
        var mix = CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", mixed, "--json");
        Assert.That(mix.ExitCode, Is.EqualTo(0), mix.Err);
        Assert.That(mix.Json().GetProperty("accuracy").GetDouble(), Is.EqualTo(lf.Json().GetProperty("accuracy").GetDouble()),
            "the line endings change nothing");
    }

    [Test]
    public void Unknown_symbols_at_classification_time_are_counted_not_errors()
    {
        var c = new CaseFolder();
        string data = c.Text("unknown.tsv", "1\t0 1 x 1 0\n0\ty z\n1\t0 1 1 0\n");
        var r = CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", data, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("unknown_symbols").GetInt64(), Is.EqualTo(3));
        Assert.That(r.Json().GetProperty("examples").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public void A_10_MB_line_of_tokens_is_classified()
    {
        var c = new CaseFolder();
        var tokens = string.Join(' ', Enumerable.Repeat("0 1 1 0", (10 << 20) / 8));
        string data = c.Text("long.tsv", "1\t" + tokens + "\n0\t0 0\n");
        var r = CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", data, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("examples").GetInt32(), Is.EqualTo(2));
    }
}
