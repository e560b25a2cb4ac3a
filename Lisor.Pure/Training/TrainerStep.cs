using Lisor.Pure.Data;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Training;

public static partial class Trainer
{
    /// <summary>
    /// One mini-batch of training — the step the trainer, `bench train`, the benchmarks and the allocation
    /// tests all run: forward and loss over sequences order[start … start+count−1] of <paramref name="data"/>,
    /// backward into g = ∂(mean loss)/∂θ, clipping g by global norm <paramref name="clip"/>, and one Adam update
    /// of θ = state.Weights in place. Allocates nothing once the runner's workspaces are warm.
    /// When the loss or ‖g‖ is not finite the update is skipped; a weight that is not finite after the update is
    /// reported, not undone. Either way <see cref="StepResult.Diverged"/> says what broke, and the trainer stops.
    /// </summary>
    internal static StepResult Step(TrainingState state, EncodedData data, int[] order, int start, int count,
        double clip, float learningRate)
    {
        var (loss, correct) = state.Runner.Run(state.Weights, data, order, start, count, state.Gradient);
        double norm = Adam.ClipByGlobalNorm(state.Gradient, clip);
        if (!double.IsFinite(loss) || !double.IsFinite(norm))
            return new StepResult(loss, correct, double.IsFinite(loss) ? "gradient norm is not finite" : "loss is not finite");
        state.Adam.Step(state.Weights, state.Gradient, learningRate);
        return new StepResult(loss, correct, AllFinite(state.Weights) ? null : "a weight is not finite after the update");
    }

    /// <summary>
    /// One epoch of <see cref="Step"/>s without validation or progress, for `bench train`, the benchmarks and the
    /// allocation tests: shuffle the plan (unless <paramref name="shuffle"/> is null), then one step per batch in
    /// order. Returns Σ loss over the epoch. (<see cref="Train"/> runs the same steps with progress reports and a
    /// stop at the first divergence between them.)
    /// </summary>
    internal static double Epoch(TrainingState state, EncodedData data, EpochPlan plan, Rng? shuffle, double clip, float learningRate)
    {
        if (shuffle is not null) plan.Shuffle(shuffle);
        double loss = 0;
        for (int b = 0; b < plan.BatchCount; b++)
        {
            var (start, count) = plan.Batch(b);
            loss += Step(state, data, plan.Order, start, count, clip, learningRate).Loss;
        }
        return loss;
    }

    /// <summary>True when no weight is NaN or ±∞ (a sum is NaN iff some term is NaN or +∞ meets −∞, so test element-wise).</summary>
    private static bool AllFinite(ReadOnlySpan<float> weights)
    {
        foreach (float w in weights) if (!float.IsFinite(w)) return false;
        return true;
    }
}

/// <summary>What one <see cref="Trainer.Step"/> did: Σ loss and #correct over its sequences, and what was not finite (null when all was).</summary>
internal readonly record struct StepResult(double Loss, int Correct, string? Diverged);

/// <summary>
/// The memory of training one network, created once and reused by every <see cref="Trainer.Step"/>:
/// θ (the network's flat parameters, updated in place), g = ∂L/∂θ [P], Adam's moments, and the
/// data-parallel runner with its workspaces for batches of up to <c>maxBatch</c> sequences of up to <c>maxSteps</c> steps.
/// </summary>
internal sealed class TrainingState(Network net, float[] weights, int maxSteps, int maxBatch)
{
    public readonly float[] Weights = weights;                                 // θ [P]
    public readonly float[] Gradient = new float[net.ParameterCount];          // g [P]
    public readonly Adam Adam = new(net.ParameterCount);
    public readonly DataParallel Runner = new(net, maxSteps, maxBatch, training: true);
}
