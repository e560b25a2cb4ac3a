using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>The clustering methods of LISOR: k-means++ (LISOR-k) and k-means-x (LISOR-x).</summary>
public static class ExtractionMethods
{
    /// <summary>k-means++ on the hidden states: LISOR-k.</summary>
    public const string KMeans = "kmeans";
    /// <summary>k-means-x, the hidden states with the step index as an extra feature: LISOR-x.</summary>
    public const string KMeansX = "kmeansx";
    /// <summary>
    /// k-means-x with the position feature scaled by a factor chosen per trial on validation fidelity
    /// (Experiments' <c>PositionScaleSelection</c>; our second reading of LISOR-x). A sweep-level method: it
    /// runs <see cref="KMeansX"/> with the chosen <c>positionScale</c>.
    /// </summary>
    public const string KMeansXScaled = "kmeansx-scaled";
    /// <summary>The methods an extraction runs on its own: <see cref="KMeans"/> and <see cref="KMeansX"/>.</summary>
    public static readonly string[] All = [KMeans, KMeansX];

    /// <summary>The paper's name of a method: LISOR-k, LISOR-x (literal) or LISOR-x (scaled).</summary>
    public static string PaperName(string method) => method switch
    {
        KMeansX => "LISOR-x",
        KMeansXScaled => "LISOR-x scaled",
        _ => "LISOR-k",
    };
}

/// <summary>How cluster states get their class (docs/method.md §4 uses the centre).</summary>
public enum StateLabelRule
{
    /// <summary>R's output layer applied to the cluster centre (the paper's rule; top layer only).</summary>
    Centre,
    /// <summary>The class R predicts most often for the sequences whose last step falls in the cluster.</summary>
    Vote,
}

/// <summary>Which of several k-means restarts an extraction keeps (our extension; the paper runs one).</summary>
public enum RestartSelection
{
    /// <summary>The lowest inertia: k-means' own objective.</summary>
    Inertia,
    /// <summary>The FSA most faithful to R on the data it is learned from (ties: lower inertia).</summary>
    Fidelity,
}

/// <summary>One learned FSA with the clustering it came from.</summary>
/// <param name="Fsa">The learned FSA, k + 1 states.</param>
/// <param name="Clustering">The clustering of the hidden-state points it came from.</param>
/// <param name="Method">The clustering method (<see cref="ExtractionMethods"/>), or "assignments".</param>
/// <param name="Seconds">Wall-clock seconds of the extraction.</param>
public sealed record ExtractedFsa(Fsa Fsa, KMeansResult Clustering, string Method, double Seconds);

/// <summary>
/// Steps 3–4 of the paper's Algorithm 1 (docs/method.md §1): cluster the hidden-state points into k
/// clusters, label every cluster by R's output layer applied to its centre, and count the
/// transitions between clusters to build the FSA ⟨Σ, Q, S, F, δ⟩.
/// </summary>
public static class FsaExtraction
{
    /// <summary>
    /// Learns an FSA from <paramref name="points"/> (the hidden states of <paramref name="model"/> on
    /// <paramref name="data"/>) with <paramref name="k"/> clusters found by <paramref name="method"/>.
    /// Our extensions: <paramref name="standardise"/> clusters z-scored coordinates (<see cref="PointScaling"/>);
    /// with <paramref name="restarts"/> &gt; 1, <paramref name="selection"/> keeps the clustering of lowest
    /// inertia (k-means' own criterion) or the one whose FSA agrees best with R on <paramref name="data"/>
    /// itself (<see cref="RestartSelection.Fidelity"/>; no test data is looked at).
    /// </summary>
    public static ExtractedFsa Extract(Model model, IReadOnlyList<LabeledSequence> data, HiddenPoints points,
        string method, int k, ulong seed, int restarts = 1, int[]? rnnPredictions = null, StateLabelRule labels = StateLabelRule.Centre,
        double positionScale = 1, bool standardise = false, RestartSelection selection = RestartSelection.Inertia)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("the data set has no symbols, so there are no hidden states to cluster");
        var kSetting = new Setting(nameof(k), $"{k}");
        if (k < 1) throw new SettingArgumentException(n => $"{n(kSetting)}: must be at least 1");
        if (k > points.Count) throw new SettingArgumentException(n => $"{n(kSetting)}: larger than the number of hidden-state points ({points.Count})");
        if (restarts < 1)
            throw new SettingArgumentException(n => $"{n(new Setting(nameof(restarts), $"{restarts}"))}: must be at least 1");
        if (method != ExtractionMethods.KMeans && method != ExtractionMethods.KMeansX)
            throw new ArgumentException($"unknown method '{method}' (expected kmeans or kmeansx)");
        var clock = Stopwatch.StartNew();
        var scaling = PointScaling.Of(points, standardise, method == ExtractionMethods.KMeansX ? positionScale : 1);
        float[] clustered = scaling.Apply(points.Points, points.Count);
        bool centres = labels == StateLabelRule.Centre && points.TopOffset >= 0;
        var sequences = new string[data.Count][];
        for (int i = 0; i < data.Count; i++) sequences[i] = data[i].Tokens;
        if (selection == RestartSelection.Inertia || restarts == 1)
        {
            var clustering = Cluster(points, clustered, scaling, method, k, new KMeansOptions { Seed = seed, Restarts = restarts }, positionScale);
            var fsa = Learn(model, data, points, clustering, sequences, centres ? null : rnnPredictions ?? model.Predict(data));
            return new ExtractedFsa(fsa, clustering, method, clock.Elapsed.TotalSeconds);
        }
        // Fidelity selection: restart r clusters with its own seed (restart 0 with `seed` itself, so one restart
        // is the plain extraction), learns its FSA and scores it against R on the data it was learned from.
        int[] rnn = rnnPredictions ?? model.Predict(data);
        ExtractedFsa? best = null;
        double bestFidelity = -1;
        for (int r = 0; r < restarts; r++)
        {
            var clustering = Cluster(points, clustered, scaling, method, k, new KMeansOptions { Seed = RestartSeed(seed, r) }, positionScale);
            var fsa = Learn(model, data, points, clustering, sequences, centres ? null : rnn);
            double fidelity = new FsaEnsemble([fsa]).Score(data, rnn).Fidelity ?? 0;
            if (best is null || fidelity > bestFidelity || (fidelity == bestFidelity && clustering.Inertia < best.Clustering.Inertia))
            {
                best = new ExtractedFsa(fsa, clustering, method, 0);
                bestFidelity = fidelity;
            }
        }
        return best! with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Steps 3–4 from a clustering made elsewhere: <paramref name="assignments"/> gives each point's cluster
    /// (k = the largest id + 1); a cluster's centre is the mean of its points (an empty cluster's is 0), then the
    /// states are labelled and the transitions counted as after our own k-means.
    /// </summary>
    public static ExtractedFsa FromAssignments(Model model, IReadOnlyList<LabeledSequence> data, HiddenPoints points,
        int[] assignments, int[]? rnnPredictions = null, StateLabelRule labels = StateLabelRule.Centre)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(points);
        if (assignments.Length != points.Count) throw new ArgumentException($"{assignments.Length} assignments for {points.Count} points");
        var clock = Stopwatch.StartNew();
        int k = assignments.Max() + 1, dim = points.Dim;
        var sums = new double[k * dim];
        var counts = new int[k];
        double inertia = 0;
        for (int p = 0; p < points.Count; p++)
        {
            int c = assignments[p];
            counts[c]++;
            for (int d = 0; d < dim; d++) sums[c * dim + d] += points.Points[(long)p * dim + d];
        }
        var centres = new float[k * dim];
        for (int c = 0; c < k; c++)
            if (counts[c] > 0)
                for (int d = 0; d < dim; d++) centres[c * dim + d] = (float)(sums[c * dim + d] / counts[c]);
        for (int p = 0; p < points.Count; p++)
            for (int d = 0; d < dim; d++)
            {
                double diff = points.Points[(long)p * dim + d] - centres[assignments[p] * dim + d];
                inertia += diff * diff;
            }
        var clustering = new KMeansResult(assignments, centres, k, dim, inertia, 0);
        var sequences = new string[data.Count][];
        for (int i = 0; i < data.Count; i++) sequences[i] = data[i].Tokens;
        bool centreRule = labels == StateLabelRule.Centre && points.TopOffset >= 0;
        var fsa = Learn(model, data, points, clustering, sequences, centreRule ? null : rnnPredictions ?? model.Predict(data));
        return new ExtractedFsa(fsa, clustering, "assignments", clock.Elapsed.TotalSeconds);
    }

    /// <summary>The seed of restart <paramref name="r"/> under fidelity selection: <paramref name="seed"/> itself for r = 0, then a Weyl sequence.</summary>
    public static ulong RestartSeed(ulong seed, int r) => unchecked(seed + (ulong)r * 0x9E3779B97F4A7C15UL);

    /// <summary>
    /// Clusters the (scaled) points and brings the centres back to R's coordinates. The reported inertia is
    /// the scaled problem's, times positionScale² for k-means-x (so it is the paper's objective when not standardising).
    /// </summary>
    private static KMeansResult Cluster(HiddenPoints points, float[] clustered, PointScaling scaling, string method, int k,
        KMeansOptions options, double positionScale)
    {
        var r = method == ExtractionMethods.KMeans
            ? Clustering.KMeans.Fit(clustered, points.Count, points.Dim, k, options)
            : Clustering.KMeansX.Fit(clustered, points.Count, points.Dim, points.SequenceIndex, points.Step, k, options);
        if (scaling.IsIdentity) return r;
        double factor = method == ExtractionMethods.KMeansX ? positionScale * positionScale : 1;
        return new KMeansResult(r.Assignments, scaling.Restore(r.Centres, r.K), r.K, r.Dim, r.Inertia * factor, r.Iterations);
    }

    /// <summary>Steps 3–4: state labels (centre rule, or R's vote when <paramref name="rnnPredictions"/> is given) and majority transitions.</summary>
    private static Fsa Learn(Model model, IReadOnlyList<LabeledSequence> data, HiddenPoints points, KMeansResult clustering,
        string[][] sequences, int[]? rnnPredictions)
    {
        int[] stateLabels = StateLabels(model, points, clustering, rnnPredictions);
        // No positive class (3 or more classes): "not accepting" means nothing, so the start state answers what R
        // answers on the empty sequence, the output layer on h_0 = 0: argmax_c b_c. (Binary: the paper's rejecting start.)
        int? startLabel = model.PositiveClass < 0 ? model.ClassifyVector(new float[model.Hidden]) : null;
        return FsaLearner.Learn(sequences, points.PerSequence(clustering.Assignments), clustering.K, stateLabels,
            model.Classes, model.PositiveClass, startLabel);
    }

    /// <summary>
    /// F and the state labels (docs/method.md §4): without <paramref name="rnnPredictions"/>, R's output
    /// layer on each cluster centre (top layer only). With them (our extension, and the rule for
    /// layers below the top, where the output layer does not apply) a cluster takes the class R
    /// predicts most often for the sequences that end in it; clusters where no sequence ends take
    /// the first non-positive class.
    /// </summary>
    public static int[] StateLabels(Model model, HiddenPoints points, KMeansResult clustering, int[]? rnnPredictions)
    {
        int k = clustering.K, dim = clustering.Dim;
        var labels = new int[k];
        if (rnnPredictions is null)
        {
            for (int c = 0; c < k; c++) labels[c] = model.ClassifyVector(clustering.Centres.AsSpan(c * dim + points.TopOffset, model.Hidden));
            return labels;
        }
        ArgumentNullException.ThrowIfNull(rnnPredictions);
        int classes = model.Classes.Count;
        var votes = new int[k * classes];
        for (int i = 0; i < points.Offsets.Length - 1; i++)
        {
            if (points.Offsets[i + 1] == points.Offsets[i]) continue;
            int last = clustering.Assignments[points.Offsets[i + 1] - 1];
            votes[last * classes + rnnPredictions[i]]++;
        }
        int reject = model.PositiveClass == 0 && classes > 1 ? 1 : 0;
        for (int c = 0; c < k; c++)
        {
            int best = reject, bestVotes = 0;
            for (int y = 0; y < classes; y++)
                if (votes[c * classes + y] > bestVotes) { best = y; bestVotes = votes[c * classes + y]; }
            labels[c] = best;
        }
        return labels;
    }
}

/// <summary>How an FSA does on a data set: accuracy on its labels, fidelity to the RNN, size before and after minimisation.</summary>
/// <param name="Accuracy">Share of the sequences whose label the FSA answers.</param>
/// <param name="Fidelity">Share where the FSA answers what the RNN predicts; null without the RNN's predictions.</param>
/// <param name="States">States of the FSA.</param>
/// <param name="MinimisedStates">States after minimisation.</param>
/// <param name="MissingTransitions">Steps that found no transition.</param>
/// <param name="UnknownSymbols">Tokens outside the FSA's alphabet.</param>
/// <param name="Predictions">The FSA's class for every sequence.</param>
public sealed record FsaEvaluation(double Accuracy, double? Fidelity, int States, int MinimisedStates,
    long MissingTransitions, long UnknownSymbols, int[] Predictions)
{
    /// <summary>Runs <paramref name="fsa"/> on <paramref name="data"/> (fidelity when the RNN's predictions are given) and minimises it.</summary>
    public static FsaEvaluation Of(Fsa fsa, IReadOnlyList<LabeledSequence> data, int[]? rnnPredictions,
        MissingPolicy policy = MissingPolicy.Dead)
    {
        var score = new FsaEnsemble([fsa], policy).Score(data, rnnPredictions);
        int minimised = Minimiser.Minimise(fsa, policy).Minimal.StateCount;
        return new FsaEvaluation(score.Accuracy, score.Fidelity, fsa.StateCount, minimised,
            score.MissingTransitions, score.UnknownSymbols, score.Predictions);
    }
}
