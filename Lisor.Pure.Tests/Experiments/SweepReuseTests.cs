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
    public void A_sweep_resumed_after_a_stop_saves_the_best_fsas_a_sweep_without_one_saves()
    {
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 200, Training0110: Task0110Training.Random), 3);
        var options = new SweepOptions
        {
            Cells = ["srn"], Trials = 2, Methods = [ExtractionMethods.KMeans, ExtractionMethods.KMeansX], MaxClusters = 12, Target = 1.0,
            Training = new TrainingOptions { Layers = 1, Hidden = 6, Epochs = 4, Patience = 4 }, Seed = 3, Restarts = 2,
        };
        string whole = CliRunner.TempDir();
        Sweep.Run(splits.Train, splits.Valid, splits.Test, options, whole);
        string Fsa(string dir, string name) => Path.Combine(dir, "fsa", name);
        var saved = Directory.GetFiles(Path.Combine(whole, "fsa")).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.That(saved, Has.Length.EqualTo(2 * 2 * 2), "a JSON and an SVG per trial and method");

        // The state a stop leaves: trial 1's k-means rows cut after its best k (and its files not written), trial 2's
        // k-means-x rows finished but its SVG not written, trial 1's k-means-x JSON not written.
        string resumed = CliRunner.TempDir();
        foreach (string file in Directory.GetFiles(whole, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(resumed, Path.GetRelativePath(whole, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var rows = File.ReadAllLines(Path.Combine(whole, "results.csv"));
        var best = rows.Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "srn" && f[1] == "1" && f[2] == "kmeans")
            .OrderByDescending(f => double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)).ThenBy(f => int.Parse(f[3])).First();
        int cut = int.Parse(best[3]) + 1;
        Assert.That(cut, Is.LessThanOrEqualTo(options.MaxClusters), "the cut leaves rows to compute again");
        File.WriteAllLines(Path.Combine(resumed, "results.csv"), rows.Where(l =>
            { var f = l.Split(','); return !(f[0] == "srn" && f[1] == "1" && f[2] == "kmeans" && int.Parse(f[3]) >= cut); }));
        File.Delete(Fsa(resumed, "srn-1-kmeans.json")); File.Delete(Fsa(resumed, "srn-1-kmeans.svg"));
        File.Delete(Fsa(resumed, "srn-2-kmeansx.svg"));
        File.Delete(Fsa(resumed, "srn-1-kmeansx.json"));
        Sweep.Run(splits.Train, splits.Valid, splits.Test, options, resumed);

        foreach (string name in saved)
            Assert.That(File.ReadAllBytes(Fsa(resumed, name)), Is.EqualTo(File.ReadAllBytes(Fsa(whole, name))), name);
        Assert.That(RowsWithoutSeconds(resumed).Order(), Is.EqualTo(RowsWithoutSeconds(whole).Order()));
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
