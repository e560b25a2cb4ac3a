using System.Globalization;
using System.Text.Json;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// Helpers for sidebyside-extract.sh (not benchmarks; run before BenchmarkDotNet sees the arguments):
/// <code>
///   oracle --model M                      R as a streaming oracle: one token line in, R's class name out, flushed
///   dfa-task --out DIR (--tomita N | --states N --alphabet M) [--seed S] [--max-length L]
///                                         the target DFA (target.json), train/valid/test.tsv labelled by it,
///                                         all.tsv: every string of length 0 … L labelled by it
///   relabel --model M --data F --out G     F with R's own labels (for RPNI, and the peers' fidelity)
///   score --fsa F --target T --model M --test S --max-length L [--row-target NAME --row-method NAME --extract-json J]
///                                         one JSON line: exact (answers as the target on every string of length
///                                         1 … L), epsilon (and on ε), minimised states, fidelity to R on S; with --row-*, a row of the
///                                         side-by-side table (seconds and R runs from extract's --json line J)
///   table ROWS.jsonl                      the side-by-side rows as a Markdown table
/// </code>
/// </summary>
internal static class ExtractionTools
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] is not ("oracle" or "dfa-task" or "relabel" or "score" or "table")) return false;
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2) o[args[i]] = args[i + 1];
        exitCode = args[0] switch
        {
            "oracle" => Oracle(o["--model"]),
            "dfa-task" => DfaTask(o),
            "relabel" => Relabel(o),
            "table" => SideBySideTable.Print(args[1]),
            _ => Score(o),
        };
        return true;
    }

    /// <summary>Reads token lines until end of input; answers each with R's class (step by step, one reused state).</summary>
    private static int Oracle(string modelPath)
    {
        var model = Model.Load(modelPath);
        var state = model.Start();
        Span<float> unused = [];
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            state.Reset();
            foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)) model.Step(state, token);
            stdout.WriteLine(model.Classes[model.Output(state, unused)]);
        }
        return 0;
    }

    private static int DfaTask(Dictionary<string, string> o)
    {
        string dir = o["--out"];
        ulong seed = ulong.Parse(o.GetValueOrDefault("--seed", "1"), CultureInfo.InvariantCulture);
        int maxLength = int.Parse(o.GetValueOrDefault("--max-length", "10"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dir);
        Fsa target;
        if (o.TryGetValue("--tomita", out var n)) target = Tomita.Dfa(int.Parse(n, CultureInfo.InvariantCulture));
        else
        {
            // The same seeded draws as before this generator moved to the engine, so the same languages (state numbers may differ).
            target = RandomDfa.Minimal(int.Parse(o["--states"], CultureInfo.InvariantCulture), int.Parse(o["--alphabet"], CultureInfo.InvariantCulture), seed);
            // Strings of length 1 … 20, uniformly random symbols, balanced between the classes where the language allows.
            var rng = new Rng(seed + 1);
            var sample = Balanced(target, 3000, rng);
            Tsv.Write(Path.Combine(dir, "train.tsv"), sample.Take(2000));
            Tsv.Write(Path.Combine(dir, "valid.tsv"), sample.Skip(2000).Take(500));
            Tsv.Write(Path.Combine(dir, "test.tsv"), sample.Skip(2500));
        }
        FsaJson.Save(target, Path.Combine(dir, "target.json"));
        Tsv.Write(Path.Combine(dir, "all.tsv"), AllStrings(target.Alphabet, maxLength).Select(w => new LabeledSequence(target.Classify(w), w)));
        return 0;
    }

    private static List<LabeledSequence> Balanced(Fsa target, int count, Rng rng)
    {
        var byClass = new List<LabeledSequence>[] { [], [] };
        for (int tries = 0; tries < 200 * count && byClass.Sum(c => c.Count) < count; tries++)
        {
            var w = Enumerable.Range(0, 1 + rng.NextInt(20)).Select(_ => target.Alphabet[rng.NextInt(target.Alphabet.Count)]).ToArray();
            string label = target.Classify(w);
            var list = byClass[label == "1" ? 1 : 0];
            if (list.Count < count / 2 || tries > 100 * count) list.Add(new LabeledSequence(label, w));
        }
        var all = byClass[0].Concat(byClass[1]).ToList();
        for (int i = all.Count - 1; i > 0; i--) { int j = rng.NextInt(i + 1); (all[i], all[j]) = (all[j], all[i]); }
        return all;
    }

    private static IEnumerable<string[]> AllStrings(IReadOnlyList<string> alphabet, int maxLength)
    {
        var level = new List<string[]> { Array.Empty<string>() };
        for (int n = 0; n <= maxLength; n++)
        {
            foreach (var w in level) yield return w;
            if (n < maxLength) level = level.SelectMany(w => alphabet.Select(a => (string[])[.. w, a])).ToList();
        }
    }

    private static int Relabel(Dictionary<string, string> o)
    {
        var model = Model.Load(o["--model"]);
        var data = Tsv.Read(o["--data"]);
        int[] rnn = model.Predict(data);
        Tsv.Write(o["--out"], data.Select((e, i) => e with { Label = model.Classes[rnn[i]] }));
        return 0;
    }

    private static int Score(Dictionary<string, string> o)
    {
        var fsa = FsaJson.Load(o["--fsa"]);
        var target = FsaJson.Load(o["--target"]);
        var model = Model.Load(o["--model"]);
        var test = Tsv.Read(o["--test"]);
        int maxLength = int.Parse(o["--max-length"], CultureInfo.InvariantCulture);
        // Exact as the issue counts it: on every non-empty string up to the length; ε is reported on its own.
        bool exact = AllStrings(target.Alphabet, maxLength).Skip(1).All(w => fsa.Classify(w) == target.Classify(w));
        var score = FsaEvaluation.Of(fsa, test, model.Predict(test));
        var row = new Dictionary<string, object?>
        {
            ["exact"] = exact,
            ["epsilon"] = fsa.Classify([]) == target.Classify([]),
            ["equivalent"] = Equivalence.Check(fsa, target).Equivalent,
            ["states"] = Minimiser.Minimise(fsa, MissingPolicy.Dead, keepSink: true).Minimal.StateCount,   // complete: a sink counts, as in the targets
            ["fidelity"] = score.Fidelity ?? double.NaN,
        };
        if (o.TryGetValue("--row-target", out var name))
        {
            row["target"] = name;
            row["method"] = o["--row-method"];
            if (o.TryGetValue("--extract-json", out var jsonPath))
            {
                var lines = File.ReadAllLines(jsonPath);
                using var summary = JsonDocument.Parse(lines[^1]);
                var root = summary.RootElement;
                row["seconds"] = root.TryGetProperty("learn_seconds", out var learn) ? learn.GetDouble() : root.GetProperty("seconds").GetDouble();
                if (root.TryGetProperty("rnn_steps", out var steps)) row["runs"] = steps.GetInt64();
                if (root.TryGetProperty("clusters", out var k))   // null: the default extract saved one of L*'s hypotheses
                    row["note"] = k.ValueKind == JsonValueKind.Number ? $"k={k.GetInt32()}" : "L*";
                if (root.TryGetProperty("budget_reached", out var b) && b.ValueKind == JsonValueKind.String) row["note"] = "budget: " + b.GetString();
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(row));
        return 0;
    }
}
