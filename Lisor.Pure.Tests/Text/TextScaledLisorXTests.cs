using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Text;

/// <summary>
/// Scaled LISOR-x in the text tables (issue 19): per trained RNN the position factor s is chosen from the grid by the
/// validation fidelity of its k = 2 FSA, never by test data; the tables carry its rows, the choices and the
/// "same as LISOR-k" count. On a slice of the shipped corpus.
/// </summary>
public class TextScaledLisorXTests
{
    [Test]
    public void The_scale_is_the_grid_value_of_best_validation_fidelity_and_the_tables_report_its_rows()
    {
        string folder = SpamCorpus.Locate();
        var splits = SpamCorpus.SplitFiles.Select(f => Tsv.Read(Path.Combine(folder, f))).ToArray();
        static List<LabeledSequence> Cut(List<LabeledSequence> s, int n) => s.Take(n).Select(e => e with { Tokens = e.Tokens.Take(25).ToArray() }).ToList();
        var (train, valid, test) = (Cut(splits[0], 400), Cut(splits[1], 100), Cut(splits[2], 100));
        var options = new TextExperimentOptions
        {
            Cells = ["mgu"], Trials = 1, Restarts = 2,
            Training = TextRecipe.Training with { Embed = 12, Hidden = 12, Epochs = 3, Patience = 3 },
        };
        using var dir = new TempFolder();
        var r = TextExperiment.Run(train, valid, test, options, 5, dir.Path).Single();

        Assert.That(r.Transductive.Keys, Is.EquivalentTo(TextExperiment.Methods));
        var choice = r.Scales.Single();
        Assert.That(PositionScaleSelection.Grid, Does.Contain(choice.Scale));
        // Recompute every grid value's validation fidelity: the choice is the first maximum, and it used validation data only.
        var model = Model.Load(Path.Combine(dir.Path, "models", "text-mgu-step1-1.lisor"));
        var validView = TextView.AsRead(model, valid);
        var points = HiddenPoints.Of(model, validView);
        int[] rnn = model.Predict(validView);
        var fidelities = PositionScaleSelection.Grid.Select(s => new FsaEnsemble([FsaExtraction.Extract(model, validView, points,
            ExtractionMethods.KMeansX, 2, 5, 2, rnn, positionScale: s, selection: RestartSelection.Fidelity).Fsa]).Score(validView, rnn).Fidelity ?? 0).ToArray();
        Assert.That(choice.ValidationFidelity, Is.EqualTo(fidelities.Max()));
        Assert.That(choice.Scale, Is.EqualTo(PositionScaleSelection.Grid[Array.IndexOf(fidelities, fidelities.Max())]));

        // The transductive scaled FSA is k-means-x with that factor on the test sequences.
        var testView = TextView.AsRead(model, test);
        int[] rnnTest = model.Predict(testView);
        var direct = FsaExtraction.Extract(model, testView, HiddenPoints.Of(model, testView), ExtractionMethods.KMeansX, 2, 5, 2, rnnTest,
            positionScale: choice.Scale, selection: RestartSelection.Fidelity).Fsa;
        Assert.That(r.Transductive[ExtractionMethods.KMeansXScaled].TrialAccuracies.Single(),
            Is.EqualTo(new FsaEnsemble([direct]).Score(testView, rnnTest).Accuracy).Within(1e-12));

        Assert.That(r.ScaledSameAsK.Keys, Is.EquivalentTo(new[] { "validation", "transductive" }));
        Assert.That(r.ScaledSameAsK.Values, Has.All.InRange(0, 1));
        string tables = TextExperiment.Tables([r], options, "a slice");
        Assert.That(tables, Does.Contain("LISOR-x scaled transductive").And.Contain("LISOR-x scaled on validation")
            .And.Contain($"MGU {choice.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} (trial 1/2/…)"));
        var csv = File.ReadAllLines(Path.Combine(dir.Path, "scales.csv"));
        Assert.That(csv[0], Is.EqualTo("cell,trial,scale,validation_fidelity"));
        Assert.That(csv[1], Does.StartWith($"mgu,1,{choice.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)},"));
    }
}
