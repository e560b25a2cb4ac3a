using System.Diagnostics;
using Lisor.Pure.Sequences;
using Lisor.Pure.Automata;
using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>What <see cref="TextExtraction"/> searches and how many k-means runs it spends per k.</summary>
internal sealed record TextExtractionOptions
{
    /// <summary>A fixed k, or null to search k = 1, 2, … (<see cref="TextExtraction"/>).</summary>
    public int? Clusters { get; init; }
    /// <summary>k-means++ seedings per k; of them the FSA most faithful to R on the learning data is kept.</summary>
    public int Restarts { get; init; } = 8;
    /// <summary>The fidelity to R on the learning data at which the k search stops at the first k reaching it.</summary>
    public double Fidelity { get; init; } = 1.0;
    /// <summary>Largest k searched.</summary>
    public int MaxClusters { get; init; } = 64;
    /// <summary>The search stops once k exceeds the best k so far by this much.</summary>
    public int Patience { get; init; } = 3;
    /// <summary>After the k search, re-choose δ by fidelity to R on the learning data (<see cref="TransitionFitting"/>) instead of the majority moves.</summary>
    public bool FitTransitions { get; init; } = true;
    /// <summary>What a run does on a missing move or an unknown word: fidelity, fitting and minimisation follow it.</summary>
    public MissingPolicy Missing { get; init; } = MissingPolicy.Dead;
    /// <summary>Seeds k-means (restart r of k uses <see cref="FsaExtraction.RestartSeed"/>).</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>One k of the search: the FSA's fidelity to R on the learning data and its size.</summary>
internal sealed record TextCurvePoint(int K, double Fidelity, int States, int MinimisedStates);

/// <summary>The chosen FSA (as learned, k + 1 states, and minimised), its k and fidelity, and the curve seen.</summary>
internal sealed record TextExtractionResult(Fsa Raw, Fsa Minimised, int K, double Fidelity, IReadOnlyList<TextCurvePoint> Curve, double Seconds);

/// <summary>
/// `extract`'s default on text (a model whose vocabulary has ≥ <see cref="TextRecipe.VocabularyThreshold"/> words):
/// the clustering recipe of docs/readme-text.md, without refinement.
/// <list type="number">
/// <item>R's top-layer hidden state after every word of the learning sequences (one point per word; for the shipped
///   test mails 49 099 points), computed once.</item>
/// <item>For each k: k-means++ with <see cref="TextExtractionOptions.Restarts"/> seedings; each clustering gives the
///   paper's FSA (states labelled by R's output layer on the centres, majority transitions, docs/method.md §4), and the one
///   most faithful to R on the learning sequences is kept (ties: lower inertia).</item>
/// <item>With a given k that FSA is kept. Otherwise k = 1, 2, … is searched: the first k whose fidelity reaches
///   the target wins; when none does, the smallest k within <see cref="Slack"/> of the best fidelity seen. The search
///   stops <see cref="TextExtractionOptions.Patience"/> past the best k.</item>
/// <item>Refinement on the cluster level (<see cref="TextExtractionOptions.FitTransitions"/>): the k states stay, δ is
///   re-chosen to agree with R on more learning sequences (<see cref="TransitionFitting"/>).</item>
/// </list>
/// Why no state-splitting refinement: with thousands of words nearly every prefix of a mail is distinct, so the prefix
/// tree the refinement splits has about one node per word (49 099 for the shipped test mails); splitting it to agree
/// with R on every prefix takes minutes, stops at the state budget, and its FSA agreed with R on 0.78 of the mails
/// (docs/readme-text.md, "Text from the defaults").
/// With more clusters the majority transitions drop more of the observed moves, so on text the fidelity falls
/// with k (k = 2 is the search's usual answer). Deterministic for a seed, whatever the thread count.
/// </summary>
internal static class TextExtraction
{
    /// <summary>A k within this much of the best fidelity counts as good as the best.</summary>
    public const double Slack = 0.005;

    /// <summary>Learns the FSA from <paramref name="model"/>'s hidden states on <paramref name="data"/> (labels unused).</summary>
    public static TextExtractionResult Extract(Model model, IReadOnlyList<LabeledSequence> data, TextExtractionOptions o,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(o);
        if (data.Count == 0) throw new ArgumentException("the data set is empty: there is nothing to learn from");
        if (o.Restarts < 1) throw new ArgumentException($"restarts {o.Restarts}: must be at least 1");
        if (o.MaxClusters < 1) throw new ArgumentException($"--max-states {o.MaxClusters}: must be at least 1");
        var clock = Stopwatch.StartNew();
        var points = HiddenPoints.Of(model, data);
        if (points.Count == 0) throw new ArgumentException("the data set has no words, so there are no hidden states to cluster");
        if (o.Clusters > points.Count)
            throw new ArgumentException($"--clusters {o.Clusters}: larger than the number of hidden-state points ({points.Count})");
        int[] rnn = model.Predict(data);

        var curve = new List<TextCurvePoint>();
        var fsas = new List<Fsa>();
        int bestK = 0;
        double bestFidelity = -1;
        int first = o.Clusters ?? 1, last = o.Clusters ?? Math.Min(o.MaxClusters, points.Count);
        for (int k = first; k <= last; k++)
        {
            var fsa = FsaExtraction.Extract(model, data, points, ExtractionMethods.KMeans, k, o.Seed, o.Restarts, rnn,
                StateLabelRule.Centre, selection: RestartSelection.Fidelity).Fsa;
            double fidelity = new FsaEnsemble([fsa], o.Missing).Score(data, rnn).Fidelity ?? 0;
            int minimised = Minimiser.Minimise(fsa, o.Missing).Minimal.StateCount;
            curve.Add(new TextCurvePoint(k, fidelity, fsa.StateCount, minimised));
            fsas.Add(fsa);
            log?.Invoke($"k = {k}: fidelity {fidelity:0.0000}, {minimised} states after minimisation");
            if (fidelity > bestFidelity) { bestFidelity = fidelity; bestK = k; }
            if (fidelity >= o.Fidelity - 1e-12 || k - bestK >= o.Patience) break;
        }
        // The target reached: the last k tried. Otherwise the smallest k within the slack of the best fidelity.
        int chosen = curve[^1].Fidelity >= o.Fidelity - 1e-12 ? curve.Count - 1 : curve.FindIndex(p => p.Fidelity >= bestFidelity - Slack);
        var best = (Fsa: fsas[chosen], curve[chosen].K, curve[chosen].Fidelity);
        if (o.FitTransitions)
        {
            var fitted = TransitionFitting.Fit(best.Fsa, data.Select(e => e.Tokens).ToList(), rnn, o.Missing);
            best = (fitted, best.K, new FsaEnsemble([fitted], o.Missing).Score(data, rnn).Fidelity ?? 0);
            log?.Invoke($"transitions fitted to the model: fidelity {best.Fidelity:0.0000}");
        }
        return new TextExtractionResult(best.Fsa, Minimiser.Minimise(best.Fsa, o.Missing).Minimal, best.K, best.Fidelity, curve, clock.Elapsed.TotalSeconds);
    }
}
