using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// Where a text FSA's errors come from (docs/readme-text.md), measured on the test set:
/// <list type="bullet">
/// <item><see cref="ClusterFidelity"/> / <see cref="ClusterAccuracy"/>: assign the RNN's LAST hidden state of each test
///   sequence to its nearest centre and answer that cluster's label — what an FSA that tracked the hidden state exactly would
///   score. Low: the k clusters are not split along the RNN's decision.</item>
/// <item><see cref="KeptMoves"/>: of all cluster-to-cluster moves in the data the FSA was learned from, the share δ keeps
///   (the majority target per state and word). Low: words move the hidden state to different clusters depending on context.</item>
/// <item><see cref="Tracking"/>: test sequences whose FSA run ends in the cluster of the RNN's last hidden state.</item>
/// <item><see cref="UnseenSequences"/>: test sequences holding a word outside Σ (each sends the run to the dead state, or stays).</item>
/// <item><see cref="LabelChanges"/>: clusters whose label by the centre rule differs from the label by R's vote.</item>
/// </list>
/// For k-means-x the nearest centre uses the hidden-state part only.
/// </summary>
internal sealed record TextDiagnosis(double ClusterFidelity, double ClusterAccuracy, double KeptMoves, double Tracking,
    double UnseenSequences, int LabelChanges)
{
    public static TextDiagnosis Of(Model model, ExtractedFsa extraction, HiddenPoints learnPoints, int[] rnnOnLearnSet,
        IReadOnlyList<LabeledSequence> test, HiddenPoints testPoints, int[] rnnTest, MissingPolicy policy)
    {
        var fsa = extraction.Fsa;
        var clustering = extraction.Clustering;
        int agreeRnn = 0, agreeLabel = 0, tracked = 0, unseen = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int end = testPoints.Offsets[i + 1];
            int cluster = end == testPoints.Offsets[i] ? -1 : Nearest(testPoints.Points.AsSpan((end - 1) * testPoints.Dim, testPoints.Dim), clustering.Centres, clustering.K);
            int state = cluster + 1;   // state 0 (the start) for an empty sequence
            int answer = fsa.States[state].Label;
            if (answer == rnnTest[i]) agreeRnn++;
            if (fsa.Classes[answer] == test[i].Label) agreeLabel++;
            var (final, sawUnseen) = Run(fsa, test[i].Tokens, policy);
            if (final == state) tracked++;
            if (sawUnseen) unseen++;
        }
        long kept = fsa.Transitions.Sum(t => (long)t.Count), all = kept + fsa.Dropped.Sum(t => (long)t.Count);
        var centre = FsaExtraction.StateLabels(model, learnPoints, clustering, null);
        var vote = FsaExtraction.StateLabels(model, learnPoints, clustering, rnnOnLearnSet);
        int changes = centre.Zip(vote).Count(p => p.First != p.Second);
        double n = Math.Max(1, test.Count);
        return new TextDiagnosis(agreeRnn / n, agreeLabel / n, all == 0 ? 1 : (double)kept / all, tracked / n, unseen / n, changes);
    }

    /// <summary>The FSA's final state (−1: the dead state) and whether a word outside Σ was met.</summary>
    private static (int State, bool Unseen) Run(Fsa fsa, string[] tokens, MissingPolicy policy)
    {
        int s = Fsa.Start;
        bool unseen = false;
        foreach (var token in tokens)
        {
            int a = fsa.SymbolIndex(token);
            unseen |= a < 0;
            int t = a < 0 || s < 0 ? -1 : fsa.Next(s, a);
            if (t >= 0) s = t;
            else if (policy == MissingPolicy.Dead) s = -1;
            else if (policy == MissingPolicy.Start && s >= 0) s = Fsa.Start;
        }
        return (s, unseen);
    }

    private static int Nearest(ReadOnlySpan<float> point, float[] centres, int k)
    {
        int dim = point.Length, best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            double d = 0;
            for (int j = 0; j < dim; j++) { double e = point[j] - centres[c * dim + j]; d += e * e; }
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best;
    }
}
