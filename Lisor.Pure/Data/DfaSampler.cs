using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Data;

/// <summary>
/// Draws strings uniformly among those of a given length that a DFA accepts (or rejects), by counting
/// paths: ways[q][r] = number of strings of length r that lead from state q to a state of the wanted
/// class; each next symbol is chosen with probability proportional to the ways it leaves. Lengths with strings of one
/// class only are refused (<see cref="InputException"/>).
/// </summary>
internal sealed class DfaSampler
{
    private readonly BinaryDfa _dfa;
    private readonly int _minLength, _maxLength;
    private readonly double[][,] _ways = new double[2][,];    // [class][state, remaining length]
    private readonly int[][] _lengths = new int[2][];           // [class] → lengths that have a string of the class

    public DfaSampler(BinaryDfa dfa, int minLength, int maxLength, string task)
    {
        _dfa = dfa; _minLength = minLength; _maxLength = maxLength;
        for (int c = 0; c < 2; c++)
        {
            var ways = new double[dfa.StateCount, maxLength + 1];
            for (int q = 0; q < dfa.StateCount; q++) ways[q, 0] = dfa.IsAccepting(q) == (c == 1) ? 1 : 0;
            for (int r = 1; r <= maxLength; r++)
                for (int q = 0; q < dfa.StateCount; q++)
                    ways[q, r] = ways[dfa.Next(q, 0), r - 1] + ways[dfa.Next(q, 1), r - 1];
            _ways[c] = ways;
            _lengths[c] = Enumerable.Range(minLength, maxLength - minLength + 1).Where(n => ways[0, n] > 0).ToArray();
            // a data set of one class only would be refused by `train`: refuse the lengths here, naming them
            if (_lengths[c].Length == 0)
                throw new InputException(n => $"task {task}: no {(c == 1 ? "positive" : "negative")} string has a length in {minLength}…{maxLength}; " +
                    $"{n(SyntheticTasks.Option(nameof(TaskOptions.MinLength)))}/{n(SyntheticTasks.Option(nameof(TaskOptions.MaxLength)))} must leave strings of both classes");
        }
    }

    /// <summary>n examples, each positive with probability ½.</summary>
    public List<LabeledSequence> Balanced(int n, Rng rng)
    {
        var list = new List<LabeledSequence>(n);
        for (int i = 0; i < n; i++) list.Add(OfClass(rng.NextInt(2), rng));
        return list;
    }

    /// <summary>One example of class <paramref name="c"/> (1: positive): a length uniform among those with strings of the class, then a string uniform among them.</summary>
    public LabeledSequence OfClass(int c, Rng rng)
    {
        int length = _lengths[c][rng.NextInt(_lengths[c].Length)];
        return new LabeledSequence(c == 1 ? "1" : "0", Draw(c, length, rng));
    }

    private string[] Draw(int c, int length, Rng rng)
    {
        var ways = _ways[c];
        var tokens = new string[length];
        int q = 0;
        for (int i = 0; i < length; i++)
        {
            int remaining = length - i - 1;
            double w0 = ways[_dfa.Next(q, 0), remaining], w1 = ways[_dfa.Next(q, 1), remaining];
            int bit = rng.NextDouble() * (w0 + w1) < w0 ? 0 : 1;
            tokens[i] = bit == 0 ? "0" : "1";
            q = _dfa.Next(q, bit);
        }
        return tokens;
    }
}
