using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Cli;

/// <summary>Train → extract → classify → predict on a 3-class task (count of 'a' mod 3 over {a, b}) and on
/// a binary task whose labels name no positive class.</summary>
[NonParallelizable]
public class MultiClassCliTests
{
    private static readonly string[] Names = ["zero", "one", "two"];
    private string _dir = "";

    private static List<LabeledSequence> Mod3(int count, Rng rng, int maxLength = 12) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var s = Enumerable.Range(0, rng.NextInt(maxLength + 1)).Select(_ => rng.NextInt(2) == 0 ? "a" : "b").ToArray();
            return new LabeledSequence(Names[s.Count(t => t == "a") % 3], s);
        }).ToList();

    private string F(string name) => Path.Combine(_dir, name);

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = CliRunner.TempDir();
        var rng = new Rng(11);
        Tsv.Write(F("train.tsv"), Mod3(1500, rng));
        Tsv.Write(F("valid.tsv"), Mod3(200, rng));
        Tsv.Write(F("test.tsv"), Mod3(300, rng, maxLength: 16));
        var r = CliRunner.Run("train", "--train", F("train.tsv"), "--valid", F("valid.tsv"), "--test", F("test.tsv"),
            "--cell", "gru", "--out", F("m3.lisor"), "--quiet", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("test_accuracy").GetDouble(), Is.EqualTo(1.0), "the GRU learns the count mod 3");
    }

    [Test]
    public void Extract_learns_the_three_state_counter_and_classify_and_predict_use_it()
    {
        var r = CliRunner.Run("extract", "--model", F("m3.lisor"), "--data", F("valid.tsv"), "--clusters", "3", "--out", F("m3.json"),
            "--svg", F("m3.svg"), "--dot", F("m3.dot"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("fidelity").GetDouble(), Is.EqualTo(1.0));
        Assert.That(r.Out, Does.Contain("classes {one, two, zero}"));
        var fsa = FsaJson.Load(F("m3.json"));
        Assert.That(fsa.HasPositiveClass, Is.False);
        Assert.That(fsa.Classify([]), Is.EqualTo("zero"), "the start state answers R's class for the empty sequence");
        var minimal = Minimiser.Minimise(fsa).Minimal;
        Assert.That(minimal.StateCount, Is.EqualTo(3));
        foreach (var s in Tsv.Read(F("test.tsv"))) Assert.That(minimal.Classify(s.Tokens), Is.EqualTo(s.Label), s.ToString());
        Assert.That(File.ReadAllText(F("m3.svg")), Does.Contain(">zero<"));

        var c = CliRunner.Run("classify", "--fsa", F("m3.json"), "--model", F("m3.lisor"), "--data", F("test.tsv"), "--json");
        Assert.That(c.ExitCode, Is.EqualTo(0), c.Err);
        Assert.That((c.Json().GetProperty("accuracy").GetDouble(), c.Json().GetProperty("fidelity").GetDouble()), Is.EqualTo((1.0, 1.0)));
        var p = CliRunner.Run("predict", "--model", F("m3.lisor"), "--fsa", F("m3.json"), "--data", F("test.tsv"), "--out", F("p.tsv"), "--json");
        Assert.That(p.ExitCode, Is.EqualTo(0), p.Err);
        Assert.That(File.ReadLines(F("p.tsv")).First(), Is.EqualTo("line\trnn\tp(one)\tp(two)\tp(zero)\tfsa1\tstate1"));
        Assert.That(p.Json().GetProperty("fsa_accuracy")[0].GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public void Binary_labels_without_a_positive_class_extract_a_version_2_fsa_and_positive_makes_it_version_1()
    {
        var rng = new Rng(3);
        List<LabeledSequence> Parity(int n) => Enumerable.Range(0, n).Select(_ =>
        {
            var s = Enumerable.Range(0, 1 + rng.NextInt(8)).Select(_ => rng.NextInt(2) == 0 ? "a" : "b").ToArray();
            return new LabeledSequence(s.Count(t => t == "a") % 2 == 0 ? "even" : "odd", s);
        }).ToList();
        Tsv.Write(F("p-train.tsv"), Parity(400));
        Tsv.Write(F("p-valid.tsv"), Parity(100));
        foreach (var (positive, version) in new[] { (null, 2), ("odd", 1) })
        {
            string model = F($"p-{version}.lisor"), fsaPath = F($"p-{version}.json");
            var args = new List<string> { "train", "--train", F("p-train.tsv"), "--valid", F("p-valid.tsv"), "--cell", "gru", "--epochs", "5", "--out", model, "--quiet" };
            if (positive is not null) args.AddRange(["--positive", positive]);
            Assert.That(CliRunner.Run([.. args]).ExitCode, Is.EqualTo(0));
            var r = CliRunner.Run("extract", "--model", model, "--data", F("p-valid.tsv"), "--clusters", "4", "--out", fsaPath);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
            Assert.That(File.ReadAllText(fsaPath), Does.Contain($"\"version\": {version},"));
        }
    }
}
