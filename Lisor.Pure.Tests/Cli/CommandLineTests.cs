namespace Lisor.Pure.Tests.Cli;

public class CommandLineTests
{
    [Test]
    public void Help_lists_every_command_and_exits_zero()
    {
        var r = CliRunner.Run("--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        foreach (var c in Lisor.Pure.Cli.CommandLine.Commands)
            Assert.That(r.Out, Does.Contain(c.Name));
    }

    [Test]
    public void Version_prints_the_assembly_version()
    {
        var r = CliRunner.Run("--version");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Out, Does.StartWith("Lisor.Pure "));
    }

    [Test]
    public void No_command_lists_the_commands_and_is_a_usage_error_with_one_line()
    {
        var r = CliRunner.Run();
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Out, Does.Contain("commands:"));
        Assert.That(r.Err.Trim(), Does.StartWith("error: no command given").And.Not.Contain("\n"));
    }

    [Test]
    public void Bench_help_says_which_benchmarks_take_an_option_and_what_it_means_for_each()
    {
        var lines = CliRunner.Run("bench", "--help").Out.Split('\n');
        string path = lines.Single(l => l.TrimStart().StartsWith("--path", StringComparison.Ordinal));
        Assert.That(path, Does.Contain("gemm: kernel path: best").And.Contain("predict: auto:"));
        Assert.That(lines.Single(l => l.TrimStart().StartsWith("--states", StringComparison.Ordinal)), Does.Contain("[fsa]"));
        // every value each benchmark's help names is one it takes
        Assert.That(CliRunner.Run("bench", "predict", "--path", "rows", "--sequences", "20", "--passes", "1").ExitCode, Is.Zero);
        Assert.That(CliRunner.Run("bench", "gemm", "--path", "best", "--seconds", "0.01").ExitCode, Is.EqualTo(2), "--seconds is fsa's");
    }

    [Test]
    public void Unknown_command_is_a_usage_error_with_one_line()
    {
        var r = CliRunner.Run("frobnicate");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.Contain("frobnicate"));
    }
}
