using Lisor.Pure.Sequences;
using Lisor.Pure.Data;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// `train --recipe auto|text|plain`: which defaults fill the options the user did not give. auto (the default)
/// takes the text recipe (<see cref="TextRecipe"/>) when the training data is text — at least
/// <see cref="TextRecipe.VocabularyThreshold"/> distinct symbols — and the plain defaults (the paper's 3 × 10) otherwise.
/// </summary>
internal static class TrainRecipeOption
{
    public static readonly OptionSpec Spec = new("--recipe", "NAME", "auto",
        $"defaults for the options not given: auto (text when the training data has ≥ {TextRecipe.VocabularyThreshold} distinct symbols, else plain), " +
        "text (--embed 32 --hidden 32 --layers 1 --min-count 2 --epochs 15 --patience 3 --step-loss 1, docs/readme-text.md) or plain (the values listed here)");

    /// <summary>The options with the chosen recipe applied; prints "text data: using …" when the text recipe changed anything.</summary>
    public static TrainingOptions Resolve(ParsedOptions o, TrainingOptions parsed, IReadOnlyList<LabeledSequence> train, CommandContext context)
    {
        string recipe = o.Choice("--recipe", "auto", "auto", "text", "plain");
        bool text = recipe == "text" || (recipe == "auto" && TextRecipe.IsText(train));
        if (!text) return parsed;
        var (options, changes) = TextRecipe.Apply(parsed, o.Has);
        if (changes.Count > 0)
            context.Out.WriteLine((recipe == "auto" ? $"text data (≥ {TextRecipe.VocabularyThreshold} distinct symbols): " : "text recipe: ") +
                $"using {string.Join(" ", changes)} (docs/readme-text.md; --recipe plain for the plain defaults)");
        return options;
    }
}
