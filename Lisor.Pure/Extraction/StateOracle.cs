using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>
/// R as the extraction sees it: for strings, the state after every step and R's answer there. The
/// RNN is one (<see cref="ModelOracle"/>); tests use automata with made-up states. Batched: one call
/// runs R on many strings.
/// </summary>
public interface IStateOracle
{
    /// <summary>Size of a state vector.</summary>
    int Dim { get; }
    /// <summary>The class names R answers with.</summary>
    IReadOnlyList<string> Classes { get; }
    /// <summary>The positive class of a binary task, or −1.</summary>
    int PositiveClass { get; }
    /// <summary>The initial state h_0 and R's answer on the empty string.</summary>
    (float[] State, int Answer) Initial { get; }
    /// <summary>Per string i: states[i] = [T_i, Dim] row-major states after each step, answers[i] = [T_i] R's answer on each prefix.</summary>
    void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers);
    /// <summary>R's answer on each whole string (the empty string included).</summary>
    int[] Answer(IReadOnlyList<string[]> strings);
}

/// <summary>
/// A trained <see cref="Model"/> as an <see cref="IStateOracle"/>: the state is the stacked
/// [h_t of layer 0, …, h_t of the top layer] (the top layer alone need not determine the next state),
/// h_0 = 0, and the answer on a prefix is the output layer on the top layer's h_t — exactly what
/// <see cref="Model.Predict(IReadOnlyList{string})"/> gives for that prefix (for ε: the output layer on h_0 = 0).
/// </summary>
public sealed class ModelOracle : IStateOracle
{
    private readonly Model _model;

    public ModelOracle(Model model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Initial = (new float[Dim], model.ClassifyVector(new float[model.Hidden]));
    }

    public int Dim => _model.Layers * _model.Hidden;
    public IReadOnlyList<string> Classes => _model.Classes;
    public int PositiveClass => _model.PositiveClass;
    public (float[] State, int Answer) Initial { get; }

    public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
    {
        var batch = Batch(strings);
        int hidden = _model.Hidden, dim = Dim, top = (_model.Layers - 1) * hidden;
        for (int i = 0; i < strings.Count; i++) { states[i] = new float[strings[i].Length * dim]; answers[i] = new int[strings[i].Length]; }
        for (int l = 0; l < _model.Layers; l++)
        {
            float[][] h = _model.HiddenStates(batch, l); // per string [T, H]
            for (int i = 0; i < strings.Count; i++)
                for (int t = 0; t < strings[i].Length; t++)
                    h[i].AsSpan(t * hidden, hidden).CopyTo(states[i].AsSpan(t * dim + l * hidden, hidden));
        }
        for (int i = 0; i < strings.Count; i++)
            for (int t = 0; t < strings[i].Length; t++)
                answers[i][t] = _model.ClassifyVector(states[i].AsSpan(t * dim + top, hidden));
    }

    public int[] Answer(IReadOnlyList<string[]> strings) => _model.Predict(Batch(strings));

    private List<LabeledSequence> Batch(IReadOnlyList<string[]> strings)
        => strings.Select(s => new LabeledSequence(_model.Classes[0], s)).ToList();
}
