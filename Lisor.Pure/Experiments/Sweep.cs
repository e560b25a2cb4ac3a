using System.Diagnostics;
using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The paper's k sweep (Tables II and III): for each cell and trial, train one RNN, record its
/// hidden states on the validation set once, then for every k and method learn an FSA from them
/// and score it on the test set. Trained models are kept in DIR/models and rows in DIR/results.csv,
/// so a rerun with the same settings (DIR/manifest.json, <see cref="SweepManifest"/>) skips what is
/// finished. Extractions for different k run in parallel but are committed in k order, and with
/// <see cref="SweepOptions.StopAtTarget"/> the rows after the first k reaching the target are dropped:
/// which k are decided, and the files, do not depend on the thread count. The best FSA of all the rows per
/// cell, trial and method (highest test accuracy, then smaller k), minimised, is saved as
/// DIR/fsa/CELL-TRIAL-METHOD.json and .svg; a resumed sweep learns it again when an earlier run made the row, and makes
/// the files again when a stop left them unwritten, so they are what a sweep without a stop writes.
/// </summary>
internal static class Sweep
{
    /// <summary>
    /// Runs (or resumes) the sweep into <paramref name="outDir"/> and returns every row. A folder holding a sweep
    /// of other settings is an <see cref="Common.InputException"/> naming the first difference, unless
    /// <paramref name="restart"/> asks to remove its results and start afresh.
    /// </summary>
    /// <remarks>
    /// With <paramref name="progress"/>, each (cell, trial) is one unit of its work and every line goes through it
    /// (<see cref="RunProgress"/>); otherwise lines go to <paramref name="log"/>. The models still to train are trained
    /// first, side by side (<see cref="SideBySide"/>), then every (cell, trial) is swept in order.
    /// </remarks>
    public static SweepResults Run(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, SweepOptions o, string outDir, Action<string>? log = null, bool restart = false,
        RunProgress? progress = null)
    {
        SweepManifest.Claim(SweepManifest.Of(o, train, valid, test, outDir), o, outDir, restart);
        Directory.CreateDirectory(o.ModelsDir ?? Path.Combine(outDir, "models"));
        string csv = Path.Combine(outDir, "results.csv");
        var results = SweepResults.Load(csv);
        results.Save(csv);
        var gate = new object();
        Action<string>? write = progress is not null ? progress.Line : log;
        Action<string>? safe = write is null ? null : line => { lock (gate) write(line); };
        var untrained = (from cell in o.Cells
                         from trial in Enumerable.Range(1, o.Trials)
                         where o.Methods.Any(m => !Finished(o, results, cell, trial, m)) && !File.Exists(ModelPath(o, outDir, cell, trial))
                         select (cell, trial)).ToList();
        SideBySide.Run(untrained.Count, i => TrainOrLoad(train, valid, o, outDir, untrained[i].cell, untrained[i].trial, safe));
        foreach (string cell in o.Cells)
            for (int trial = 1; trial <= o.Trials; trial++)
            {
                progress?.Begin($"{cell} trial {trial}/{o.Trials}");
                RunTrial(train, valid, test, o, outDir, cell, trial, results, csv, write);
                progress?.End();
            }
        return results;
    }

    /// <summary>
    /// Every file a sweep with options <paramref name="o"/> may write while it works, known before it starts: manifest.json,
    /// results.csv, scales.csv (with kmeansx-scaled), each (cell, trial)'s model (in DIR/models, or the shared models folder)
    /// and each (cell, trial, method)'s best FSA (DIR/fsa, .json and .svg). The command declares them all
    /// (<see cref="Common.OutputPlan"/>), so a bad one is refused before any work.
    /// </summary>
    public static IEnumerable<string> Outputs(SweepOptions o, string outDir)
    {
        yield return Path.Combine(outDir, RunManifest.FileName);
        yield return Path.Combine(outDir, "results.csv");
        if (o.Methods.Contains(ExtractionMethods.KMeansXScaled)) yield return Path.Combine(outDir, PositionScaleSelection.FileName);
        foreach (string cell in o.Cells)
            for (int trial = 1; trial <= o.Trials; trial++)
                yield return ModelPath(o, outDir, cell, trial);
        foreach (string cell in o.Cells)
            for (int trial = 1; trial <= o.Trials; trial++)
                foreach (string method in o.Methods)
                {
                    string stem = BestStem(outDir, cell, trial, method);
                    yield return stem + ".json";
                    yield return stem + ".svg";
                }
    }

    /// <summary>Where the model of (cell, trial) is kept.</summary>
    private static string ModelPath(SweepOptions o, string outDir, string cell, int trial)
        => Path.Combine(o.ModelsDir ?? Path.Combine(outDir, "models"), $"{cell}-{trial}.lisor");

    /// <summary>The model of (cell, trial): loaded from DIR/models when an earlier run trained it, else trained and saved.</summary>
    public static Model TrainOrLoad(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        SweepOptions o, string outDir, string cell, int trial, Action<string>? log)
    {
        string path = ModelPath(o, outDir, cell, trial);
        if (File.Exists(path)) return Model.Load(path);
        var clock = Stopwatch.StartNew();
        var options = o.Training with { Cell = cell, Seed = o.TrialSeed(trial) };
        var result = Trainer.Train(train, valid, null, options, null);
        result.Model.Save(path);
        log?.Invoke($"{cell} trial {trial}: trained {result.Epochs} epochs{(result.StoppedOnPlateau ? " (plateau)" : "")}, " +
                    $"valid accuracy {result.ValidAccuracy:0.000} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return result.Model;
    }

    private static void RunTrial(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, SweepOptions o, string outDir, string cell, int trial,
        SweepResults results, string csv, Action<string>? log)
    {
        var pending = o.Methods.Where(m => !Finished(o, results, cell, trial, m)).ToList();
        // a method whose rows an earlier run finished but whose best FSA it did not save (killed between the two, or
        // between the FSA's JSON and its SVG): the files are made again from the rows
        var unsaved = o.Methods.Where(m => !pending.Contains(m) && BestRow(results, cell, trial, m) is not null && !BestSaved(outDir, cell, trial, m)).ToList();
        if (pending.Count == 0 && unsaved.Count == 0) return;
        var model = TrainOrLoad(train, valid, o, outDir, cell, trial, log);
        double rnnAccuracy = model.Accuracy(test);
        int[] rnnTest = model.Predict(test);
        int[] rnnValid = model.Predict(valid);
        var points = HiddenPoints.Of(model, valid, o.Layer);
        int maxK = Math.Min(o.MaxClusters, points.Count);
        // k in chunks side by side; a chunk past the target is wasted work, so only StopAtTarget keeps chunks at one k per thread.
        int chunk = Math.Max(1, Parallelism.Threads) * (o.StopAtTarget ? 1 : 4);
        foreach (string method in o.Methods.Where(m => pending.Contains(m) || unsaved.Contains(m)))
        {
            var chosen = method == ExtractionMethods.KMeansXScaled
                ? PositionScaleSelection.ChooseOrLoad(outDir, cell, trial, model, valid, points, rnnValid, o, log)
                : null;
            double scale = chosen?.Scale ?? o.PositionScale;
            string clusterMethod = method == ExtractionMethods.KMeansXScaled ? ExtractionMethods.KMeansX : method;
            // The FSA of k: the scale search already learned it (same points, seed, scale and k), else learned here; the
            // same function of k in every run, so an FSA learned again on resume is the one a run without a stop saved.
            Automata.Fsa Learn(int k) => chosen is not null && chosen.Fsas.TryGetValue(k, out var known) ? known
                : FsaExtraction.Extract(model, valid, points, clusterMethod, k, o.TrialSeed(trial),
                    o.Restarts, rnnValid, positionScale: scale, standardise: o.Standardise, selection: o.Selection).Fsa;
            (int K, Automata.Fsa Fsa)? learned = null;   // this run's best, in the order BestRow ranks rows
            SweepRow? learnedRow = null;
            var ks = !pending.Contains(method) ? [] : Enumerable.Range(o.MinClusters, Math.Max(0, maxK - o.MinClusters + 1))
                .Where(k => !results.Contains(cell, trial, method, k)).ToList();
            for (int start = 0; start < ks.Count; start += chunk)
            {
                if (o.StopAtTarget && Reached(o, results, cell, trial, method)) break;
                var batch = ks.Skip(start).Take(chunk).ToArray();
                var rows = new SweepRow[batch.Length];
                var fsas = new Automata.Fsa[batch.Length];
                SideBySide.Run(batch.Length, i =>
                {
                    var clock = Stopwatch.StartNew();
                    var fsa = Learn(batch[i]);
                    var score = FsaEvaluation.Of(fsa, test, rnnTest, o.Missing);
                    rows[i] = new SweepRow(cell, trial, method, batch[i], score.Accuracy, score.Fidelity,
                        score.States, score.MinimisedStates, rnnAccuracy, clock.Elapsed.TotalSeconds);
                    fsas[i] = fsa;
                });
                var kept = Committed(rows, o);
                for (int i = 0; i < kept.Length; i++)
                    if (learnedRow is null || Better(rows[i], learnedRow)) { learnedRow = rows[i]; learned = (batch[i], fsas[i]); }
                foreach (var row in kept) results.Add(row);
                SweepResults.Append(csv, kept);
            }
            // The best of all the rows of (cell, trial, method), this run's and an earlier one's alike: a resumed sweep
            // saves the FSA a sweep without a stop would have.
            if (BestRow(results, cell, trial, method) is { } best)
                SaveBest(outDir, cell, trial, method, learned?.K == best.K ? learned.Value.Fsa : Learn(best.K), o.Missing);
            if (!pending.Contains(method)) continue;
            int smallest = results.SmallestK(cell, trial, method, o.Target, o.MaxClusters);
            log?.Invoke($"{cell} trial {trial} {ExtractionMethods.PaperName(method)}: smallest k reaching {o.Target:0.###} = "
                + (smallest > o.MaxClusters ? $"none ≤ {o.MaxClusters}" : smallest.ToString()));
        }
    }

    /// <summary>
    /// Whether row <paramref name="a"/> makes a better saved FSA than <paramref name="b"/>: higher test accuracy as
    /// results.csv holds it (six decimals, so a row read back from the file ranks as when it was made), then smaller k.
    /// </summary>
    private static bool Better(SweepRow a, SweepRow b)
    {
        double x = Math.Round(a.Accuracy, 6), y = Math.Round(b.Accuracy, 6);
        return x > y || (x == y && a.K < b.K);
    }

    /// <summary>The row whose FSA is saved for (cell, trial, method): the best of its rows (<see cref="Better"/>), or null.</summary>
    private static SweepRow? BestRow(SweepResults results, string cell, int trial, string method)
    {
        SweepRow? best = null;
        foreach (var r in results.Rows)
            if (r.Cell == cell && r.Trial == trial && r.Method == method && (best is null || Better(r, best))) best = r;
        return best;
    }

    /// <summary>Whether DIR/fsa holds both files of (cell, trial, method)'s best FSA.</summary>
    private static bool BestSaved(string outDir, string cell, int trial, string method)
    {
        string stem = BestStem(outDir, cell, trial, method);
        return File.Exists(stem + ".json") && File.Exists(stem + ".svg");
    }

    private static string BestStem(string outDir, string cell, int trial, string method)
        => Path.Combine(outDir, "fsa", $"{cell}-{trial}-{method}");

    /// <summary>
    /// The rows of one chunk (in k order) as a run with one thread would write them: all of them, or with
    /// <see cref="SweepOptions.StopAtTarget"/> those up to the first that reaches the target.
    /// </summary>
    private static SweepRow[] Committed(SweepRow[] rows, SweepOptions o)
    {
        if (!o.StopAtTarget) return rows;
        int first = Array.FindIndex(rows, r => SweepResults.Reaches(r.Accuracy, o.Target));
        return first < 0 ? rows : rows[..(first + 1)];
    }

    /// <summary>Writes the minimised FSA as DIR/fsa/CELL-TRIAL-METHOD.json and .svg (atomically).</summary>
    private static void SaveBest(string outDir, string cell, int trial, string method, Automata.Fsa fsa, Automata.MissingPolicy policy)
    {
        Directory.CreateDirectory(Path.Combine(outDir, "fsa"));
        var minimal = Automata.Minimiser.Minimise(fsa, policy).Minimal;
        string stem = BestStem(outDir, cell, trial, method);
        Automata.FsaJson.Save(minimal, stem + ".json");
        Common.AtomicFile.WriteAllText(stem + ".svg", Drawing.FsaSvg.ToSvg(minimal, new Drawing.FsaDrawOptions { ShowSizes = true }));
    }

    private static bool Reached(SweepOptions o, SweepResults results, string cell, int trial, string method)
        => results.SmallestK(cell, trial, method, o.Target, o.MaxClusters) <= o.MaxClusters;

    private static bool Finished(SweepOptions o, SweepResults results, string cell, int trial, string method)
    {
        if (o.StopAtTarget && Reached(o, results, cell, trial, method)) return true;
        for (int k = o.MinClusters; k <= o.MaxClusters; k++)
            if (!results.Contains(cell, trial, method, k)) return false;
        return true;
    }
}
