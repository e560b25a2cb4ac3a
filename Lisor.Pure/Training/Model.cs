using Lisor.Pure.Kernels;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// A trained classifier RNN (docs/method.md §1): its cells, weights, vocabulary and class names. It predicts
/// classes, gives the hidden states the FSA is learned from, and applies its output layer to any vector
/// (e.g. a cluster centre). Saved as one checksummed file (format in ModelFile.cs). Every method is
/// deterministic and independent of the thread count; a model may be used from several threads.
/// </summary>
public sealed class Model
{
    /// <summary>Sequences per evaluation batch (cut into <see cref="DataParallel.Shards"/> shards).</summary>
    internal const int EvaluationBatch = 256;

    internal Network Network { get; }
    /// <summary>The flat parameter buffer (layout in <see cref="Training.Network"/>).</summary>
    internal float[] Weights { get; }
    private readonly string[] _classes;

    internal Model(Network network, float[] weights, Vocabulary vocabulary, string[] classes, int positiveClass)
    {
        if (weights.Length != network.ParameterCount) throw new ArgumentException("weights do not fit the network");
        if (classes.Length != network.Classes) throw new ArgumentException("class names do not fit the network");
        Network = network; Weights = weights; Vocabulary = vocabulary; _classes = classes; PositiveClass = positiveClass;
    }

    /// <summary>The cell's name: srn, mgu, gru, lstm or sru.</summary>
    public string CellKind => Network.CellKind;
    /// <summary>Hidden units per layer (H: the dimension of the clustered points).</summary>
    public int Hidden => Network.Hidden;
    /// <summary>Number of stacked layers.</summary>
    public int Layers => Network.Layers;
    /// <summary>How symbols become input vectors.</summary>
    public InputKind Input => Network.Input;
    /// <summary>Size of an input vector.</summary>
    public int InputSize => Network.InputSize;
    /// <summary>Number of trainable parameters.</summary>
    public int ParameterCount => Network.ParameterCount;
    /// <summary>Class names; a prediction is an index into this list.</summary>
    public IReadOnlyList<string> Classes => _classes;
    /// <summary>Index of the positive class of a binary task, or −1.</summary>
    public int PositiveClass { get; }
    /// <summary>The symbols the model knows (others read as &lt;unk&gt;).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Reads a model file; an <see cref="Common.InputException"/> names the file and what is wrong.</summary>
    public static Model Load(string path) => ModelFile.Load(path);

    /// <summary>Writes the model file atomically.</summary>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Index of class <paramref name="label"/>, or −1.</summary>
    public int ClassIndex(string label) => Array.IndexOf(_classes, label);

    /// <summary>The index of the class spelled <paramref name="label"/>, or −1 (nothing allocated).</summary>
    public int ClassIndex(ReadOnlySpan<char> label)
    {
        for (int c = 0; c < _classes.Length; c++)
            if (label.SequenceEqual(_classes[c])) return c;
        return -1;
    }

    /// <summary>The predicted class index of every sequence.</summary>
    public int[] Predict(IReadOnlyList<LabeledSequence> data)
    {
        var predictions = new int[data.Count];
        Evaluate(Encode(data), predictions, null, 0);
        return predictions;
    }

    /// <summary>Fraction of sequences whose label is predicted (a label the model does not know counts as wrong); 0 for no data.</summary>
    public double Accuracy(IReadOnlyList<LabeledSequence> data)
        => data.Count == 0 ? 0 : (double)Evaluate(Encode(data), null, null, 0).Correct / data.Count;

    /// <summary>
    /// Per sequence, the hidden states h_1 … h_T of layer <paramref name="layer"/> (0-based; −1 the top),
    /// as a row-major [T, H] array (h_0 is not included; an empty sequence gives an empty array).
    /// </summary>
    public float[][] HiddenStates(IReadOnlyList<LabeledSequence> data, int layer = -1)
    {
        if (layer == -1) layer = Layers - 1;
        if (layer < 0 || layer >= Layers) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer}: the model has layers 0…{Layers - 1}");
        var hidden = new float[data.Count][];
        Evaluate(Encode(data), null, hidden, layer);
        return hidden;
    }

    /// <summary>True when the cell keeps a memory c_t besides h_t (LSTM, SRU), so <see cref="CellStates"/> applies.</summary>
    public bool HasCellState => Network.Cells[0] is Cells.ICellStateSource;

    /// <summary>
    /// Per sequence, the cell memories c_1 … c_T of layer <paramref name="layer"/> (0-based; −1 the top),
    /// row-major [T, H], aligned with <see cref="HiddenStates"/> (to cluster [h_t, c_t]). Only when <see cref="HasCellState"/>.
    /// </summary>
    public float[][] CellStates(IReadOnlyList<LabeledSequence> data, int layer = -1)
    {
        if (!HasCellState) throw new InvalidOperationException($"a {CellKind} cell has no memory c_t besides h_t");
        if (layer == -1) layer = Layers - 1;
        if (layer < 0 || layer >= Layers) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer}: the model has layers 0…{Layers - 1}");
        var states = new float[data.Count][];
        Evaluate(Network, Weights, Encode(data), null, states, layer, null, cellState: true);
        return states;
    }

    /// <summary>The output layer's decision for a top-layer hidden vector: argmax_c (h·W + b)_c.</summary>
    public int ClassifyVector(ReadOnlySpan<float> topHidden)
    {
        if (topHidden.Length != Hidden) throw new ArgumentException($"expected a vector of {Hidden} numbers, got {topHidden.Length}", nameof(topHidden));
        int C = Network.Classes;
        Span<float> z = stackalloc float[C];
        Weights.AsSpan(Network.HeadBiasOffset, C).CopyTo(z);
        Gemm.NN(1, C, Hidden, topHidden, Hidden, Weights.AsSpan(Network.HeadWeightOffset, Hidden * C), C, z, C);
        return Vec.Argmax(z);
    }

    /// <summary>R's initial state, for running it one symbol at a time (<see cref="Step(RnnState, string)"/>, <see cref="Output(RnnState)"/>).</summary>
    public RnnState Start() => new(this, new ModelRunner(Network, Weights));

    /// <summary>Advances <paramref name="state"/> by one token (a token outside the vocabulary reads as &lt;unk&gt;, as in <see cref="Predict(IReadOnlyList{LabeledSequence})"/>).</summary>
    public void Step(RnnState state, string token) => Step(state, Vocabulary.IdOf(token));

    /// <summary>Advances <paramref name="state"/> by the symbol of vocabulary id <paramref name="symbol"/>; allocates nothing.</summary>
    public void Step(RnnState state, int symbol)
    {
        if (!ReferenceEquals(state.Model, this)) throw new ArgumentException("the state belongs to another model", nameof(state));
        state.Runner.Step(state.Vector, symbol, fromZero: state.Steps == 0);
        state.Steps++;
    }

    /// <summary>R's class and class probabilities in <paramref name="state"/> (softmax of the output layer on the top h_t).</summary>
    public RnnOutput Output(RnnState state)
    {
        var probabilities = new float[Network.Classes];
        int c = Output(state, probabilities);
        return new RnnOutput(c, _classes[c], probabilities);
    }

    /// <summary>As <see cref="Output(RnnState)"/> without allocating: returns the class index and writes the probabilities
    /// into <paramref name="probabilities"/> [classes] (or skips them when it is empty).</summary>
    public int Output(RnnState state, Span<float> probabilities)
    {
        if (!ReferenceEquals(state.Model, this)) throw new ArgumentException("the state belongs to another model", nameof(state));
        if (!probabilities.IsEmpty && probabilities.Length != Network.Classes)
            throw new ArgumentException($"expected room for {Network.Classes} probabilities, got {probabilities.Length}", nameof(probabilities));
        return state.Runner.Output(state.Vector, probabilities);
    }

    /// <summary>R's class and probabilities on one sequence of tokens, run step by step (the same class as the batched
    /// <see cref="Predict(IReadOnlyList{LabeledSequence})"/>).</summary>
    public RnnOutput Predict(IReadOnlyList<string> tokens)
    {
        var state = Start();
        foreach (var token in tokens) Step(state, token);
        return Output(state);
    }

    internal EncodedData Encode(IReadOnlyList<LabeledSequence> data) => new(data, Vocabulary, ClassIndex);

    /// <summary>Forward over all of <paramref name="data"/> in length-sorted batches; returns (Σ loss, #correct).</summary>
    internal (double Loss, int Correct) Evaluate(EncodedData data, int[]? predictions, float[][]? hidden, int layer)
        => Evaluate(Network, Weights, data, predictions, hidden, layer, null);

    internal static (double Loss, int Correct) Evaluate(Network net, float[] weights, EncodedData data,
        int[]? predictions, float[][]? hidden, int layer, DataParallel? runner, bool cellState = false)
    {
        if (data.Count == 0) return (0, 0);
        runner ??= new DataParallel(net, data.MaxLength, Math.Min(EvaluationBatch, data.Count), training: false, keepSteps: cellState);
        var order = data.ByLength();
        double loss = 0;
        int correct = 0;
        for (int start = 0; start < order.Length; start += runner.MaxBatch)
        {
            var (l, c) = runner.Run(weights, data, order, start, Math.Min(runner.MaxBatch, order.Length - start),
                predictions: predictions, hidden: hidden, hiddenLayer: layer, cellState: cellState);
            loss += l; correct += c;
        }
        return (loss, correct);
    }
}
