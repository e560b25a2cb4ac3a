using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Drawing;
using Lisor.Pure.Experiments;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The README's library example, line for line, so it keeps compiling and working.</summary>
public class ReadmeExampleTests
{
    [Test]
    public void The_readme_library_example_learns_a_perfect_0110_fsa()
    {
        string dir = CliRunner.TempDir();
        var task = SyntheticTasks.Generate("0110", new TaskOptions(), seed: 1);
        var model = Trainer.Train(task.Train, task.Valid, task.Test, new TrainingOptions { Cell = "mgu" }, null).Model;
        var points = HiddenPoints.Of(model, task.Valid);                                    // top layer, every step
        var fsa = FsaExtraction.Extract(model, task.Valid, points, ExtractionMethods.KMeans, k: 6, seed: 1).Fsa;
        var score = FsaEvaluation.Of(fsa, task.Test, model.Predict(task.Test));           // Accuracy, Fidelity, MinimisedStates
        FsaJson.Save(fsa, Path.Combine(dir, "fsa.json")); FsaSvg.Save(fsa, Path.Combine(dir, "fsa.svg"), new FsaDrawOptions { Highlight = ["0", "1", "1", "0"] });

        Assert.That((score.Accuracy, score.Fidelity), Is.EqualTo((1.0, (double?)1.0)), "the demo's seed needs 6 clusters");
        Assert.That(FsaJson.Load(Path.Combine(dir, "fsa.json")).StateCount, Is.EqualTo(7));
        Assert.That(File.ReadAllText(Path.Combine(dir, "fsa.svg")), Does.StartWith("<svg").Or.StartWith("<?xml"));
    }
}
