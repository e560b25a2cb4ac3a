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

    // A word that is not an option, nor a word the command takes, is refused, naming it: a space typed for a comma
    // (`--fsa a.json,b.json c.json`) must not silently drop c.json, and `-h`, `-q` and a bare `--` are not ours.
    [TestCase("unexpected argument 'c.json'", "classify", "--fsa", "a.json,b.json", "c.json", "--data", "d.tsv")]
    [TestCase("unexpected argument 'stray'", "cluster", "stray", "--points", "p.npy", "--clusters", "2")]
    [TestCase("unexpected argument '-h'; did you mean '--help'?", "cluster", "--points", "p.npy", "--clusters", "2", "-h")]
    [TestCase("unexpected argument '-q'; did you mean '--quiet'?", "check", "--area", "kernels", "-q")]
    [TestCase("unexpected argument '--'", "check", "--", "--area", "kernels")]
    [TestCase("unexpected argument 'extra'", "bench", "gemm", "extra")]
    [TestCase("unexpected argument 'extra' after '--version'", "--version", "extra")]
    [TestCase("unexpected argument 'extra' after 'cluster'", "help", "cluster", "extra")]
    public void A_stray_word_is_a_usage_error_naming_it(string expected, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.StartWith("error: ").And.Contain(expected));
        Assert.That(r.Err.TrimEnd('\n'), Does.Not.Contain("\n"), "one line");
        Assert.That(r.Out, Is.Empty);
    }

    [Test]
    public void Help_followed_by_a_command_prints_that_commands_options()
    {
        var r = CliRunner.Run("help", "cluster");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Out, Is.EqualTo(CliRunner.Run("cluster", "--help").Out));
        Assert.That(r.Out, Does.StartWith("usage: Lisor.Pure cluster "));
        Assert.That(CliRunner.Run("help", "clusterx").ExitCode, Is.EqualTo(2), "an unknown command");
    }

    // The commands whose usage line spells out their options name every one of them (data left out --max-tokens and
    // --0110-train); the others end in "..." or a summary.
    [TestCase("data")]
    [TestCase("cluster")]
    [TestCase("classify")]
    [TestCase("predict")]
    [TestCase("check")]
    [TestCase("demo")]
    public void A_full_usage_line_names_every_option_of_its_command(string name)
    {
        var command = Lisor.Pure.Cli.CommandLine.Commands.Single(c => c.Name == name);
        var missing = command.Options.Select(o => o.Name).Where(o => !System.Text.RegularExpressions.Regex.IsMatch(command.Usage, $@"{o}\b")).ToList();
        Assert.That(missing, Is.Empty, command.Usage);
    }

    // readme-automata.md's classify command line names every option classify takes (it had no --model).
    [Test]
    public void The_classify_line_of_readme_automata_names_every_classify_option()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Lisor.Pure.sln"))) dir = dir.Parent;
        string line = File.ReadAllLines(Path.Combine(dir.FullName, "docs", "readme-automata.md")).Single(l => l.StartsWith("Lisor.Pure classify ", StringComparison.Ordinal));
        var classify = Lisor.Pure.Cli.CommandLine.Commands.Single(c => c.Name == "classify");
        Assert.That(classify.Options.Select(o => o.Name).Where(o => !line.Contains(o + " ", StringComparison.Ordinal)), Is.Empty, line);
    }

    // As an option of another benchmark is refused, so is one that would be ignored (--points or --dim beside --data,
    // which gives the points) or would measure nothing (bench train --length 0, as bench fsa --length 0).
    [TestCase("bench kmeans: option '--points' does not apply with --data (the file gives the points)", "bench", "kmeans", "--data", "POINTS", "--points", "5", "--clusters", "2")]
    [TestCase("bench kmeans: option '--dim' does not apply with --data (the file gives the points)", "bench", "kmeans", "--dim", "3", "--data", "POINTS", "--clusters", "2")]
    [TestCase("option '--length': 0 is out of range, expected 1 to 1000000", "bench", "train", "--length", "0")]
    [TestCase("option '--length': 0 is out of range, expected 1 to 1000000", "bench", "fsa", "--length", "0")]
    public void Bench_refuses_options_that_would_be_ignored_or_measure_nothing(string expected, params string[] args)
    {
        string npy = Path.Combine(CliRunner.TempDir(), "p.npy");
        Lisor.Pure.Data.Npy.Write(npy, [0, 0, 1, 1, 5, 5, 6, 6], 4, 2);
        var r = CliRunner.Run(args.Select(a => a == "POINTS" ? npy : a).ToArray());
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, $"error: {expected}\n")));
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
