using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The settings of <see cref="TextExperiment"/> (Tables IV and V). Defaults are the recipe that gives a
/// k = 2 FSA of ≥ 0.90 test accuracy on the shipped corpus (docs/readme-text.md):
/// RNNs trained with a per-step loss, FSAs learned both inductively (validation set, the method's rule)
/// and transductively (the test sequences without their labels, the paper's sentiment protocol),
/// words read as the RNN reads them, of 8 k-means restarts the FSA most faithful to the RNN.
/// </summary>
internal sealed record TextExperimentOptions
{
    public IReadOnlyList<string> Cells { get; init; } = ["srn", "mgu", "gru", "lstm"];
    /// <summary>Trials per cell (the paper: 5); the ensemble is their FSAs' majority vote.</summary>
    public int Trials { get; init; } = 5;
    /// <summary>Clusters; the paper's sentiment experiment uses k = 2.</summary>
    public int Clusters { get; init; } = 2;
    /// <summary>
    /// Text models (our choice): a learned 32-d embedding, 1 layer × 32, words seen once read as &lt;unk&gt;,
    /// and the per-step loss λ = 1 (<see cref="Training.StepLoss"/>): without it the two clusters do not follow the decision
    /// (<see cref="TextRecipe.Training"/>, what `train` uses on text data too).
    /// </summary>
    public TrainingOptions Training { get; init; } = TextRecipe.Training;
    /// <summary>What a run does on a missing transition or a word the FSA never saw.</summary>
    public MissingPolicy Missing { get; init; } = MissingPolicy.Dead;
    /// <summary>
    /// The labelled set whose hidden states the inductive FSA is learned from: "validation" (the method's rule) or "train"
    /// (our option: the RNN's own training sequences, which cover its whole vocabulary).
    /// </summary>
    public string LearnOn { get; init; } = "validation";
    /// <summary>Also learn each FSA on the test sequences (no labels used), as the paper did for sentiment.</summary>
    public bool Transductive { get; init; } = true;
    /// <summary>
    /// Give the FSA the words as the RNN reads them: words outside the model's vocabulary become &lt;unk&gt;
    /// (our choice; the RNN cannot tell them apart, so neither should its FSA).
    /// </summary>
    public bool AsRnnReads { get; init; } = true;
    /// <summary>LISOR-x: the extra position feature j is multiplied by this (1 = the paper's k-means-x; README, Table II/III notes).</summary>
    public double PositionScale { get; init; } = 1;
    /// <summary>k-means restarts per extraction, kept by <see cref="Selection"/> (1 = the paper's single run; 8 as in our Tomita / 000 recipe).</summary>
    public int Restarts { get; init; } = 8;
    /// <summary>
    /// Which restart is kept: the FSA most faithful to R on the data it is learned from (our recipe; transductively that uses
    /// the RNN's predictions on the test sequences, never their labels), or the lowest inertia.
    /// </summary>
    public RestartSelection Selection { get; init; } = RestartSelection.Fidelity;
    /// <summary>Cluster z-scored hidden-state coordinates (<see cref="PointScaling"/>).</summary>
    public bool Standardise { get; init; }
    /// <summary>How the two cluster states get their class.</summary>
    public StateLabelRule Labels { get; init; } = StateLabelRule.Centre;

    /// <summary>
    /// <paramref name="basis"/> with the paper's set-up: 3 layers × 10 units, the loss on the last step only, one k-means++ run
    /// per FSA (the lowest inertia of a single seeding); corpus handling, epochs and the transductive FSAs stay as in <paramref name="basis"/>.
    /// </summary>
    public static TextExperimentOptions PaperSetup(TextExperimentOptions basis) => basis with
    {
        Restarts = 1, Selection = RestartSelection.Inertia,
        Training = basis.Training with { Layers = 3, Hidden = 10, StepLoss = 0 },
    };
}
