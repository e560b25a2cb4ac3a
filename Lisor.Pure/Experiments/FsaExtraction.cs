using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Clustering;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>The clustering methods of LISOR: k-means++ (LISOR-k) and k-means-x (LISOR-x).</summary>
public static class ExtractionMethods
{
    public const string KMeans = "kmeans";
    public const string KMeansX = "kmeansx";
    public static readonly string[] All = [KMeans, KMeansX];

    /// <summary>The paper's name of a method: LISOR-k or LISOR-x.</summary>
    public static string PaperName(string method) => method == KMeansX ? "LISOR-x" : "LISOR-k";
}

/// <summary>How cluster states get their class (METHOD.md §4 uses the centre).</summary>
public enum StateLabelRule
{
    /// <summary>R's output layer applied to the cluster centre (the paper's rule; top layer only).</summary>
    Centre,
    /// <summary>The class R predicts most often for the sequences whose last step falls in the cluster.</summary>
    Vote,
}

/// <summary>One learned FSA with the clustering it came from.</summary>
public sealed record Extraction(Fsa Fsa, KMeansResult Clustering, string Method, double Seconds);

/// <summary>
/// Steps 3–4 of the paper's Algorithm 1 (METHOD.md §1): cluster the hidden-state points into k
/// clusters, label every cluster by R's output layer applied to its centre, and count the
/// transitions between clusters to build the FSA ⟨Σ, Q, S, F, δ⟩.
/// </summary>
public static class FsaExtraction
{
    /// <summary>
    /// Learns an FSA from <paramref name="points"/> (the hidden states of <paramref name="model"/> on
    /// <paramref name="data"/>) with <paramref name="k"/> clusters found by <paramref name="method"/>.
    /// </summary>
    public static Extraction Extract(Model model, IReadOnlyList<LabeledSequence> data, HiddenPoints points,
        string method, int k, ulong seed, int restarts = 1, int[]? rnnPredictions = null, StateLabelRule labels = StateLabelRule.Centre,
        double positionScale = 1)
    {
        if (points.Count == 0) throw new ArgumentException("the data set has no symbols, so there are no hidden states to cluster");
        if (k < 1) throw new ArgumentException($"--clusters {k}: must be at least 1");
        if (k > points.Count) throw new ArgumentException($"--clusters {k}: larger than the number of hidden-state points ({points.Count})");
        var clock = Stopwatch.StartNew();
        var options = new KMeansOptions { Seed = seed, Restarts = restarts };
        KMeansResult clustering = method switch
        {
            ExtractionMethods.KMeans => Clustering.KMeans.Fit(points.Points, points.Count, points.Dim, k, options),
            ExtractionMethods.KMeansX => positionScale == 1
                ? Clustering.KMeansX.Fit(points.Points, points.Count, points.Dim, points.SequenceIndex, points.Step, k, options)
                : ScaledKMeansX(points, k, options, positionScale),
            _ => throw new ArgumentException($"unknown method '{method}' (expected kmeans or kmeansx)"),
        };
        bool centres = labels == StateLabelRule.Centre && points.TopOffset >= 0;
        int[] stateLabels = StateLabels(model, points, clustering, centres ? null : rnnPredictions ?? model.Predict(data));
        var sequences = new string[data.Count][];
        for (int i = 0; i < data.Count; i++) sequences[i] = data[i].Tokens;
        var fsa = FsaLearner.Learn(sequences, points.PerSequence(clustering.Assignments), clustering.K, stateLabels,
            model.Classes, model.PositiveClass);
        return new Extraction(fsa, clustering, method, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// k-means-x with the position feature j multiplied by <paramref name="scale"/> (our extension; the
    /// paper's is scale 1). Clustering [h, scale·j·e_i] is clustering [h / scale, j·e_i] up to the factor
    /// scale², so the hidden part is divided by the scale, clustered, and the centres multiplied back.
    /// </summary>
    private static KMeansResult ScaledKMeansX(HiddenPoints points, int k, KMeansOptions options, double scale)
    {
        float inverse = (float)(1 / scale);
        var scaled = new float[points.Points.Length];
        for (int i = 0; i < scaled.Length; i++) scaled[i] = points.Points[i] * inverse;
        var r = Clustering.KMeansX.Fit(scaled, points.Count, points.Dim, points.SequenceIndex, points.Step, k, options);
        var centres = r.Centres.Select(c => (float)(c * scale)).ToArray();
        return new KMeansResult(r.Assignments, centres, r.K, r.Dim, r.Inertia * scale * scale, r.Iterations);
    }

    /// <summary>
    /// F and the state labels (METHOD.md §4): without <paramref name="rnnPredictions"/>, R's output
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
