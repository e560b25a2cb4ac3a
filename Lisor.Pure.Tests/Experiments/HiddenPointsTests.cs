using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

public class HiddenPointsTests
{
    [Test]
    public void The_last_recorded_state_of_every_sequence_gives_the_rnn_prediction_for_ragged_lengths()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 300, Valid: 60, Test: 10), seed: 4);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "gru", Hidden = 5, Layers = 2, Epochs = 4, Seed = 4 }, null).Model;
        var points = HiddenPoints.Of(model, task.Valid);
        int[] predictions = model.Predict(task.Valid);
        Assert.That(points.Count, Is.EqualTo(task.Valid.Sum(s => s.Tokens.Length)));
        for (int i = 0; i < task.Valid.Count; i++)
        {
            int last = points.Offsets[i + 1] - 1;
            Assert.That(points.SequenceIndex[last], Is.EqualTo(i));
            Assert.That(points.Step[last], Is.EqualTo(task.Valid[i].Tokens.Length));
            Assert.That(model.ClassifyVector(points.Points.AsSpan(last * points.Dim, points.Dim)), Is.EqualTo(predictions[i]), $"sequence {i}");
        }
    }

    [Test]
    public void A_prefix_has_the_same_states_as_the_start_of_the_longer_sequence()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 200, Valid: 20, Test: 10), seed: 5);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "lstm", Hidden = 4, Layers = 2, Epochs = 2, Seed = 5 }, null).Model;
        string[] longer = ["0", "1", "1", "0", "0", "1", "0"];
        var data = new List<LabeledSequence> { new("1", longer[..3]), new("1", longer), new("0", longer[..5]) };
        var points = HiddenPoints.Of(model, data);
        for (int i = 0; i < 3 * points.Dim; i++)
        {
            Assert.That(points.Points[points.Offsets[1] * points.Dim + i], Is.EqualTo(points.Points[i]).Within(1e-6));
            Assert.That(points.Points[points.Offsets[2] * points.Dim + i], Is.EqualTo(points.Points[i]).Within(1e-6));
        }
    }

    [Test]
    public void All_layers_lays_every_layers_state_side_by_side_with_the_top_layer_last()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 100, Valid: 12, Test: 10), seed: 6);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "mgu", Hidden = 3, Layers = 3, Epochs = 1, Seed = 6 }, null).Model;
        var all = HiddenPoints.Of(model, task.Valid, HiddenPoints.AllLayers);
        Assert.That((all.Dim, all.TopOffset, all.Layer), Is.EqualTo((9, 6, HiddenPoints.AllLayers)));
        for (int layer = 0; layer < 3; layer++)
        {
            var one = HiddenPoints.Of(model, task.Valid, layer);
            Assert.That(one.TopOffset, Is.EqualTo(layer == 2 ? 0 : -1));
            for (int p = 0; p < all.Count; p++)
                for (int j = 0; j < 3; j++)
                    Assert.That(all.Points[p * 9 + layer * 3 + j], Is.EqualTo(one.Points[p * 3 + j]));
        }
    }

    [Test]
    public void Extract_with_all_layers_labels_states_by_the_top_part_of_the_centre()
    {
        var task = SyntheticTasks.Generate("0110", new TaskOptions(), seed: 1);
        var model = Trainer.Train(task.Train, task.Valid, null, new TrainingOptions { Cell = "gru", Seed = 1 }, null).Model;
        var points = HiddenPoints.Of(model, task.Valid, HiddenPoints.AllLayers);
        var fsa = FsaExtraction.Extract(model, task.Valid, points, ExtractionMethods.KMeans, 16, seed: 1).Fsa;
        Assert.That(FsaEvaluation.Of(fsa, task.Valid, model.Predict(task.Valid)).Fidelity, Is.GreaterThan(0.9));
    }

    [Test]
    public void A_scaled_position_feature_returns_centres_as_means_of_the_original_hidden_states()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 100, Valid: 30, Test: 10), seed: 7);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = "srn", Hidden = 4, Layers = 1, Epochs = 2, Seed = 7 }, null).Model;
        var points = HiddenPoints.Of(model, task.Valid);
        var clustering = FsaExtraction.Extract(model, task.Valid, points, ExtractionMethods.KMeansX, 5, seed: 7, positionScale: 0.1).Clustering;
        for (int c = 0; c < 5; c++)
        {
            var members = Enumerable.Range(0, points.Count).Where(p => clustering.Assignments[p] == c).ToList();
            if (members.Count == 0) continue;
            for (int j = 0; j < points.Dim; j++)
                Assert.That(clustering.Centres[c * points.Dim + j],
                    Is.EqualTo(members.Average(p => points.Points[p * points.Dim + j])).Within(1e-4), $"centre {c}, dim {j}");
        }
    }
}
