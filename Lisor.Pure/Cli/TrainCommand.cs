using System.Globalization;
using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>`train`: trains a classifier RNN on TSV files and writes the model file.</summary>
internal sealed class TrainCommand : ICommand
{

    public string Name => "train";
    public string Summary => "train a classifier RNN (top layer's last hidden state → linear → softmax) and write the model file";
    public string Usage => "train --train F --valid F [--test F] --cell srn|mgu|gru|lstm|sru --out MODEL [--hidden H] [--layers L] [--embed E | --vectors FILE] [--epochs N] [--batch B] [--lr X] [--clip C] [--patience P] [--recipe auto|text|plain]";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--train", "F", null, "training data (.tsv, required)"),
        new("--valid", "F", null, "validation data for early stopping (.tsv, required)"),
        new("--test", "F", null, "test data, only reported"),
        new("--cell", "KIND", null, $"recurrent cell: {string.Join(", ", RecurrentCell.Kinds)} (required)"),
        new("--out", "MODEL", null, "model file to write (required)"),
        .. TrainingOptionsCli.Specs,
        TrainRecipeOption.Spec,
    ];

    public int Run(ParsedOptions o, CommandContext context)
    {
        string trainPath = o.Required("--train"), validPath = o.Required("--valid"), outPath = o.Required("--out");
        string? testPath = o.String("--test");
        var options = TrainingOptionsCli.Parse(o, o.Choice("--cell", o.Required("--cell"), RecurrentCell.Kinds), context.Seed);
        var plan = new OutputPlan().Input(trainPath, "--train").Input(validPath, "--valid").Input(testPath, "--test")
            .Input(options.VectorsPath, "--vectors").Output(outPath, "--out");
        plan.Check();
        var train = ModelData.LoadData(trainPath);
        var valid = ModelData.LoadData(validPath);
        var test = testPath is null ? null : ModelData.LoadData(testPath);
        if (train.Select(e => e.Label).Distinct().Count() < 2)
            throw new InputException(trainPath, 0, $"has only one class ({Excerpt.Quoted(train[0].Label)}); training needs at least 2");
        var trainLabels = train.Select(e => e.Label).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, set) in new[] { (validPath, valid), (testPath, test) })
            if (set?.FindIndex(e => !trainLabels.Contains(e.Label)) is int odd and >= 0)
                throw ModelData.LabelError(path!, odd, set[odd].Label, $"is not in the training set {trainPath}");
        options = TrainRecipeOption.Resolve(o, options, train, context);
        TrainingMemory.Check(options, train);
        TrainingResult result;
        try
        {
            // (no callback when quiet: the printer would otherwise be compiled inside the first, timed batch)
            result = Trainer.Train(train, valid, test, options, context.Quiet ? null : p => Report(p, context));
        }
        catch (TrainingDivergedException e)
        {
            context.EndProgress();
            context.Err.WriteLine(ErrorLine.Format(e.Describe(SettingFlags.Name)));
            return 1;
        }
        context.EndProgress();
        plan.Commit(() => result.Model.Save(outPath));
        string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
        context.Out.WriteLine($"{options.Cell} {options.Layers}×{options.Hidden}: {result.Epochs} epoch{(result.Epochs == 1 ? "" : "s")} (best {result.BestEpoch}), " +
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
                $"valid {valid:0.0000}  valid loss {p.ValidLoss:0.00000}{(p.IsBest ? " (best)" : "")}  {p.SequencesPerSecond:0} seq/s" +
                (p.Plateau ? "  (plateau: stopping)" : ""));
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
