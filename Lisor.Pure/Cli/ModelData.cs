using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>Loading a model and a data file together, with the checks that tie them (shared by commands).</summary>
internal static class ModelData
{
    /// <summary>Loads a model file; bad files become <see cref="InputException"/>s naming the file.</summary>
    public static Model LoadModel(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a model file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such model file");
        FileKind.Require(path, FileKind.Kind.Model, "a model");
        var model = Model.Load(path);
        // The checksum proves the file is what was saved, not that training saved numbers: a diverged
        // run's NaN weights would otherwise surface later as a "non-finite point" far from their cause.
        RequireFinite(model.Weights, path, "weight");
        if (model.Network.FixedTable is { } table) RequireFinite(table, path, "word-vector value");
        return model;
    }

    private static void RequireFinite(float[] values, string path, string what)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new InputException(path, 0, $"{what} {i + 1} of {values.Length} is {values[i]}; the model holds non-finite numbers (did its training diverge?)");
    }

    /// <summary>Reads a TSV data file (located errors come from <see cref="Tsv"/>).</summary>
    public static List<LabeledSequence> LoadData(string path, bool allowEmpty = false)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a .tsv data file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such data file");
        var data = Tsv.Read(path);
        if (data.Count == 0 && !allowEmpty) throw new InputException(path, 0, "holds no examples");
        return data;
    }

    /// <summary>
    /// The start of a warning (without "warning: "; the caller says what its method does with them) when
    /// <paramref name="data"/> holds symbols outside the model's vocabulary, or null: the model reads each as &lt;unk&gt; —
    /// on a task's small alphabet most likely data of another task. Text models (<see cref="TextRecipe.IsText(Model)"/>) meet words they never saw in any
    /// new text, and are not warned about. Names the first few, in order of first occurrence.
    /// </summary>
    public static string? UnknownSymbolsWarning(Model model, IReadOnlyList<LabeledSequence> data, string path)
    {
        if (TextRecipe.IsText(model)) return null;
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long occurrences = 0;
        foreach (var sequence in data)
            foreach (string symbol in sequence.Tokens)
                if (model.Vocabulary.IdOf(symbol) == Vocabulary.UnknownId && symbol != Vocabulary.Unknown)
                {
                    occurrences++;
                    if (seen.Add(symbol)) unknown.Add(symbol);
                }
        if (unknown.Count == 0) return null;
        const int shown = 5;
        string names = string.Join(", ", unknown.Take(shown).Select(Excerpt.Quoted)) + (unknown.Count > shown ? $", … ({unknown.Count - shown} more)" : "");
        return $"{Path.GetFileName(path)}: {unknown.Count} symbol{(unknown.Count == 1 ? "" : "s")} outside the model's vocabulary ({names}; {occurrences} occurrence{(occurrences == 1 ? "" : "s")}): " +
               "the model reads each as <unk>";
    }

    /// <summary>
    /// Reads a data file for <paramref name="model"/>: its labels must be the model's classes; with the warning about its
    /// symbols outside the model's vocabulary (<see cref="UnknownSymbolsWarning"/>), which the caller prints once every
    /// input is checked, so that bad input still gets its one error line and nothing else.
    /// </summary>
    public static (List<LabeledSequence> Data, string? Unknown) LoadFor(Model model, string path)
    {
        var data = LoadData(path);
        RequireModelClasses(model, data, path);
        return (data, UnknownSymbolsWarning(model, data, path));
    }

    /// <summary>Every label of <paramref name="data"/> must be one of the model's classes.</summary>
    public static void RequireModelClasses(Model model, IReadOnlyList<LabeledSequence> data, string path)
    {
        for (int i = 0; i < data.Count; i++)
            if (model.ClassIndex(data[i].Label) < 0)
                throw LabelError(path, i, data[i].Label, $"is not one of the model's classes ({Excerpt.List(model.Classes)})");
    }

    /// <summary>
    /// An error about example <paramref name="index"/>'s label: "F:line: label 'x' …" (the line found again in the file,
    /// as every other data error names it), or "F: example N: label 'x' …" when the file cannot be read again (a pipe).
    /// </summary>
    public static InputException LabelError(string path, int index, string label, string problem)
    {
        int line = Tsv.LineOf(path, index);
        string quoted = Excerpt.Quoted(label);
        return line > 0 ? new InputException(path, line, $"label {quoted} {problem}") : new InputException(path, 0, $"example {index + 1}: label {quoted} {problem}");
    }
}
