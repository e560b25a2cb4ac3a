using System.Globalization;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>The training options shared by `train`, `sweep` and `reproduce` (docs/cli.md, `train`).</summary>
internal static class TrainingOptionsCli
{
    private static readonly TrainingOptions Defaults = new();

    private static string D(double x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>The option specs, with the defaults of <see cref="TrainingOptions"/>.</summary>
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("--hidden", "H", D(Defaults.Hidden), "hidden units per layer"),
        new("--layers", "L", D(Defaults.Layers), "stacked layers"),
        new("--embed", "E", "one-hot input", "learn an embedding table of size E"),
        new("--vectors", "FILE", null, "fixed pre-trained word vectors (word2vec/GloVe text format)"),
        new("--min-count", "N", "1", "symbols seen fewer times in training read as <unk>"),
        new("--epochs", "N", D(Defaults.Epochs), "maximum passes over the training data"),
        new("--batch", "B", D(Defaults.Batch), "sequences per mini-batch"),
        new("--lr", "X", D(Defaults.LearningRate), "Adam learning rate"),
        new("--clip", "C", D(Defaults.Clip), "clip the gradient to this global norm (0: off)"),
        new("--patience", "P", D(Defaults.Patience), "stop after P epochs without a better validation result"),
        new("--plateau", "P", D(Defaults.PlateauPatience), "once validation accuracy is 1, stop after P epochs in a row whose validation loss falls less than --plateau-delta below the last real improvement (our addition; 0: off)"),
        new("--plateau-delta", "X", D(Defaults.PlateauDelta), "the relative fall of the validation loss that counts as a real improvement for --plateau"),
        new("--positive", "LABEL", "1, pos or spam", "the positive class of a binary task"),
        new("--step-loss", "λ", "0", "also ask for the label at every step, weight λ (our extension: hidden states carry the running decision)"),
    ];

    /// <summary>Reads the training options; <paramref name="cell"/> and the seed come from the caller.</summary>
    public static TrainingOptions Parse(ParsedOptions o, string cell, ulong seed) => new()
    {
        Cell = cell,
        Hidden = o.Int("--hidden", Defaults.Hidden, min: 1, max: 100_000),
        Layers = o.Int("--layers", Defaults.Layers, min: 1, max: 1000),
        Embed = o.Int("--embed", 0, min: 1, max: 100_000),
        VectorsPath = o.String("--vectors"),
        MinCount = o.Int("--min-count", 1, min: 1),
        Epochs = o.Int("--epochs", Defaults.Epochs, min: 1),
        Batch = o.Int("--batch", Defaults.Batch, min: 1, max: 1_000_000),
        LearningRate = o.Double("--lr", Defaults.LearningRate, min: 1e-12, max: float.MaxValue),
        Clip = o.Double("--clip", Defaults.Clip, min: 0),
        Patience = o.Int("--patience", Defaults.Patience, min: 1),
        PlateauPatience = o.Int("--plateau", Defaults.PlateauPatience, min: 0),
        PlateauDelta = o.Double("--plateau-delta", Defaults.PlateauDelta, min: 0, max: 0.999999),
        Seed = seed,
        Positive = o.String("--positive"),
        StepLoss = o.Double("--step-loss", 0, min: 0, max: 1e6),
    };
}
