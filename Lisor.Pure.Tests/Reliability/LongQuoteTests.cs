using static Lisor.Pure.Tests.Reliability.LongQuoteCases;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// A message that quotes a long text the user gave stays readable: one short line, the text's start, "…" and its
/// length (<see cref="LongQuoteCases"/> for the errors; here the warning about symbols outside the model's vocabulary,
/// which used to quote a 10 000-character token whole, and its control characters raw).
/// </summary>
public class LongQuoteTests
{
    // Far more than any bounded message needs (a path, 20 list items of at most ~60 characters), far less than one long text.
    private const int LongestLine = 1000;

    [OneTimeSetUp]
    public void BuildFixtures() => Fixtures.Get();

    private static IEnumerable<TestCaseData> Cases()
        => LongQuoteCases.All().Select(c => new TestCaseData(c).SetName($"A_long_quote_is_cut_in_the_one_error_line({c.Name})"));

    [TestCaseSource(nameof(Cases))]
    public void A_long_quote_is_cut_in_the_one_error_line(LongQuoteCase quote)
    {
        var folder = new CaseFolder();
        var r = CliRunner.Run(quote.Arrange(folder));
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), Shown(r.Err));
            Assert.That(lines, Has.Length.EqualTo(1), Shown(r.Err));
            Assert.That(r.Err, Does.StartWith("error: "), Shown(r.Err));
            Assert.That(r.Err, Does.Contain(quote.Expected), Shown(r.Err));
            Assert.That(r.Err.TrimEnd('\n'), Has.Length.LessThanOrEqualTo(LongestLine), Shown(r.Err));
        });
        Directory.Delete(folder.Dir, recursive: true);
    }

    [TestCase("--clusters", "3")]
    [TestCase("--method", "lstar", "--time-limit", "2")]
    [TestCase("--mode", "paper", "--clusters", "2")]
    public void A_10000_character_token_outside_the_vocabulary_is_cut_in_its_warning(params string[] method)
    {
        var f = Fixtures.Get();
        var folder = new CaseFolder();
        string data = folder.Text("w.tsv", File.ReadAllText(f.Valid) + $"1\t{L}\n");   // a line "1<TAB>0101…": one token, no spaces
        var r = CliRunner.Run(["extract", "--model", f.Model, "--data", data, "--out", folder.Path_("f.json"), "--quiet", .. method]);
        Assert.That(r.ExitCode, Is.EqualTo(0), Shown(r.Err));
        Assert.That(r.Err, Does.Contain($"warning: w.tsv: 1 symbol outside the model's vocabulary ({Q(L)}; 1 occurrence): the model reads each as <unk>"), Shown(r.Err));
        Assert.That(r.Err.Split('\n'), Has.All.Length.LessThanOrEqualTo(LongestLine), Shown(r.Err));
        Directory.Delete(folder.Dir, recursive: true);
    }

    [Test]
    public void The_warning_about_the_test_file_is_cut_too()
    {
        var f = Fixtures.Get();
        var folder = new CaseFolder();
        string test = folder.Text("t.tsv", File.ReadAllText(f.Test) + $"0\t0 {L} 1\n");
        var r = CliRunner.Run(["extract", "--model", f.Model, "--data", f.Valid, "--test", test, "--clusters", "3", "--out", folder.Path_("f.json"), "--quiet"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), Shown(r.Err));
        Assert.That(r.Err, Does.Contain($"warning: t.tsv: 1 symbol outside the model's vocabulary ({Q(L)}; 1 occurrence)"), Shown(r.Err));
        Assert.That(r.Err.Split('\n'), Has.All.Length.LessThanOrEqualTo(LongestLine), Shown(r.Err));
        Directory.Delete(folder.Dir, recursive: true);
    }

    [Test]
    public void Control_characters_of_a_token_are_escaped_in_the_warning()
    {
        // ESC starts a terminal sequence and BEL rings: a warning, which no error line escapes, must not pass them on
        var f = Fixtures.Get();
        var folder = new CaseFolder();
        string data = folder.Text("w.tsv", File.ReadAllText(f.Valid) + "1\t0 a\u001b[31mb c\u0007d 1\n");
        var r = CliRunner.Run(["extract", "--model", f.Model, "--data", data, "--clusters", "3", "--out", folder.Path_("f.json"), "--quiet"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Err, Does.Contain("warning: w.tsv: 2 symbols outside the model's vocabulary ('a\\x1b[31mb', 'c\\x07d'; 2 occurrences)"));
        Assert.That(r.Err.Replace("\n", "").Where(char.IsControl), Is.Empty, "only the line ends are control characters");
        Directory.Delete(folder.Dir, recursive: true);
    }

    // A failure message shows the start of what was printed, not megabytes of it.
    private static string Shown(string err) => err.Length <= 2000 ? err : err[..2000] + $"… ({err.Length} characters)";
}
