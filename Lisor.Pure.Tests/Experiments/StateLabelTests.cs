using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>
/// docs/method.md §4: a cluster state's class is R's output layer applied to the cluster's centre — not the class R
/// predicts most often for the sequences ending in the cluster. The test uses clusterings where the two rules
/// disagree, so an extraction labelling by vote fails it.
/// </summary>
public class StateLabelTests
{
    private static (Model Model, List<LabeledSequence> Valid) Trained()
    {
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 300, Valid: 120, Test: 10), 2);
        var model = Trainer.Train(splits.Train, splits.Valid, null,
            new TrainingOptions { Cell = "srn", Hidden = 5, Layers = 1, Epochs = 1, Seed = 3 }, null).Model;
        return (model, splits.Valid);
    }

    [Test]
    public void Extraction_labels_each_state_by_R_on_its_centre_where_R_vote_would_differ()
    {
        var (model, valid) = Trained();
        var points = HiddenPoints.Of(model, valid);
        int[] rnn = model.Predict(valid);
        int disagreements = 0;
        foreach (string method in ExtractionMethods.All)
            for (int k = 2; k <= 12; k++)
            {
                var extraction = FsaExtraction.Extract(model, valid, points, method, k, seed: 1, rnnPredictions: rnn);
                var clustering = extraction.Clustering;
                var centre = new int[k];
                for (int c = 0; c < k; c++)
                    centre[c] = model.ClassifyVector(clustering.Centres.AsSpan(c * clustering.Dim + points.TopOffset, model.Hidden));
                int[] vote = FsaExtraction.StateLabels(model, points, clustering, rnn);
                for (int c = 0; c < k; c++)
                {
                    Assert.That(extraction.Fsa.States[c + 1].Label, Is.EqualTo(centre[c]), $"{method}, k = {k}, cluster {c}");
                    if (vote[c] != centre[c]) disagreements++;
                }
                Assert.That(FsaExtraction.StateLabels(model, points, clustering, null), Is.EqualTo(centre).AsCollection);
            }
        Assert.That(disagreements, Is.GreaterThan(0), "some cluster's centre and vote rules disagree (else the test proves nothing)");
        TestContext.Out.WriteLine($"{disagreements} clusters where R on the centre and R's vote differ");
    }

    [Test]
    public void The_vote_rule_is_used_only_when_asked_for()
    {
        var (model, valid) = Trained();
        var points = HiddenPoints.Of(model, valid);
        int[] rnn = model.Predict(valid);
        for (int k = 2; k <= 12; k++)
        {
            var extraction = FsaExtraction.Extract(model, valid, points, ExtractionMethods.KMeans, k, seed: 1, rnnPredictions: rnn,
                labels: StateLabelRule.Vote);
            int[] vote = FsaExtraction.StateLabels(model, points, extraction.Clustering, rnn);
            for (int c = 0; c < k; c++) Assert.That(extraction.Fsa.States[c + 1].Label, Is.EqualTo(vote[c]), $"k = {k}, cluster {c}");
        }
    }
}
