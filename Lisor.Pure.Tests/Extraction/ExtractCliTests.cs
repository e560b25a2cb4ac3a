using Lisor.Pure.Automata;
using Lisor.Pure.Cli;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>`extract` end to end on a tiny trained model: the default (auto) mode, the paper's mode, and bad options.</summary>
[NonParallelizable]
public class ExtractCliTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void TrainTinyModel()
    {
        _dir = CliRunner.TempDir();
        var task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 300, Valid: 60, Test: 60, MaxLength: 10), 2);
        Tsv.Write(Path.Combine(_dir, "valid.tsv"), task.Valid);
        Tsv.Write(Path.Combine(_dir, "test.tsv"), task.Test);
        Trainer.Train(task.Train, task.Valid, null, new TrainingOptions { Cell = "gru", Hidden = 6, Layers = 2, Epochs = 8, Seed = 2 }, null)
            .Model.Save(Path.Combine(_dir, "model.lisor"));
    }

    private string F(string name) => Path.Combine(_dir, name);

    private CliRunner.Result Extract(string outDir, params string[] more)
        => CliRunner.Run(["extract", "--model", F("model.lisor"), "--data", F("valid.tsv"), "--out", Path.Combine(outDir, "fsa.json"), "--json", .. more]);

    [Test]
    public void Default_extract_saves_the_minimised_fsa_and_names_each_data_set_with_its_fidelity()
    {
        string outDir = CliRunner.TempDir();
        var r = Extract(outDir, "--test", F("test.tsv"), "--svg", Path.Combine(outDir, "fsa.svg"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        Assert.That(json.GetProperty("mode").GetString(), Is.EqualTo("auto"));
        var fsa = FsaJson.Load(Path.Combine(outDir, "fsa.json"));
        Assert.That(fsa.StateCount, Is.EqualTo(json.GetProperty("minimised_states").GetInt32()));
        Assert.That(json.GetProperty("states").GetInt32(), Is.EqualTo(fsa.StateCount));
        Assert.That(json.GetProperty("fidelity").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(json.GetProperty("test_fidelity").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(json.GetProperty("r_runs").GetInt64(), Is.GreaterThan(60));
        Assert.That(json.GetProperty("curve").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(r.Out, Does.Contain("fidelity on valid.tsv").And.Contain("fidelity on test.tsv").And.Contain("accuracy on test.tsv"));
        Assert.That(r.Out, Does.Contain("k search"));
        Assert.That(File.Exists(Path.Combine(outDir, "fsa.svg")));
        // The saved FSA answers what the model answers on the empty string.
        var model = Model.Load(F("model.lisor"));
        Assert.That(fsa.Classify([]), Is.EqualTo(model.Classes[model.Predict([new LabeledSequence("0", [])])[0]]));
    }

    [Test]
    public void Keep_unminimised_saves_the_fsa_as_learned()
    {
        string outDir = CliRunner.TempDir();
        var r = Extract(outDir, "--keep-unminimised");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        Assert.That(FsaJson.Load(Path.Combine(outDir, "fsa.json")).StateCount, Is.EqualTo(json.GetProperty("unminimised_states").GetInt32()));
        Assert.That(json.GetProperty("unminimised_states").GetInt32(), Is.GreaterThanOrEqualTo(json.GetProperty("minimised_states").GetInt32()));
    }

    [Test]
    public void Probes_0_checks_nothing_beyond_the_data()
    {
        string outDir = CliRunner.TempDir();
        var r = Extract(outDir, "--probes", "0");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("probes").GetInt32(), Is.EqualTo(0));
        Assert.That(r.Json().GetProperty("probe_agreement").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "nothing probed, nothing agreed on");
        Assert.That(r.Out, Does.Contain("probes: none (--probes 0)").And.Not.Contain("agreement with the model"));
    }

    [Test]
    public void The_probes_claim_no_length_the_data_lacks()
    {
        // only the strings of 6 symbols or more: no probe is shorter, and the report must not say "up to length L"
        string outDir = CliRunner.TempDir(), data = Path.Combine(outDir, "long.tsv");
        Tsv.Write(data, Tsv.Read(F("valid.tsv")).Where(s => s.Tokens.Length >= 6).ToList());
        var r = CliRunner.Run(["extract", "--model", F("model.lisor"), "--data", data, "--out", Path.Combine(outDir, "fsa.json"), "--json"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        var lengths = json.GetProperty("exhaustive_lengths").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.That(lengths, Is.Not.Empty);
        Assert.That(lengths[0], Is.EqualTo(6));
        Assert.That(json.GetProperty("exhaustive_length").GetInt32(), Is.Zero);
        Assert.That(r.Out, Does.Contain($"(all strings of length 6–{lengths[^1]})").And.Not.Contain("up to length"));
        // the whole data: lengths from 1 on, and then "up to"
        var whole = Extract(CliRunner.TempDir());
        int upTo = whole.Json().GetProperty("exhaustive_length").GetInt32();
        Assert.That(upTo, Is.GreaterThan(0));
        Assert.That(whole.Out, Does.Contain($"(all strings up to length {upTo})"));
    }

    [Test]
    public void Symbols_outside_the_models_vocabulary_are_named_in_a_warning()
    {
        string outDir = CliRunner.TempDir(), data = Path.Combine(outDir, "mix.tsv");
        var lines = File.ReadAllLines(F("valid.tsv")).Append("0\ta 1 b a").ToArray();
        File.WriteAllLines(data, lines);
        foreach (string[] method in new[] { Array.Empty<string>(), ["--method", "lstar", "--time-limit", "2"], ["--mode", "paper", "--clusters", "2"] })
        {
            var r = CliRunner.Run(["extract", "--model", F("model.lisor"), "--data", data, "--out", Path.Combine(outDir, "fsa.json"), .. method]);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
            Assert.That(r.Err, Does.Contain("warning: mix.tsv: 2 symbols outside the model's vocabulary ('a', 'b'; 3 occurrences): the model reads each as <unk>"),
                string.Join(" ", method));
        }
        // bad input found after the data is read still gets its one error line, no warning before it
        var bad = CliRunner.Run(["extract", "--model", F("model.lisor"), "--data", data, "--out", Path.Combine(outDir, "bad.json"), "--mode", "paper", "--clusters", "100000"]);
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err.Trim().Split('\n'), Has.Length.EqualTo(1), bad.Err);
        Assert.That(bad.Err, Does.StartWith("error:"));
        var clean = Extract(outDir);
        Assert.That(clean.Err, Does.Not.Contain("outside the model's vocabulary"));
        var test = Extract(outDir, "--test", data);
        Assert.That(test.Err, Does.Contain("warning: mix.tsv: 2 symbols outside the model's vocabulary").And.Contain("no move on those it did not learn from --data"));
        Assert.That(test.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "--data is clean: one warning, for --test");
    }

    [Test]
    public void Every_method_names_where_its_fsa_and_the_model_differ_and_each_states_shortest_string()
    {
        var model = Model.Load(F("model.lisor"));
        var valid = Tsv.Read(F("valid.tsv"));
        int[] answers = model.Predict(valid);
        foreach (string[] method in new[] { Array.Empty<string>(), ["--method", "lstar", "--max-states", "3"], ["--mode", "paper", "--clusters", "2"] })
        {
            string outDir = CliRunner.TempDir(), what = string.Join(" ", method);
            var r = Extract(outDir, method);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
            var fsa = FsaJson.Load(Path.Combine(outDir, "fsa.json"));
            // the count is every string of valid.tsv on which the saved FSA and the model answer differently
            var differing = valid.Where((s, i) => fsa.Classify(s.Tokens) != model.Classes[answers[i]]).ToList();
            var d = r.Json().GetProperty("disagreements")[0];
            Assert.That(d.GetProperty("file").GetString(), Is.EqualTo("valid.tsv"));
            Assert.That(d.GetProperty("count").GetInt32(), Is.EqualTo(differing.Count), what);
            Assert.That(d.GetProperty("distinct").GetInt32(), Is.EqualTo(differing.Select(s => string.Join(' ', s.Tokens)).Distinct().Count()), what);
            var shown = d.GetProperty("shortest").EnumerateArray().ToList();
            Assert.That(shown, Has.Count.EqualTo(Math.Min(Disagreements.Shown, differing.Select(s => string.Join(' ', s.Tokens)).Distinct().Count())), what);
            int longestShown = 0;
            foreach (var e in shown)
            {
                string tokens = e.GetProperty("tokens").GetString()!;
                var s = tokens.Length == 0 ? [] : tokens.Split(' ');
                Assert.That(fsa.Classify(s), Is.EqualTo(e.GetProperty("fsa").GetString()), what);
                Assert.That(differing.Any(x => x.Tokens.SequenceEqual(s)), what + ": " + tokens);
                longestShown = Math.Max(longestShown, s.Length);
            }
            if (shown.Count == Disagreements.Shown)
                Assert.That(differing.Count(x => x.Tokens.Length < longestShown), Is.LessThanOrEqualTo(Disagreements.Shown), what + ": the shortest are shown");
            Assert.That(r.Out.Contains("the FSA and the model differ on"), Is.EqualTo(differing.Count > 0), what);
            // each state's shortest string leads to it
            var reached = r.Json().GetProperty("shortest_strings").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.That(reached, Has.Count.EqualTo(fsa.StateCount), what);
            Assert.That(reached[0], Is.EqualTo(""));
            Assert.That(r.Out, Does.Contain("  reached by\n"), what);
            if (method.Length == 0)
                Assert.That(r.Json().GetProperty("smaller_hypotheses").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Array), what);
        }
        // the paper's 3-state FSA of a 2-state clustering cannot follow this model everywhere: the report lists strings
        var paper = Extract(CliRunner.TempDir(), "--mode", "paper", "--clusters", "2");
        Assert.That(paper.Json().GetProperty("disagreements")[0].GetProperty("count").GetInt32(), Is.GreaterThan(0));
        Assert.That(paper.Out, Does.Match(@"the FSA and the model differ on \d+ of 60 strings of valid.tsv( \(\d+ distinct\))?; (the shortest|they are|it is):\n  .+ → model \S+, FSA \S+ \(label \S+\)\n"));
    }

    [Test]
    public void A_string_that_differs_twice_is_counted_twice_shown_once_and_not_called_the_shortest_of_more()
    {
        // the paper's 3-state FSA differs from the model somewhere on valid.tsv: a file holding one such string twice, and
        // one it agrees on, differs on 2 strings that are 1 string — "the shortest:" would promise others
        var paper = Extract(CliRunner.TempDir(), "--mode", "paper", "--clusters", "2");
        var first = paper.Json().GetProperty("disagreements")[0].GetProperty("shortest")[0];
        string tokens = first.GetProperty("tokens").GetString()!, label = first.GetProperty("label").GetString()!;
        var agreeing = Tsv.Read(F("valid.tsv")).First(s => string.Join(' ', s.Tokens) != tokens);
        string dup = Path.Combine(CliRunner.TempDir(), "dup.tsv");
        File.WriteAllLines(dup, [$"{label}\t{tokens}", $"{agreeing.Label}\t{string.Join(' ', agreeing.Tokens)}", $"{label}\t{tokens}"]);
        var r = Extract(CliRunner.TempDir(), "--mode", "paper", "--clusters", "2", "--test", dup);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var d = r.Json().GetProperty("disagreements")[1];
        int count = d.GetProperty("count").GetInt32();
        Assert.That(d.GetProperty("distinct").GetInt32(), Is.EqualTo(count == 0 ? 0 : 1));
        Assert.That(count, Is.EqualTo(2), "the agreeing string is one the FSA and the model answer alike");
        string shown = tokens.Length == 0 ? "ε" : tokens;
        Assert.That(r.Out, Does.Contain($"the FSA and the model differ on 2 of 3 strings of dup.tsv (1 distinct); it is:\n  {shown} → model "));
    }

    [Test]
    public void Classify_with_the_model_names_where_the_fsa_and_the_model_differ()
    {
        string outDir = CliRunner.TempDir(), fsaPath = Path.Combine(outDir, "fsa.json");
        Assert.That(Extract(outDir, "--mode", "paper", "--clusters", "2").ExitCode, Is.EqualTo(0));
        var fsa = FsaJson.Load(fsaPath);
        var model = Model.Load(F("model.lisor"));
        var test = Tsv.Read(F("test.tsv"));
        int[] answers = model.Predict(test);
        int differing = test.Where((s, i) => fsa.Classify(s.Tokens) != model.Classes[answers[i]]).Count();
        Assert.That(differing, Is.Positive, "the paper's 3-state FSA does not follow this model everywhere");
        var r = CliRunner.Run("classify", "--fsa", fsaPath, "--data", F("test.tsv"), "--model", F("model.lisor"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var d = r.Json().GetProperty("disagreements");
        Assert.That(d.GetProperty("count").GetInt32(), Is.EqualTo(differing));
        Assert.That(d.GetProperty("file").GetString(), Is.EqualTo("test.tsv"));
        Assert.That(r.Out, Does.Contain($"the FSA and the model differ on {differing} of {test.Count} strings of test.tsv"));
        // without the model there is nothing to differ from
        var alone = CliRunner.Run("classify", "--fsa", fsaPath, "--data", F("test.tsv"), "--json");
        Assert.That(alone.Json().GetProperty("disagreements").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(alone.Out, Does.Not.Contain("differ on"));
    }

    [Test]
    public void A_missing_policy_other_than_dead_is_refused_by_the_default_mode_and_followed_by_the_papers()
    {
        string outDir = CliRunner.TempDir();
        var auto = Extract(outDir, "--missing", "stay");
        Assert.That(auto.ExitCode, Is.EqualTo(2));
        Assert.That(auto.Err.Trim(), Does.StartWith("error: option '--missing': 'stay' applies to --mode paper and --mode text").And.Not.Contain("\n"));
        Assert.That(File.Exists(Path.Combine(outDir, "fsa.json")), Is.False);
        var paper = Extract(outDir, "--mode", "paper", "--clusters", "3", "--missing", "stay");
        Assert.That(paper.ExitCode, Is.EqualTo(0), paper.Err);
        Assert.That(paper.Out, Does.Contain("– no transition: the run stays in its state and reads on"));
        // the reported fidelity is the saved FSA's under that policy, as classify gives it
        var c = CliRunner.Run("classify", "--fsa", Path.Combine(outDir, "fsa.json"), "--data", F("valid.tsv"), "--model", F("model.lisor"), "--missing", "stay", "--json");
        Assert.That(paper.Json().GetProperty("fidelity").GetDouble(), Is.EqualTo(c.Json().GetProperty("fidelity").GetDouble()));
    }

    [Test]
    public void A_fixed_k_and_the_papers_mode_keep_their_k()
    {
        string outDir = CliRunner.TempDir();
        var auto = Extract(outDir, "--clusters", "3");
        Assert.That(auto.ExitCode, Is.EqualTo(0), auto.Err);
        Assert.That(auto.Json().GetProperty("clusters").GetInt32(), Is.EqualTo(3));
        var paper = Extract(outDir, "--mode", "paper", "--clusters", "5");
        Assert.That(paper.ExitCode, Is.EqualTo(0), paper.Err);
        Assert.That(FsaJson.Load(Path.Combine(outDir, "fsa.json")).StateCount, Is.EqualTo(6), "the paper's FSA: k + 1 states, as learned");
        Assert.That(paper.Json().GetProperty("mode").GetString(), Is.EqualTo("paper"));
    }

    [TestCase(new[] { "--mode", "paper" }, "--clusters")]
    [TestCase(new[] { "--mode", "paper", "--clusters", "auto" }, "--clusters")]
    [TestCase(new[] { "--layer", "0" }, "--layer asks for --mode paper")]
    [TestCase(new[] { "--mode", "auto", "--layer", "0" }, "applies to --mode paper only")]
    [TestCase(new[] { "--restarts", "4" }, "--restarts asks for --mode paper")]
    [TestCase(new[] { "--method", "kmeans", "--clusters", "3", "--max-states", "9" }, "--method asks for --mode paper")]
    [TestCase(new[] { "--mode", "paper", "--clusters", "3", "--max-states", "9" }, "--max-states")]
    [TestCase(new[] { "--fidelity", "1.5" }, "--fidelity")]
    [TestCase(new[] { "--max-states", "0" }, "--max-states")]
    [TestCase(new[] { "--mode", "exact" }, "--mode")]
    [TestCase(new[] { "--clusters", "100000" }, "--clusters")]
    public void Bad_options_exit_2_with_one_error_line_and_write_nothing(string[] options, string named)
    {
        string outDir = CliRunner.TempDir();
        var r = Extract(outDir, options);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.StartWith("error:").And.Contain(named));
        Assert.That(Directory.GetFiles(outDir), Is.Empty);
    }

    [Test]
    public void A_missing_test_file_is_named()
    {
        string outDir = CliRunner.TempDir();
        var r = Extract(outDir, "--test", F("nope.tsv"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith("error:").And.Contain("nope.tsv"));
        Assert.That(Directory.GetFiles(outDir), Is.Empty);
    }

    [Test]
    public void Help_describes_both_modes()
    {
        var r = CliRunner.Run("extract", "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Out, Does.Contain("--mode").And.Contain("paper").And.Contain("--max-states").And.Contain("--keep-unminimised"));
    }
}
