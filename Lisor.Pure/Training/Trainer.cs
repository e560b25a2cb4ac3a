using System.Diagnostics;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

/// <summary>
/// Trains a classifier RNN (docs/method.md §3): softmax cross-entropy on each sequence's last step, mean over
/// the batch; Adam; clipping by global norm; length-bucketed mini-batches; early stopping on validation
/// accuracy (ties broken by lower validation loss) keeping the best weights, and our plateau stop once validation
/// accuracy is 1 (<see cref="PlateauStop"/>). Same seed → same weights, whatever the thread count.
/// </summary>
public static partial class Trainer
{
    /// <summary>Trains on <paramref name="train"/>, selects on <paramref name="valid"/>, reports on <paramref name="test"/>.</summary>
    public static TrainingResult Train(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence>? test, TrainingOptions options, Action<TrainingProgress>? progress)
    {
        Check(options);
        if (train.Count == 0) throw new InputException("the training set is empty");
        if (valid.Count == 0) throw new InputException("the validation set is empty");
        var clock = Stopwatch.StartNew();
        string[] classes = train.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2) throw new InputException($"the training set has only one class ({Excerpt.Quoted(classes[0])}); need at least 2");
        int positive = PositiveClass(classes, options.Positive);
        foreach (var (name, set) in new[] { ("validation", valid), ("test", test ?? []) })
            foreach (var e in set)
                if (Array.IndexOf(classes, e.Label) < 0)
                    throw new InputException($"the {name} set has label {Excerpt.Quoted(e.Label)}, which the training set does not have");
        var vocabulary = Vocabulary.Build(train, options.MinCount);
        var rng = new Rng(options.Seed);
        var net = CreateNetwork(options, vocabulary, classes.Length);
        net.StepLossWeight = (float)options.StepLoss;
        var weights = new float[net.ParameterCount];
        net.Initialize(weights, rng.Fork());
        var model = new Model(net, weights, vocabulary, classes, positive);

        var trainData = model.Encode(train);
        var validData = model.Encode(valid);
        var testData = test is null ? null : model.Encode(test);
        int maxLength = Math.Max(trainData.MaxLength, Math.Max(validData.MaxLength, testData?.MaxLength ?? 0));
        var state = new TrainingState(net, weights, trainData.MaxLength, options.Batch);
        var evaluator = new DataParallel(net, maxLength, Model.EvaluationBatch, training: false, keepSteps: false);   // loss and accuracy only
        var best = (float[])weights.Clone();
        var plan = new EpochPlan(trainData, options.Batch);
        var shuffle = rng.Fork();

        double bestAccuracy = -1, bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, epoch = 0;
        var plateau = new PlateauStop(options.PlateauPatience, options.PlateauDelta);
        long sequences = 0;
        var trainClock = new Stopwatch();   // training steps only (as the PyTorch peer measures)
        var trainCpu = TimeSpan.Zero;       // the process's processor time over the same sections
        using var process = Process.GetCurrentProcess();
        while (epoch < options.Epochs && epoch - bestEpoch < options.Patience && !plateau.Reached)
        {
            epoch++;
            trainClock.Start();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            plan.Shuffle(shuffle);
            double lossSum = 0;
            int correct = 0, seen = 0;
            for (int b = 0; b < plan.BatchCount; b++)
            {
                var (start, count) = plan.Batch(b);
                var (loss, right, diverged) = Step(state, trainData, plan.Order, start, count, options.Clip, (float)options.LearningRate);
                if (diverged is not null)
                    throw new TrainingDivergedException(n => $"training diverged at epoch {epoch}, batch {b + 1}: {diverged} " +
                        $"(try a smaller {n(Option(nameof(options.LearningRate)))} than {options.LearningRate} or {n(Option(nameof(options.Clip)))}); no model was written");
                lossSum += loss; correct += right; seen += count; sequences += count;
                if (progress is not null)
                {
                    double perSecond = sequences / Math.Max(trainClock.Elapsed.TotalSeconds, 1e-9);
                    long remaining = (long)(options.Epochs - epoch) * trainData.Count + (trainData.Count - seen);
                    progress(new TrainingProgress(epoch, options.Epochs, b + 1, plan.BatchCount, lossSum / seen,
                        (double)correct / seen, perSecond, remaining / perSecond, null, false));
                }
            }
            trainClock.Stop();
            process.Refresh();
            trainCpu += process.TotalProcessorTime - cpuBefore;
            var (validLoss, validCorrect) = Model.Evaluate(net, weights, validData, null, null, 0, evaluator);
            double validAccuracy = (double)validCorrect / validData.Count;
            bool isBest = IsBetter(validAccuracy, validLoss, bestAccuracy, bestLoss);
            plateau.Observe(validCorrect == validData.Count, validLoss);
            if (isBest)
            {
                bestAccuracy = validAccuracy; bestLoss = validLoss; bestEpoch = epoch;
                weights.CopyTo(best, 0);
            }
            if (progress is not null)
            {
                double perSecond = sequences / Math.Max(trainClock.Elapsed.TotalSeconds, 1e-9);
                progress(new TrainingProgress(epoch, options.Epochs, plan.BatchCount, plan.BatchCount, lossSum / seen,
                    (double)correct / seen, perSecond, (double)(options.Epochs - epoch) * trainData.Count / perSecond, validAccuracy, isBest)
                { ValidLoss = validLoss / validData.Count, Plateau = plateau.Reached });
            }
        }
        double trainSeconds = trainClock.Elapsed.TotalSeconds;
        best.CopyTo(weights, 0);
        double Accuracy(EncodedData d) => (double)Model.Evaluate(net, weights, d, null, null, 0, evaluator).Correct / d.Count;
        double? testAccuracy = testData is null || testData.Count == 0 ? null : Accuracy(testData);
        return new TrainingResult(model, Accuracy(trainData), Accuracy(validData), testAccuracy, epoch, bestEpoch,
            clock.Elapsed.TotalSeconds, sequences / Math.Max(trainSeconds, 1e-9))
        { TrainingCpuSeconds = trainCpu.TotalSeconds, StoppedOnPlateau = plateau.Reached };
    }

    /// <summary>
    /// Early stopping's rule: an epoch's weights replace the best so far when their validation accuracy is higher,
    /// or equal with a strictly lower validation loss (a full tie keeps the earlier weights).
    /// </summary>
    internal static bool IsBetter(double accuracy, double loss, double bestAccuracy, double bestLoss)
        => accuracy > bestAccuracy || (accuracy == bestAccuracy && loss < bestLoss);

    private static void Check(TrainingOptions o)
    {
        if (Array.IndexOf(Cells.RecurrentCell.Kinds, o.Cell) < 0)
            throw new InputException($"unknown cell '{o.Cell}', expected one of {string.Join(", ", Cells.RecurrentCell.Kinds)}");
        if (o.Hidden < 1 || o.Layers < 1)
            throw new InputException(n => $"{n(Option(nameof(o.Hidden)))} and {n(Option(nameof(o.Layers)))} must be ≥ 1");
        if (o.Embed < 0) throw new InputException(n => $"{n(Option(nameof(o.Embed)))} must be ≥ 0");
        if (o.Embed > 0 && o.VectorsPath is not null)
            throw new InputException(n => $"give {n(Option(nameof(o.Embed)))} or {n(Option(nameof(o.VectorsPath)))}, not both");
        if (o.Epochs < 1 || o.Batch < 1 || o.Patience < 1)
            throw new InputException(n => $"{n(Option(nameof(o.Epochs)))}, {n(Option(nameof(o.Batch)))} and {n(Option(nameof(o.Patience)))} must be ≥ 1");
        if (!(o.LearningRate > 0) || !double.IsFinite(o.LearningRate))
            throw new InputException(n => $"{n(Option(nameof(o.LearningRate)))} must be a positive number");
        if (!(o.StepLoss >= 0) || !double.IsFinite(o.StepLoss))
            throw new InputException(n => $"{n(Option(nameof(o.StepLoss)))} must be a number ≥ 0");
        if (o.PlateauPatience < 0) throw new InputException(n => $"{n(Option(nameof(o.PlateauPatience)))} must be ≥ 0 (0: off)");
        if (!(o.PlateauDelta >= 0 && o.PlateauDelta < 1))
            throw new InputException(n => $"{n(Option(nameof(o.PlateauDelta)))} must be ≥ 0 and < 1");
    }

    /// <summary>A field of <see cref="TrainingOptions"/> named in a bad-input message.</summary>
    private static Setting Option(string field) => new($"{nameof(TrainingOptions)}.{field}");

    /// <summary>The positive class: the named one, else "1", "pos" or "spam" of a binary task, else −1.</summary>
    private static int PositiveClass(string[] classes, string? named)
    {
        if (named is not null)
        {
            int i = Array.IndexOf(classes, named);
            return i >= 0 ? i : throw new InputException(n =>
                $"{n(Option(nameof(TrainingOptions.Positive)))} {Excerpt.Quoted(named)} is not a class of the training set ({Excerpt.List(classes)})");
        }
        if (classes.Length != 2) return -1;
        foreach (var name in new[] { "1", "pos", "spam" })
            if (Array.IndexOf(classes, name) is int i and >= 0) return i;
        return -1;
    }

    private static Network CreateNetwork(TrainingOptions o, Vocabulary vocabulary, int classes)
    {
        if (o.VectorsPath is not null)
        {
            var vectors = WordVectors.Read(o.VectorsPath, vocabulary.Contains);
            int X = vectors.Dimension, V = vocabulary.Count;
            // words without a vector read as zeros: with none, every input would be zero and nothing could be learned
            if (vectors.Count == 0)
                throw new InputException(o.VectorsPath, 0, $"has a vector for none of the {V - 1} words of the training data");
            var table = new float[V * X];   // rows of words without a vector (and <unk>) stay 0
            for (int id = 1; id < V; id++) vectors.Get(vocabulary[id])?.CopyTo(table, id * X);
            return new Network(o.Cell, o.Hidden, o.Layers, classes, V, InputKind.FixedVectors, X, table);
        }
        return o.Embed > 0
            ? new Network(o.Cell, o.Hidden, o.Layers, classes, vocabulary.Count, InputKind.Embedding, o.Embed, null)
            : new Network(o.Cell, o.Hidden, o.Layers, classes, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
    }
}
