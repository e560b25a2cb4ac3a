using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>One error that quotes a long text the user gave: how to make it, and the bounded quote its one line must hold.</summary>
public sealed record LongQuoteCase(string Name, Func<CaseFolder, string[]> Arrange, string Expected)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every error line that quotes user text of any length — a label, a token, an option's value, a CSV cell, a JSON string,
/// a manifest's setting, a class list — fed a 10 000-character text. Each must show its start, "…" and its length
/// (<c>'0101…' (10000 characters)</c>), not the whole text.
/// </summary>
public static class LongQuoteCases
{
    /// <summary>The long text: 10 000 characters, no space, starting with '0' (so it sorts before letters).</summary>
    public static readonly string L = string.Concat(Enumerable.Repeat("01", 5000));

    /// <summary>A long token for the wide model's alphabet.</summary>
    public static readonly string T = string.Concat(Enumerable.Repeat("ab", 5000));

    /// <summary>Another long token of the wide model's alphabet, as long as <see cref="T"/>.</summary>
    public static readonly string T2 = string.Concat(Enumerable.Repeat("cd", 5000));

    /// <summary>How a long ASCII text is quoted: 'start…' (N characters).</summary>
    public static string Q(string s) => $"'{s[..40]}…' ({s.Length} characters)";

    /// <summary>As the JSON readers quote it: "start…" (N characters).</summary>
    public static string DQ(string s) => $"\"{s[..40]}…\" ({s.Length} characters)";

    /// <summary>Unquoted (numbers, list items): start… (N characters).</summary>
    public static string P(string s) => $"{s[..40]}… ({s.Length} characters)";

    /// <summary>The 22 classes of the wide model and FSA (L and k01 … k21), as a message lists them: 20, then "…".</summary>
    public static string WideClasses => P(L) + ", " + string.Join(", ", Enumerable.Range(1, 19).Select(K)) + ", …";

    private static string K(int i) => $"k{i:00}";

    private static LongQuoteCase C(string name, string expected, Func<CaseFolder, string[]> arrange) => new(name, arrange, expected);

    public static IEnumerable<LongQuoteCase> All()
    {
        // Sequence data: labels.
        yield return C("tsv_label_with_surrounding_spaces", $"label {Q(" " + L)} has surrounding spaces",
            c => c.Train(c.Text("spaces.tsv", $"0\t0 1\n {L}\t1\n")));
        yield return C("predict_label_with_surrounding_spaces", $"label {Q(" " + L)} has surrounding spaces",
            c => ["predict", "--model", c.F.Model, "--data", c.Text("spaces.tsv", $"0\t0 1\n {L}\t1\n"), "--out", c.Path_("p.tsv")]);
        yield return C("extract_label_not_a_model_class", $"odd.tsv:2: label {Q(L)} is not one of the model's classes (0, 1)",
            c => c.Extract(c.F.Model, c.Text("odd.tsv", $"0\t0 1\n{L}\t1\n")));
        yield return C("train_valid_label_not_in_training_set", $"label {Q(L)} is not in the training set",
            c => ["train", "--train", c.F.Train, "--valid", c.Text("v.tsv", $"{L}\t1\n"), "--cell", "srn", "--hidden", "2", "--layers", "1",
                  "--epochs", "1", "--out", c.Path_("m.lisor")]);
        yield return C("train_one_class", $"has only one class ({Q(L)}); training needs at least 2",
            c => c.Train(c.Text("one.tsv", $"{L}\t0 1\n{L}\t1\n")));
        yield return C("predict_label_not_a_model_class", $"label {Q(L)} is not one of the model's classes (0, 1)",
            c => ["predict", "--model", c.F.Model, "--data", c.Text("odd.tsv", $"{L}\t1\n"), "--out", c.Path_("p.tsv")]);
        yield return C("sweep_one_class", $"the training set has only one class ({Q(L)}); need at least 2",
            c => Sweep(c, c.Text("one.tsv", $"{L}\t0 1\n{L}\t1\n"), c.F.Valid));
        yield return C("sweep_valid_label_not_in_training_set", $"the validation set has label {Q(L)}, which the training set does not have",
            c => Sweep(c, c.F.Train, c.Text("v.tsv", $"{L}\t1\n")));

        // Class lists: a model or FSA of 22 classes, one of them 10 000 characters long.
        yield return C("extract_label_not_a_class_of_a_wide_model", $"is not one of the model's classes ({WideClasses})",
            c => c.Extract(WideModel.Get().Model, c.Text("x.tsv", "x\t0\n")));
        yield return C("predict_label_not_a_class_of_a_wide_model", $"is not one of the model's classes ({WideClasses})",
            c => ["predict", "--model", WideModel.Get().Model, "--data", c.Text("x.tsv", "x\t0\n"), "--out", c.Path_("p.tsv")]);
        yield return C("train_positive_not_a_class", $"--positive {Q("x" + L)} is not a class of the training set ({WideClasses})",
            c => ["train", "--train", WideModel.Get().Data, "--valid", WideModel.Get().Data, "--cell", "srn", "--hidden", "2", "--layers", "1",
                  "--epochs", "1", "--positive", "x" + L, "--out", c.Path_("m.lisor")]);
        yield return C("classify_label_not_a_class_of_a_wide_fsa", $"label 'x' is not one of the FSA's classes ({WideClasses})",
            c => c.Classify(WideFsa(c), c.Text("x.tsv", "x\t0\n")));
        yield return C("classify_ensemble_classes_differ", $"classes [{WideClasses}] differ from [0, 1] in",
            c => c.Classify(c.F.Fsa + "," + WideFsa(c), c.F.Test));
        yield return C("classify_model_classes_differ_from_the_fsa", $"the model's classes [0, 1] differ from the FSA's [{WideClasses}]",
            c => c.Classify(WideFsa(c), c.Text("k.tsv", "k01\t0\n"), "--model", c.F.Model));
        yield return C("predict_fsa_classes_differ_from_the_model", $"the FSA's classes [{WideClasses}] differ from the model's [0, 1]",
            c => ["predict", "--model", c.F.Model, "--fsa", WideFsa(c), "--data", c.F.Test, "--out", c.Path_("p.tsv")]);
        yield return C("extract_highlight_not_in_a_wide_alphabet", $"option '--highlight': 'zz' is not a symbol of the FSA's alphabet (",
            c => WideExtract(c, "zz"));
        yield return C("extract_highlight_alphabet_shows_a_long_symbol_cut", P(T),
            c => WideExtract(c, "zz"));
        yield return C("extract_highlight_long_unknown_symbol", $"option '--highlight': {Q("x" + L)} is not a symbol",
            c => WideExtract(c, "x" + L));

        // Options.
        yield return C("unknown_option", $"train: unknown option {Q("--" + L)}", c => ["train", "--" + L]);
        yield return C("option_value_is_an_option", $"extract: option '--model' needs a value <MODEL>, got the option {Q("--" + L)}",
            c => ["extract", "--model", "--" + L]);
        yield return C("unexpected_argument", $"train: unexpected argument {Q(L)}", c => ["train", L]);
        yield return C("unexpected_short_option", $"train: unexpected argument {Q("-" + L)}", c => ["train", "-" + L]);
        yield return C("int_not_a_number", $"option '--clusters': expected a whole number, got {Q("x" + L)}",
            c => ["cluster", "--points", c.Path_("none.csv"), "--clusters", "x" + L]);
        yield return C("int_out_of_range", $"option '--clusters': {P(new string('9', 10_000))} is out of range",
            c => ["cluster", "--points", c.Path_("none.csv"), "--clusters", new string('9', 10_000)]);
        yield return C("seed_not_a_number", $"option '--seed': expected a non-negative whole number, got {Q("x" + L)}",
            c => ["train", "--seed", "x" + L]);
        yield return C("double_not_a_number", $"option '--tolerance': expected a number, got {Q("x" + L)}",
            c => ["cluster", "--points", c.Path_("none.csv"), "--clusters", "2", "--tolerance", "x" + L]);
        yield return C("double_out_of_range", $"option '--tolerance': {P("-" + new string('0', 10_000) + "1")} is out of range",
            c => ["cluster", "--points", c.Path_("none.csv"), "--clusters", "2", "--tolerance", "-" + new string('0', 10_000) + "1"]);
        yield return C("choice_not_allowed", $"option '--method': {Q(L)} is not one of kmeans, kmeansx",
            c => ["cluster", "--points", c.Path_("none.csv"), "--clusters", "2", "--method", L]);
        yield return C("choice_list_item_not_allowed", $"option '--cells': {Q("x" + L)} is not one of",
            c => ["sweep", "--out", c.Path_("out"), "--cells", "srn,x" + L]);
        yield return C("choice_list_names_an_item_twice", $"option '--cells': {Q("srn,srn" + new string(',', 10_000))} names an item twice",
            c => ["sweep", "--out", c.Path_("out"), "--cells", "srn,srn" + new string(',', 10_000)]);
        yield return C("unknown_command", $"unknown command {Q(L)}", c => [L]);
        yield return C("unexpected_argument_after_a_long_one", $"unexpected argument 'x' after {Q(L)}", c => ["help", L, "x"]);
        yield return C("unexpected_argument_after_version", $"unexpected argument {Q(L)} after '--version'", c => ["--version", L]);
        yield return C("unknown_benchmark", $"bench: unknown benchmark {Q(L)}", c => ["bench", L]);

        // A model file whose vocabulary names a long symbol twice (its checksum made right again).
        yield return C("model_vocabulary_symbol_twice", $"inconsistent model file: vocabulary: symbol {Q(T)} appears twice",
            c => c.Extract(TwiceModel(c), c.F.Valid));

        // Points, sequences, assignments, word vectors.
        yield return C("csv_cell_not_a_number", $"p.csv:2: {Q("x" + L)} is not a number",
            c => ["cluster", "--points", c.Text("p.csv", $"1,2\nx{L},3\n"), "--clusters", "1"]);
        yield return C("csv_cell_not_finite", $"p.csv:2: {Q("1e" + new string('9', 10_000))} is not a finite number",
            c => ["cluster", "--points", c.Text("p.csv", $"1,2\n1e{new string('9', 10_000)},3\n"), "--clusters", "1"]);
        yield return C("sequences_index_not_a_number", $"s.tsv:1: sequence index {Q("x" + L)} is not a whole number",
            c => KMeansX(c, $"x{L}\t1\n0\t2\n"));
        yield return C("sequences_step_not_a_number", $"s.tsv:1: step {Q("x" + L)} is not a whole number",
            c => KMeansX(c, $"0\tx{L}\n0\t2\n"));
        yield return C("assignments_point_index_not_a_number", $"a.tsv:1: point index {Q("x" + L)} should be 0",
            c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--mode", "paper", "--assignments", c.Text("a.tsv", $"x{L}\t0\n"), "--out", c.Path_("f.json")]);
        yield return C("assignments_cluster_not_a_number", $"a.tsv:1: cluster {Q("x" + L)} is not a whole number",
            c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--mode", "paper", "--assignments", c.Text("a.tsv", $"x{L}\n"), "--out", c.Path_("f.json")]);
        yield return C("npy_dtype_not_supported", $"dtype {Q("<x" + L)} is not supported",
            c => Points(c, Npy($"{{'descr': '<x{L}', 'fortran_order': False, 'shape': (2, 2), }}")));
        yield return C("npy_header_malformed", $"malformed .npy header: {P($"{{'descr': '<f4', 'shape': (2, 2), 'note': '{L}', }}")}",
            c => Points(c, Npy($"{{'descr': '<f4', 'shape': (2, 2), 'note': '{L}', }}")));
        yield return C("npy_shape_malformed", $"malformed shape {Q($"(x{L}, 2)")} in the .npy header",
            c => Points(c, Npy($"{{'descr': '<f4', 'fortran_order': False, 'shape': (x{L}, 2), }}")));
        yield return C("npy_shape_of_many_dimensions", $"got shape ({string.Join(", ", Enumerable.Repeat("1", 20))}, …)",
            c => Points(c, Npy($"{{'descr': '<f4', 'fortran_order': False, 'shape': ({string.Join(", ", Enumerable.Repeat("1", 3000))}), }}")));
        yield return C("word_vectors_wrong_count", $"v.txt:2: {Q(L)} has 2 numbers, expected 1",
            c => c.Train(c.F.Train, "--vectors", c.Text("v.txt", $"0 1\n{L} 1 2\n")));
        yield return C("word_vectors_not_a_number", $"v.txt:2: number 1 of {Q(L)} is {Q("x" + L)}, expected a finite number",
            c => c.Train(c.F.Train, "--vectors", c.Text("v.txt", $"0 1\n{L} x{L}\n")));

        // FSA files (JSON).
        yield return C("fsa_json_duplicate_key", $"key {Q(L)} appears twice in one object",
            c => c.Classify(c.Text("f.json", "{\"format\": \"lisor-fsa\", " + Json(L) + ": 1, " + Json(L) + ": 2}"), c.F.Test));
        yield return C("fsa_json_string_where_a_number_belongs", $"'version' must be a whole number, got {DQ(L)}",
            c => c.Classify(Fsa(c, f => f["version"] = L), c.F.Test));
        yield return C("fsa_json_fraction_where_a_whole_number_belongs", $"'version' must be a whole number, got {P("1." + new string('0', 10_000))}",
            c => c.Classify(c.Text("f.json", Fsa(_ => { }).Replace("\"version\":1", "\"version\":1." + new string('0', 10_000))), c.F.Test));
        yield return C("fsa_json_whole_number_out_of_range", $"'start' is out of range (-2147483648 … 2147483647), got {P(new string('9', 10_000))}",
            c => c.Classify(c.Text("f.json", Fsa(_ => { }).Replace("\"start\":0", "\"start\":" + new string('9', 10_000))), c.F.Test));
        yield return C("fsa_format", $"'format' is {DQ(L)}, expected \"lisor-fsa\"",
            c => c.Classify(Fsa(c, f => f["format"] = L), c.F.Test));
        yield return C("fsa_positive_not_a_class", $"'positive' class {DQ(L)} is not in 'classes'",
            c => c.Classify(Fsa(c, f => f["positive"] = L), c.F.Test));
        yield return C("fsa_state_label_not_a_class", $"state 1's label {DQ(L)} is not in 'classes'",
            c => c.Classify(Fsa(c, f => f["states"]![1]!["label"] = L), c.F.Test));
        yield return C("fsa_accepting_differs_from_the_label", $"state 1 has label {DQ(L)} but \"accepting\": false (accepting means labelled {DQ(L)})",
            c => c.Classify(Fsa(c, f => { f["classes"] = new JsonArray("0", L); f["positive"] = L; f["states"]![1]!["label"] = L; f["states"]![1]!["accepting"] = false; }), c.F.Test));
        yield return C("fsa_symbol_with_white_space", $"symbol {DQ(L + " x")} contains white space",
            c => c.Classify(Fsa(c, f => f["alphabet"] = new JsonArray("0", "1", L + " x")), c.F.Test));
        yield return C("fsa_class_with_white_space_around_it", $"class {DQ(" " + L)} has white space around it",
            c => c.Classify(Fsa(c, f => f["classes"] = new JsonArray("0", "1", " " + L)), c.F.Test));
        yield return C("fsa_symbol_twice", $"symbol {DQ(L)} appears twice in 'alphabet'",
            c => c.Classify(Fsa(c, f => f["alphabet"] = new JsonArray("0", L, L)), c.F.Test));
        yield return C("fsa_transition_symbol_not_in_alphabet", $"transitions[0]: symbol {DQ(L)} is not in 'alphabet'",
            c => c.Classify(Fsa(c, f => f["transitions"]![0]!["symbol"] = L), c.F.Test));
        yield return C("fsa_second_transition", $"a second transition from state 0 on {DQ(L)}",
            c => c.Classify(LongSymbolFsa(c, [Move(0, 1, 3), Move(0, 0, 2)], []), c.F.Test));
        yield return C("fsa_dropped_without_a_kept_move", $"dropped move from state 1 on {DQ(L)} has no kept transition",
            c => c.Classify(LongSymbolFsa(c, [Move(0, 1, 3)], [Move(1, 0, 1)]), c.F.Test));
        yield return C("fsa_dropped_is_the_kept_move", $"dropped move 0 → 1 on {DQ(L)} is the kept transition",
            c => c.Classify(LongSymbolFsa(c, [Move(0, 1, 3)], [Move(0, 1, 1)]), c.F.Test));
        yield return C("fsa_dropped_seen_more_often", $"dropped move 0 → 0 on {DQ(L)} was seen more often",
            c => c.Classify(LongSymbolFsa(c, [Move(0, 1, 3)], [Move(0, 0, 5)]), c.F.Test));
        yield return C("fsa_dropped_listed_twice", $"dropped move 0 → 0 on {DQ(L)} is listed twice",
            c => c.Classify(LongSymbolFsa(c, [Move(0, 1, 3)], [Move(0, 0, 1), Move(0, 0, 1)]), c.F.Test));

        // A run folder's manifest.json (JSON), found by a rerun.
        yield return C("manifest_of_another_run", $"the folder holds a {P(L)} run, this is a sweep run",
            c => Rerun(c, m => m["run"] = L));
        yield return C("manifest_setting_was_long", $"--seed was {P(L)}, now 1",
            c => Rerun(c, m => m["settings"]!["--seed"] = L));
        yield return C("manifest_long_setting_not_ours", $"{P(L)} was 1, now not a setting",
            c => Rerun(c, m => m["settings"]![L] = "1"));
        yield return C("manifest_long_setting_not_a_string", $"{P(L)} must be a string, got 5",
            c => Rerun(c, m => m["settings"]![L] = 5));
    }

    // A sweep that fails at its first training (the cheapest run that claims its folder).
    private static string[] Sweep(CaseFolder c, string train, string valid)
        => ["sweep", "--train", train, "--valid", valid, "--test", c.F.Test, "--out", c.Path_("sweep"), "--cells", "srn", "--trials", "1",
            "--epochs", "1", "--hidden", "2", "--layers", "1", "--quiet"];

    // A sweep folder whose manifest.json is changed by `change`, and the rerun that reads it.
    private static string[] Rerun(CaseFolder c, Action<JsonNode> change)
    {
        string one = c.Text("one.tsv", "a\t0 1\na\t1\n");
        string[] args = Sweep(c, one, one);
        var first = CliRunner.Run(args);   // claims the folder, then stops: one class
        if (first.ExitCode != 2) throw new InvalidOperationException($"the first sweep should stop at training: {first.Err}");
        string path = Path.Combine(c.Path_("sweep"), "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        change(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
        return args;
    }

    // The wide model with T2 written as T: its vocabulary holds T twice.
    private static string TwiceModel(CaseFolder c)
    {
        byte[] bytes = File.ReadAllBytes(WideModel.Get().Model);
        byte[] t = Encoding.UTF8.GetBytes(T), t2 = Encoding.UTF8.GetBytes(T2);
        int at = bytes.AsSpan().IndexOf(t2);
        if (at < 0) throw new InvalidOperationException("the wide model's vocabulary lacks T2");
        t.CopyTo(bytes, at);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Lisor.Pure.Training.Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        return c.Bytes("twice.lisor", bytes);
    }

    private static string[] KMeansX(CaseFolder c, string sequences)
        => ["cluster", "--points", c.Text("p.csv", "1,2\n3,4\n"), "--clusters", "1", "--method", "kmeansx", "--sequences", c.Text("s.tsv", sequences)];

    private static string[] Points(CaseFolder c, byte[] npy) => ["cluster", "--points", c.Bytes("p.npy", npy), "--clusters", "1"];

    // A version-2 .npy file (4-byte header length) with this header dictionary and 4 float32 zeros.
    private static byte[] Npy(string dict)
    {
        var header = Encoding.ASCII.GetBytes(dict + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0 };
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        return [.. bytes, .. length, .. header, .. new byte[16]];
    }

    private static string Json(string s) => JsonSerializer.Serialize(s);

    // A valid 2-state FSA over {0, 1} (classes 0, 1, positive 1), changed by `change`, as text.
    private static string Fsa(Action<JsonNode> change)
    {
        var fsa = JsonNode.Parse(BadInputCases.FsaJson())!;
        change(fsa);
        return fsa.ToJsonString();
    }

    private static string Fsa(CaseFolder c, Action<JsonNode> change) => c.Text("f.json", Fsa(change));

    private static JsonObject Move(int from, int to, int count) => new() { ["from"] = from, ["symbol"] = L, ["to"] = to, ["count"] = count };

    // The 2-state FSA over {0, 1, L} with these moves on L.
    private static string LongSymbolFsa(CaseFolder c, JsonObject[] transitions, JsonObject[] dropped)
        => Fsa(c, f =>
        {
            f["alphabet"] = new JsonArray("0", "1", L);
            f["transitions"] = new JsonArray(transitions);
            f["dropped"] = new JsonArray(dropped);
        });

    // An FSA whose classes are those of the wide model (22, one of them L): a label other than those is reported
    // with the list bounded.
    private static string WideFsa(CaseFolder c)
        => Fsa(c, f =>
        {
            f["classes"] = new JsonArray([L, .. Enumerable.Range(1, 21).Select(i => (JsonNode)K(i))]);
            f["positive"] = "k01";
            f["states"]![0]!["label"] = "k02";
            f["states"]![1]!["label"] = "k01";
        });

    private static string[] WideExtract(CaseFolder c, string highlight)
        => ["extract", "--model", WideModel.Get().Model, "--data", WideModel.Get().Data, "--mode", "paper", "--clusters", "2",
            "--out", c.Path_("f.json"), "--svg", c.Path_("f.svg"), "--highlight", highlight];

    /// <summary>
    /// A model of 22 classes (L and k01 … k21) over 25 symbols (0, 1, the long tokens T and T2, s01 … s21), trained once
    /// through the command line: the lists of its classes and symbols that messages quote are long in both ways.
    /// </summary>
    public static class WideModel
    {
        private static readonly Lazy<(string Data, string Model)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

        public static (string Data, string Model) Get() => Built.Value;

        private static (string, string) Build()
        {
            string dir = CliRunner.TempDir(), data = Path.Combine(dir, "wide.tsv"), model = Path.Combine(dir, "wide.lisor");
            var lines = new List<string>();
            string[] labels = [L, .. Enumerable.Range(1, 21).Select(K)];
            for (int i = 0; i < labels.Length; i++)
                lines.Add($"{labels[i]}\t{T} 0 s{i % 21 + 1:00} 1 {T2} {T}");
            File.WriteAllLines(data, lines);
            var r = CliRunner.Run("train", "--train", data, "--valid", data, "--cell", "srn", "--hidden", "2", "--layers", "1", "--epochs", "1",
                                  "--out", model, "--quiet");
            if (r.ExitCode != 0) throw new InvalidOperationException($"the wide model did not train: {r.Err}");
            return (data, model);
        }
    }
}
