using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Cli;

/// <summary>One string of a data file on which the FSA and the model answer differently.</summary>
/// <param name="Tokens">The string.</param>
/// <param name="Label">Its label in the file.</param>
/// <param name="Model">The model's class.</param>
/// <param name="Fsa">The FSA's class.</param>
internal readonly record struct Disagreement(string[] Tokens, string Label, string Model, string Fsa);

/// <summary>
/// Where an extracted FSA and the model part ways on one data file: how many of its strings they answer differently
/// (1 − fidelity, as a count), and the shortest of those strings, each once — a fidelity below 1 then says which
/// strings, so a reader can run them by hand on the FSA and see whether the model or the FSA is the odd one out.
/// </summary>
/// <param name="File">The data file's name, as the report names it.</param>
/// <param name="Count">Strings answered differently.</param>
/// <param name="Distinct">How many of them are distinct (a file may hold a string more than once).</param>
/// <param name="Strings">Strings in the file.</param>
/// <param name="Shortest">Up to <see cref="Shown"/> of them, shortest first (ties: in file order), distinct.</param>
internal sealed record Disagreements(string File, int Count, int Distinct, int Strings, IReadOnlyList<Disagreement> Shortest)
{
    /// <summary>How many strings the report shows.</summary>
    public const int Shown = 3;

    /// <summary>Compares the FSA's answers (<paramref name="score"/>) with the model's (<paramref name="model"/>, class indices into <paramref name="classes"/>).</summary>
    public static Disagreements Of(string file, IReadOnlyList<LabeledSequence> data, FsaEvaluation score, int[] model, IReadOnlyList<string> classes)
        => Of(file, data, (score ?? throw new ArgumentNullException(nameof(score))).Predictions, model, classes);

    /// <summary>The same from the FSA's (or an ensemble's) answers <paramref name="fsa"/>, class indices into <paramref name="classes"/>.</summary>
    public static Disagreements Of(string file, IReadOnlyList<LabeledSequence> data, int[] fsa, int[] model, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fsa);
        ArgumentNullException.ThrowIfNull(model);
        if (fsa.Length != data.Count || model.Length != data.Count)
            throw new ArgumentException($"{fsa.Length} FSA and {model.Length} model answers for {data.Count} strings");
        var differing = new List<int>();
        for (int i = 0; i < data.Count; i++)
            if (fsa[i] != model[i]) differing.Add(i);
        var shortest = new List<Disagreement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // a stable order by length: OrderBy keeps the file's order among equal lengths; every differing string is looked at,
        // so that the distinct ones are counted (a file that holds the shown strings again has no other to promise)
        foreach (int i in differing.OrderBy(i => data[i].Tokens.Length))
        {
            if (!seen.Add(string.Join('\n', data[i].Tokens))) continue;   // (a token holds no line break: '\n' keeps strings apart)
            if (shortest.Count < Shown)
                shortest.Add(new Disagreement(data[i].Tokens, data[i].Label, classes[model[i]], classes[fsa[i]]));
        }
        return new Disagreements(file, differing.Count, seen.Count, data.Count, shortest);
    }

    /// <summary>The report's lines (empty when the FSA and the model agree on every string).</summary>
    public string Text()
    {
        if (Count == 0) return "";
        var sb = new StringBuilder();
        // "the shortest" only when there are others: a string the file holds twice is one string, shown once
        sb.Append(CultureInfo.InvariantCulture, $"the FSA and the model differ on {Count} of {Strings} strings of {File}")
          .Append(Distinct < Count ? string.Create(CultureInfo.InvariantCulture, $" ({Distinct} distinct); ") : "; ")
          .Append(Shortest.Count == Distinct ? (Distinct == 1 ? "it is:\n" : "they are:\n") : "the shortest:\n");
        foreach (var d in Shortest)
            sb.Append("  ").Append(ShortestStrings.Show(d.Tokens)).Append(" → model ").Append(d.Model).Append(", FSA ").Append(d.Fsa)
              .Append(" (label ").Append(d.Label).Append(")\n");
        return sb.ToString();
    }

    /// <summary>The --json form: the file, the counts and the strings shown (symbols joined by spaces, as in the data files).</summary>
    public Dictionary<string, object?> Json() => new()
    {
        ["file"] = File,
        ["count"] = Count,
        ["distinct"] = Distinct,
        ["strings"] = Strings,
        ["shortest"] = Shortest.Select(d => new Dictionary<string, object?>
        {
            ["tokens"] = string.Join(' ', d.Tokens), ["label"] = d.Label, ["model"] = d.Model, ["fsa"] = d.Fsa,
        }).ToArray(),
    };
}
