using System.Globalization;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>One trained candidate of <see cref="LearningRateSelection"/>: a line of lr-selection.csv.</summary>
internal sealed record LearningRateTrial(string Task, string Cell, double LearningRate, double ValidAccuracy, double ValidLoss, int Epochs);

/// <summary>
/// How `reproduce` picks Adam's learning rate for Tables II and III from validation data only (the paper gives
/// none). For every task, cell and candidate rate, one RNN is trained with trial 1's seed and early stopping on
/// the validation set; then it is scored on that validation set: accuracy, and mean cross-entropy per sequence.
/// The chosen rate has the highest validation accuracy averaged over all (task, cell) pairs, ties broken by the
/// lower mean validation loss (the trainer's own rule for its best epoch). No test sequence is looked at.
/// Each model is kept, so trial 1 of the chosen rate is not trained twice.
/// </summary>
internal static class LearningRateSelection
{
    /// <summary>The candidates: a factor of about 3 apart around Adam's usual 0.001.</summary>
    public static readonly double[] Grid = [0.001, 0.003, 0.01];

    /// <summary>Trains (or loads) every candidate, writes DIR/lr-selection.csv and returns the chosen rate with the rows.</summary>
    public static (double Chosen, IReadOnlyList<LearningRateTrial> Rows) Run(
        IReadOnlyList<(string Task, TaskSplits Splits)> tasks, IReadOnlyList<string> cells, TrainingOptions training,
        ulong seed, string dir, Action<string>? log)
    {
        Directory.CreateDirectory(dir);
        var candidates = (from t in tasks from cell in cells from lr in Grid select (t.Task, t.Splits, cell, lr)).ToArray();
        var rows = new LearningRateTrial[candidates.Length];
        var gate = new object();
        // The candidates are trained side by side; each row lands in its own slot, so the rows keep the order above.
        SideBySide.Run(candidates.Length, i =>
        {
            var (task, splits, cell, lr) = candidates[i];
            string path = ModelPath(dir, task, cell, lr);
            Model model;
            int epochs = 0;
            if (File.Exists(path)) model = Model.Load(path);
            else
            {
                var result = Trainer.Train(splits.Train, splits.Valid, null, training with { Cell = cell, Seed = seed, LearningRate = lr }, null);
                model = result.Model;
                epochs = result.Epochs;
                model.Save(path);
                lock (gate)
                    log?.Invoke($"lr selection: {task} {cell} lr {lr}: {epochs} epochs{(result.StoppedOnPlateau ? " (plateau)" : "")}, valid accuracy {result.ValidAccuracy:0.000}");
            }
            var (loss, correct) = model.Evaluate(model.Encode(splits.Valid), null, null, 0);
            rows[i] = new LearningRateTrial(task, cell, lr, (double)correct / splits.Valid.Count, loss / splits.Valid.Count, epochs);
        });
        double chosen = Choose(rows);
        AtomicFile.WriteText(Path.Combine(dir, "lr-selection.csv"), w =>
        {
            w.WriteLine("task,cell,lr,valid_accuracy,valid_loss,chosen");
            foreach (var r in rows)
                w.WriteLine(string.Join(',', r.Task, r.Cell, F(r.LearningRate), F(r.ValidAccuracy), F(r.ValidLoss), r.LearningRate == chosen ? "yes" : "no"));
        });
        return (chosen, rows);
    }

    /// <summary>The rule: highest mean validation accuracy over (task, cell), then lowest mean validation loss, then the smaller rate.</summary>
    public static double Choose(IReadOnlyList<LearningRateTrial> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("no candidates to choose from", nameof(rows));
        return rows.GroupBy(r => r.LearningRate)
            .Select(g => (Lr: g.Key, Accuracy: g.Average(r => r.ValidAccuracy), Loss: g.Average(r => r.ValidLoss)))
            .OrderByDescending(c => Math.Round(c.Accuracy, 9)).ThenBy(c => c.Loss).ThenBy(c => c.Lr)
            .First().Lr;
    }

    /// <summary>Where the candidate (task, cell, lr) is kept.</summary>
    public static string ModelPath(string dir, string task, string cell, double lr)
        => Path.Combine(dir, $"{task}-{cell}-{F(lr)}.lisor");

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
