using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Sequences;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Text;

/// <summary>
/// Text from the defaults (issue 15): `train` on word data takes the text recipe for every option not given, and
/// `extract` on a text model takes --mode text (the clustering recipe, no refinement). On a small slice of the
/// shipped corpus, so the tests stay fast; the full-corpus numbers are in docs/readme-text.md.
/// </summary>
[NonParallelizable]
public class TextDefaultsTests
{
    private string _dir = "";

    private string F(string name) => Path.Combine(_dir, name);

    [OneTimeSetUp]
    public void WriteSliceAndTrain()
    {
        _dir = CliRunner.TempDir();
        string folder = SpamCorpus.Locate();
        var splits = SpamCorpus.SplitFiles.Select(f => Tsv.Read(Path.Combine(folder, f))).ToArray();
        static List<LabeledSequence> Cut(List<LabeledSequence> s, int n) => s.Take(n).Select(e => e with { Tokens = e.Tokens.Take(30).ToArray() }).ToList();
        Tsv.Write(F("train.tsv"), Cut(splits[0], 300));
        Tsv.Write(F("valid.tsv"), Cut(splits[1], 80));
        Tsv.Write(F("test.tsv"), Cut(splits[2], 80));
        // --epochs is given, so the recipe keeps it; the rest comes from the recipe.
        var r = CliRunner.Run("train", "--train", F("train.tsv"), "--valid", F("valid.tsv"), "--cell", "mgu", "--embed", "8",
            "--epochs", "2", "--out", F("text.lisor"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        _trainOut = r.Out;
    }

    private string _trainOut = "";

    [Test]
    public void Train_on_word_data_uses_the_text_recipe_for_the_options_not_given_and_says_so()
    {
        Assert.That(_trainOut, Does.StartWith("text data (≥ 100 distinct symbols): using --hidden 32 --layers 1 --min-count 2 --patience 3 --step-loss 1"));
        Assert.That(_trainOut, Does.Not.Contain("--epochs 15").And.Not.Contain("--embed 32"), "given options stay as given");
        var model = Model.Load(F("text.lisor"));
        Assert.That((model.Layers, model.Hidden, model.Input), Is.EqualTo((1, 32, InputKind.Embedding)));
        Assert.That(model.Vocabulary.Count, Is.LessThan(Tsv.Read(F("train.tsv")).SelectMany(e => e.Tokens).Distinct().Count()), "words seen once read as <unk>");
        Assert.That(TextRecipe.IsText(model), "the model itself reads text, so extract takes --mode text");
    }

    [Test]
    public void Recipe_plain_keeps_the_plain_defaults_and_a_synthetic_task_never_gets_the_text_recipe()
    {
        var plain = CliRunner.Run("train", "--train", F("train.tsv"), "--valid", F("valid.tsv"), "--cell", "srn", "--embed", "4",
            "--epochs", "1", "--recipe", "plain", "--out", F("plain.lisor"), "--quiet");
        Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Err);
        Assert.That(plain.Out, Does.Not.Contain("text data"));
        Assert.That((Model.Load(F("plain.lisor")).Layers, Model.Load(F("plain.lisor")).Hidden), Is.EqualTo((3, 10)));

        var task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 60, Valid: 20, Test: 20, MaxLength: 8), 1);
        Assert.That(TextRecipe.IsText(task.Train), Is.False);
        Tsv.Write(F("t4-train.tsv"), task.Train);
        Tsv.Write(F("t4-valid.tsv"), task.Valid);
        var tomita = CliRunner.Run("train", "--train", F("t4-train.tsv"), "--valid", F("t4-valid.tsv"), "--cell", "gru", "--embed", "4",
            "--epochs", "1", "--out", F("t4.lisor"), "--quiet");
        Assert.That(tomita.ExitCode, Is.EqualTo(0), tomita.Err);
        Assert.That(tomita.Out, Does.Not.Contain("text data"));
        Assert.That((Model.Load(F("t4.lisor")).Layers, Model.Load(F("t4.lisor")).Hidden), Is.EqualTo((3, 10)));
        Assert.That(TextRecipe.IsText(Model.Load(F("t4.lisor"))), Is.False);
        var transitions = CliRunner.Run("extract", "--model", F("t4.lisor"), "--data", F("t4-valid.tsv"), "--transitions", "majority",
            "--out", F("t4.json"));
        Assert.That(transitions.ExitCode, Is.EqualTo(2));
        Assert.That(transitions.Err.Trim(), Does.StartWith("error: option '--transitions' applies to --mode text only"));
        Assert.That(File.Exists(F("t4.json")), Is.False);

        var bad = CliRunner.Run("train", "--train", F("train.tsv"), "--valid", F("valid.tsv"), "--cell", "srn", "--recipe", "big", "--out", F("bad.lisor"));
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err.Trim(), Does.StartWith("error:").And.Contain("--recipe"));
        Assert.That(File.Exists(F("bad.lisor")), Is.False);
    }

    [Test]
    public void Apply_fills_only_what_was_not_given_and_adds_no_embedding_to_fixed_vectors()
    {
        var parsed = new TrainingOptions { Hidden = 64, VectorsPath = "v.txt" };
        var (o, changes) = TextRecipe.Apply(parsed, name => name == "--hidden");
        Assert.That(o.Hidden, Is.EqualTo(64));
        Assert.That(o.Embed, Is.EqualTo(0));
        Assert.That((o.Layers, o.MinCount, o.Epochs, o.Patience, o.StepLoss), Is.EqualTo((1, 2, 15, 3, 1.0)));
        Assert.That(changes, Is.EqualTo(new[] { "--layers 1", "--min-count 2", "--epochs 15", "--patience 3", "--step-loss 1" }));
        Assert.That(TextRecipe.Apply(TextRecipe.Training, _ => false).Changes, Is.Empty);
        Assert.That(new TextExperimentOptions().Training, Is.EqualTo(TextRecipe.Training), "`text` and `train` share the recipe");
    }

    [Test]
    public void Extract_on_a_text_model_uses_mode_text_and_its_saved_fsa_scores_what_it_reports()
    {
        string outDir = CliRunner.TempDir();
        string fsaPath = Path.Combine(outDir, "fsa.json");
        var r = CliRunner.Run("extract", "--model", F("text.lisor"), "--data", F("test.tsv"), "--clusters", "2", "--out", fsaPath, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Out, Does.StartWith("text data (the model reads").And.Contain("using --mode text"));
        var json = r.Json();
        Assert.That(json.GetProperty("mode").GetString(), Is.EqualTo("text"));
        Assert.That(json.GetProperty("clusters").GetInt32(), Is.EqualTo(2));
        Assert.That(json.GetProperty("unminimised_states").GetInt32(), Is.EqualTo(3));
        var fsa = FsaJson.Load(fsaPath);
        Assert.That(fsa.StateCount, Is.EqualTo(json.GetProperty("minimised_states").GetInt32()));
        // classify on the same file reproduces the reported accuracy and fidelity.
        var c = CliRunner.Run("classify", "--fsa", fsaPath, "--data", F("test.tsv"), "--model", F("text.lisor"), "--json");
        Assert.That(c.ExitCode, Is.EqualTo(0), c.Err);
        Assert.That(c.Json().GetProperty("accuracy").GetDouble(), Is.EqualTo(json.GetProperty("accuracy").GetDouble()).Within(1e-12));
        Assert.That(c.Json().GetProperty("fidelity").GetDouble(), Is.EqualTo(json.GetProperty("fidelity").GetDouble()).Within(1e-12));
        // With majority transitions it is the paper mode with the recipe's clustering options; fitting δ only raises fidelity on the data.
        var majority = CliRunner.Run("extract", "--model", F("text.lisor"), "--data", F("test.tsv"), "--clusters", "2", "--transitions", "majority",
            "--out", Path.Combine(outDir, "majority.json"), "--json");
        var paper = CliRunner.Run("extract", "--model", F("text.lisor"), "--data", F("test.tsv"), "--clusters", "2", "--restarts", "8",
            "--select", "fidelity", "--out", Path.Combine(outDir, "paper.json"), "--json");
        Assert.That(paper.ExitCode + majority.ExitCode, Is.EqualTo(0), paper.Err + majority.Err);
        Assert.That(majority.Json().GetProperty("fidelity").GetDouble(), Is.EqualTo(paper.Json().GetProperty("fidelity").GetDouble()).Within(1e-12));
        Assert.That(json.GetProperty("fidelity").GetDouble(), Is.GreaterThanOrEqualTo(majority.Json().GetProperty("fidelity").GetDouble()));
        // the k search's figure is the majority moves'; the report says that fitting took it to the saved FSA's
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string curveFidelity = json.GetProperty("curve")[0].GetProperty("fidelity").GetDouble().ToString("0.000", inv);
        Assert.That(curveFidelity, Is.EqualTo(majority.Json().GetProperty("fidelity").GetDouble().ToString("0.000", inv)));
        Assert.That(r.Out, Does.Contain($"transitions fitted to the model: fidelity {curveFidelity} → {json.GetProperty("fidelity").GetDouble().ToString("0.000", inv)}; saved the"));
        Assert.That(majority.Out, Does.Not.Contain("transitions fitted"));

        var probes = CliRunner.Run("extract", "--model", F("text.lisor"), "--data", F("test.tsv"), "--probes", "5", "--out", Path.Combine(outDir, "p.json"));
        Assert.That(probes.ExitCode, Is.EqualTo(2));
        Assert.That(probes.Err.Trim(), Does.StartWith("error: option '--probes' applies to --mode auto only").And.Not.Contain("\n"));
        Assert.That(File.Exists(Path.Combine(outDir, "p.json")), Is.False);
    }

    [Test]
    public void Without_k_the_search_keeps_the_smallest_k_within_the_slack_of_the_best_fidelity()
    {
        var model = Model.Load(F("text.lisor"));
        var valid = Tsv.Read(F("valid.tsv"));
        var o = new TextExtractionOptions { Restarts = 2, Seed = 3, FitTransitions = false };
        var result = TextExtraction.Extract(model, valid, o);
        var curve = result.Curve;
        Assert.That(curve[0].K, Is.EqualTo(1));
        Assert.That(curve.Select(p => p.K), Is.EqualTo(Enumerable.Range(1, curve.Count)));
        double best = curve.Max(p => p.Fidelity);
        int bestK = curve.First(p => p.Fidelity == best).K;
        if (best < 1) Assert.That(curve[^1].K, Is.EqualTo(Math.Min(bestK + o.Patience, 64)), "stops Patience past the best k");
        var chosen = curve.First(p => p.Fidelity >= best - TextExtraction.Slack);
        Assert.That(result.K, Is.EqualTo(chosen.K));
        Assert.That(result.Fidelity, Is.EqualTo(chosen.Fidelity));
        Assert.That(result.Raw.StateCount, Is.EqualTo(result.K + 1));
        Assert.That(new FsaEnsemble([result.Raw]).Score(valid, model.Predict(valid)).Fidelity, Is.EqualTo(result.Fidelity).Within(1e-12));
        // Deterministic for a seed.
        var again = TextExtraction.Extract(model, valid, o);
        Assert.That(FsaJson.ToJson(again.Minimised), Is.EqualTo(FsaJson.ToJson(result.Minimised)));
    }
}

/// <summary><see cref="TransitionFitting"/> on hand-made automata: it re-targets a majority move that makes runs disagree with R.</summary>
public class TransitionFittingTests
{
    [Test]
    public void A_move_that_sends_runs_to_the_wrong_class_is_retargeted_and_fidelity_never_falls()
    {
        // States: 0 start, 1 answers "ham", 2 answers "spam". Majority δ: a → 1 from everywhere, b → 2 from everywhere.
        var fsa = new Fsa(["a", "b"], ["ham", "spam"], 1,
            [new FsaState(0, 0, 0), new FsaState(1, 0, 5), new FsaState(2, 1, 5)],
            [new FsaTransition(0, 0, 1, 3), new FsaTransition(0, 1, 2, 3), new FsaTransition(1, 0, 1, 3),
             new FsaTransition(1, 1, 2, 3), new FsaTransition(2, 0, 1, 3), new FsaTransition(2, 1, 2, 3)]);
        // R: once a b was read the answer stays "spam" (so a from state 2 should stay in 2).
        string[][] data = [["a"], ["b"], ["b", "a"], ["a", "b", "a"], ["b", "a", "a"], ["a", "a"]];
        int[] r = [0, 1, 1, 1, 1, 0];
        var labelled = data.Select((x, i) => new Sequences.LabeledSequence(r[i] == 1 ? "spam" : "ham", x)).ToList();
        double before = new FsaEnsemble([fsa]).Score(labelled, r).Fidelity ?? 0;
        var fitted = TransitionFitting.Fit(fsa, data, r);
        double after = new FsaEnsemble([fitted]).Score(labelled, r).Fidelity ?? 0;
        Assert.That(before, Is.EqualTo(3 / 6.0));
        Assert.That(after, Is.EqualTo(1.0));
        Assert.That(fitted.Next(2, 0), Is.EqualTo(2), "a keeps the spam state");
        Assert.That(fitted.Next(0, 0), Is.EqualTo(1));
        Assert.That(fitted.States.Select(s => s.Label), Is.EqualTo(fsa.States.Select(s => s.Label)), "the states and their classes stay");
        // Counts: the runs that take each move.
        Assert.That(fitted.Transitions.Single(t => t.From == 2 && t.Symbol == 0).Count, Is.EqualTo(4));
    }
}

/// <summary><see cref="TransitionFitting"/> under each missing-transition policy: fidelity under the policy it was fitted for never falls.</summary>
public class TransitionFittingPolicyTests
{
    [TestCase(MissingPolicy.Dead)]
    [TestCase(MissingPolicy.Stay)]
    [TestCase(MissingPolicy.Start)]
    public void Fidelity_under_the_fitted_policy_is_at_least_the_majority_one(MissingPolicy policy)
    {
        // Three symbols, two cluster states, some moves missing; R answers "spam" iff the sequence holds more c than a.
        var fsa = new Fsa(["a", "b", "c"], ["ham", "spam"], 1,
            [new FsaState(0, 0, 0), new FsaState(1, 0, 5), new FsaState(2, 1, 5)],
            [new FsaTransition(0, 0, 1, 3), new FsaTransition(0, 2, 2, 3), new FsaTransition(1, 1, 1, 3),
             new FsaTransition(1, 2, 1, 1), new FsaTransition(2, 0, 2, 2), new FsaTransition(2, 1, 1, 3)]);
        var rng = new Random(7);
        var data = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, rng.Next(1, 7)).Select(_ => "abc"[rng.Next(3)].ToString()).ToArray()).ToList();
        int[] r = data.Select(x => x.Count(t => t == "c") > x.Count(t => t == "a") ? 1 : 0).ToArray();
        var labelled = data.Select((x, i) => new LabeledSequence(r[i] == 1 ? "spam" : "ham", x)).ToList();
        double before = new FsaEnsemble([fsa], policy).Score(labelled, r).Fidelity ?? 0;
        var fitted = TransitionFitting.Fit(fsa, data, r, policy);
        double after = new FsaEnsemble([fitted], policy).Score(labelled, r).Fidelity ?? 0;
        TestContext.Out.WriteLine($"{policy}: {before:0.000} → {after:0.000}");
        Assert.That(after, Is.GreaterThan(before));
        Assert.That(TransitionFitting.Fit(fsa, data, r, policy).Transitions, Is.EqualTo(fitted.Transitions), "deterministic");
    }
}
