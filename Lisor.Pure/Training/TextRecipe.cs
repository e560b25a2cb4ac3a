using System.Globalization;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// The recipe for word data (docs/readme-text.md), shared by `text`, `train` and `extract`: what a
/// user gets by default when the data is text rather than a small synthetic alphabet.
/// <para>
/// Data counts as text when its training sequences hold at least <see cref="VocabularyThreshold"/>
/// distinct symbols (the shipped spam corpus: 17 657; every built-in synthetic task: at most 3).
/// Then `train` uses, for each option not given on the command line, a learned 32-d embedding,
/// 1 layer × 32 units, words seen once read as &lt;unk&gt;, at most 15 epochs with patience 3, and the
/// per-step loss λ = 1 (<see cref="Training.StepLoss"/>):
/// L_i = CE(z_{T_i}, y_i) + λ · (1 / T_i) Σ_t CE(z_t, y_i), so the hidden state carries the running decision
/// and two clusters of it follow "spam so far" / "ham so far".
/// </para>
/// </summary>
internal static class TextRecipe
{
    /// <summary>Distinct training symbols from which a data set counts as text.</summary>
    public const int VocabularyThreshold = 100;

    /// <summary>The text recipe's training options (the cell and seed come from the caller).</summary>
    public static TrainingOptions Training { get; } = new()
    {
        Embed = 32, Hidden = 32, Layers = 1, MinCount = 2, Epochs = 15, Patience = 3, StepLoss = 1,
    };

    /// <summary>Distinct symbols over <paramref name="data"/>, counted until the threshold is met.</summary>
    public static bool IsText(IReadOnlyList<LabeledSequence> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in data)
            foreach (string token in example.Tokens)
                if (seen.Add(token) && seen.Count >= VocabularyThreshold) return true;
        return false;
    }

    /// <summary>A model reads text when its vocabulary (after the &lt;unk&gt; cut-off) is at least the threshold.</summary>
    public static bool IsText(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Vocabulary.Count >= VocabularyThreshold;
    }

    /// <summary>
    /// <paramref name="parsed"/> with the recipe's value for every option <paramref name="given"/> says the user did not set
    /// (option names as on the command line: "--hidden", …), and the changes as "--hidden 32" for the log line.
    /// With fixed word vectors (<see cref="TrainingOptions.VectorsPath"/>) no embedding is added.
    /// </summary>
    public static (TrainingOptions Options, IReadOnlyList<string> Changes) Apply(TrainingOptions parsed, Func<string, bool> given)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(given);
        var r = Training;
        var changes = new List<string>();
        var o = parsed;
        string D(double x) => x.ToString(CultureInfo.InvariantCulture);
        if (!given("--embed") && o.VectorsPath is null && o.Embed != r.Embed) { o = o with { Embed = r.Embed }; changes.Add($"--embed {r.Embed}"); }
        if (!given("--hidden") && o.Hidden != r.Hidden) { o = o with { Hidden = r.Hidden }; changes.Add($"--hidden {r.Hidden}"); }
        if (!given("--layers") && o.Layers != r.Layers) { o = o with { Layers = r.Layers }; changes.Add($"--layers {r.Layers}"); }
        if (!given("--min-count") && o.MinCount != r.MinCount) { o = o with { MinCount = r.MinCount }; changes.Add($"--min-count {r.MinCount}"); }
        if (!given("--epochs") && o.Epochs != r.Epochs) { o = o with { Epochs = r.Epochs }; changes.Add($"--epochs {r.Epochs}"); }
        if (!given("--patience") && o.Patience != r.Patience) { o = o with { Patience = r.Patience }; changes.Add($"--patience {r.Patience}"); }
        if (!given("--step-loss") && o.StepLoss != r.StepLoss) { o = o with { StepLoss = r.StepLoss }; changes.Add($"--step-loss {D(r.StepLoss)}"); }
        return (o, changes);
    }
}
