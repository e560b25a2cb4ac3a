using System.Text;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>One bad input: how to make it, and what its one-line error must name.</summary>
public sealed record BadInputCase(string Name, Func<CaseFolder, string[]> Arrange, string Names)
{
    public override string ToString() => Name;
}

/// <summary>
/// The bad-input matrix: every case must end with exit code 2, one "error: …" line naming the file,
/// line or option, no stack trace, and no file created or changed.
/// </summary>
public static class BadInputCases
{
    /// <summary>A minimal valid FSA (2 states) whose JSON the FSA cases break one rule at a time.</summary>
    public static string FsaJson(string? states = null, string? transitions = null, string positive = "\"positive\": \"1\", ",
                                 string version = "1") =>
        "{\n\"format\": \"lisor-fsa\", \"version\": " + version + ",\n\"alphabet\": [\"0\", \"1\"], \"classes\": [\"0\", \"1\"], " + positive + "\"start\": 0,\n" +
        "\"states\": [" + (states ?? "{\"id\": 0, \"start\": true, \"label\": \"0\", \"accepting\": false, \"size\": 0},\n" +
                                     "{\"id\": 1, \"label\": \"1\", \"accepting\": true, \"size\": 5}") + "],\n" +
        "\"transitions\": [" + (transitions ?? "{\"from\": 0, \"symbol\": \"1\", \"to\": 1, \"count\": 3}") + "]\n}\n";

    private static BadInputCase C(string name, string names, Func<CaseFolder, string[]> arrange) => new(name, arrange, names);

    public static IEnumerable<BadInputCase> All()
    {
        // Data files.
        yield return C("train_missing_file", "nope.tsv", c => c.Train(c.Path_("nope.tsv")));
        yield return C("train_directory_as_file", "folder", c => c.Train(c.Folder("folder")));
        yield return C("train_empty_file", "empty.tsv", c => c.Train(c.Text("empty.tsv", "")));
        yield return C("train_only_comments", "comments.tsv", c => c.Train(c.Text("comments.tsv", "# nothing\n\n")));
        yield return C("train_line_without_tab", "notab.tsv:2", c => c.Train(c.Text("notab.tsv", "0\t0 1\n1 0 1 1 0\n")));
        yield return C("train_empty_label", "nolabel.tsv:3", c => c.Train(c.Text("nolabel.tsv", "0\t0 1\n1\t1 1\n\t0 1 1 0\n")));
        yield return C("train_two_tabs", "tabs.tsv:1", c => c.Train(c.Text("tabs.tsv", "0\t0 1\t1\n")));
        yield return C("train_double_space", "spaces.tsv:1", c => c.Train(c.Text("spaces.tsv", "0\t0  1\n")));
        yield return C("train_not_utf8", "latin1.tsv:2", c => c.Train(c.Bytes("latin1.tsv", [.. "0\t0 1\n"u8, .. "1\tcaf"u8, 0xE9, .. "\n"u8])));
        yield return C("train_10MB_line_without_tab", "huge.tsv:1", c => c.Train(c.Text("huge.tsv", new string('0', 10 << 20) + "\n")));
        yield return C("train_single_class", "one.tsv", c => c.Train(c.Text("one.tsv", "1\t0 1 1 0\n1\t0 1 1 0 1\n")));
        yield return C("train_valid_has_unseen_class", "v.tsv", c => ["train", "--train", c.F.Train, "--valid", c.Text("v.tsv", "maybe\t0 1\n"),
            "--cell", "srn", "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", c.Path_("model.lisor")]);
        yield return C("extract_data_classes_differ_from_model", "pn.tsv", c => c.Extract(c.F.Model, c.Text("pn.tsv", "pos\t0 1\nneg\t1 1\n")));
        yield return C("classify_data_classes_differ_from_fsa", "pn.tsv", c => c.Classify(c.F.Fsa, c.Text("pn.tsv", "pos\t0 1\nneg\t1 1\n")));
        yield return C("classify_missing_data_file", "gone.tsv", c => c.Classify(c.F.Fsa, c.Path_("gone.tsv")));
        yield return C("classify_data_with_empty_label", "bad.tsv:1", c => c.Classify(c.F.Fsa, c.Text("bad.tsv", "\t0 1\n")));

        // Model files.
        yield return C("extract_missing_model", "none.lisor", c => c.Extract(c.Path_("none.lisor"), c.F.Valid));
        yield return C("extract_model_is_directory", "models", c => c.Extract(c.Folder("models"), c.F.Valid));
        yield return C("extract_model_empty", "empty.lisor", c => c.Extract(c.Text("empty.lisor", ""), c.F.Valid));
        yield return C("extract_model_is_text", "text.lisor", c => c.Extract(c.Text("text.lisor", "0\t0 1 1 0\n"), c.F.Valid));
        yield return C("extract_model_truncated", "cut.lisor", c => c.Extract(c.Model("cut.lisor", b => b[..(b.Length / 2)]), c.F.Valid));
        yield return C("extract_model_one_flipped_byte", "flip.lisor", c => c.Extract(c.Model("flip.lisor", b => { b[b.Length / 2] ^= 0x10; return b; }), c.F.Valid));
        yield return C("extract_model_newer_version", "v2.lisor", c => c.Extract(c.Model("v2.lisor", b => { b[8] = 2; return b; }), c.F.Valid));
        yield return C("extract_model_extra_bytes", "long.lisor", c => c.Extract(c.Model("long.lisor", b => [.. b, 0]), c.F.Valid));

        // FSA files.
        yield return C("classify_fsa_missing_field", "nopositive.json", c => c.Classify(c.Text("nopositive.json", FsaJson(positive: "")), c.F.Test));
        yield return C("classify_fsa_transition_to_missing_state", "to9.json:", c => c.Classify(c.Text("to9.json", FsaJson(transitions: "{\"from\": 0, \"symbol\": \"1\", \"to\": 9, \"count\": 3}")), c.F.Test));
        yield return C("classify_fsa_two_transitions_same_state_symbol", "dup.json:", c => c.Classify(c.Text("dup.json", FsaJson(transitions:
            "{\"from\": 0, \"symbol\": \"1\", \"to\": 1, \"count\": 3},\n{\"from\": 0, \"symbol\": \"1\", \"to\": 0, \"count\": 2}")), c.F.Test));
        yield return C("classify_fsa_wrong_type", "types.json:", c => c.Classify(c.Text("types.json", FsaJson(transitions: "{\"from\": 0, \"symbol\": \"1\", \"to\": 1, \"count\": \"three\"}")), c.F.Test));
        yield return C("classify_fsa_not_json", "junk.json:", c => c.Classify(c.Text("junk.json", "this is { not json"), c.F.Test));
        yield return C("classify_fsa_empty_file", "empty.json", c => c.Classify(c.Text("empty.json", ""), c.F.Test));
        yield return C("classify_fsa_newer_version", "v3.json:", c => c.Classify(c.Text("v3.json", FsaJson(version: "3")), c.F.Test));
        yield return C("classify_fsa_symbol_not_in_alphabet", "sym.json:", c => c.Classify(c.Text("sym.json", FsaJson(transitions: "{\"from\": 0, \"symbol\": \"x\", \"to\": 1, \"count\": 3}")), c.F.Test));
        yield return C("classify_fsa_missing_file", "nofsa.json", c => c.Classify(c.Path_("nofsa.json"), c.F.Test));

        // Options.
        yield return C("extract_clusters_zero", "--clusters", c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "0", "--out", c.Path_("fsa.json")]);
        yield return C("extract_clusters_negative", "--clusters", c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "-2", "--out", c.Path_("fsa.json")]);
        yield return C("extract_clusters_more_than_points", "--clusters", c => ["extract", "--model", c.F.Model, "--data", c.Text("tiny.tsv", "0\t0 1\n1\t0 1 1 0\n"),
            "--clusters", "50", "--out", c.Path_("fsa.json")]);
        yield return C("extract_layer_out_of_range", "layer", c => c.Extract(c.F.Model, c.F.Valid, "--layer", "5"));
        yield return C("extract_unknown_method", "--method", c => c.Extract(c.F.Model, c.F.Valid, "--method", "dbscan"));
        yield return C("extract_unknown_restart_selection", "--select", c => c.Extract(c.F.Model, c.F.Valid, "--restarts", "3", "--select", "accuracy"));
        yield return C("extract_zero_restarts", "--restarts", c => c.Extract(c.F.Model, c.F.Valid, "--restarts", "0", "--select", "fidelity"));
        yield return C("train_negative_hidden", "--hidden", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "-4", "--out", c.Path_("m.lisor")]);
        yield return C("train_non_numeric_epochs", "--epochs", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--epochs", "three", "--out", c.Path_("m.lisor")]);
        yield return C("train_nan_learning_rate", "--lr", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--lr", "NaN", "--out", c.Path_("m.lisor")]);
        yield return C("train_unknown_cell", "--cell", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "transformer", "--out", c.Path_("m.lisor")]);
        yield return C("train_unknown_option", "--hiden", c => [.. c.Train(c.F.Train), "--hiden", "4"]);
        yield return C("train_missing_required_option", "--cell", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--out", c.Path_("m.lisor")]);
        yield return C("train_option_without_value", "--out", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--out"]);
        yield return C("train_threads_zero", "--threads", c => [.. c.Train(c.F.Train), "--threads", "0"]);
        yield return C("train_negative_seed", "--seed", c => [.. c.Train(c.F.Train), "--seed", "-1"]);
        yield return C("cluster_clusters_zero", "--clusters", c => ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"), "--clusters", "0", "--assignments", c.Path_("a.tsv")]);
        yield return C("cluster_missing_points_file", "nop.csv", c => ["cluster", "--points", c.Path_("nop.csv"), "--clusters", "2", "--assignments", c.Path_("a.tsv")]);
        yield return C("data_unknown_task", "tomita9", c => ["data", "--task", "tomita9", "--out", c.Path_("data")]);
        yield return C("unknown_command", "frobnicate", c => ["frobnicate", "--out", c.Path_("x")]);

        // Outputs that are existing folders.
        yield return C("train_out_is_directory", "--out", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4",
            "--layers", "1", "--epochs", "1", "--out", c.Folder("outdir")]);
        yield return C("extract_out_is_directory", "--out", c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "3", "--out", c.Folder("outdir")]);
        yield return C("classify_predictions_is_directory", "--predictions", c => ["classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--predictions", c.Folder("outdir")]);
        yield return C("data_out_is_a_file", "taken", c => ["data", "--task", "0110", "--out", c.Text("taken", "x")]);
    }
}
