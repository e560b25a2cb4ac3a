namespace Lisor.Pure.Extraction;

/// <summary>
/// A membership oracle for active automata learning: the class a language (an RNN R, or a DFA in tests) gives a
/// word. Words are symbol indices 0 … <see cref="AlphabetSize"/> − 1; the empty word is allowed. Answers are class
/// indices ≥ 0 (two classes for a binary language, any number otherwise) and must not change between calls.
/// </summary>
public interface IMembershipOracle
{
    /// <summary>|Σ|: symbols are 0 … |Σ| − 1.</summary>
    int AlphabetSize { get; }

    /// <summary>The class of <paramref name="word"/>.</summary>
    int Classify(ReadOnlySpan<int> word);
}
