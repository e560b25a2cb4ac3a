using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>
/// A membership oracle backed by an <see cref="Fsa"/> (e.g. a Tomita grammar's DFA): symbol i is
/// <c>fsa.Alphabet[i]</c>, a missing transition leads to the dead state (<see cref="Fsa.DeadLabel"/>). It lets L*
/// be checked against known languages without training an RNN.
/// </summary>
public sealed class FsaOracle(Fsa fsa) : IMembershipOracle
{
    /// <inheritdoc/>
    public int AlphabetSize => fsa.Alphabet.Count;

    /// <summary>Words classified so far.</summary>
    public long Queries { get; private set; }

    /// <inheritdoc/>
    public int Classify(ReadOnlySpan<int> word)
    {
        Queries++;
        int q = Fsa.Start;
        foreach (int a in word)
        {
            q = fsa.Next(q, a);
            if (q < 0) return fsa.DeadLabel;
        }
        return fsa.States[q].Label;
    }
}
