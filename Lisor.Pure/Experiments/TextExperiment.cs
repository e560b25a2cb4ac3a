using System.Globalization;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>One cell's line of Tables IV and V: RNN accuracy and the k = 2 FSAs' accuracy and fidelity per method.</summary>
public sealed record TextCellResult(string Cell, double RnnAccuracy, IReadOnlyDictionary<string, TextMethodResult> Methods);

/// <summary>Per method: mean over trials and the majority-vote ensemble of the trials' FSAs.</summary>
public sealed record TextMethodResult(double AverageAccuracy, double EnsembleAccuracy, double AverageFidelity, double EnsembleFidelity);

/// <summary>
/// The paper's sentiment experiment (Tables IV and V) on a text corpus: for each cell train T
/// trials, learn a k = 2 FSA per trial and method from the hidden states on the validation set
/// (our choice: the paper learned it transductively on test reviews), and score on the test set
/// each FSA alone (averaged) and the T FSAs' majority vote (the ensemble). Fidelity of the ensemble
/// is measured against the majority vote of the T RNNs.
/// </summary>
public static class TextExperiment
{
    public const int Clusters = 2;

    public static List<TextCellResult> Run(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, IReadOnlyList<string> cells, int trials, TrainingOptions training,
        ulong seed, string outDir, Action<string>? log = null)
    {
        Directory.CreateDirectory(Path.Combine(outDir, "models"));
        var results = new List<TextCellResult>();
        foreach (string cell in cells)
        {
            var fsas = ExtractionMethods.All.ToDictionary(m => m, _ => new List<Fsa>());
            var single = ExtractionMethods.All.ToDictionary(m => m, _ => new List<FsaEvaluation>());
            var rnnPredictions = new List<int[]>();
            double rnnAccuracy = 0;
            for (int trial = 1; trial <= trials; trial++)
            {
                ulong trialSeed = seed + (ulong)(trial - 1);
                var model = TrainOrLoad(train, valid, training with { Cell = cell, Seed = trialSeed },
                    Path.Combine(outDir, "models", $"text-{cell}-{trial}.lisor"));
                int[] rnnTest = model.Predict(test);
                rnnPredictions.Add(rnnTest);
                double acc = model.Accuracy(test);
                rnnAccuracy += acc / trials;
                var points = HiddenPoints.Of(model, valid);
                int[] rnnValid = model.Predict(valid);
                foreach (string method in ExtractionMethods.All)
                {
                    var fsa = FsaExtraction.Extract(model, valid, points, method, Clusters, trialSeed, 1, rnnValid).Fsa;
                    fsas[method].Add(fsa);
                    single[method].Add(FsaEvaluation.Of(fsa, test, rnnTest));
                    if (trial == 1) FsaJson.Save(fsa, Path.Combine(outDir, $"text-{cell}-{method}.json"));
                }
                log?.Invoke($"text {cell} trial {trial}: RNN {acc:0.000}, LISOR-k {single[ExtractionMethods.KMeans][^1].Accuracy:0.000}, LISOR-x {single[ExtractionMethods.KMeansX][^1].Accuracy:0.000}");
            }
            int[] rnnMajority = Majority(rnnPredictions, test.Count);
            var methods = new Dictionary<string, TextMethodResult>();
            foreach (string method in ExtractionMethods.All)
            {
                var ensemble = new FsaEnsemble(fsas[method]).Score(test, rnnMajority);
                methods[method] = new TextMethodResult(single[method].Average(s => s.Accuracy), ensemble.Accuracy,
                    single[method].Average(s => s.Fidelity ?? 0), ensemble.Fidelity ?? 0);
            }
            results.Add(new TextCellResult(cell, rnnAccuracy, methods));
        }
        return results;
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

    /// <summary>Tables IV (accuracy) and V (fidelity) as Markdown, the paper's sentiment numbers beside ours.</summary>
    public static string Tables(IReadOnlyList<TextCellResult> results, int trials, string corpus)
    {
        string N(double x) => MarkdownTable.Number(x);
        var four = new MarkdownTable("cell", "RNN", "LISOR-k avg", "LISOR-k ensemble", "LISOR-x avg", "LISOR-x ensemble",
            "paper RNN", "paper LISOR-k avg/ens", "paper LISOR-x avg/ens").AlignNumbers();
        var five = new MarkdownTable("cell", "LISOR-k avg", "LISOR-k ensemble", "LISOR-x avg", "LISOR-x ensemble", "paper LISOR-k", "paper LISOR-x").AlignNumbers();
        foreach (var r in results)
        {
            var k = r.Methods[ExtractionMethods.KMeans];
            var x = r.Methods[ExtractionMethods.KMeansX];
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
            four.Row(cell, N(r.RnnAccuracy), N(k.AverageAccuracy), N(k.EnsembleAccuracy), N(x.AverageAccuracy), N(x.EnsembleAccuracy), paperRnn, paperK, paperX);
            five.Row(cell, N(k.AverageFidelity), N(k.EnsembleFidelity), N(x.AverageFidelity), N(x.EnsembleFidelity), fidK, fidX);
        }
        string t = trials.ToString(CultureInfo.InvariantCulture);
        return $"Table IV — test accuracy on {corpus}: RNN (mean of {t} trials) and its k = 2 FSAs (mean of {t} trials / majority vote of the {t} FSAs). " +
               "The paper's columns are its IMDB sentiment numbers (a different corpus: compare the pattern, not the values).\n\n" + four +
               $"\nTable V — fidelity of the k = 2 FSAs to the RNN (mean of {t} trials / ensemble against the RNNs' majority vote).\n\n" + five;
    }
}
