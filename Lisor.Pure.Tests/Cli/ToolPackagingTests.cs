using System.Text.Json;
using Lisor.Pure.Cli;
using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Cli;

/// <summary>What an installed tool or a native AOT binary relies on: explicit lists instead of reflection,
/// JSON written without reflection, the spam corpus inside the assembly.</summary>
public class ToolPackagingTests
{
    private static IEnumerable<Type> Implementations<T>() =>
        typeof(CommandLine).Assembly.GetTypes().Where(t => typeof(T).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });

    [Test]
    public void Every_command_check_and_benchmark_of_the_assembly_is_listed()
    {
        Assert.That(CommandLine.Commands.Select(c => c.GetType()), Is.EquivalentTo(Implementations<ICommand>()), "add a new command to CommandLine.Commands");
        Assert.That(CheckCommand.Discover().Select(c => c.GetType()), Is.EquivalentTo(Implementations<ISelfCheck>()), "add a new self-check to CheckCommand.Discover");
        Assert.That(BenchCommand.Benchmarks.Select(c => c.GetType()), Is.EquivalentTo(Implementations<IBenchmark>()), "add a new benchmark to BenchCommand.Benchmarks");
        Assert.That(CommandLine.Commands.Select(c => c.Name), Is.EqualTo(CommandLine.Order), "--help lists the commands in Order");
    }

    [Test]
    public void Json_summaries_are_the_bytes_the_reflection_serializer_wrote()
    {
        var summary = new Dictionary<string, object?>
        {
            ["int"] = 3, ["long"] = 1L << 40, ["double"] = 0.1 + 0.2, ["rounded"] = Math.Round(2.0 / 3, 3), ["nan"] = double.NaN,
            ["inf"] = double.NegativeInfinity, ["null"] = null, ["nullable"] = (int?)null, ["bool"] = true, ["text"] = "ünïcode \"q\" \\ \t",
            ["ints"] = new[] { 1, 2 }, ["doubles"] = new double?[] { 0.5, null }, ["words"] = new List<string> { "a", "b" },
            ["sorted"] = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["b"] = 2, ["a"] = 1 },
            ["nested"] = new Dictionary<string, object?> { ["k"] = new Dictionary<string, int?> { ["x"] = null }, ["pair"] = new[] { 0.25, 1.0 } },
            ["float"] = 0.1f,
        };
        Assert.That(JsonText.Serialize(summary), Is.EqualTo(JsonSerializer.Serialize(summary, JsonOptions.Compact)));
        Assert.That(JsonText.Quote("a\"b\\c ü\n"), Is.EqualTo(JsonSerializer.Serialize("a\"b\\c ü\n", JsonOptions.Compact)));
        Assert.That(() => JsonText.Serialize(new { x = 1 }), Throws.ArgumentException);
    }

    [Test]
    public void The_assembly_carries_the_shipped_spam_corpus_byte_for_byte()
    {
        string folder = SpamCorpus.TryLocate([AppContext.BaseDirectory])!;
        Assert.That(folder, Is.Not.Null, "the tests run from a clone");
        foreach (var name in SpamCorpus.SplitFiles.Append("LICENSE").Append("NOTICE"))
            Assert.That(SpamCorpus.Embedded(name), Is.EqualTo(File.ReadAllBytes(Path.Combine(folder, name))), name);
        Assert.That(() => SpamCorpus.Embedded("nothing.tsv"), Throws.InvalidOperationException);
    }

    [Test]
    public void Outside_a_clone_the_corpus_folder_is_the_embedded_copy()
    {
        string outside = CliRunner.TempDir();
        string folder = SpamCorpus.Locate([outside]);
        Assert.That(folder, Does.StartWith(Path.GetTempPath()).And.Not.StartWith(outside));
        foreach (var name in SpamCorpus.SplitFiles)
            Assert.That(File.ReadAllBytes(Path.Combine(folder, name)), Is.EqualTo(SpamCorpus.Embedded(name)), name);
        Assert.That(SpamCorpus.Locate([outside]), Is.EqualTo(folder), "written once, then reused");
    }
}
