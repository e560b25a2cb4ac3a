using System.Diagnostics;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// The loop behind <see cref="PredictCommand"/>: read a batch of lines, parse them, classify them with R
/// (batched) and with every FSA, write one output line each, flush, and keep the counts the summary needs.
/// Nothing but the current batch is held in memory.
/// </summary>
internal sealed class PredictionRun
{
    private readonly Model _model;
    private readonly CompiledFsa[] _fsas;
    private readonly string _dataName;
    private readonly BatchPredictor _predictor;
    private readonly int _classes;
    private readonly long[] _fsaCorrect, _agree;
    private long _rnnCorrect;
    private int[] _ids = new int[64];

    public PredictionRun(Model model, IReadOnlyList<Fsa> fsas, MissingPolicy policy, string dataName)
    {
        _model = model; _dataName = dataName;
        _fsas = fsas.Select(f => new CompiledFsa(f, policy)).ToArray();
        _predictor = new BatchPredictor(model);
        _classes = model.Classes.Count;
        _fsaCorrect = new long[fsas.Count]; _agree = new long[fsas.Count];
        Missing = new long[fsas.Count]; Unknown = new long[fsas.Count];
    }

    public long Lines { get; private set; }
    /// <summary>Seconds spent running R on the batches (encoding, forward passes, softmax): inference alone,
    /// without reading, parsing, the FSAs or writing.</summary>
    public double RnnSeconds => Stopwatch.GetElapsedTime(0, _rnnTicks).TotalSeconds;

    /// <summary>Symbols the RNN read, and the steps it computed for them (fewer where lines share a prefix: <see cref="BatchPredictor.Steps"/>).</summary>
    public long RnnSymbols => _predictor.Symbols;
    /// <inheritdoc cref="RnnSymbols"/>
    public long RnnSteps => _predictor.Steps;
    private long _rnnTicks;
    public long Labelled { get; private set; }
    public long[] Missing { get; }
    public long[] Unknown { get; }
    public double? RnnAccuracy => Labelled == 0 ? null : (double)_rnnCorrect / Labelled;
    public double? FsaAccuracy(int m) => Labelled == 0 ? null : (double)_fsaCorrect[m] / Labelled;
    public double? Fidelity(int m) => Lines == 0 ? null : (double)_agree[m] / Lines;

    /// <summary>Writes the header, then every line's answers, flushing <paramref name="w"/> after each batch.</summary>
    public void WriteAll(LineBatches input, TextWriter w, CommandContext? progress)
    {
        w.Write(PredictCommand.Header(_model.Classes, _fsas.Length));
        w.Write('\n');
        w.Flush();
        int max = _predictor.BatchSize;
        var lines = new List<NumberedLine>(max);
        var batch = new List<LabeledSequence>(max);
        var labels = new int[max];
        var predicted = new int[max];
        var probabilities = new float[max * _classes];
        var text = new StringBuilder();
        long batches = 0;
        while (input.Next(lines, max))
        {
            batch.Clear();
            for (int i = 0; i < lines.Count; i++)
            {
                var (label, tokens) = Parse(lines[i]);
                labels[i] = label;
                batch.Add(new LabeledSequence("", tokens));
            }
            long t0 = Stopwatch.GetTimestamp();
            _predictor.Predict(batch, predicted, probabilities);
            _rnnTicks += Stopwatch.GetTimestamp() - t0;
            text.Clear();
            for (int i = 0; i < lines.Count; i++) Append(text, lines[i].Number, batch[i].Tokens, labels[i], predicted[i], probabilities.AsSpan(i * _classes, _classes));
            w.Write(text);
            w.Flush();
            if (progress is not null && ++batches % 64 == 0) progress.Progress($"predict: {Lines} sequences");
        }
    }

    // One output line: number, R's class and probabilities, then each FSA's class and final state; counts the scores.
    private void Append(StringBuilder o, int number, string[] tokens, int label, int rnn, ReadOnlySpan<float> p)
    {
        Lines++;
        if (label >= 0) { Labelled++; if (label == rnn) _rnnCorrect++; }
        o.Append(number).Append('\t').Append(_model.Classes[rnn]);
        foreach (float x in p) SixDecimals.Append(o.Append('\t'), x);   // as x.ToString("0.000000", InvariantCulture)
        if (_ids.Length < tokens.Length) _ids = new int[Math.Max(tokens.Length, 2 * _ids.Length)];
        for (int m = 0; m < _fsas.Length; m++)
        {
            var fsa = _fsas[m];
            Unknown[m] += fsa.Encode(tokens, _ids);
            int state = fsa.Run(_ids.AsSpan(0, tokens.Length), ref Missing[m]);
            int answer = fsa.LabelOf(state);
            if (answer == rnn) _agree[m]++;
            if (label >= 0 && answer == label) _fsaCorrect[m]++;
            o.Append('\t').Append(_model.Classes[answer]).Append('\t');
            if (state == fsa.DeadState) o.Append("dead"); else o.Append(state);
        }
        o.Append('\n');
    }

    /// <summary>
    /// A line is <c>label&lt;TAB&gt;tokens</c> when it holds a TAB (an empty label: unlabelled), else the tokens
    /// alone; tokens are separated by single spaces. Returns the label's class index (−1: unlabelled).
    /// </summary>
    private (int Label, string[] Tokens) Parse(NumberedLine line)
    {
        string text = line.Text;
        int tab = text.IndexOf('\t');
        if (tab > 0)
        {
            var s = Tsv.ParseLine(text, _dataName, line.Number);
            int label = _model.ClassIndex(s.Label);
            if (label < 0)
                throw new InputException(_dataName, line.Number, $"label '{s.Label}' is not one of the model's classes ({string.Join(", ", _model.Classes)})");
            return (label, s.Tokens);
        }
        var rest = text.AsSpan(tab == 0 ? 1 : 0);
        if (rest.Contains('\t')) throw new InputException(_dataName, line.Number, "more than one tab; expected '<tokens>' or '<label><TAB><tokens>'");
        return (-1, Tsv.SplitTokens(rest, _dataName, line.Number));
    }
}
