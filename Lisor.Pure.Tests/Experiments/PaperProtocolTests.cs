using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The paper's protocol in `reproduce` (issue 19): 0110 data, summaries without placeholders, choices made on validation data only.</summary>
public class PaperProtocolTests
{
    [Test]
    public void Random_0110_training_is_uniform_about_6_percent_positive_and_shares_the_test_set()
    {
        var random = SyntheticTasks.Generate("0110", new TaskOptions(Training0110: Task0110Training.Random), 1);
        var balanced = SyntheticTasks.Generate("0110", new TaskOptions(), 1);
        Assert.That(random.Train, Has.Count.EqualTo(1000));
        double positive = random.Train.Count(s => s.Label == "1") / 1000.0;
        Assert.That(positive, Is.InRange(0.04, 0.09), "1/16 ≈ 0.0625 expected");
        var counts = random.Train.GroupBy(s => string.Concat(s.Tokens)).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts, Has.Count.EqualTo(16), "every length-4 string occurs (duplicated instances)");
        Assert.That(counts.Values.Min(), Is.GreaterThan(30));
        Assert.That(counts.Values.Max(), Is.LessThan(100));
        Assert.That(balanced.Train.Count(s => s.Label == "1") / 1000.0, Is.InRange(0.44, 0.56), "the balanced option stays balanced and is the default");
        Assert.That(random.Valid.Select(s => s.ToString()), Is.EqualTo(balanced.Valid.Select(s => s.ToString())));
        Assert.That(random.Test.Select(s => s.ToString()), Is.EqualTo(balanced.Test.Select(s => s.ToString())), "only the training strings differ");
    }

    [Test]
    public void Data_command_takes_0110_train_random_and_rejects_it_for_other_tasks()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("data", "--task", "0110", "--0110-train", "random", "--out", dir);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var train = Tsv.Read(Path.Combine(dir, "train.tsv"));
        Assert.That(train.Count(s => s.Label == "1"), Is.LessThan(100));
        var bad = CliRunner.Run("data", "--task", "000", "--0110-train", "random", "--out", CliRunner.TempDir());
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err.Trim(), Does.StartWith("error:").And.Contain("--0110-train"));
    }

    [Test]
    public void Never_is_counted_apart_not_averaged_in()
    {
        Assert.That(SmallestK.Summary([5, 7, null]), Is.EqualTo("6.0 ± 1.4 (1 never)"));
        Assert.That(SmallestK.Summary([6]), Is.EqualTo("6.0"));
        Assert.That(SmallestK.Summary([null, null]), Is.EqualTo("never (2 of 2)"));
        Assert.That(SmallestK.Summary([]), Is.EqualTo("–"));
        var results = new SweepResults();
        results.Add(new SweepRow("mgu", 1, "kmeans", 60, 1.0, 1.0, 61, 5, 1.0, 0));
        var options = new SweepOptions { Cells = ["mgu"], Trials = 2, Methods = ["kmeans"], MaxClusters = 64 };
        string table = SweepReport.Table(results, options, 1.0);
        Assert.That(table, Does.Contain("never").And.Contain("60.0 (1 never)"));
        Assert.That(table, Does.Not.Contain("62.5").And.Not.Contain("| 65"), "no placeholder enters the table or its mean");
    }

    [Test]
    public void Agreement_counts_equal_trials_including_both_never()
    {
        TrialOutcome[] a = [new("mgu", 1, 5), new("mgu", 2, null), new("srn", 1, 7)];
        TrialOutcome[] b = [new("mgu", 1, 5), new("mgu", 2, null), new("srn", 1, 8)];
        Assert.That(SmallestK.Agreement(a, b), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Learning_rate_rule_prefers_validation_accuracy_then_validation_loss()
    {
        LearningRateTrial[] rows =
        [
            new("000", "mgu", 0.001, 1.0, 0.30, 60), new("000", "mgu", 0.003, 1.0, 0.10, 60), new("000", "mgu", 0.01, 0.99, 0.01, 60),
        ];
        Assert.That(LearningRateSelection.Choose(rows), Is.EqualTo(0.003));
    }

    [Test]
    public void Position_scale_is_chosen_on_validation_data_alone()
    {
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 200, Training0110: Task0110Training.Random), 3);
        var flipped = splits.Test.Select(s => new LabeledSequence(s.Label == "1" ? "0" : "1", s.Tokens)).ToList();
        var options = new SweepOptions
        {
            Cells = ["mgu"], Trials = 1, Methods = [ExtractionMethods.KMeansXScaled], MaxClusters = 20, Target = 1.0, StopAtTarget = true,
            Training = new TrainingOptions { Layers = 1, Hidden = 6, Epochs = 4, Patience = 4 }, Seed = 3,
        };
        string a = CliRunner.TempDir(), b = CliRunner.TempDir();
        Sweep.Run(splits.Train, splits.Valid, splits.Test, options, a);
        Sweep.Run(splits.Train, splits.Valid, flipped, options with { ModelsDir = Path.Combine(a, "models") }, b);
        var chosenA = PositionScaleSelection.Load(Path.Combine(a, "scales.csv"));
        var chosenB = PositionScaleSelection.Load(Path.Combine(b, "scales.csv"));
        Assert.That(chosenA, Has.Count.EqualTo(1));
        Assert.That(chosenB[("mgu", 1)], Is.EqualTo(chosenA[("mgu", 1)]), "a different test set cannot change the choice");
        var model = Model.Load(Path.Combine(a, "models", "mgu-1.lisor"));
        var direct = PositionScaleSelection.Choose(model, splits.Valid, HiddenPoints.Of(model, splits.Valid), model.Predict(splits.Valid), options, 1);
        Assert.That(direct, Is.EqualTo(chosenA[("mgu", 1)]));
        Assert.That(PositionScaleSelection.Grid, Does.Contain(direct.Scale));
    }

    [Test]
    public void Findings_come_first_then_definitions_and_name_every_defined_word()
    {
        TrialOutcome[] k = [new("mgu", 1, 5), new("mgu", 2, 6)];
        TrialOutcome[] never = [new("mgu", 1, null), new("mgu", 2, null)];
        var t2 = new PaperTableResult("", new("k", k), new("x", never), new("xs", k), new("d", k),
            new Dictionary<string, double> { ["mgu"] = 1.0 }, [new("b", k), new("dead", k), new("stay", k), new("start", k)])
        { TestNegativeShare = 0.89, SmallKTrials = (1, 2) };
        var t3 = t2 with { Extra = [] };
        var o = ReproduceOptions.Quick(1) with { Cells = ["mgu"] };
        string findings = ReportText.Findings(o, t2, t3, 0.003, "Text: none.");
        var lines = findings.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.That(findings, Does.StartWith("## Findings"));
        Assert.That(lines.Count, Is.InRange(5, 10));
        Assert.That(findings, Does.Contain("equals LISOR-k in 2 of 2 Table II trials"));
        Assert.That(findings, Does.Contain("never reaches the target in 4 of 4 trials"));
        Assert.That(findings, Does.Contain("k = 2–4 of 1 of 2 trials score exactly 0.890"));
        Assert.That(findings, Does.Contain("in 2 of 2 (table, cell) pairs"), "5.5 < 6 and 5.5 < 12.2");
        string definitions = ReportText.Definitions;
        foreach (string word in new[] { "**Fidelity**", "**LISOR-k**", "**LISOR-x**", "**Transductive**", "**Never**", "**Floor**" })
            Assert.That(definitions, Does.Contain(word));
        var nonEmpty = findings.Split('\n').Where(l => l.Length > 0).ToList();
        Assert.That(nonEmpty.Distinct().Count(), Is.EqualTo(nonEmpty.Count), "no repeated line");
    }

    [Test]
    public void Reproduce_takes_trials_up_to_20()
    {
        var bad = CliRunner.Run("reproduce", "--quick", "--trials", "21", "--out", CliRunner.TempDir());
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err.Trim(), Does.StartWith("error:").And.Contain("--trials"));
        Assert.That(ReproduceOptions.Full(1).WithTrials(20).Text.Trials, Is.EqualTo(20));
    }

    [Test]
    public void Text_tables_run_with_the_papers_setup()
    {
        string corpus = SpamCorpus.Locate();
        var train = Tsv.Read(Path.Combine(corpus, "train.tsv")).Take(120).ToList();
        var valid = Tsv.Read(Path.Combine(corpus, "valid.tsv")).Take(40).ToList();
        var test = Tsv.Read(Path.Combine(corpus, "test.tsv")).Take(40).ToList();
        var basis = new TextExperimentOptions { Cells = ["mgu"], Trials = 1 };
        var paper = TextExperimentOptions.PaperSetup(basis with { Training = basis.Training with { Epochs = 1 } });
        Assert.That((paper.Training.Layers, paper.Training.Hidden, paper.Training.StepLoss, paper.Restarts), Is.EqualTo((3, 10, 0.0, 1)));
        var results = TextExperiment.Run(train, valid, test, paper, 1, CliRunner.TempDir());
        Assert.That(results.Single().Transductive.Keys, Is.EquivalentTo(TextExperiment.Methods), "LISOR-k and LISOR-x (literal and scaled), learned transductively as the paper did");
        Assert.That(TextExperiment.Tables(results, paper, "corpus"), Does.Contain("LISOR-x transductive"));
    }
}
