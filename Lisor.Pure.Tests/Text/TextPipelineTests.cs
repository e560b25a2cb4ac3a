using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Text;

/// <summary>
/// The text experiment end to end on a slice of the shipped corpus (Tables IV–V's pipeline, small and fast):
/// a per-step-loss MGU, its k = 2 FSAs learned on validation and transductively on test, the ensemble, the
/// diagnostics, the report files, and the `text` command on the same slice.
/// </summary>
public class TextPipelineTests
{
    private static readonly Lazy<List<LabeledSequence>[]> Slice = new(() =>
    {
        string folder = SpamCorpus.Locate();
        var splits = SpamCorpus.SplitFiles.Select(f => Tsv.Read(Path.Combine(folder, f))).ToArray();
        // The first examples of each split, cut to 40 words (both labels occur in every slice).
        static List<LabeledSequence> Cut(List<LabeledSequence> s, int n) => s.Take(n).Select(e => e with { Tokens = e.Tokens.Take(40).ToArray() }).ToList();
        return [Cut(splits[0], 800), Cut(splits[1], 200), Cut(splits[2], 200)];
    });

    private static TextExperimentOptions Small => new()
    {
        Cells = ["mgu"], Trials = 2,
        Training = new TextExperimentOptions().Training with { Embed = 16, Hidden = 16, Epochs = 6, Patience = 6 },
    };

    [Test]
    public void A_small_step_loss_MGU_and_its_two_state_FSAs_beat_the_majority_class_on_a_slice()
    {
        var (train, valid, test) = (Slice.Value[0], Slice.Value[1], Slice.Value[2]);
        using var dir = new TempFolder();
        var results = TextExperiment.Run(train, valid, test, Small, 1, dir.Path);
        var r = results.Single();
        double majority = Math.Max(test.Count(e => e.Label == "ham"), test.Count(e => e.Label == "spam")) / (double)test.Count;
        TestContext.Out.WriteLine($"majority {majority:0.000}, RNN {string.Join(" ", r.RnnTrials.Select(a => a.ToString("0.000")))}, " +
            $"FSA transductive {string.Join(" ", r.Transductive[ExtractionMethods.KMeans].TrialAccuracies.Select(a => a.ToString("0.000")))}, " +
            $"on validation {string.Join(" ", r.Methods[ExtractionMethods.KMeans].TrialAccuracies.Select(a => a.ToString("0.000")))}");
        Assert.That(r.RnnTrials, Has.Count.EqualTo(2));
        Assert.That(r.RnnAccuracy, Is.GreaterThan(majority + 0.05), "the RNN learned something");
        var transductive = r.Transductive[ExtractionMethods.KMeans];
        Assert.That(transductive.TrialAccuracies, Has.Count.EqualTo(2));
        Assert.That(transductive.AverageAccuracy, Is.GreaterThan(majority + 0.05), "the transductive 2-state FSA is better than always-ham");
        Assert.That(transductive.AverageFidelity, Is.GreaterThan(0.8));
        Assert.That(r.Methods.Keys, Is.EquivalentTo(TextExperiment.Methods));
        // Diagnostics: the transductive FSA has seen every test word; with the step loss the two clusters carry R's decision.
        var diagnosis = r.Diagnoses.Single(d => d.LearnedOn == "transductive" && d.Method == ExtractionMethods.KMeans).Diagnosis;
        Assert.That(diagnosis.UnseenSequences, Is.EqualTo(0));
        Assert.That(diagnosis.ClusterFidelity, Is.GreaterThan(0.9));
        Assert.That(r.Diagnoses.Single(d => d.LearnedOn == "validation" && d.Method == ExtractionMethods.KMeans).Diagnosis.UnseenSequences, Is.GreaterThan(0));

        string section = TextReport.Write(results, Small, train, dir.Path, "text", "a slice");
        foreach (var file in new[] { "tables.md", "ensemble-vs-average.svg", "word-classes.svg", "word-classes.md", "text-mgu-kmeans-transductive.json" })
            Assert.That(File.Exists(Path.Combine(dir.Path, file)), file);
        Assert.That(section, Does.Contain("LISOR-k transductive").And.Contain("per-step loss λ = 1"));
        // The ensemble-vs-average figure: a panel per method, RNN and the four FSA variants in each, every bar its own colour.
        var figure = System.Xml.Linq.XDocument.Load(Path.Combine(dir.Path, "ensemble-vs-average.svg"));
        System.Xml.Linq.XNamespace svgNs = "http://www.w3.org/2000/svg";
        var panels = figure.Descendants(svgNs + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.That(panels, Has.Count.EqualTo(TextExperiment.Methods.Length));
        foreach (var panel in panels)
        {
            var fills = panel.Descendants(svgNs + "rect").Select(r => (string?)r.Attribute("fill")).Where(c => c is not null && c != "#ffffff").Distinct().ToList();
            Assert.That(fills, Has.Count.EqualTo(5), "RNN, average, ensemble, transductive average and ensemble: five colours");
        }
        // The saved trial-1 FSA is the one scored: it reproduces trial 1's accuracy on the test set as the RNN reads it.
        var model = Model.Load(Path.Combine(dir.Path, "models", "text-mgu-step1-1.lisor"));
        var fsa = FsaJson.Load(Path.Combine(dir.Path, "text-mgu-kmeans-transductive.json"));
        var score = new FsaEnsemble([fsa]).Score(TextView.AsRead(model, test), null);
        Assert.That(score.Accuracy, Is.EqualTo(transductive.TrialAccuracies[0]).Within(1e-12));
        Assert.That(score.UnknownSymbols, Is.EqualTo(0));
    }

    [Test]
    public void The_text_command_runs_the_pipeline_on_a_folder_of_splits()
    {
        using var dir = new TempFolder();
        string data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        for (int s = 0; s < 3; s++) Tsv.Write(Path.Combine(data, SpamCorpus.SplitFiles[s]), Slice.Value[s].Take(s == 0 ? 300 : 80).ToList());
        string outDir = Path.Combine(dir.Path, "out");
        var run = CliRunner.Run("text", "--data", data, "--out", outDir, "--cells", "mgu", "--trials", "1", "--epochs", "2", "--json", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Err);
        Assert.That(run.Out, Does.Contain("Table IV").And.Contain("| MGU"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.md")), Does.Contain("Where the FSAs' errors come from"));
        var json = run.Json().GetProperty("cells").GetProperty("mgu");
        Assert.That(json.GetProperty("rnn").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(json.GetProperty("fsa_transductive").GetProperty("kmeans").GetArrayLength(), Is.EqualTo(2));
        Assert.That(CliRunner.Run("text", "--out", outDir, "--cells", "nope").ExitCode, Is.EqualTo(2));
    }
}

/// <summary>The text experiment's models are trained side by side; its table must not depend on the thread count.</summary>
public class TextThreadTests
{
    [Test]
    public void The_text_tables_are_the_same_with_one_or_two_threads()
    {
        string folder = SpamCorpus.Locate();
        var splits = SpamCorpus.SplitFiles.Select(f => Tsv.Read(Path.Combine(folder, f))
            .Take(f == SpamCorpus.SplitFiles[0] ? 300 : 100).Select(e => e with { Tokens = e.Tokens.Take(20).ToArray() }).ToList()).ToArray();
        var options = new TextExperimentOptions
        {
            Cells = ["srn", "mgu"], Trials = 2,
            Training = new TextExperimentOptions().Training with { Embed = 8, Hidden = 8, Epochs = 2, Patience = 2 },
        };
        int previous = Lisor.Pure.Common.Parallelism.Threads;
        var tables = new List<string>();
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Lisor.Pure.Common.Parallelism.Threads = threads;
                var results = TextExperiment.Run(splits[0], splits[1], splits[2], options, 1, CliRunner.TempDir());
                tables.Add(TextExperiment.Tables(results, options, "a slice"));
            }
        }
        finally { Lisor.Pure.Common.Parallelism.Threads = previous; }
        Assert.That(tables[1], Is.EqualTo(tables[0]));
        Assert.That(tables[0], Does.Contain("SRN").And.Contain("MGU"));
    }
}
