using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// One cell's line of Tables IV and V: the RNN's test accuracy (mean of trials, each trial, and the trials' majority vote)
/// and, per method, the k-state FSAs learned on the validation set (<see cref="Methods"/>) and, when asked, on the
/// test sequences transductively (<see cref="Transductive"/>, empty otherwise).
/// </summary>
internal sealed record TextCellResult(string Cell, double RnnAccuracy, IReadOnlyList<double> RnnTrials, double RnnEnsembleAccuracy,
    IReadOnlyDictionary<string, TextMethodResult> Methods, IReadOnlyDictionary<string, TextMethodResult> Transductive)
{
    /// <summary>Trial 1's <see cref="TextDiagnosis"/> per learning set and method.</summary>
    public IReadOnlyList<TextDiagnosisRow> Diagnoses { get; init; } = [];
    /// <summary>Per trial, the scaled LISOR-x factor chosen on validation fidelity (<see cref="TextPositionScale"/>).</summary>
    public IReadOnlyList<TextPositionScale.Choice> Scales { get; init; } = [];
    /// <summary>Per learning set ("validation"/"train", "transductive"): trials whose scaled LISOR-x FSA answers as the LISOR-k FSA on every test sequence.</summary>
    public IReadOnlyDictionary<string, int> ScaledSameAsK { get; init; } = new Dictionary<string, int>();
}

/// <summary>One FSA's <see cref="TextDiagnosis"/>: learned on "validation" or "transductive", by method.</summary>
internal sealed record TextDiagnosisRow(string LearnedOn, string Method, TextDiagnosis Diagnosis);

/// <summary>Per method: mean over trials and the majority-vote ensemble of the trials' FSAs, and each trial's accuracy.</summary>
internal sealed record TextMethodResult(double AverageAccuracy, double EnsembleAccuracy, double AverageFidelity, double EnsembleFidelity,
    IReadOnlyList<double> TrialAccuracies);

/// <summary>
/// The paper's sentiment experiment (Tables IV and V) on a text corpus: for each cell train T trials,
/// learn a k-state FSA per trial and method from the hidden states on the validation set (the method's
/// rule, docs/method.md §1) and — as the paper did for sentiment — on the test sequences themselves
/// (transductive: their words and the RNN's hidden states, never their labels), and score on the test
/// set each FSA alone (averaged) and the T FSAs' majority vote (the ensemble). Fidelity of the
/// ensemble is measured against the majority vote of the T RNNs.
/// </summary>
internal static class TextExperiment
{
    /// <summary>The FSAs of the text tables: LISOR-k, LISOR-x literal and LISOR-x scaled (s chosen on validation fidelity).</summary>
    public static readonly string[] Methods = [ExtractionMethods.KMeans, ExtractionMethods.KMeansX, ExtractionMethods.KMeansXScaled];

    private sealed class Collected
    {
        public readonly List<Fsa> Fsas = [];
        public readonly List<FsaEvaluation> Single = [];
    }

    /// <summary>
    /// Runs the experiment into <paramref name="outDir"/>, reusing the models in DIR/models when DIR/manifest.json has
    /// the same settings (<see cref="Manifest"/>); other settings are an error naming the first difference, unless
    /// <paramref name="restart"/> removes the old models first.
    /// </summary>
    public static List<TextCellResult> Run(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, TextExperimentOptions options, ulong seed, string outDir, Action<string>? log = null,
        bool restart = false)
    {
        if (options.LearnOn is not ("validation" or "train"))
            throw new ArgumentException($"LearnOn '{options.LearnOn}': expected validation or train", nameof(options));
        string models = Path.Combine(outDir, "models");
        static bool Ours(string name) => name.StartsWith("text-", StringComparison.Ordinal) && name.EndsWith(".lisor", StringComparison.Ordinal);
        Manifest(train, valid, test, options, seed)
            .Claim(outDir, restart, () => RunManifest.HoldsAny(models, Ours), () => RunManifest.DeleteOurs(models, Ours));
        Directory.CreateDirectory(models);
        var results = new List<TextCellResult>();
        var training = options.Training;
        string ModelPath(string cell, int trial) => TextExperiment.ModelPath(options, outDir, cell, trial);
        TrainingOptions TrialOptions(string cell, int trial) => training with { Cell = cell, Seed = seed + (ulong)(trial - 1) };
        // The models still missing are trained first, side by side (each as it would be alone); the loop below loads them.
        var untrained = (from cell in options.Cells from trial in Enumerable.Range(1, options.Trials)
                         where !File.Exists(ModelPath(cell, trial)) select (cell, trial)).ToArray();
        SideBySide.Run(untrained.Length, i => TrainOrLoad(train, valid, TrialOptions(untrained[i].cell, untrained[i].trial),
            ModelPath(untrained[i].cell, untrained[i].trial)));
        foreach (string cell in options.Cells)
        {
            var inductive = Methods.ToDictionary(m => m, _ => new Collected());
            var transductive = Methods.ToDictionary(m => m, _ => new Collected());
            var scales = new List<TextPositionScale.Choice>();
            var sameAsK = new Dictionary<string, int>();
            var rnnPredictions = new List<int[]>();
            var rnnTrials = new List<double>();
            IReadOnlyList<LabeledSequence> scored = test;   // the test set as the models read it (one vocabulary: same data, same cut-off)
            IReadOnlyList<string> classes = [];
            var diagnoses = new List<TextDiagnosisRow>();
            for (int trial = 1; trial <= options.Trials; trial++)
            {
                ulong trialSeed = seed + (ulong)(trial - 1);
                var model = TrainOrLoad(train, valid, training with { Cell = cell, Seed = trialSeed }, ModelPath(cell, trial));
                var inductiveSet = options.LearnOn == "train" ? train : valid;
                var learnOn = options.AsRnnReads ? TextView.AsRead(model, inductiveSet) : inductiveSet.ToArray();
                var scoreOn = options.AsRnnReads ? TextView.AsRead(model, test) : test.ToArray();
                scored = scoreOn; classes = model.Classes;
                int[] rnnTest = model.Predict(scoreOn);
                rnnPredictions.Add(rnnTest);
                rnnTrials.Add(model.Accuracy(scoreOn));
                var line = new StringBuilder($"text {cell} trial {trial}: RNN {rnnTrials[^1]:0.000}");
                var testPoints = HiddenPoints.Of(model, scoreOn);
                var scale = TextPositionScale.Choose(model, options.AsRnnReads ? TextView.AsRead(model, valid) : valid.ToArray(), options, trialSeed);
                scales.Add(scale);
                foreach (var (set, collected, name) in options.Transductive
                    ? new[] { (learnOn, inductive, options.LearnOn), (scoreOn, transductive, "test (transductive)") }
                    : [(learnOn, inductive, options.LearnOn)])
                {
                    var points = set == scoreOn ? testPoints : HiddenPoints.Of(model, set);
                    int[] rnnOnSet = set == scoreOn ? rnnTest : model.Predict(set);
                    foreach (string method in Methods)
                    {
                        bool scaled = method == ExtractionMethods.KMeansXScaled;
                        var extraction = FsaExtraction.Extract(model, set, points, scaled ? ExtractionMethods.KMeansX : method, options.Clusters, trialSeed,
                            options.Restarts, rnnOnSet, options.Labels, scaled ? scale.Scale : options.PositionScale, options.Standardise, options.Selection);
                        var fsa = extraction.Fsa;
                        if (trial == 1)
                            diagnoses.Add(new TextDiagnosisRow(collected == transductive ? "transductive" : options.LearnOn, method,
                                TextDiagnosis.Of(model, extraction, points, rnnOnSet, scoreOn, testPoints, rnnTest, options.Missing)));
                        collected[method].Fsas.Add(fsa);
                        collected[method].Single.Add(FsaEvaluation.Of(fsa, scoreOn, rnnTest, options.Missing));
                        if (trial == 1)
                            FsaJson.Save(fsa, FsaPath(outDir, cell, method, collected == transductive));
                        line.Append(CultureInfo.InvariantCulture,
                            $", {ExtractionMethods.PaperName(method)} on {name} {collected[method].Single[^1].Accuracy:0.000}");
                    }
                    string setName = collected == transductive ? "transductive" : options.LearnOn;
                    bool same = collected[ExtractionMethods.KMeansXScaled].Single[^1].Predictions
                        .SequenceEqual(collected[ExtractionMethods.KMeans].Single[^1].Predictions);
                    sameAsK[setName] = sameAsK.GetValueOrDefault(setName) + (same ? 1 : 0);
                }
                log?.Invoke(line.ToString());
            }
            int[] rnnMajority = Majority(rnnPredictions, test.Count);
            double rnnEnsemble = test.Count == 0 ? 0 : Enumerable.Range(0, test.Count).Count(i => classes[rnnMajority[i]] == test[i].Label) / (double)test.Count;
            results.Add(new TextCellResult(cell, rnnTrials.Average(), rnnTrials, rnnEnsemble,
                Summarise(inductive, scored, rnnMajority, options.Missing),
                options.Transductive ? Summarise(transductive, scored, rnnMajority, options.Missing) : new Dictionary<string, TextMethodResult>())
            { Diagnoses = diagnoses, Scales = scales, ScaledSameAsK = sameAsK });
        }
        TextPositionScale.Save(Path.Combine(outDir, TextPositionScale.FileName),
            results.SelectMany(r => r.Scales.Select((c, i) => (r.Cell, i + 1, c))));
        return results;
    }

    /// <summary>
    /// Every file <see cref="Run"/> with <paramref name="options"/> may write into <paramref name="outDir"/> while it works, known
    /// before it starts: manifest.json, each (cell, trial)'s model in DIR/models, trial 1's FSA per cell and method (and learned
    /// transductively) and scales.csv. The command declares them all (<see cref="Common.OutputPlan"/>), so a bad one is refused
    /// before any work.
    /// </summary>
    public static IEnumerable<string> Outputs(TextExperimentOptions options, string outDir)
    {
        yield return Path.Combine(outDir, RunManifest.FileName);
        foreach (string cell in options.Cells)
            for (int trial = 1; trial <= options.Trials; trial++)
                yield return ModelPath(options, outDir, cell, trial);
        foreach (string cell in options.Cells)
            foreach (string method in Methods)
            {
                yield return FsaPath(outDir, cell, method, transductive: false);
                if (options.Transductive) yield return FsaPath(outDir, cell, method, transductive: true);
            }
        yield return Path.Combine(outDir, TextPositionScale.FileName);
    }

    /// <summary>DIR/models/text-CELL[-stepλ]-TRIAL.lisor: the model of (cell, trial).</summary>
    private static string ModelPath(TextExperimentOptions options, string outDir, string cell, int trial)
    {
        double step = options.Training.StepLoss;
        string tag = step > 0 ? $"-step{step.ToString(CultureInfo.InvariantCulture)}" : "";
        return Path.Combine(outDir, "models", $"text-{cell}{tag}-{trial}.lisor");
    }

    /// <summary>DIR/text-CELL-METHOD[-transductive].json: trial 1's FSA.</summary>
    private static string FsaPath(string outDir, string cell, string method, bool transductive)
        => Path.Combine(outDir, $"text-{cell}-{method}{(transductive ? "-transductive" : "")}.json");

    /// <summary>The settings a text folder's models and results depend on: the data, the seed and every option.</summary>
    public static RunManifest Manifest(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, TextExperimentOptions o, ulong seed)
        => new RunManifest("text").AddData("--train", train).AddData("--valid", valid).AddData("--test", test)
            .Add("--seed", seed).AddOptions(o);

    private static Dictionary<string, TextMethodResult> Summarise(Dictionary<string, Collected> collected,
        IReadOnlyList<LabeledSequence> test, int[] rnnMajority, MissingPolicy policy)
    {
        var methods = new Dictionary<string, TextMethodResult>();
        foreach (var (method, c) in collected)
        {
            var ensemble = new FsaEnsemble(c.Fsas, policy).Score(test, rnnMajority);
            methods[method] = new TextMethodResult(c.Single.Average(s => s.Accuracy), ensemble.Accuracy,
                c.Single.Average(s => s.Fidelity ?? 0), ensemble.Fidelity ?? 0, c.Single.Select(s => s.Accuracy).ToList());
        }
        return methods;
    }

    private static Model TrainOrLoad(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid, TrainingOptions o, string path)
    {
        if (File.Exists(path)) return Model.Load(path);
        var model = Trainer.Train(train, valid, null, o, null).Model;
        model.Save(path);
        return model;
    }

    /// <summary>Per example, the class most of the runs predict (ties: the earliest run's answer).</summary>
    public static int[] Majority(IReadOnlyList<int[]> runs, int count)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            var votes = new Dictionary<int, int>();
            foreach (var run in runs) votes[run[i]] = votes.GetValueOrDefault(run[i]) + 1;
            int most = votes.Values.Max();
            result[i] = runs.First(r => votes[r[i]] == most)[i];
        }
        return result;
    }

    /// <summary>Tables IV (accuracy) and V (fidelity) as Markdown, "mean of trials / ensemble" per cell, the paper's sentiment numbers beside ours.</summary>
    public static string Tables(IReadOnlyList<TextCellResult> results, TextExperimentOptions options, string corpus)
    {
        string N(double x) => MarkdownTable.Number(x);
        string Pair(TextMethodResult r, bool fidelity) => fidelity ? $"{N(r.AverageFidelity)} / {N(r.EnsembleFidelity)}" : $"{N(r.AverageAccuracy)} / {N(r.EnsembleAccuracy)}";
        bool transductive = results.Any(r => r.Transductive.Count > 0);
        var settings = new List<(string Name, Func<TextCellResult, IReadOnlyDictionary<string, TextMethodResult>> Of)>
            { ($"on {options.LearnOn}", r => r.Methods) };
        if (transductive) settings.Add(("transductive", r => r.Transductive));
        var fsaColumns = settings.SelectMany(s => Methods.Select(m => $"{ExtractionMethods.PaperName(m)} {s.Name}")).ToArray();
        var four = new MarkdownTable(["cell", "RNN", .. fsaColumns, "paper RNN", "paper LISOR-k", "paper LISOR-x"]).AlignNumbers();
        var five = new MarkdownTable(["cell", .. fsaColumns, "paper LISOR-k", "paper LISOR-x"]).AlignNumbers();
        foreach (var r in results)
        {
            string paperRnn = "–", paperK = "–", paperX = "–", fidK = "–", fidX = "–";
            try
            {
                var p = PaperNumbers.Sentiment(r.Cell);
                paperRnn = N(p.Rnn); paperK = $"{N(p.KAverage)} / {N(p.KEnsemble)}"; paperX = $"{N(p.XAverage)} / {N(p.XEnsemble)}";
                fidK = N(PaperNumbers.Table5Fidelity(ExtractionMethods.KMeans, r.Cell));
                fidX = N(PaperNumbers.Table5Fidelity(ExtractionMethods.KMeansX, r.Cell));
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException) { }
            string cell = PaperNumbers.CellName(r.Cell);
            var accuracy = settings.SelectMany(s => Methods.Select(m => Pair(s.Of(r)[m], false)));
            var fidelity = settings.SelectMany(s => Methods.Select(m => Pair(s.Of(r)[m], true)));
            four.Row([cell, $"{N(r.RnnAccuracy)} / {N(r.RnnEnsembleAccuracy)}", .. accuracy, paperRnn, paperK, paperX]);
            five.Row([cell, .. fidelity, fidK, fidX]);
        }
        string t = options.Trials.ToString(CultureInfo.InvariantCulture);
        string k = options.Clusters.ToString(CultureInfo.InvariantCulture);
        string step = options.Training.StepLoss > 0
            ? $"RNNs trained with the per-step loss λ = {options.Training.StepLoss.ToString(CultureInfo.InvariantCulture)} (`--step-loss`, our extension). "
            : "RNNs trained on the last step only (the paper's loss). ";
        string learned = (options.LearnOn == "train"
                ? "FSAs learned \"on train\" use the training set's hidden states (our option; the method's rule is the validation set)"
                : "FSAs learned \"on validation\" use the validation set's hidden states (the method's rule)") +
            (transductive ? "; \"transductive\" ones the test sequences' (words and hidden states, never labels — the paper's sentiment protocol)" : "") + ". ";
        string restarts = options.Restarts > 1
            ? $"Of {options.Restarts} k-means runs the FSA {(options.Selection == RestartSelection.Fidelity ? "most faithful to the RNN on the data it is learned from" : "of lowest inertia")} is kept. "
            : "";
        string missing = restarts + $"Missing transitions and unseen words: {(options.Missing switch { MissingPolicy.Dead => "dead, rejecting state", MissingPolicy.Start => "back to the start state", _ => "stay put" })}. " +
            (options.AsRnnReads ? "Words the RNN reads as <unk> are <unk> for the FSA too. " : "");
        return $"Table IV — test accuracy on {corpus}, each cell \"mean of {t} trials / majority vote of the {t}\": the RNN and its k = {k} FSAs. " +
               step + learned + missing +
               "The paper's columns are its IMDB sentiment numbers (a different corpus: compare the pattern, not the values).\n\n" + four +
               $"\nTable V — fidelity of the k = {k} FSAs to the RNN (mean of {t} trials / ensemble against the RNNs' majority vote).\n\n" + five +
               "\n" + ScaledNote(results, options) +
               "\nWhere the FSAs' errors come from (trial 1, test set; `TextDiagnosis`): *cluster fid./acc.* — the cluster of the RNN's last hidden state " +
               "answers (an FSA that tracked the hidden state exactly); *kept moves* — share of observed cluster moves δ keeps; *tracking* — runs ending " +
               "in that cluster; *unseen* — sequences with a word outside Σ; *label changes* — clusters the centre rule and R's vote label differently.\n\n" + DiagnosisTable(results);
    }

    /// <summary>What scaled LISOR-x chose per trial and how often its FSA answered as LISOR-k's (the paper's LISOR-x ≈ LISOR-k check).</summary>
    private static string ScaledNote(IReadOnlyList<TextCellResult> results, TextExperimentOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        string k = options.Clusters.ToString(inv);
        string chosen = string.Join("; ", results.Select(r =>
            $"{PaperNumbers.CellName(r.Cell)} {string.Join("/", r.Scales.Select(c => c.Scale.ToString(inv)))}"));
        string same = string.Join("; ", results.Select(r => $"{PaperNumbers.CellName(r.Cell)} " +
            string.Join(", ", r.ScaledSameAsK.Select(e => $"{e.Value} of {r.Scales.Count} {e.Key}"))));
        return $"LISOR-x literal: the position feature j as the paper writes it. LISOR-x scaled: s·j, s chosen per trained RNN from " +
               $"{string.Join(", ", PositionScaleSelection.Grid.Select(g => g.ToString(inv)))} by the fidelity of its k = {k} FSA learned on the validation " +
               $"sequences (ties: the smaller s; no test sequence looked at; scales.csv): {chosen} (trial 1/2/…). " +
               $"Trials whose scaled LISOR-x FSA answers as the LISOR-k FSA on every test sequence: {same}.\n";
    }

    private static MarkdownTable DiagnosisTable(IReadOnlyList<TextCellResult> results)
    {
        string N(double x) => MarkdownTable.Number(x);
        var table = new MarkdownTable("cell", "FSA", "learned on", "cluster fid.", "cluster acc.", "kept moves", "tracking", "unseen", "label changes").AlignNumbers(3);
        foreach (var r in results)
            foreach (var d in r.Diagnoses)
                table.Row(PaperNumbers.CellName(r.Cell), ExtractionMethods.PaperName(d.Method), d.LearnedOn, N(d.Diagnosis.ClusterFidelity),
                    N(d.Diagnosis.ClusterAccuracy), N(d.Diagnosis.KeptMoves), N(d.Diagnosis.Tracking), N(d.Diagnosis.UnseenSequences),
                    d.Diagnosis.LabelChanges.ToString(CultureInfo.InvariantCulture));
        return table;
    }
}
