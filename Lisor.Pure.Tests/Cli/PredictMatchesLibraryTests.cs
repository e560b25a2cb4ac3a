using System.Globalization;
using Lisor.Pure.Automata;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Cli;

/// <summary>
/// The `predict` command and the library agree line by line: R's class and every probability that
/// `predict` writes are what <see cref="Model.Predict(IReadOnlyList{string})"/> (one sequence, step by
/// step) returns, and the FSA column is what <see cref="Fsa.Classify"/> gives — on a file of mixed
/// unlabelled and labelled lines longer than one batch.
/// </summary>
[NonParallelizable]
public class PredictMatchesLibraryTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void RunDemoOnce()
    {
        _dir = CliRunner.TempDir();
        var r = CliRunner.Run("demo", "--out", Path.Combine(_dir, "demo"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
    }

    [Test]
    public void Every_line_of_predict_matches_Model_Predict_and_the_fsa_run()
    {
        string model = Path.Combine(_dir, "demo", "model.lisor"), fsaPath = Path.Combine(_dir, "demo", "fsa-minimal.json");
        var rng = new Lisor.Pure.Tensors.Rng(11);
        var sequences = Enumerable.Range(0, 1500).Select(i => Enumerable.Range(0, 1 + rng.NextInt(30)).Select(_ => rng.NextInt(2).ToString(CultureInfo.InvariantCulture)).ToArray()).ToList();
        // Every third line labelled (its label is what a user would write; predict only scores it).
        var lines = sequences.Select((s, i) => (i % 3 == 0 ? "1\t" : "") + string.Join(' ', s)).ToList();
        string input = Path.Combine(_dir, "mixed.txt"), output = Path.Combine(_dir, "mixed.tsv");
        File.WriteAllLines(input, lines);

        var r = CliRunner.Run("predict", "--model", model, "--fsa", fsaPath, "--data", input, "--out", output, "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);

        var m = Model.Load(model);
        var fsa = FsaJson.Load(fsaPath);
        var text = File.ReadAllLines(output);
        var header = text[0].Split('\t');
        int fsaClass = Array.IndexOf(header, header.First(h => h.StartsWith("fsa", StringComparison.Ordinal)));
        Assert.That(text, Has.Length.EqualTo(1 + sequences.Count));
        for (int i = 0; i < sequences.Count; i++)
        {
            var row = text[1 + i].Split('\t');
            var expected = m.Predict(sequences[i]);
            Assert.That(row[0], Is.EqualTo((i + 1).ToString(CultureInfo.InvariantCulture)), "line number");
            Assert.That(row[1], Is.EqualTo(expected.Label), $"line {i + 1}: R's class");
            for (int c = 0; c < m.Classes.Count; c++)
                // (predict runs this small MGU lane-major, the step API row-major: rounding apart by an ulp, grown over up to
                // 30 steps of a trained model; 9e-6 at most over 20 000 such lines)
                Assert.That(double.Parse(row[2 + c], CultureInfo.InvariantCulture), Is.EqualTo(expected.Probabilities[c]).Within(2e-5),
                            $"line {i + 1}: p({m.Classes[c]})");
            Assert.That(row[fsaClass], Is.EqualTo(fsa.Classify(sequences[i])), $"line {i + 1}: the FSA's class");
        }
    }
}
