namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Runs every case of <see cref="BadInputCases"/> through the real command line (in-process) and checks
/// the contract for bad input: exit code 2, exactly one stderr line "error: …" naming the file, line or
/// option, no stack trace, no "internal failure", and no file created or changed anywhere near it.
/// </summary>
public class BadInputMatrixTests
{
    [OneTimeSetUp]
    public void BuildFixtures() => Fixtures.Get();

    private static IEnumerable<TestCaseData> Cases()
        => BadInputCases.All().Select(c => new TestCaseData(c).SetName($"Bad_input_exits_2_with_one_line_and_writes_nothing({c.Name})"));

    [TestCaseSource(nameof(Cases))]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(BadInputCase bad)
    {
        var folder = new CaseFolder();
        string[] args = bad.Arrange(folder);
        var before = FolderSnapshot.Of(folder.Dir, folder.F.Dir);

        var r = CliRunner.Run(args);

        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
            Assert.That(lines, Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.StartWith("error: "));
            Assert.That(r.Err, Does.Contain(bad.Names), "the message names the file, line or option");
            Assert.That(r.Err, Does.Not.Contain("   at "));
            Assert.That(r.Err, Does.Not.Contain("internal failure"));
            Assert.That(r.Err.TrimEnd('\n').Where(char.IsControl), Is.Empty, "control characters in the error line are escaped");
            Assert.That(r.Out, Does.Not.Contain("   at "));
            Assert.That(before.Differences(FolderSnapshot.Of(folder.Dir, folder.F.Dir)), Is.Empty, "no file created or changed");
        });
        Directory.Delete(folder.Dir, recursive: true);
    }

    [Test]
    public void The_matrix_has_at_least_35_cases_with_distinct_names()
    {
        var names = BadInputCases.All().Select(c => c.Name).ToList();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(35));
        Assert.That(names, Is.Unique);
    }
}
