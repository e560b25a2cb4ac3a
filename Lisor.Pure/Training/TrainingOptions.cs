using Lisor.Pure.Common;
namespace Lisor.Pure.Training;

/// <summary>
/// Hyper-parameters of <see cref="Trainer.Train"/>. The paper gives none (docs/method.md §3); these
/// defaults are ours, chosen so every cell learns the built-in tasks (docs/readme-training.md).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>srn, mgu, gru, lstm or sru.</summary>
    public string Cell { get; init; } = "mgu";
    /// <summary>Hidden units per layer (the paper: 10).</summary>
    public int Hidden { get; init; } = 10;
    /// <summary>Stacked layers (the paper: 3).</summary>
    public int Layers { get; init; } = 3;
    /// <summary>Size of a trainable embedding; 0 for one-hot input (unless <see cref="VectorsPath"/> is given).</summary>
    public int Embed { get; init; }
    /// <summary>Fixed pre-trained word vectors (word2vec/GloVe text format), or null.</summary>
    public string? VectorsPath { get; init; }
    /// <summary>Symbols seen fewer times in the training data read as &lt;unk&gt;.</summary>
    public int MinCount { get; init; } = 1;
    /// <summary>Maximum number of passes over the training data.</summary>
    public int Epochs { get; init; } = 60;
    /// <summary>Sequences per mini-batch.</summary>
    public int Batch { get; init; } = 32;
    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 0.003;
    /// <summary>Maximum global gradient norm (≤ 0: no clipping).</summary>
    public double Clip { get; init; } = 5.0;
    /// <summary>Stop after this many epochs without a better validation result.</summary>
    public int Patience { get; init; } = 10;
    /// <summary>
    /// Our plateau stop (<see cref="PlateauStop"/>): once validation accuracy is 1, stop after this many epochs in a
    /// row whose validation loss does not fall below (1 − <see cref="PlateauDelta"/>) × the last real improvement; 0 = off.
    /// </summary>
    public int PlateauPatience { get; init; } = 5;
    /// <summary>δ of the plateau stop: the relative fall of the validation loss that counts as a real improvement.</summary>
    public double PlateauDelta { get; init; } = 0.5;
    /// <summary>Initialisation and shuffling seed.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>The positive class of a binary task; null picks "1", "pos" or "spam" when present.</summary>
    public string? Positive { get; init; }
    /// <summary>λ of the per-step loss (<see cref="StepLoss"/>, our extension; 0 = the paper's last-step loss only).</summary>
    public double StepLoss { get; init; }
}

/// <summary>A progress report: during an epoch after each batch, and once at its end with validation figures.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Epochs">The most epochs the run may take.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="TrainAccuracy">Training accuracy so far in this epoch.</param>
/// <param name="SequencesPerSecond">Training speed so far in this epoch.</param>
/// <param name="EtaSeconds">Estimated seconds left: of this epoch during it, of the whole run at its end.</param>
/// <param name="ValidAccuracy">Validation accuracy at the end of an epoch; null during it.</param>
/// <param name="IsBest">At the end of an epoch: whether its weights are the best so far (they are kept).</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches,
    double Loss, double TrainAccuracy, double SequencesPerSecond, double EtaSeconds,
    double? ValidAccuracy, bool IsBest)
{
    /// <summary>At an epoch's end: the mean validation cross-entropy per sequence.</summary>
    public double? ValidLoss { get; init; }
    /// <summary>At an epoch's end: the plateau stop (<see cref="TrainingOptions.PlateauPatience"/>) ends training after this epoch.</summary>
    public bool Plateau { get; init; }
}

/// <summary>What <see cref="Trainer.Train"/> returns: the best model (by validation) and its figures.</summary>
/// <param name="Model">The model with the best validation weights.</param>
/// <param name="TrainAccuracy">Its accuracy on the training set.</param>
/// <param name="ValidAccuracy">Its accuracy on the validation set.</param>
/// <param name="TestAccuracy">Its accuracy on the test set; null without one.</param>
/// <param name="Epochs">Epochs run (early stopping may end the run before the limit).</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="Seconds">Wall-clock seconds of the whole call.</param>
/// <param name="SequencesPerSecond">Training sequences per second of the training steps.</param>
public sealed record TrainingResult(
    Model Model, double TrainAccuracy, double ValidAccuracy, double? TestAccuracy,
    int Epochs, int BestEpoch, double Seconds, double SequencesPerSecond)
{
    /// <summary>
    /// Processor seconds the whole process used during the training steps (all threads; validation excluded):
    /// on a loaded machine sequences ÷ this is steadier than <see cref="SequencesPerSecond"/>.
    /// </summary>
    public double TrainingCpuSeconds { get; init; }
    /// <summary>True when the plateau stop ended training (validation accuracy 1, loss no longer improving).</summary>
    public bool StoppedOnPlateau { get; init; }
}

/// <summary>
/// Training met a NaN or infinite loss or gradient; no model is produced. The message names the settings to change by
/// their concept (<c>TrainingOptions.LearningRate</c>); <see cref="Describe"/> lets a front end name them its own way.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    private readonly SettingProblem _problem;

    /// <summary>The problem, naming its settings through the function it is given.</summary>
    public TrainingDivergedException(SettingProblem problem) : base(problem(s => s.ToString())) => _problem = problem;

    /// <summary>The message with every setting it names written by <paramref name="name"/>.</summary>
    public string Describe(Func<Setting, string> name) => _problem(name);
}
