using System.Globalization;
using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>`train`: trains a classifier RNN on TSV files and writes the model file.</summary>
public sealed class TrainCommand : ICommand
{
    private static readonly TrainingOptions Defaults = new();

    public string Name => "train";
    public string Summary => "train a classifier RNN (top layer's last hidden state → linear → softmax) and write the model file";
    public string Usage => "train --train F --valid F [--test F] --cell srn|mgu|gru|lstm|sru --out MODEL [--hidden H] [--layers L] [--embed E | --vectors FILE] [--epochs N] [--batch B] [--lr X] [--clip C] [--patience P]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--train", "F", null, "training data (.tsv, required)"),
        new("--valid", "F", null, "validation data for early stopping (.tsv, required)"),
        new("--test", "F", null, "test data, only reported"),
        new("--cell", "KIND", null, $"recurrent cell: {string.Join(", ", RecurrentCell.Kinds)} (required)"),
        new("--out", "MODEL", null, "model file to write (required)"),
        new("--hidden", "H", Defaults.Hidden.ToString(CultureInfo.InvariantCulture), "hidden units per layer"),
        new("--layers", "L", Defaults.Layers.ToString(CultureInfo.InvariantCulture), "stacked layers"),
        new("--embed", "E", "one-hot input", "learn an embedding table of size E"),
        new("--vectors", "FILE", null, "fixed pre-trained word vectors (word2vec/GloVe text format)"),
        new("--min-count", "N", "1", "symbols seen fewer times in training read as <unk>"),
        new("--epochs", "N", Defaults.Epochs.ToString(CultureInfo.InvariantCulture), "maximum passes over the training data"),
        new("--batch", "B", Defaults.Batch.ToString(CultureInfo.InvariantCulture), "sequences per mini-batch"),
        new("--lr", "X", Defaults.LearningRate.ToString(CultureInfo.InvariantCulture), "Adam learning rate"),
        new("--clip", "C", Defaults.Clip.ToString(CultureInfo.InvariantCulture), "clip the gradient to this global norm (0: off)"),
        new("--patience", "P", Defaults.Patience.ToString(CultureInfo.InvariantCulture), "stop after P epochs without a better validation result"),
        new("--positive", "LABEL", "1, pos or spam", "the positive class of a binary task"),
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        string trainPath = o.Required("--train"), validPath = o.Required("--valid"), outPath = o.Required("--out");
        string? testPath = o.String("--test");
        var options = new TrainingOptions
        {
            Cell = o.Choice("--cell", o.Required("--cell"), RecurrentCell.Kinds),
            Hidden = o.Int("--hidden", Defaults.Hidden, min: 1, max: 100_000),
            Layers = o.Int("--layers", Defaults.Layers, min: 1, max: 1000),
            Embed = o.Int("--embed", 0, min: 1, max: 100_000),
            VectorsPath = o.String("--vectors"),
            MinCount = o.Int("--min-count", 1, min: 1),
            Epochs = o.Int("--epochs", Defaults.Epochs, min: 1),
            Batch = o.Int("--batch", Defaults.Batch, min: 1, max: 1_000_000),
            LearningRate = o.Double("--lr", Defaults.LearningRate, min: 1e-12),
            Clip = o.Double("--clip", Defaults.Clip, min: 0),
            Patience = o.Int("--patience", Defaults.Patience, min: 1),
            Seed = context.Seed,
            Positive = o.String("--positive"),
        };
        var train = Tsv.Read(trainPath);
        var valid = Tsv.Read(validPath);
        var test = testPath is null ? null : Tsv.Read(testPath);
        TrainingResult result;
        try
        {
            result = Trainer.Train(train, valid, test, options, p => Report(p, context));
        }
        catch (TrainingDivergedException e)
        {
            context.EndProgress();
            context.Err.WriteLine($"error: {e.Message}");
            return 1;
        }
        context.EndProgress();
        result.Model.Save(outPath);
        string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
        context.Out.WriteLine($"{options.Cell} {options.Layers}×{options.Hidden}: {result.Epochs} epochs (best {result.BestEpoch}), " +
            $"train {F(result.TrainAccuracy)}, valid {F(result.ValidAccuracy)}" +
            (result.TestAccuracy is double t ? $", test {F(t)}" : "") +
            $", {result.Seconds:0.0} s, {result.SequencesPerSecond:0} sequences/s → {outPath}");
        context.WriteJsonSummary(new Dictionary<string, object?>
        {
            ["cell"] = options.Cell,
            ["hidden"] = options.Hidden,
            ["layers"] = options.Layers,
            ["epochs"] = result.Epochs,
            ["best_epoch"] = result.BestEpoch,
            ["train_accuracy"] = result.TrainAccuracy,
            ["valid_accuracy"] = result.ValidAccuracy,
            ["test_accuracy"] = result.TestAccuracy,
            ["seconds"] = Math.Round(result.Seconds, 3),
            ["sequences_per_second"] = Math.Round(result.SequencesPerSecond, 1),
            ["training_cpu_seconds"] = Math.Round(result.TrainingCpuSeconds, 4),
            ["parameters"] = result.Model.ParameterCount,
            ["vocabulary"] = result.Model.Vocabulary.Count,
            ["input"] = result.Model.Input switch { InputKind.Embedding => "embedding", InputKind.FixedVectors => "vectors", _ => "one-hot" },
            ["model"] = outPath,
        });
        return 0;
    }

    private DateTime _lastReport;

    private void Report(TrainingProgress p, CommandContext context)
    {
        if (context.Quiet) return;
        if (p.ValidAccuracy is double valid)
        {
            context.Progress($"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:0.0000}  train {p.TrainAccuracy:0.0000}  " +
                $"valid {valid:0.0000}{(p.IsBest ? " (best)" : "")}  {p.SequencesPerSecond:0} seq/s");
            context.EndProgress();
            return;
        }
        var now = DateTime.UtcNow;
        if ((now - _lastReport).TotalMilliseconds < 200) return;
        _lastReport = now;
        context.Progress($"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  loss {p.Loss:0.0000}  " +
            $"acc {p.TrainAccuracy:0.0000}  {p.SequencesPerSecond:0} seq/s  ETA ≤ {TimeSpan.FromSeconds(Math.Min(p.EtaSeconds, 1e7)):hh\\:mm\\:ss}");
    }
}
