using Lisor.Pure.Sequences;
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

    /// <summary>The oracle of <paramref name="model"/>: its state is every layer's h_t side by side.</summary>
    public ModelOracle(Model model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Initial = (new float[Dim], model.ClassifyVector(new float[model.Hidden]));
    }

    /// <summary>R itself (the default extraction asks it membership queries through an <see cref="RnnOracle"/>).</summary>
    internal Model Model => _model;

    /// <inheritdoc/>
    public int Dim => _model.Layers * _model.Hidden;
    /// <inheritdoc/>
    public IReadOnlyList<string> Classes => _model.Classes;
    /// <inheritdoc/>
    public int PositiveClass => _model.PositiveClass;
    /// <inheritdoc/>
    public (float[] State, int Answer) Initial { get; }

    /// <inheritdoc/>
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

    /// <summary>
    /// R's answers, run step by step through a prefix cache (<see cref="RnnOracle"/>): strings that share a prefix
    /// share its steps, so the exhaustive probes (all strings up to a length) cost about one step per string
    /// instead of one per symbol. The answers are those of <see cref="Model.Predict(IReadOnlyList{LabeledSequence})"/>.
    /// </summary>
    public int[] Answer(IReadOnlyList<string[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        var alphabet = strings.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (alphabet.Length == 0) return _model.Predict(Batch(strings));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int a = 0; a < alphabet.Length; a++) index[alphabet[a]] = a;
        var oracle = new RnnOracle(_model, alphabet, CachedFloats);
        var answers = new int[strings.Count];
        var word = new int[strings.Count == 0 ? 0 : strings.Max(s => s.Length)];
        for (int i = 0; i < strings.Count; i++)
        {
            var s = strings[i];
            for (int t = 0; t < s.Length; t++) word[t] = index[s[t]];
            answers[i] = oracle.Classify(word.AsSpan(0, s.Length));
        }
        return answers;
    }

    /// <summary>Bound on the prefix cache of <see cref="Answer"/>, in floats (16 MB).</summary>
    private const long CachedFloats = 1 << 22;

    private List<LabeledSequence> Batch(IReadOnlyList<string[]> strings)
        => strings.Select(s => new LabeledSequence(_model.Classes[0], s)).ToList();
}
