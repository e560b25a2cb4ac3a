using System.Globalization;
using Lisor.Pure.Sequences;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// Scaled LISOR-x for the text tables (docs/method.md §5): k-means-x on [h, 0 … 0, s·j, 0 … 0] with the factor s chosen
/// per trained RNN on the validation set alone. Tables IV–V fix k (2), so the criterion is not "smallest k reaching a
/// target" (<see cref="PositionScaleSelection"/>, Tables II–III) but the fidelity itself: for each s of
/// <see cref="PositionScaleSelection.Grid"/> the k-state FSA is learned on the validation sequences (as the RNN reads
/// them) with the table's clustering options, and scored against R's answers on them; the highest fidelity wins
/// (ties: the smaller s). No test sequence and no label is looked at.
/// </summary>
internal static class TextPositionScale
{
    /// <summary>The file in the text experiment's folder that keeps the choices.</summary>
    public const string FileName = "scales.csv";

    /// <summary>The factor chosen for one trained RNN and the validation fidelity of its FSA.</summary>
    public sealed record Choice(double Scale, double ValidationFidelity);

    /// <summary>Chooses s for <paramref name="model"/> from the validation sequences <paramref name="valid"/> (as the RNN reads them),
    /// clustering with <paramref name="o"/>'s k, restarts, selection, labels and missing policy and with the trial's
    /// <paramref name="seed"/>, as the table's extractions do.</summary>
    public static Choice Choose(Model model, IReadOnlyList<LabeledSequence> valid, TextExperimentOptions o, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(o);
        var points = HiddenPoints.Of(model, valid);
        int[] rnn = model.Predict(valid);
        Choice? best = null;
        foreach (double scale in PositionScaleSelection.Grid)
        {
            var fsa = FsaExtraction.Extract(model, valid, points, ExtractionMethods.KMeansX, o.Clusters, seed, o.Restarts, rnn,
                o.Labels, scale, o.Standardise, o.Selection).Fsa;
            double fidelity = new FsaEnsemble([fsa], o.Missing).Score(valid, rnn).Fidelity ?? 0;
            if (best is null || fidelity > best.ValidationFidelity) best = new Choice(scale, fidelity);
        }
        return best!;
    }

    /// <summary>Writes the choices as CSV: cell, trial, scale, validation_fidelity (one line per trained RNN).</summary>
    public static void Save(string path, IEnumerable<(string Cell, int Trial, Choice Choice)> choices)
    {
        var inv = CultureInfo.InvariantCulture;
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("cell,trial,scale,validation_fidelity");
            foreach (var (cell, trial, c) in choices)
                w.WriteLine(string.Join(',', cell, trial.ToString(inv), c.Scale.ToString(inv), c.ValidationFidelity.ToString("0.######", inv)));
        });
    }
}
