namespace Lisor.Pure.Sequences;

/// <summary>One example: a class label and its tokens (symbols or words), in order.</summary>
/// <param name="Label">The class label.</param>
/// <param name="Tokens">The tokens, in order.</param>
public sealed record LabeledSequence(string Label, string[] Tokens)
{
    /// <summary>The sequence as a line of a data file: label, a tab, the tokens separated by spaces.</summary>
    public override string ToString() => $"{Label}\t{string.Join(' ', Tokens)}";
}
