using Lisor.Pure.Common;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Automata;

/// <summary>How one FSA (or ensemble) did on labelled data.</summary>
/// <param name="Examples">Number of sequences scored.</param>
/// <param name="Accuracy">Fraction whose answer equals the data's label (0 when there are no examples).</param>
/// <param name="Fidelity">Fraction whose answer equals the RNN's prediction (the paper's "trustable"); null without predictions.</param>
/// <param name="MissingTransitions">Steps that met no transition (summed over members).</param>
/// <param name="UnknownSymbols">Tokens outside Σ (summed over members).</param>
/// <param name="Predictions">Per sequence, the answered class index into <see cref="FsaEnsemble.Classes"/>.</param>
internal sealed record FsaScore(int Examples, double Accuracy, double? Fidelity, long MissingTransitions, long UnknownSymbols, int[] Predictions);

/// <summary>
/// One or several FSAs run together; with several, the answer is the majority vote (the paper's
/// ensemble of the FSAs of 5 trials). Ties: among the classes with the most votes, the one voted
/// by the earliest member in the list wins (the first FSA acts as the chair), so a 1-vs-1 split of
/// two FSAs answers what the first one says. All members must share the same class list.
/// </summary>
internal sealed class FsaEnsemble
{
    private const int BlockSize = 256; // sequences per parallel block (fixed: results do not depend on threads)
    private readonly CompiledFsa[] _members;
    private readonly int[] _encoder; // per member, the first member with the same Σ (whose encoding it reuses)

    /// <summary>The class names that predictions index.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>The members, in voting order.</summary>
    public IReadOnlyList<Fsa> Members { get; }
    /// <summary>What a missing transition or unknown symbol does.</summary>
    public MissingPolicy Policy { get; }

    public FsaEnsemble(IReadOnlyList<Fsa> members, MissingPolicy policy = MissingPolicy.Dead)
    {
        if (members.Count == 0) throw new ArgumentException("an ensemble needs at least one FSA", nameof(members));
        Classes = members[0].Classes;
        for (int m = 1; m < members.Count; m++)
            if (!members[m].Classes.SequenceEqual(Classes, StringComparer.Ordinal))
                throw new ArgumentException($"FSA {m + 1} has classes [{string.Join(", ", members[m].Classes)}], " +
                                            $"the first has [{string.Join(", ", Classes)}]", nameof(members));
        Members = members.ToArray();
        Policy = policy;
        _members = members.Select(f => new CompiledFsa(f, policy)).ToArray();
        _encoder = new int[members.Count];
        for (int m = 0; m < members.Count; m++)
            _encoder[m] = Enumerable.Range(0, m + 1).First(e => members[e].Alphabet.SequenceEqual(members[m].Alphabet, StringComparer.Ordinal));
    }

    /// <summary>The majority of <paramref name="answers"/>; ties go to the earliest member's class among the tied ones.</summary>
    internal static int Vote(ReadOnlySpan<int> answers, int[] votes)
    {
        if (answers.Length == 1) return answers[0];
        Array.Clear(votes);
        int most = 0;
        foreach (int a in answers) most = Math.Max(most, ++votes[a]);
        foreach (int a in answers) if (votes[a] == most) return a;
        return answers[0];
    }

    /// <summary>Classifies every sequence of <paramref name="data"/> and scores the answers against the
    /// labels and, when given, against <paramref name="rnnPredictions"/> (class indices into <see cref="Classes"/>).</summary>
    public FsaScore Score(IReadOnlyList<LabeledSequence> data, int[]? rnnPredictions = null)
    {
        if (rnnPredictions is not null && rnnPredictions.Length != data.Count)
            throw new ArgumentException($"{rnnPredictions.Length} RNN predictions for {data.Count} sequences", nameof(rnnPredictions));
        var predictions = new int[data.Count];
        int blocks = Parallelism.BlockCount(data.Count, BlockSize);
        var missing = new long[blocks];
        var unknown = new long[blocks];
        Parallelism.ForBlocks(blocks, b =>
        {
            var (start, end) = Parallelism.Block(b, data.Count, BlockSize);
            int longest = 0;
            for (int i = start; i < end; i++) longest = Math.Max(longest, data[i].Tokens.Length);
            // One id buffer per distinct alphabet: the FSAs of several trials on the same data
            // share Σ, so each sequence is encoded (one dictionary look-up per token) once.
            var ids = new int[_members.Length][];
            var unknownOf = new int[_members.Length];
            for (int m = 0; m < _members.Length; m++) ids[m] = _encoder[m] == m ? new int[longest] : ids[_encoder[m]];
            var votes = new int[Classes.Count];
            var answers = new int[_members.Length]; // per member, in voting order
            for (int i = start; i < end; i++)
            {
                var tokens = data[i].Tokens;
                for (int m = 0; m < _members.Length; m++)
                {
                    if (_encoder[m] == m) unknownOf[m] = _members[m].Encode(tokens, ids[m]);
                    unknown[b] += unknownOf[_encoder[m]];
                    answers[m] = _members[m].Classify(ids[m].AsSpan(0, tokens.Length), ref missing[b]);
                }
                predictions[i] = Vote(answers, votes);
            }
        });

        int correct = 0, agree = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (Classes[predictions[i]] == data[i].Label) correct++;
            if (rnnPredictions is not null && predictions[i] == rnnPredictions[i]) agree++;
        }
        double Fraction(int x) => data.Count == 0 ? 0 : (double)x / data.Count;
        return new FsaScore(data.Count, Fraction(correct), rnnPredictions is null ? null : Fraction(agree),
                            missing.Sum(), unknown.Sum(), predictions);
    }
}
