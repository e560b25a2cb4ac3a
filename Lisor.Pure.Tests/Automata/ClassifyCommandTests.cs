using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Automata;

public class ClassifyCommandTests
{
    private static (string Dir, string Fsa, string Data) Setup()
    {
        string dir = CliRunner.TempDir();
        string fsa = Path.Combine(dir, "fsa.json"), data = Path.Combine(dir, "test.tsv");
        FsaJson.Save(Fsa0110.Learn(), fsa);
        Tsv.Write(data, Fsa0110.Strings.Select(s => new LabeledSequence(Fsa0110.Label(s), s))
            .Append(new LabeledSequence("0", ["0", "1", "1", "0", "0"]))
            .Append(new LabeledSequence("0", ["2", "1"])));
        return (dir, fsa, data);
    }

    [Test]
    public void Classify_scores_the_0110_FSA_and_prints_the_contract_keys()
    {
        var (_, fsa, data) = Setup();
        var r = CliRunner.Run("classify", "--fsa", fsa, "--data", data, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var j = r.Json();
        Assert.That(j.GetProperty("examples").GetInt32(), Is.EqualTo(18));
        Assert.That(j.GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0));
        Assert.That(j.GetProperty("fidelity").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(j.GetProperty("missing_transitions").GetInt64(), Is.EqualTo(1));
        Assert.That(j.GetProperty("unknown_symbols").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public void Classify_with_stay_and_predictions_file()
    {
        var (dir, fsa, data) = Setup();
        string predictions = Path.Combine(dir, "pred.tsv");
        var r = CliRunner.Run("classify", "--fsa", fsa, "--data", data, "--missing", "stay", "--predictions", predictions, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("accuracy").GetDouble(), Is.EqualTo(17.0 / 18), "stay accepts 01100");
        var lines = Tsv.Read(predictions);
        Assert.That(lines, Has.Count.EqualTo(18));
        Assert.That(lines[16], Is.EqualTo(new LabeledSequence("1", ["0", "1", "1", "0", "0"])).Using<LabeledSequence>((a, b) => a.ToString() == b.ToString()));
    }

    [Test]
    public void Classify_with_an_ensemble_of_three_files()
    {
        var (dir, fsa, data) = Setup();
        string t4 = Path.Combine(dir, "t4.json");
        FsaJson.Save(Tomita.Dfa(4), t4);
        var r = CliRunner.Run("classify", "--fsa", $"{fsa},{t4},{fsa}", "--data", data, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0), "two of three votes are the 0110 FSA");
        Assert.That(r.Out, Does.Contain("ensemble of 3 FSAs"));
    }

    [Test]
    public void Classify_rejects_a_broken_FSA_file_with_exit_code_2_and_one_line()
    {
        var (dir, _, data) = Setup();
        string bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, "{\n \"format\": \"lisor-fsa\",\n \"version\": 3\n}\n");
        var r = CliRunner.Run("classify", "--fsa", bad, "--data", data);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err.Trim(), Is.EqualTo($"error: {bad}:3: 'version' 3 is not supported (this reader knows versions 1 and 2)"));
    }

    [Test]
    public void Classify_rejects_an_ensemble_whose_classes_differ()
    {
        var (dir, fsa, data) = Setup();
        string other = Path.Combine(dir, "other.json");
        FsaJson.Save(FsaLearner.Learn([["a"]], [[0]], 1, [0], ["neg", "pos"], 1), other);
        var r = CliRunner.Run("classify", "--fsa", $"{fsa},{other}", "--data", data);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("an ensemble needs the same classes"));
    }

    [Test]
    public void Score_seam_gives_fidelity_against_rnn_predictions()
    {
        var data = Fsa0110.Strings.Select(s => new LabeledSequence(Fsa0110.Label(s), s)).ToList();
        var rnn = new int[16]; // an "RNN" that always answers 0 disagrees only on 0110
        var score = Lisor.Pure.Cli.ClassifyCommand.Score([Fsa0110.Learn()], data, MissingPolicy.Dead, rnn);
        Assert.That(score.Fidelity, Is.EqualTo(15.0 / 16));
    }
}
