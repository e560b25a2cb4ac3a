using System.Diagnostics;
using Lisor.Pure.Cells;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `bench train`: epochs of <see cref="Trainer.Step"/> (forward, backward, clipping, Adam) on random 0/1… sequences of one
/// length with random binary labels, one-hot input — the shapes of the paper's tasks. Throughput =
/// training sequences per second; one pass over the data warms the JIT and the workspaces up first.
/// </summary>
internal sealed class TrainBenchmark : IBenchmark
{
    public string Name => "train";
    public string Summary => "training steps of a stacked cell on random sequences";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--cell", "KIND", "mgu", $"recurrent cell: {string.Join(", ", RecurrentCell.Kinds)}"),
        new("--hidden", "H", "10", "hidden units per layer"),
        new("--layers", "L", "3", "stacked layers"),
        new("--batch", "B", "32", "sequences per mini-batch"),
        new("--length", "T", "12", "steps per sequence"),
        new("--vocab", "V", "2", "distinct symbols (one-hot input)"),
        new("--sequences", "N", "3000", "sequences per pass"),
        new("--passes", "P", "5", "measured passes over the sequences"),
    ];

    public (double PerSecond, double Seconds, string Unit) Run(ParsedOptions options, CommandContext context)
    {
        string cell = options.Choice("--cell", "mgu", RecurrentCell.Kinds);
        int hidden = options.Int("--hidden", 10, min: 1, max: 100_000);
        int layers = options.Int("--layers", 3, min: 1, max: 1000);
        int batch = options.Int("--batch", 32, min: 1, max: 1_000_000);
        int length = options.Int("--length", 12, min: 1, max: 1_000_000);   // (as bench fsa: a sequence of no steps trains nothing)
        int vocab = options.Int("--vocab", 2, min: 1, max: 1_000_000);
        int count = options.Int("--sequences", 3000, min: 1, max: 10_000_000);
        int passes = options.Int("--passes", 5, min: 1);
        var rng = context.NewRng();
        var sequences = new List<LabeledSequence>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = new string[length];
            for (int t = 0; t < length; t++) tokens[t] = rng.NextInt(vocab).ToString(System.Globalization.CultureInfo.InvariantCulture);
            sequences.Add(new LabeledSequence(rng.NextInt(2).ToString(System.Globalization.CultureInfo.InvariantCulture), tokens));
        }
        var vocabulary = Vocabulary.Build(sequences);
        var net = new Network(cell, hidden, layers, 2, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        var weights = new float[net.ParameterCount];
        net.Initialize(weights, rng.Fork());
        var model = new Model(net, weights, vocabulary, ["0", "1"], 1);
        var data = model.Encode(sequences);
        var plan = new EpochPlan(data, batch);
        var state = new TrainingState(net, weights, data.MaxLength, batch);
        Trainer.Epoch(state, data, plan, rng, clip: 5, learningRate: 0.01f);
        var watch = Stopwatch.StartNew();
        for (int p = 0; p < passes; p++) Trainer.Epoch(state, data, plan, rng, clip: 5, learningRate: 0.01f);
        double seconds = watch.Elapsed.TotalSeconds;
        if (!context.Json)
            context.Out.WriteLine($"{cell} {layers}×{hidden}, batch {batch}, length {length}, vocabulary {vocab}: " +
                $"{passes} × {count} sequences in {seconds:F3} s ({net.ParameterCount} parameters)");
        return ((double)passes * count / seconds, seconds, "sequences");
    }
}
