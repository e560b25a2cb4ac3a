using Lisor.Pure.Automata;
using Lisor.Pure.Tests.Readme;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The README's library example: the same text as the compiled <see cref="ReadmeExample"/>, and it works.</summary>
public class ReadmeExampleTests
{
    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lisor.Pure.sln"))) return Path.Combine(dir.FullName, name);
        throw new FileNotFoundException($"no Lisor.Pure.sln above {TestContext.CurrentContext.TestDirectory}");
    }

    /// <summary>The lines strictly between the line holding <paramref name="from"/> and the one holding <paramref name="to"/>.</summary>
    private static List<string> Between(string[] lines, string from, string to)
    {
        int a = Array.FindIndex(lines, l => l.Trim() == from), b = Array.FindIndex(lines, l => l.Trim() == to);
        Assert.That(a >= 0 && b > a, $"markers '{from}' … '{to}'");
        return lines[(a + 1)..b].ToList();
    }

    /// <summary>The README's ```csharp block, line by line.</summary>
    internal static List<string> ReadmeBlock(string readme)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        int start = Array.FindIndex(lines, l => l.Trim() == "```csharp");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "README.md has a ```csharp block");
        int end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
        return lines[(start + 1)..end].ToList();
    }

    /// <summary>The example as the README must print it: the usings, a blank line, the statements de-indented.</summary>
    internal static List<string> CompiledExample(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var statements = Between(lines, "// README statements", "// README end");
        int indent = statements.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return [.. Between(lines, "// README usings", "// README usings end"), "", .. statements.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())];
    }

    [Test]
    public void The_readme_code_block_is_the_compiled_example()
    {
        var readme = ReadmeBlock(File.ReadAllText(RepositoryFile("README.md")));
        var compiled = CompiledExample(File.ReadAllText(RepositoryFile(Path.Combine("Lisor.Pure.Tests", "Readme", "ReadmeExample.cs"))));
        Assert.That(readme, Is.EqualTo(compiled), "README.md's ```csharp block must be Lisor.Pure.Tests/Readme/ReadmeExample.cs's example");
    }

    [Test]
    public void A_changed_line_in_the_readme_block_is_caught()
    {
        var compiled = CompiledExample(File.ReadAllText(RepositoryFile(Path.Combine("Lisor.Pure.Tests", "Readme", "ReadmeExample.cs"))));
        string readme = "text\n```csharp\n" + string.Join("\n", compiled).Replace("seed: 1", "seed: 2") + "\n```\n";
        Assert.That(ReadmeBlock(readme), Is.Not.EqualTo(compiled));
    }

    [Test]
    public void The_readme_example_learns_the_0110_fsa_and_saves_it()
    {
        string dir = CliRunner.TempDir(), before = Environment.CurrentDirectory;
        var printed = new StringWriter();
        Fsa fsa;
        try
        {
            Environment.CurrentDirectory = dir;
            fsa = ReadmeExample.Run(printed);
        }
        finally { Environment.CurrentDirectory = before; }
        var lines = printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[1..], Is.EqualTo(new[] { "1", "1" }), "R and the FSA both accept 0110");
        Assert.That(FsaJson.Load(Path.Combine(dir, "fsa.json")).StateCount, Is.EqualTo(fsa.StateCount));
        foreach (string s in new[] { "0000", "0111", "1110", "0100" })
            Assert.That(fsa.Classify(s.Select(c => c.ToString()).ToArray()), Is.EqualTo("0"), s);
    }
}
