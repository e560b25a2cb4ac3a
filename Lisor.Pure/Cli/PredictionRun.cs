using System.Diagnostics;
using System.Globalization;
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
    private readonly (int Line, int Length)[][] _differ;   // per FSA, the shortest lines where it and R differ (Line 0: none yet)
    private long _rnnCorrect;
    private int[] _ids = new int[64];

    public PredictionRun(Model model, IReadOnlyList<Fsa> fsas, MissingPolicy policy, string dataName)
    {
        _model = model; _dataName = dataName;
        _fsas = fsas.Select(f => new CompiledFsa(f, policy)).ToArray();
        _predictor = new BatchPredictor(model);
        _classes = model.Classes.Count;
        _fsaCorrect = new long[fsas.Count]; _agree = new long[fsas.Count];
        _differ = fsas.Select(_ => new (int, int)[ShortestShown]).ToArray();
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
    /// <summary>Symbols of the lines outside the model's vocabulary: the RNN read them as &lt;unk&gt;.</summary>
    public long RnnUnknown { get; private set; }
    public long Labelled { get; private set; }
    public long[] Missing { get; }
    public long[] Unknown { get; }
    public double? RnnAccuracy => Labelled == 0 ? null : (double)_rnnCorrect / Labelled;
    public double? FsaAccuracy(int m) => Labelled == 0 ? null : (double)_fsaCorrect[m] / Labelled;
    public double? Fidelity(int m) => Lines == 0 ? null : (double)_agree[m] / Lines;

    /// <summary>How many of the shortest lines where an FSA and R differ the summary names.</summary>
    public const int ShortestShown = 3;

    /// <summary>Lines where FSA <paramref name="m"/> and R answer differently.</summary>
    public long Differing(int m) => Lines - _agree[m];

    /// <summary>
    /// The numbers (as the output's line column gives them) and lengths of the shortest lines where FSA <paramref name="m"/>
    /// and R answer differently, shortest first (ties: the earlier line), at most <see cref="ShortestShown"/>: kept as the
    /// lines stream by, two integers each, so the run holds no line.
    /// </summary>
    public IReadOnlyList<(int Line, int Length)> ShortestDiffering(int m) => _differ[m].Where(d => d.Line > 0).ToArray();

    // Keeps (line, length) among the shortest differing lines of FSA m: insertion into the sorted few slots.
    private void KeepDiffering(int m, int line, int length)
    {
        var slots = _differ[m];
        int at = slots.Length;
        while (at > 0 && (slots[at - 1].Line == 0 || slots[at - 1].Length > length)) at--;
        if (at == slots.Length) return;   // every kept line is as short or shorter and came first
        for (int i = slots.Length - 1; i > at; i--) slots[i] = slots[i - 1];
        slots[at] = (line, length);
    }

    /// <summary>
    /// Writes the header, then every line's answers, flushing <paramref name="w"/> after each batch. A line's tokens are
    /// read where the line lies (<see cref="LineBatches.Text"/>), as ranges, and encoded from there: a warm batch
    /// allocates nothing.
    /// </summary>
    public void WriteAll(LineBatches input, TextWriter w, CommandContext? progress)
    {
        w.Write(PredictCommand.Header(_model.Classes, _fsas.Length));
        w.Write('\n');
        w.Flush();
        int max = _predictor.BatchSize;
        var lines = new List<NumberedLine>(max);
        var labels = new int[max];
        var tokensAt = new (int Start, int Length, int First, int Count)[max];   // a line's token text and its tokens' ranges
        Range[] tokens = new Range[16 * max];
        var predicted = new int[max];
        var probabilities = new float[max * _classes];
        // room for a batch's longest possible lines from the start: a builder that grew would, when cleared, copy its chunks
        // into a new array, a few times in a long stream
        var text = new StringBuilder(max * MaxLineLength());
        long batches = 0;
        while (input.Next(lines, max))
        {
            int ranges = 0;
            for (int i = 0; i < lines.Count; i++)
            {
                var line = input.Text(lines[i]);
                (labels[i], int rest, int end) = Parse(line, lines[i].Number);
                int count = Tsv.SplitTokens(line[rest..end], ref tokens, ranges, _dataName, lines[i].Number);
                tokensAt[i] = (rest, end - rest, ranges, count);
                ranges += count;
            }
            long t0 = Stopwatch.GetTimestamp();
            _predictor.Clear();
            var vocabulary = _model.Vocabulary;
            for (int i = 0; i < lines.Count; i++)
            {
                var (rest, length, first, count) = tokensAt[i];
                var symbols = input.Text(lines[i]).Slice(rest, length);
                vocabulary.Encode(symbols, tokens.AsSpan(first, count), _predictor.Add(count));
            }
            _predictor.PredictAdded(predicted, probabilities);
            _rnnTicks += Stopwatch.GetTimestamp() - t0;
            RnnUnknown += _predictor.UnknownAdded();
            text.Clear();
            for (int i = 0; i < lines.Count; i++)
            {
                var (rest, length, first, count) = tokensAt[i];
                Append(text, lines[i].Number, input.Text(lines[i]).Slice(rest, length), tokens.AsSpan(first, count), labels[i], predicted[i],
                    probabilities.AsSpan(i * _classes, _classes));
            }
            w.Write(text);
            w.Flush();
            if (progress is not null && ++batches % 64 == 0) progress.Progress($"predict: {Lines} sequences");
        }
    }

    // The most characters Append writes: a line number, then a class and its C probabilities (each at most 9 characters,
    // "-0.000000"), then per FSA a class and a state number, each field after a tab, and the line end.
    private int MaxLineLength()
    {
        int classLength = _model.Classes.Max(c => c.Length);
        return int.MinValue.ToString(CultureInfo.InvariantCulture).Length + 1 + classLength + _classes * (1 + 9)
               + _fsas.Length * (2 + classLength + int.MinValue.ToString(CultureInfo.InvariantCulture).Length) + 1;
    }

    // One output line: number, R's class and probabilities, then each FSA's class and final state; counts the scores.
    private void Append(StringBuilder o, int number, ReadOnlySpan<char> symbols, ReadOnlySpan<Range> tokens, int label, int rnn, ReadOnlySpan<float> p)
    {
        Lines++;
        if (label >= 0) { Labelled++; if (label == rnn) _rnnCorrect++; }
        o.Append(number).Append('\t').Append(_model.Classes[rnn]);
        foreach (float x in p) SixDecimals.Append(o.Append('\t'), x);   // as x.ToString("0.000000", InvariantCulture)
        if (_ids.Length < tokens.Length) _ids = new int[Math.Max(tokens.Length, 2 * _ids.Length)];
        for (int m = 0; m < _fsas.Length; m++)
        {
            var fsa = _fsas[m];
            Unknown[m] += fsa.Encode(symbols, tokens, _ids);
            int state = fsa.Run(_ids.AsSpan(0, tokens.Length), ref Missing[m]);
            int answer = fsa.LabelOf(state);
            if (answer == rnn) _agree[m]++;
            else KeepDiffering(m, number, tokens.Length);
            if (label >= 0 && answer == label) _fsaCorrect[m]++;
            o.Append('\t').Append(_model.Classes[answer]).Append('\t');
            if (state == fsa.DeadState) o.Append("dead"); else o.Append(state);
        }
        o.Append('\n');
    }

    /// <summary>
    /// A line is <c>label&lt;TAB&gt;tokens</c> when it holds a TAB (an empty label: unlabelled), else the tokens
    /// alone; tokens are separated by single spaces (<see cref="Tsv.SplitTokens(ReadOnlySpan{char}, ref Range[], int, string, int)"/>).
    /// Returns the label's class index (−1: unlabelled) and where the tokens begin and end; the checks and messages are
    /// those of <see cref="Tsv.ParseLine"/> (a labelled line's last CR, as there, is not a token's).
    /// </summary>
    private (int Label, int Tokens, int End) Parse(ReadOnlySpan<char> text, int number)
    {
        int tab = text.IndexOf('\t');
        if (tab > 0)
        {
            if (text.EndsWith('\r')) text = text[..^1];
            var label = text[..tab];
            if (label.Trim().Length != label.Length) throw new InputException(_dataName, number, $"label {Excerpt.Quoted(label.ToString())} has surrounding spaces");
            if (text[(tab + 1)..].Contains('\t')) throw new InputException(_dataName, number, "more than one tab; expected '<label><TAB><tokens>'");
            int index = _model.ClassIndex(label);
            if (index < 0)
            {
                Tsv.SplitTokens(text[(tab + 1)..], _dataName, number);   // (a bad token is reported first, as before)
                throw new InputException(_dataName, number, $"label {Excerpt.Quoted(label.ToString())} is not one of the model's classes ({Excerpt.List(_model.Classes)})");
            }
            return (index, tab + 1, text.Length);
        }
        var rest = text[(tab == 0 ? 1 : 0)..];
        if (rest.Contains('\t')) throw new InputException(_dataName, number, "more than one tab; expected '<tokens>' or '<label><TAB><tokens>'");
        return (-1, tab == 0 ? 1 : 0, text.Length);
    }
}
