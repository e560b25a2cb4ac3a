using System.Globalization;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The scaled reading of LISOR-x (docs/method.md §5): k-means-x on [h, 0 … 0, s·j, 0 … 0] with the factor s
/// chosen per trained RNN on the validation set alone. For each s of the grid, in order, the FSA is learned
/// on V for k = MinClusters, MinClusters + 1, … and scored against R's own predictions on V (fidelity); s's
/// figure is the smallest k whose FSA reaches fidelity ≥ the sweep's target. The chosen s has the smallest
/// such k (ties: the earlier s). A later s is only tried below the best k so far, so the search costs about
/// one short sweep. When no s reaches the target up to MaxClusters, the first s of the grid is kept.
/// No test sequence is looked at.
/// </summary>
internal static class PositionScaleSelection
{
    /// <summary>The file in a sweep's folder that keeps the choices: cell, trial, scale, validation_k.</summary>
    public const string FileName = "scales.csv";

    /// <summary>The default candidates: from almost LISOR-k (0.01) to the literal feature (1).</summary>
    public static readonly double[] Grid = [0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>The choice for one trial: the factor and the smallest k reaching the target on V with it (MaxClusters + 1: none).</summary>
    public sealed record Choice(double Scale, int ValidationK)
    {
        /// <summary>
        /// The FSAs the search learned with the chosen factor, by k (none when the choice was read back from scales.csv). The
        /// sweep's own extraction with that factor and k would learn the same FSA (same points, seed and options), so it takes these.
        /// </summary>
        public IReadOnlyDictionary<int, Fsa> Fsas { get; init; } = new Dictionary<int, Fsa>();

        /// <summary>Two choices are the same when factor and k are (the FSAs are a by-product of the search).</summary>
        public bool Equals(Choice? other) => other is not null && Scale == other.Scale && ValidationK == other.ValidationK;

        public override int GetHashCode() => HashCode.Combine(Scale, ValidationK);
    }

    /// <summary>Chooses s for (cell, trial), or reads the choice an earlier run wrote to DIR/scales.csv.</summary>
    public static Choice ChooseOrLoad(string outDir, string cell, int trial, Model model, IReadOnlyList<LabeledSequence> valid,
        HiddenPoints points, int[] rnnValid, SweepOptions o, Action<string>? log)
    {
        string path = Path.Combine(outDir, FileName);
        var known = Load(path);
        if (known.TryGetValue((cell, trial), out var done)) return done;
        var choice = Choose(model, valid, points, rnnValid, o, trial);
        known[(cell, trial)] = choice;
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("cell,trial,scale,validation_k");
            foreach (var ((c, t), v) in known.OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2))
                w.WriteLine(string.Join(',', c, t.ToString(CultureInfo.InvariantCulture), v.Scale.ToString(CultureInfo.InvariantCulture),
                    v.ValidationK.ToString(CultureInfo.InvariantCulture)));
        });
        log?.Invoke($"{cell} trial {trial}: LISOR-x position scale {choice.Scale} chosen on validation fidelity (k = {choice.ValidationK})");
        return choice;
    }

    /// <summary>The choice of s for one trained RNN, from the validation set <paramref name="valid"/> and its points only.</summary>
    /// <remarks>Clusters with trial <paramref name="trial"/>'s seed, as the sweep's extractions do.</remarks>
    public static Choice Choose(Model model, IReadOnlyList<LabeledSequence> valid, HiddenPoints points, int[] rnnValid, SweepOptions o, int trial)
    {
        int maxK = Math.Min(o.MaxClusters, points.Count);
        int chunk = Math.Max(1, Parallelism.Threads);
        var best = new Choice(o.PositionScales[0], o.MaxClusters + 1);
        var learned = new Dictionary<(double Scale, int K), Fsa>();
        foreach (double scale in o.PositionScales)
            // k in chunks of one per thread; the smallest k of a chunk that reaches the target wins, so the answer does not depend on the thread count.
            for (int start = o.MinClusters; start <= maxK && start < best.ValidationK; start += chunk)
            {
                int count = Math.Min(chunk, Math.Min(maxK, best.ValidationK - 1) - start + 1);
                var reached = new bool[count];
                var fsas = new Fsa[count];
                SideBySide.Run(count, i =>
                {
                    var extraction = FsaExtraction.Extract(model, valid, points, ExtractionMethods.KMeansX, start + i, o.TrialSeed(trial),
                        o.Restarts, rnnValid, positionScale: scale, standardise: o.Standardise, selection: o.Selection);
                    fsas[i] = extraction.Fsa;
                    reached[i] = (new FsaEnsemble([extraction.Fsa], o.Missing).Score(valid, rnnValid).Fidelity ?? 0) >= o.Target - 1e-12;
                });
                for (int i = 0; i < count; i++) learned[(scale, start + i)] = fsas[i];
                int first = Array.IndexOf(reached, true);
                if (first >= 0) { best = new Choice(scale, start + first); break; }
            }
        return best with { Fsas = learned.Where(e => e.Key.Scale == best.Scale).ToDictionary(e => e.Key.K, e => e.Value) };
    }

    /// <summary>Reads DIR/scales.csv (missing file or torn lines: nothing).</summary>
    public static Dictionary<(string, int), Choice> Load(string path)
    {
        var map = new Dictionary<(string, int), Choice>();
        if (!File.Exists(path)) return map;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length == 4 && int.TryParse(f[1], CultureInfo.InvariantCulture, out int t)
                && double.TryParse(f[2], CultureInfo.InvariantCulture, out double s) && int.TryParse(f[3], CultureInfo.InvariantCulture, out int k))
                map[(f[0], t)] = new Choice(s, k);
        }
        return map;
    }
}
