using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>What `reproduce` stops computing twice gives what computing it again would.</summary>
public class SweepReuseTests
{
    private static string[] RowsWithoutSeconds(string dir)
        => File.ReadAllLines(Path.Combine(dir, "results.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    [Test]
    public void Scaled_lisor_x_rows_from_the_scale_search_equal_rows_clustered_again()
    {
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 200, Training0110: Task0110Training.Random), 3);
        var options = new SweepOptions
        {
            Cells = ["mgu"], Trials = 1, Methods = [ExtractionMethods.KMeansXScaled], MaxClusters = 12, Target = 1.0,
            Training = new TrainingOptions { Layers = 1, Hidden = 6, Epochs = 4, Patience = 4 }, Seed = 3, Restarts = 2,
        };
        // a: the search's FSAs are reused. b: the choice is read back from scales.csv, so every k is clustered afresh.
        string a = CliRunner.TempDir(), b = CliRunner.TempDir();
        Sweep.Run(splits.Train, splits.Valid, splits.Test, options, a);
        var choice = PositionScaleSelection.Load(Path.Combine(a, "scales.csv"))[("mgu", 1)];
        Assert.That(choice.ValidationK, Is.InRange(2, options.MaxClusters), "the search learned some FSAs to reuse");
        File.Copy(Path.Combine(a, "scales.csv"), Path.Combine(b, "scales.csv"));
        Sweep.Run(splits.Train, splits.Valid, splits.Test, options with { ModelsDir = Path.Combine(a, "models") }, b);
        Assert.That(RowsWithoutSeconds(b), Is.EqualTo(RowsWithoutSeconds(a)));
        Assert.That(RowsWithoutSeconds(a), Has.Length.EqualTo(1 + options.MaxClusters - 1));
    }

    [Test]
    public void The_tomita_table_is_the_same_with_one_or_two_threads()
    {
        // Models trained side by side and k searched in chunks side by side must give the rows of one thread.
        var training = new TrainingOptions { Hidden = 4, Layers = 1, Epochs = 3 };
        int previous = Parallelism.Threads;
        var tables = new List<List<TomitaRow>>();
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.Threads = threads;
                tables.Add(TomitaExperiment.Run(["srn", "gru"], 6, training, 2, CliRunner.TempDir()));
            }
        }
        finally { Parallelism.Threads = previous; }
        Assert.That(tables[1], Is.EqualTo(tables[0]).AsCollection);
        Assert.That(tables[0], Has.Count.EqualTo(7 * 2 * 2));
    }
}
