using System.Diagnostics;
using System.Globalization;
using Lisor.Pure.Common;
using Lisor.Pure.Cells;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `bench predict`: R's inference as the `predict` command runs it (<see cref="BatchPredictor"/>: batches of 256
/// encoded, forward, softmax) on random sequences over a one-hot alphabet, lengths uniform in [min, max] (by default the
/// paper's 000 task's 5–20), with an initialised network (the weights do not change the time). `--path rows` keeps a
/// small cell on the row-major forward pass to compare it with the lane-major one; `--prefix-cache` only concerns the
/// lane-major pass and is refused where that does not run (`--path rows`, or a cell that runs row-major). One pass warms
/// up first; every pass starts with no prefix kept from the one before (<see cref="BatchPredictor.Forget"/>), as a first
/// reading of the sequences.
/// </summary>
internal sealed class PredictBenchmark : IBenchmark
{
    public string Name => "predict";
    public string Summary => "inference (predict's batches) of a stacked cell on random sequences";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--cell", "KIND", "srn", $"recurrent cell: {string.Join(", ", RecurrentCell.Kinds)}"),
        new("--hidden", "H", "10", "hidden units per layer"),
        new("--layers", "L", "3", "stacked layers"),
        new("--min-length", "T", "5", "shortest sequence"),
        new("--max-length", "T", "20", "longest sequence"),
        new("--vocab", "V", "2", "distinct symbols (one-hot input)"),
        new("--sequences", "N", "3000", "sequences per pass"),
        new("--passes", "P", "20", "measured passes over the sequences"),
        new("--path", "auto|rows|both", "auto", "auto: lane-major for small cells where the CPU has it; rows: always row-major; both: the two alternated, pass by pass"),
        new("--prefix-cache", "on|off|both", "on", "lane-major only (refused where the cell runs row-major): keep the first depths' prefixes from batch to batch (on), not (off), or the two alternated, pass by pass (both)"),
    ];

    private string _path = "";
    private double? _rowsPerSecond, _uncachedPerSecond;
    private long _symbols, _steps;

    public (double PerSecond, double Seconds, string Unit) Run(ParsedOptions options, CommandContext context)
    {
        string cell = options.Choice("--cell", "srn", RecurrentCell.Kinds);
        int hidden = options.Int("--hidden", 10, min: 1, max: 100_000);
        int layers = options.Int("--layers", 3, min: 1, max: 1000);
        int minLength = options.Int("--min-length", 5, min: 0, max: 1_000_000);
        int maxLength = options.Int("--max-length", 20, min: minLength, max: 1_000_000);
        int vocab = options.Int("--vocab", 2, min: 1, max: 1_000_000);
        int count = options.Int("--sequences", 3000, min: 1, max: 10_000_000);
        int passes = options.Int("--passes", 20, min: 1);
        string path = options.Choice("--path", "auto", ["auto", "rows", "both"]);
        string cache = options.Choice("--prefix-cache", "on", ["on", "off", "both"]);
        if (path == "both" && cache == "both")
            throw new InputException("option '--prefix-cache': 'both' does not go with --path both: compare one thing at a time");
        // the prefix cache is the lane-major pass's: with --path rows nothing would read the option
        if (path == "rows" && options.Has("--prefix-cache"))
            throw new InputException("bench predict: option '--prefix-cache' does not apply with --path rows (only the lane-major pass keeps prefixes)");
        var rng = context.NewRng();
        var sequences = new List<LabeledSequence>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = new string[minLength + rng.NextInt(maxLength - minLength + 1)];
            for (int t = 0; t < tokens.Length; t++) tokens[t] = rng.NextInt(vocab).ToString(CultureInfo.InvariantCulture);
            sequences.Add(new LabeledSequence("", tokens));
        }
        var vocabulary = Vocabulary.Build(sequences);
        var net = new Network(cell, hidden, layers, 2, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        var weights = new float[net.ParameterCount];
        net.Initialize(weights, rng.Fork());
        var model = new Model(net, weights, vocabulary, ["0", "1"], 1);
        var predictor = new BatchPredictor(model, lanes: path != "rows", prefixCache: cache != "off");
        // nor where the cell runs row-major anyway (no lane step for it, too many units, or no Vector256 on this CPU)
        if (!predictor.RunsLanes && options.Has("--prefix-cache"))
            throw new InputException($"bench predict: option '--prefix-cache' does not apply: {cell} {layers}×{hidden} runs row-major here " +
                "(only the lane-major pass keeps prefixes)");
        _path = predictor.RunsLanes ? "lanes" : "rows";
        // --path both (the row-major predictor) or --prefix-cache both (one that keeps no prefix from batch to batch): the
        // other predictor runs each pass next to this one, so both see the same machine
        var other = path == "both" ? new BatchPredictor(model, lanes: false)
            : cache == "both" ? new BatchPredictor(model, lanes: path != "rows", prefixCache: false) : null;
        // each predictor takes batches of its own size, as `predict` gives it
        var batches = Batches(sequences, predictor.BatchSize);
        var otherBatches = other is null ? batches : Batches(sequences, other.BatchSize);
        var classes = new int[BatchPredictor.MaxBatch];
        var probabilities = new float[BatchPredictor.MaxBatch * 2];
        double seconds = 0, otherSeconds = 0;
        for (int p = -1; p < passes; p++)   // pass −1 warms up
        {
            // each pass as a first reading of the sequences: no prefix kept from the pass before
            predictor.Forget();
            other?.Forget();
            // the two take turns going first (the second finds the strings in cache)
            double otherPass = p % 2 != 0 && other is not null ? Pass(other, otherBatches, classes, probabilities) : 0;
            double own = Pass(predictor, batches, classes, probabilities);
            if (p % 2 == 0 && other is not null) otherPass = Pass(other, otherBatches, classes, probabilities);
            if (p < 0) continue;
            seconds += own;
            otherSeconds += otherPass;
        }
        double? otherPerSecond = other is null ? null : passes * count / otherSeconds;
        _rowsPerSecond = path == "both" ? otherPerSecond : null;
        _uncachedPerSecond = path == "both" ? null : otherPerSecond;
        // per pass: the symbols read and the steps run for them (fewer lane-major, where strings share a prefix)
        _symbols = predictor.Symbols / (passes + 1); _steps = predictor.Steps / (passes + 1);
        if (!context.Json)
            context.Out.WriteLine($"{cell} {layers}×{hidden}, lengths {minLength}–{maxLength}, vocabulary {vocab}, {_path}: " +
                $"{passes} × {count} sequences ({_symbols} symbols, {_steps} steps) in {seconds:F3} s" +
                (other is null ? "" : $"; {(path == "both" ? "rows" : "no prefix cache")}, alternated: {otherSeconds:F3} s, {otherSeconds / seconds:F2}× as long"));
        return ((double)passes * count / seconds, seconds, "sequences");
    }

    public IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>
        {
            ["path"] = _path, ["rows_per_second"] = _rowsPerSecond, ["uncached_per_second"] = _uncachedPerSecond,
            ["symbols"] = _symbols, ["steps"] = _steps,
        };

    // Seconds to classify the batches.
    private static double Pass(BatchPredictor predictor, List<LabeledSequence[]> batches, int[] classes, float[] probabilities)
    {
        long t0 = Stopwatch.GetTimestamp();
        foreach (var b in batches) predictor.Predict(b, classes, probabilities);
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    private static List<LabeledSequence[]> Batches(List<LabeledSequence> sequences, int size)
    {
        var batches = new List<LabeledSequence[]>();
        for (int i = 0; i < sequences.Count; i += size) batches.Add(sequences.GetRange(i, Math.Min(size, sequences.Count - i)).ToArray());
        return batches;
    }
}
