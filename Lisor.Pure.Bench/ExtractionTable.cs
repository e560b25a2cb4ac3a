using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Bench;

/// <summary>
/// The "Done when" tables of docs/extraction.md: <see cref="AutoExtraction"/> (extract's default) on trained models
/// (not a benchmark; run before BenchmarkDotNet sees the arguments; extraction-table.sh trains the models and calls it):
/// <code>
///   extraction-table tomita ROOT                 ROOT/tomitaN/{valid,test}.tsv and CELL.lisor: equivalence with the grammar's minimal DFA
///   extraction-table task DIR REF MODEL…         DIR/{valid,test}.tsv; REF: 000, 0110, a target FSA .json, or none
///   extraction-table speed DIR MODEL [DIR MODEL …]  in-process seconds of the default extraction: first call, best and median of 7 warm calls
///   extraction-table compact DIR MODEL           the compact curve behind the choice (test fidelity shown, never used to choose)
///   extraction-table gendfa N SEED DIR           a random minimal DFA over {a,b,c} (RandomDfa) and 2000/500/500 labelled strings of length 1…20
///   extraction-table gentask oddab|amod3|counters SEED DIR  a user's task: strings over {a,b} of length 1…20, labelled by the parity
///                                                of the number of "ab" (2000/300/500), by the count of a mod 3 (classes 0, 1, 2;
///                                                2000/500/500), or 1 when the count of a is 0 mod 3 and that of b 0 mod 5 (15
///                                                states; 6000/1000/1000); amod7: over {a,b,c} of length 1…30, 1 when the count of
///                                                a is 0 mod 7 (7 states; 4000/1000/1000)
/// </code>
/// </summary>
internal static class ExtractionTable
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length < 2 || args[0] != "extraction-table") return false;
        switch (args[1])
        {
            case "tomita":
                Console.WriteLine("| grammar | cell | RNN test acc | k | raw | saved (minimised) | grammar DFA (with sink) | equivalent | fidelity test | rounds | R runs | s |");
                for (int n = 1; n <= 7; n++)
                    foreach (var cell in new[] { "srn", "mgu", "gru", "lstm" })
                    {
                        string dir = Path.Combine(args[2], $"tomita{n}");
                        var model = Model.Load(Path.Combine(dir, $"{cell}.lisor"));
                        var (r, s, _, ft) = Run(model, dir);
                        var eq = Equivalence.Check(r.Minimised, Tomita.Dfa(n));
                        Console.WriteLine($"| tomita{n} | {cell} | {model.Accuracy(Tsv.Read(Path.Combine(dir, "test.tsv"))):0.000} | {r.K} | {r.Raw.StateCount} | {r.Minimised.StateCount} | {Tomita.MinimalStates(n)} | {(eq.Equivalent ? "yes" : $"no: '{string.Join("", eq.Counterexample!)}'")} | {ft.Fidelity:0.0000} | {r.Rounds} | {r.RRuns} | {s:0.00} |");
                    }
                break;
            case "task":
                Console.WriteLine("| model | RNN test acc | k | raw | saved (minimised) | exact | fidelity valid | fidelity test | FSA test acc | R runs | s |");
                foreach (var m in args.Skip(4))
                {
                    var model = Model.Load(Path.Combine(args[2], m));
                    var (r, s, fv, ft) = Run(model, args[2]);
                    Console.WriteLine($"| {m} | {model.Accuracy(Tsv.Read(Path.Combine(args[2], "test.tsv"))):0.000} | {r.K} | {r.Raw.StateCount} | {r.Minimised.StateCount} | {Exact(r.Minimised, args[3])} | {fv.Fidelity:0.0000} | {ft.Fidelity:0.0000} | {ft.Accuracy:0.0000} | {r.RRuns} | {s:0.00} |");
                }
                break;
            case "compact":
            {
                // The compact curve behind a choice (diagnostic: test fidelity is printed, never used to choose).
                var model = Model.Load(Path.Combine(args[2], args[3]));
                var valid = Tsv.Read(Path.Combine(args[2], "valid.tsv"));
                var test = Tsv.Read(Path.Combine(args[2], "test.tsv"));
                int[] rTest = model.Predict(test);
                var clock = Stopwatch.StartNew();
                var r = AutoExtraction.Extract(model, valid, new AutoExtractionOptions(), line => Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s {line}"));
                Console.WriteLine($"chose {r.Minimised.StateCount} states in {clock.Elapsed.TotalSeconds:0.00} s: fidelity test {FsaEvaluation.Of(r.Minimised, test, rTest).Fidelity:0.0000}");
                string target = Path.Combine(args[2], "target.json");
                if (File.Exists(target))
                    Console.WriteLine($"target DFA: fidelity test {FsaEvaluation.Of(FsaJson.Load(target), test, rTest).Fidelity:0.0000}");
                Console.WriteLine("| states | fidelity valid | probe agreement | fidelity test |");
                foreach (var c in r.Compact)
                    Console.WriteLine($"| {c.Fsa.StateCount} | {c.Fidelity:0.0000} | {c.ProbeAgreement:0.0000} | {FsaEvaluation.Of(c.Fsa, test, rTest).Fidelity:0.0000} |");
                break;
            }
            case "speed":
            {
                // In-process time of the default extract: the first call (JIT included), then the least and the median of 7 warm
                // calls, as wall seconds and as CPU seconds of the process (on a shared machine the CPU time is the steadier measure).
                Console.WriteLine("| data | model | strings | first call: wall s / CPU s | warm best: wall s / CPU s | warm median: wall s / CPU s | states |");
                const int repeats = 7;
                var process = System.Diagnostics.Process.GetCurrentProcess();
                (double Wall, double Cpu, AutoExtractionResult R) Timed(Model model, List<LabeledSequence> valid)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var r = AutoExtraction.Extract(model, valid, new AutoExtractionOptions());
                    double wall = clock.Elapsed.TotalSeconds;
                    process.Refresh();
                    return (wall, (process.TotalProcessorTime - cpu).TotalSeconds, r);
                }
                for (int i = 2; i + 1 < args.Length; i += 2)
                {
                    var model = Model.Load(Path.Combine(args[i], args[i + 1]));
                    var valid = Tsv.Read(Path.Combine(args[i], "valid.tsv")).ToList();
                    var first = Timed(model, valid);
                    var warm = Enumerable.Range(0, repeats).Select(_ => Timed(model, valid)).ToList();
                    var wall = warm.Select(w => w.Wall).Order().ToList();
                    var cpu = warm.Select(w => w.Cpu).Order().ToList();
                    Console.WriteLine($"| {args[i]} | {args[i + 1]} | {valid.Count} | {first.Wall:0.000} / {first.Cpu:0.000} | {wall[0]:0.000} / {cpu[0]:0.000} | " +
                        $"{wall[repeats / 2]:0.000} / {cpu[repeats / 2]:0.000} | {first.R.Minimised.StateCount} |");
                }
                break;
            }
            case "gentask":
            {
                string task = args[2];
                ulong seed = ulong.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
                Directory.CreateDirectory(args[4]);
                var rng = new Lisor.Pure.Tensors.Rng(seed);
                if (task is not ("oddab" or "amod3" or "counters" or "amod7")) throw new ArgumentException($"unknown task '{task}'");
                int symbols = task == "amod7" ? 3 : 2, longest = task == "amod7" ? 30 : 20;
                var sizes = task switch
                {
                    "oddab" => new[] { ("train", 2000), ("valid", 300), ("test", 500) },
                    "counters" => new[] { ("train", 6000), ("valid", 1000), ("test", 1000) },
                    "amod7" => new[] { ("train", 4000), ("valid", 1000), ("test", 1000) },
                    _ => new[] { ("train", 2000), ("valid", 500), ("test", 500) },
                };
                foreach (var (name, count) in sizes)
                {
                    var list = new List<LabeledSequence>(count);
                    for (int i = 0; i < count; i++)
                    {
                        int length = 1 + rng.NextInt(longest);
                        var tokens = new string[length];
                        for (int t = 0; t < length; t++) tokens[t] = symbols == 2 ? (rng.NextInt(2) == 0 ? "a" : "b") : "abc"[rng.NextInt(3)].ToString();
                        int ab = 0, a = 0;
                        for (int t = 0; t < length; t++) { if (tokens[t] == "a") a++; if (t > 0 && tokens[t - 1] == "a" && tokens[t] == "b") ab++; }
                        string label = task switch
                        {
                            "oddab" => ab % 2 == 1 ? "1" : "0",
                            "counters" => a % 3 == 0 && (length - a) % 5 == 0 ? "1" : "0",
                            "amod7" => a % 7 == 0 ? "1" : "0",
                            _ => (a % 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        };
                        list.Add(new LabeledSequence(label, tokens));
                    }
                    Tsv.Write(Path.Combine(args[4], $"{name}.tsv"), list);
                }
                break;
            }
            case "gendfa":
            {
                int n = int.Parse(args[2]);
                ulong seed = ulong.Parse(args[3]);
                Directory.CreateDirectory(args[4]);
                var dfa = RandomDfa.Minimal(n, 3, seed);
                FsaJson.Save(dfa, Path.Combine(args[4], "target.json"));
                var rng = new Lisor.Pure.Tensors.Rng(seed + 100);
                foreach (var (name, count) in new[] { ("train", 2000), ("valid", 500), ("test", 500) })
                    Tsv.Write(Path.Combine(args[4], $"{name}.tsv"), RandomDfa.Sample(dfa, count, 1, 20, rng));
                break;
            }
        }
        return true;
    }

    private static (AutoExtractionResult R, double Seconds, FsaEvaluation Valid, FsaEvaluation Test) Run(Model model, string dir)
    {
        var valid = Tsv.Read(Path.Combine(dir, "valid.tsv"));
        var test = Tsv.Read(Path.Combine(dir, "test.tsv"));
        var clock = Stopwatch.StartNew();
        var r = AutoExtraction.Extract(model, valid, new AutoExtractionOptions());
        double seconds = clock.Elapsed.TotalSeconds;
        return (r, seconds, FsaEvaluation.Of(r.Minimised, valid, model.Predict(valid)), FsaEvaluation.Of(r.Minimised, test, model.Predict(test)));
    }

    private static string Exact(Fsa fsa, string reference)
    {
        if (reference.EndsWith(".json", StringComparison.Ordinal))
        {
            var eq = Equivalence.Check(fsa, FsaJson.Load(reference));
            return eq.Equivalent ? "yes" : $"no: '{string.Join("", eq.Counterexample!)}'";
        }
        if (reference == "000")
        {
            // "no 000" is Tomita 4; the task's strings have lengths 5…20, so also count errors on every string of length 5…14.
            var eq = Equivalence.Check(fsa, Tomita.Dfa(4));
            int wrong = 0;
            for (int len = 5; len <= 14; len++)
                for (int b = 0; b < 1 << len; b++)
                {
                    var t = Enumerable.Range(0, len).Select(i => ((b >> (len - 1 - i)) & 1).ToString()).ToArray();
                    if ((fsa.Classify(t) == "1") != Tomita.Accepts(4, t)) wrong++;
                }
            return (eq.Equivalent ? "yes" : $"no: '{string.Join("", eq.Counterexample!)}'") + $"; lengths 5–14: {(wrong == 0 ? "all right" : $"{wrong} wrong")}";
        }
        if (reference == "0110")
        {
            bool all = Enumerable.Range(0, 16).All(b =>
            {
                var t = Enumerable.Range(0, 4).Select(i => ((b >> (3 - i)) & 1).ToString()).ToArray();
                return fsa.Classify(t) == (string.Concat(t) == "0110" ? "1" : "0");
            });
            return all ? "yes (all 16)" : "no";
        }
        return "-";
    }
}
