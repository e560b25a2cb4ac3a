using System.Reflection;
using System.Text.RegularExpressions;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Layout;

/// <summary>
/// The folders of Lisor.Pure/ are the pipeline in reading order (docs/layout.md), and a file uses only its own folder
/// and the folders before it: no arrow points up. A folder is its namespace (Lisor.Pure.Kernels is Kernels/), so a
/// file reaches another folder only through a <c>using Lisor.Pure.X;</c> or a name qualified by <c>X.</c>; the test
/// reads every source file and finds both.
/// </summary>
public class FolderEdgeTests
{
    /// <summary>The folders in reading order; each may use the ones before it.</summary>
    public static readonly string[] Order =
        ["Common", "Tensors", "Kernels", "Cells", "Sequences", "Training", "Clustering", "Automata", "Extraction", "Drawing", "Data", "Experiments", "Cli"];

    /// <summary>Upward edges accepted on purpose, as (from, to). Empty: there are none.</summary>
    private static readonly (string From, string To)[] AllowedUpward = [];

    private static string EngineDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lisor.Pure.sln"))) return Path.Combine(dir.FullName, "Lisor.Pure");
        throw new FileNotFoundException($"no Lisor.Pure.sln above {TestContext.CurrentContext.TestDirectory}");
    }

    private static IEnumerable<string> SourceFiles(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar) is not ["bin" or "obj", ..])
        .Order(StringComparer.Ordinal);

    /// <summary>The source without comments and string or character literals, so only code is searched.</summary>
    internal static string CodeOnly(string source)
        => Regex.Replace(source, """//[^\n]*|/\*.*?\*/|@"(?:[^"]|"")*"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'""", m => m.Value.StartsWith("//", StringComparison.Ordinal) ? "" : " ",
            RegexOptions.Singleline);

    /// <summary>The folders <paramref name="code"/> uses other than <paramref name="own"/>, each with the text that uses it.</summary>
    internal static IEnumerable<(string Folder, string Evidence)> Uses(string code, string own, IReadOnlyDictionary<string, HashSet<string>> typesByFolder)
    {
        foreach (Match m in Regex.Matches(code, @"\busing\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?Lisor\.Pure\.(\w+)"))
            if (m.Groups[1].Value != own) yield return (m.Groups[1].Value, m.Value);
        // A name qualified by a folder: Kernels.Gemm, Lisor.Pure.Data.Tsv, Clustering.Reference.NaiveKMeans. Only names
        // that are types of that folder count, so a property such as `options.Data.Count` is not mistaken for one.
        foreach (Match m in Regex.Matches(code, @"(?<![\w.])(?:global::)?(?:Lisor\.Pure\.)?(\w+)\.(\w+)"))
        {
            string folder = m.Groups[1].Value;
            if (folder != own && typesByFolder.TryGetValue(folder, out var types) && types.Contains(m.Groups[2].Value))
                yield return (folder, m.Value);
        }
    }

    /// <summary>The engine's type names (generic arity dropped) per folder, nested namespaces such as Cells.Reference included.</summary>
    private static Dictionary<string, HashSet<string>> TypesByFolder()
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var t in typeof(Model).Assembly.GetTypes())
        {
            if (t.Namespace is null || !t.Namespace.StartsWith("Lisor.Pure.", StringComparison.Ordinal) || t.IsNested) continue;
            string[] parts = t.Namespace.Split('.');
            if (!map.TryGetValue(parts[2], out var set)) map[parts[2]] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(t.Name.Split('`')[0]);
            if (parts.Length > 3) set.Add(parts[3]); // the sub-namespace itself: Cells.Reference.X
        }
        return map;
    }

    [Test]
    public void Every_folder_is_in_the_order_and_every_file_declares_its_folders_namespace()
    {
        string root = EngineDirectory();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Order(StringComparer.Ordinal);
        Assert.That(folders, Is.EquivalentTo(Order), "a new folder takes its place in FolderEdgeTests.Order and docs/layout.md");
        foreach (var file in SourceFiles(root))
        {
            string[] dirs = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar);
            if (dirs is ["."]) continue; // Program.cs: the entry point's top-level statements
            var ns = Regex.Match(File.ReadAllText(file), @"^namespace\s+([\w.]+)", RegexOptions.Multiline);
            Assert.That(ns.Success ? ns.Groups[1].Value : "(none)", Is.EqualTo("Lisor.Pure." + string.Join('.', dirs)), Path.GetRelativePath(root, file));
        }
    }

    [Test]
    public void No_folder_uses_a_folder_after_it()
    {
        string root = EngineDirectory();
        var types = TypesByFolder();
        var upward = new List<string>();
        foreach (var file in SourceFiles(root))
        {
            string relative = Path.GetRelativePath(root, file);
            string own = relative.Split(Path.DirectorySeparatorChar)[0];
            int from = Array.IndexOf(Order, own);
            if (from < 0) continue; // Program.cs (checked by the test above)
            foreach (var (folder, evidence) in Uses(CodeOnly(File.ReadAllText(file)), own, types))
            {
                int to = Array.IndexOf(Order, folder);
                if (to > from && !AllowedUpward.Contains((own, folder))) upward.Add($"{relative}: {own} → {folder} ({evidence})");
            }
        }
        Assert.That(upward, Is.Empty, "each folder may use only the folders before it in FolderEdgeTests.Order");
    }

    [Test]
    public void No_global_using_brings_a_folder_into_every_file()
    {
        foreach (var file in SourceFiles(EngineDirectory()))
            Assert.That(Regex.IsMatch(CodeOnly(File.ReadAllText(file)), @"\bglobal\s+using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?Lisor\.Pure"), Is.False, file);
    }

    [Test]
    public void The_scan_sees_usings_and_qualified_names_but_not_comments_strings_or_properties()
    {
        var types = new Dictionary<string, HashSet<string>> { ["Data"] = ["Tsv"], ["Training"] = ["Model"] };
        string code = CodeOnly("""
            using Lisor.Pure.Data;
            // Training.Model in a comment
            var s = "Training.Model in a string";
            var n = options.Data.Count;
            var m = Training.Model.Load(path);
            """);
        Assert.That(Uses(code, "Kernels", types).Select(u => u.Folder), Is.EqualTo(new[] { "Data", "Training" }));
        Assert.That(Uses("var x = Data.Count;", "Kernels", types), Is.Empty, "Count is not a type of Data");
    }
}
