using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Layout;

/// <summary>
/// The engine's public API is the small surface docs/layout.md lists, and every public type and member of it has an
/// XML doc comment (the build's CS1591 covers declared members; this also covers a positional record's properties).
/// </summary>
public class PublicApiTests
{
    private static readonly Assembly Engine = typeof(Model).Assembly;

    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lisor.Pure.sln"))) return Path.Combine(dir.FullName, name);
        throw new FileNotFoundException($"no Lisor.Pure.sln above {TestContext.CurrentContext.TestDirectory}");
    }

    private static IEnumerable<Type> PublicTypes() => Engine.GetTypes().Where(t => t.IsVisible);

    [Test]
    public void The_public_types_are_the_ones_docs_layout_lists()
    {
        var lines = File.ReadAllLines(RepositoryFile(Path.Combine("docs", "layout.md")));
        int start = Array.FindIndex(lines, l => l.StartsWith("## The public API", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "docs/layout.md has a section '## The public API'");
        var listed = new List<string>();
        foreach (var row in lines.Skip(start).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
        {
            var cells = row.Split('|');
            string folder = cells[1].Trim().Trim('`').TrimEnd('/');
            listed.AddRange(Regex.Matches(cells[2], "`(\\w+)`").Select(m => $"Lisor.Pure.{folder}.{m.Groups[1].Value}"));
        }
        var actual = PublicTypes().Where(t => !t.IsNested).Select(t => t.FullName!.Split('`')[0]);
        Assert.That(actual, Is.EquivalentTo(listed), "a public type is a decision: list it in docs/layout.md, or make it internal");
    }

    [Test]
    public void Every_public_type_and_member_has_a_doc_comment()
    {
        var xml = XDocument.Load(Path.ChangeExtension(Engine.Location, ".xml"));
        var documented = xml.Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var type in PublicTypes())
        {
            string typeName = type.FullName!.Replace('+', '.');
            if (!documented.Contains("T:" + typeName)) missing.Add("T:" + typeName);
            const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var p in type.GetProperties(declared))
                if (!documented.Contains($"P:{typeName}.{p.Name}") && !documented.Any(d => d.StartsWith($"P:{typeName}.{p.Name}(", StringComparison.Ordinal)))
                    missing.Add($"P:{typeName}.{p.Name}");
            foreach (var f in type.GetFields(declared))
                if (!type.IsEnum || f.IsLiteral)
                    if (!documented.Contains($"F:{typeName}.{f.Name}")) missing.Add($"F:{typeName}.{f.Name}");
            if (type.IsSubclassOf(typeof(Delegate))) continue; // Invoke, BeginInvoke, EndInvoke: the delegate's own doc covers them
            foreach (var m in type.GetMethods(declared).Where(m => !m.IsSpecialName && !IsCompilerMade(m)))
                if (!documented.Any(d => d == $"M:{typeName}.{m.Name}" || d.StartsWith($"M:{typeName}.{m.Name}(", StringComparison.Ordinal) || d.StartsWith($"M:{typeName}.{m.Name}``", StringComparison.Ordinal))) missing.Add($"M:{typeName}.{m.Name}");
        }
        Assert.That(missing, Is.Empty, string.Join("\n", missing));
    }

    /// <summary>Members the compiler writes for records (Equals, GetHashCode, Deconstruct, &lt;Clone&gt;$, PrintMembers, …).</summary>
    private static bool IsCompilerMade(MethodInfo m)
        => m.Name.Contains('<') || m.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null;
}
