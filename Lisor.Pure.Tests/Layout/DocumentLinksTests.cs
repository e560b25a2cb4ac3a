using System.Text.RegularExpressions;

namespace Lisor.Pure.Tests.Layout;

/// <summary>Every relative link and image in README.md and docs/ names a file or folder of the repository (resolved, as a
/// Markdown viewer does, from the folder of the file that holds it).</summary>
public partial class DocumentLinksTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lisor.Pure.sln"))) return dir.FullName;
        throw new FileNotFoundException($"no Lisor.Pure.sln above {TestContext.CurrentContext.TestDirectory}");
    }

    // [text](target) or ![alt](target), the target up to a space, '#' or ')'
    [GeneratedRegex(@"\]\(([^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex Link();

    /// <summary>The relative targets of <paramref name="markdown"/> that do not exist, from <paramref name="folder"/>.</summary>
    internal static IEnumerable<string> Broken(string markdown, string folder)
        => Link().Matches(markdown).Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://") && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Where(t => !File.Exists(Path.Combine(folder, t)) && !Directory.Exists(Path.Combine(folder, t)));

    [Test]
    public void Relative_links_in_the_readme_and_docs_resolve()
    {
        string root = Root();
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Prepend(Path.Combine(root, "README.md"));
        var broken = files.SelectMany(f => Broken(File.ReadAllText(f), Path.GetDirectoryName(f)!)
            .Select(t => $"{Path.GetRelativePath(root, f)}: {t}")).ToList();
        Assert.That(files.Count(), Is.GreaterThan(10));
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void A_link_is_read_from_the_folder_of_its_file()
    {
        string dir = CliRunner.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "docs"));
        File.WriteAllText(Path.Combine(dir, "docs", "a.svg"), "");
        string md = "![a](a.svg) [b](docs/a.svg) [c](a.svg#top) [web](https://example.org/x) [d](missing.md)";
        Assert.That(Broken(md, Path.Combine(dir, "docs")), Is.EqualTo(new[] { "docs/a.svg", "missing.md" }));
        Assert.That(Broken(md, dir), Is.EqualTo(new[] { "a.svg", "a.svg", "missing.md" }));
    }
}
