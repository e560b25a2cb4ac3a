namespace Lisor.Pure.Training;

/// <summary>
/// Where a model R stands after the symbols read so far, for running it one symbol at a time
/// (<see cref="Model.Start"/>, <see cref="Model.Step(RnnState, int)"/>, <see cref="Model.Output(RnnState)"/>):
/// every layer's hidden state h_t, and its memory c_t for LSTM and SRU cells. A state belongs to the model that
/// started it and carries its own scratch memory, so states may be stepped on different threads at once (one
/// thread per state). Stepping changes the state in place and allocates nothing.
/// </summary>
public sealed class RnnState
{
    internal RnnState(Model model, ModelRunner runner)
    {
        Model = model; Runner = runner;
        Vector = new float[runner.StateSize];
    }

    /// <summary>The model this state belongs to.</summary>
    public Model Model { get; }

    /// <summary>Symbols read since <see cref="Model.Start"/> (or since the state copied last).</summary>
    public int Steps { get; internal set; }

    internal ModelRunner Runner { get; }

    /// <summary>All of the state in one vector: [h of layer 0 … h of layer L−1 | c of layer 0 … c of layer L−1 (memory cells only)], each [H].</summary>
    internal float[] Vector { get; }

    /// <summary>The top layer's hidden state h_t [H]: what the output layer reads (zero before the first symbol).</summary>
    public ReadOnlySpan<float> TopHidden => Vector.AsSpan((Model.Layers - 1) * Model.Hidden, Model.Hidden);

    /// <summary>Back to R's initial state (all zero, no symbol read).</summary>
    public void Reset()
    {
        Array.Clear(Vector);
        Steps = 0;
    }

    /// <summary>Makes this state equal to <paramref name="other"/> (a state of the same model), without allocating.</summary>
    public void CopyFrom(RnnState other)
    {
        if (!ReferenceEquals(other.Model, Model)) throw new ArgumentException("the states belong to different models", nameof(other));
        other.Vector.CopyTo(Vector, 0);
        Steps = other.Steps;
    }
}

/// <summary>R's answer on one sequence: the class index (argmax of the logits), its name, and softmax probabilities.</summary>
/// <param name="Class">Index into <see cref="Model.Classes"/>.</param>
/// <param name="Label">The class's name.</param>
/// <param name="Probabilities">p_c = softmax(z)_c for every class c, z = h·W + b the logits of the top layer's last state.</param>
public sealed record RnnOutput(int Class, string Label, float[] Probabilities);
