using System.Xml.Linq;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The LISOR pipeline through the command line: demo, extract, classify --model, sweep.</summary>
[NonParallelizable]
public class PipelineCliTests
{
    private string _dir = "";
    private CliRunner.Result _demo = null!;

    [OneTimeSetUp]
    public void RunDemoOnce()
    {
        _dir = CliRunner.TempDir();
        _demo = CliRunner.Run("demo", "--out", Path.Combine(_dir, "demo"), "--json", "--quiet");
    }

    private string Demo(string file) => Path.Combine(_dir, "demo", file);

    [Test]
    public void Demo_learns_a_perfect_fsa_for_0110_and_writes_its_files()
    {
        Assert.That(_demo.ExitCode, Is.EqualTo(0), _demo.Err);
        var json = _demo.Json();
        Assert.That(json.GetProperty("rnn_test_accuracy").GetDouble(), Is.EqualTo(1.0));
        Assert.That(json.GetProperty("smallest_k").GetProperty("kmeans").GetInt32(), Is.InRange(2, 16));
        Assert.That(json.GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0));
        foreach (var f in new[] { "model.lisor", "fsa.json", "fsa-minimal.json", "fsa.dot", "fsa.svg", "fsa-minimal.svg", "accuracy-vs-k.svg", "report.md", "train.tsv", "valid.tsv", "test.tsv" })
            Assert.That(File.Exists(Demo(f)), f);
        var svg = XDocument.Parse(File.ReadAllText(Demo("fsa.svg")));
        Assert.That(svg.ToString(), Does.Contain("red").Or.Contain("#d00").Or.Contain("#c00").IgnoreCase, "the 0110 path is highlighted");
        Assert.That(_demo.Out, Does.Contain("smallest k reaching accuracy 1.0"));
        // the default FSA's table names each state's shortest string, on the terminal and in the report
        Assert.That(_demo.Out, Does.Contain("on 0  on 1  reached by\n→ 0    0"));
        Assert.That(File.ReadAllText(Demo("report.md")), Does.Contain("  reached by\n"));
    }

    [Test]
    public void Demo_fsa_accepts_exactly_0110_among_length_4_strings()
    {
        var fsa = FsaJson.Load(Demo("fsa.json"));
        for (int bits = 0; bits < 16; bits++)
        {
            var s = Enumerable.Range(0, 4).Select(i => ((bits >> (3 - i)) & 1).ToString()).ToArray();
            Assert.That(fsa.Classify(s), Is.EqualTo(string.Concat(s) == "0110" ? "1" : "0"), string.Concat(s));
        }
    }

    [Test]
    public void Extract_writes_fsa_dot_svg_and_points_and_reports_accuracy_and_fidelity()
    {
        string outDir = CliRunner.TempDir();
        string fsaPath = Path.Combine(outDir, "f.json"), points = Path.Combine(outDir, "p.npy");
        var r = CliRunner.Run("extract", "--mode", "paper", "--model", Demo("model.lisor"), "--data", Demo("valid.tsv"), "--clusters", "6",
            "--method", "kmeansx", "--out", fsaPath, "--dot", Path.Combine(outDir, "f.dot"), "--svg", Path.Combine(outDir, "f.svg"),
            "--highlight", "0 1 1 0", "--save-points", points, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        Assert.That(json.GetProperty("states").GetInt32(), Is.EqualTo(7));
        Assert.That(json.GetProperty("accuracy").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(json.GetProperty("fidelity").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(FsaJson.Load(fsaPath).StateCount, Is.EqualTo(7));
        var (data, rows, cols) = Npy.Read(points);
        Assert.That((rows, cols, data.Length), Is.EqualTo((64, 10, 640)), "16 strings × 4 steps of the top layer's 10 units");
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "p.sequences.tsv")), Has.Length.EqualTo(64));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "f.dot")), Does.StartWith("digraph"));
    }

    [Test]
    public void Extract_from_a_lower_layer_labels_states_by_the_rnn_predictions()
    {
        string fsaPath = Path.Combine(CliRunner.TempDir(), "f.json");
        var r = CliRunner.Run("extract", "--mode", "paper", "--model", Demo("model.lisor"), "--data", Demo("valid.tsv"), "--clusters", "8", "--layer", "0", "--out", fsaPath, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(File.Exists(fsaPath));
    }

    [TestCase("--clusters", "65", "larger than the number of hidden-state points")]
    [TestCase("--clusters", "0", "--clusters")]
    [TestCase("--layer", "3", "--layer")]
    public void Extract_rejects_bad_options_without_writing(string option, string value, string message)
    {
        string outDir = CliRunner.TempDir(), fsaPath = Path.Combine(outDir, "f.json");
        var args = new List<string> { "extract", "--mode", "paper", "--model", Demo("model.lisor"), "--data", Demo("valid.tsv"), "--out", fsaPath };
        if (option != "--clusters") args.AddRange(["--clusters", "4"]);
        args.AddRange([option, value]);
        var r = CliRunner.Run([.. args]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.Contain(message));
        Assert.That(Directory.GetFiles(outDir), Is.Empty);
    }

    [Test]
    public void Classify_with_the_model_reports_fidelity()
    {
        var r = CliRunner.Run("classify", "--fsa", Demo("fsa.json"), "--data", Demo("test.tsv"), "--model", Demo("model.lisor"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("fidelity").GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public void Sweep_writes_its_table_and_rows_and_a_rerun_resumes_without_new_rows()
    {
        string outDir = CliRunner.TempDir();
        string[] args = ["sweep", "--train", Demo("train.tsv"), "--valid", Demo("valid.tsv"), "--test", Demo("test.tsv"),
            "--cells", "srn", "--trials", "1", "--max-clusters", "5", "--hidden", "6", "--layers", "1", "--epochs", "15", "--out", outDir, "--json", "--quiet"];
        var first = CliRunner.Run(args);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Err);
        string csv = File.ReadAllText(Path.Combine(outDir, "results.csv"));
        Assert.That(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1 + 4 * 2), "header + k = 2…5 × 2 methods");
        foreach (string method in new[] { "kmeans", "kmeansx" })
        {
            var best = FsaJson.Load(Path.Combine(outDir, "fsa", $"srn-1-{method}.json"));
            Assert.That(best.StateCount, Is.InRange(1, 6), "the best FSA of k ≤ 5, minimised");
            Assert.That(File.ReadAllText(Path.Combine(outDir, "fsa", $"srn-1-{method}.svg")), Does.StartWith("<svg").Or.StartWith("<?xml"));
        }
        foreach (var f in new[] { "table.md", "accuracy-vs-k.svg", "fidelity-vs-accuracy.svg", "models/srn-1.lisor" })
            Assert.That(File.Exists(Path.Combine(outDir, f)), f);
        var second = CliRunner.Run(args);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Err);
        Assert.That(File.ReadAllText(Path.Combine(outDir, "results.csv")), Is.EqualTo(csv));
        Assert.That(second.Json().GetProperty("table").ToString(), Is.EqualTo(first.Json().GetProperty("table").ToString()));
    }
}
