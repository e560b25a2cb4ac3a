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
        yield return C("train_valid_has_unseen_class", "v.tsv:3", c => ["train", "--train", c.F.Train, "--valid", c.Text("v.tsv", "0\t1\n# c\nmaybe\t0 1\n"),
            "--cell", "srn", "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", c.Path_("model.lisor")]);
        yield return C("extract_data_classes_differ_from_model", "pn.tsv:1", c => c.Extract(c.F.Model, c.Text("pn.tsv", "pos\t0 1\nneg\t1 1\n")));
        yield return C("extract_label_not_in_model_after_a_comment", "odd.tsv:3", c => c.Extract(c.F.Model, c.Text("odd.tsv", "0\t0 1\n# c\n7\t1 1\n")));
        yield return C("classify_data_classes_differ_from_fsa", "pn.tsv:1", c => c.Classify(c.F.Fsa, c.Text("pn.tsv", "pos\t0 1\nneg\t1 1\n")));
        yield return C("classify_label_not_in_fsa_after_a_blank_line", "odd.tsv:3", c => c.Classify(c.F.Fsa, c.Text("odd.tsv", "0\t0 1\n\n7\t1 1\n")));
        yield return C("classify_missing_data_file", "gone.tsv", c => c.Classify(c.F.Fsa, c.Path_("gone.tsv")));
        yield return C("classify_data_with_empty_label", "bad.tsv:1", c => c.Classify(c.F.Fsa, c.Text("bad.tsv", "\t0 1\n")));
        yield return C("classify_data_with_a_lone_tab", "tab.tsv:2", c => c.Classify(c.F.Fsa, c.Text("tab.tsv", "1\t0\n\t\n0\t0 0 0\n")));

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
        yield return C("classify_fsa_class_with_a_tab", "tabclass.json:3:", c => c.Classify(c.Text("tabclass.json", FsaJson().Replace("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \"a\\tb\"]")), c.F.Test));
        yield return C("classify_fsa_lone_surrogate_escape", "lone.json:3:", c => c.Classify(c.Text("lone.json", FsaJson().Replace("[\"0\", \"1\"], \"classes\"", "[\"0\", \"1\", \"\\ud800\"], \"classes\"")), c.F.Test));

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
        yield return C("cluster_csv_header_names_fewer_columns", "h.csv:1: the header names 2 columns, the first row (line 2) has 3 values", c => ["cluster", "--points", c.Text("h.csv", "a,b\n0,1,2\n1,0,2\n2,2,2\n"),
            "--clusters", "2", "--assignments", c.Path_("a.tsv")]);
        yield return C("cluster_csv_header_names_more_columns", "h.csv:2: the header names 4 columns", c => ["cluster", "--points", c.Text("h.csv", "# p\na,b,c,d\n0,1,2\n1,0,2\n2,2,2\n"),
            "--clusters", "2", "--assignments", c.Path_("a.tsv")]);
        yield return C("cluster_missing_points_file", "nop.csv", c => ["cluster", "--points", c.Path_("nop.csv"), "--clusters", "2", "--assignments", c.Path_("a.tsv")]);
        yield return C("data_unknown_task", "option '--task': 'tomita9'", c => ["data", "--task", "tomita9", "--out", c.Path_("data")]);
        yield return C("data_000_lengths_without_a_negative_string", "--min-length/--max-length", c => ["data", "--task", "000", "--min-length", "1", "--max-length", "2", "--out", c.Path_("data")]);
        yield return C("data_imdb_option_with_a_task", "option '--max-tokens' applies to --imdb", c => ["data", "--task", "0110", "--max-tokens", "5", "--out", c.Path_("data")]);
        yield return C("data_task_option_with_spam", "option '--train' applies to --task", c => ["data", "--spam", "--train", "5", "--out", c.Path_("data")]);
        yield return C("bench_predict_prefix_cache_with_path_rows", "option '--prefix-cache'", c => ["bench", "predict", "--path", "rows", "--prefix-cache", "off"]);
        yield return C("check_unknown_area", "option '--area'", c => ["check", "--area", "bogus"]);
        yield return C("classify_fsa_list_with_a_space_for_a_comma", "unexpected argument", c => ["classify", "--fsa", c.F.Fsa, c.F.Fsa, "--data", c.F.Test,
            "--predictions", c.Path_("predictions.tsv")]);
        yield return C("cluster_value_swallowing_the_next_option", "option '--assignments' needs a value", c => ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"),
            "--clusters", "2", "--assignments", "--json"]);
        yield return C("cluster_points_without_a_value", "option '--points' needs a value", c => ["cluster", "--points", "--clusters", "2"]);
        yield return C("classify_model_without_a_value", "option '--model' needs a value", c => c.Classify(c.F.Fsa, c.F.Test, "--model", "--json"));
        yield return C("cluster_stray_word", "unexpected argument 'stray'", c => ["cluster", "stray", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"), "--clusters", "2",
            "--assignments", c.Path_("a.tsv")]);
        yield return C("text_cell_twice", "option '--cells': 'srn,srn' names an item twice", c => ["text", "--cells", "srn,srn", "--out", c.Path_("text")]);
        yield return C("unknown_command", "frobnicate", c => ["frobnicate", "--out", c.Path_("x")]);

        // Outputs that are existing folders.
        yield return C("train_out_is_directory", "--out", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4",
            "--layers", "1", "--epochs", "1", "--out", c.Folder("outdir")]);
        yield return C("extract_out_is_directory", "--out", c => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "3", "--out", c.Folder("outdir")]);
        yield return C("classify_predictions_is_directory", "--predictions", c => ["classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--predictions", c.Folder("outdir")]);
        yield return C("data_out_is_a_file", "taken", c => ["data", "--task", "0110", "--out", c.Text("taken", "x")]);

        // Outputs that are not ours to replace (issue 17, class 1): devices, FIFOs, sockets, bad links.
        yield return C("extract_out_is_char_device", "--out", c => ExtractTo(c, c.CharDevice("nul")));
        yield return C("extract_out_is_fifo", "--out", c => ExtractTo(c, c.Fifo("pipe")));
        yield return C("extract_out_is_socket", "--out", c => ExtractTo(c, c.Socket("sock")));
        yield return C("extract_out_is_symlink_to_fifo", "--out", c => ExtractTo(c, c.Symlink("to-pipe.json", c.Fifo("pipe"))));
        yield return C("extract_out_is_dangling_symlink", "--out", c => ExtractTo(c, c.Symlink("dangling.json", c.Path_("nowhere/x.json"))));
        yield return C("extract_out_is_symlink_loop", "--out", c => { c.Symlink("loop2", c.Path_("loop1")); return ExtractTo(c, c.Symlink("loop1", c.Path_("loop2"))); });
        yield return C("extract_out_under_symlink_loop", "--out", c => { c.Symlink("loop2", c.Path_("loop1")); c.Symlink("loop1", c.Path_("loop2")); return ExtractTo(c, c.Path_("loop1/fsa.json")); });
        yield return C("extract_out_grandparent_is_a_file", "plain", c => { c.Text("plain", "x"); return ExtractTo(c, c.Path_("plain/sub/fsa.json")); });
        yield return C("extract_out_ends_with_separator", "--out", c => ExtractTo(c, c.Path_("newfolder") + "/"));
        yield return C("extract_out_name_over_255_bytes", "--out", c => ExtractTo(c, c.Path_(new string('n', 251) + ".json")));
        yield return C("extract_svg_is_fifo_out_in_new_folder", "--svg", c => [.. ExtractTo(c, c.Path_("new/sub/fsa.json")), "--svg", c.Fifo("pipe")]);
        yield return C("data_out_under_a_file", "plain", c => ["data", "--task", "0110", "--out", Path.Combine(c.Text("plain", "x"), "data")]);
        yield return C("demo_report_is_fifo", "report.md", c => { c.Folder("demo"); c.Fifo("demo/report.md"); return ["demo", "--out", c.Path_("demo")]; });

        // Outputs that are inputs or each other (class 2), by identity: hard and symbolic links count.
        yield return C("train_out_is_train_input", "--out", c => TrainTo(c, c.Text("train.tsv", File.ReadAllText(c.F.Train)), "train.tsv"));
        yield return C("train_out_is_hard_link_to_valid", "--out", c => TrainTo(c, c.F.Train, c.HardLink("v-link.tsv", c.F.Valid)));
        yield return C("extract_out_is_model", "--out", c => ExtractTo(c, c.F.Model));
        yield return C("extract_out_is_symlink_to_model", "--out", c => ExtractTo(c, c.Symlink("m.json", c.F.Model)));
        yield return C("extract_out_is_hard_link_to_data", "--out", c => ExtractTo(c, c.HardLink("d.json", c.F.Valid)));
        yield return C("extract_dot_is_out", "--dot", c => [.. ExtractTo(c, c.Path_("f.json")), "--dot", c.Path_("f.json")]);
        yield return C("extract_dot_is_out_spelled_differently", "--dot", c => [.. ExtractTo(c, c.Path_("f.json")), "--dot", c.Path_("./sub/../f.json")]);
        yield return C("extract_save_points_is_out", "--save-points", c => [.. ExtractTo(c, c.Path_("p.npy")), "--save-points", c.Path_("p.npy")]);
        yield return C("extract_points_sequences_is_out", "--save-points", c => [.. ExtractTo(c, c.Path_("p.sequences.tsv")), "--save-points", c.Path_("p.npy")]);
        yield return C("classify_predictions_is_fsa", "--predictions", c => ["classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--predictions", c.F.Fsa]);
        yield return C("classify_predictions_is_data", "--predictions", c => ["classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--predictions", c.F.Test]);
        yield return C("classify_predictions_is_model", "--predictions", c => ["classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--model", c.F.Model, "--predictions", c.Symlink("pm.tsv", c.F.Model)]);
        yield return C("cluster_assignments_is_points", "--assignments", c => { string p = c.Text("p.csv", "0,1\n1,0\n2,2\n"); return ["cluster", "--points", p, "--clusters", "2", "--assignments", p]; });
        yield return C("cluster_centres_is_assignments", "--centres", c => ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"), "--clusters", "2",
            "--assignments", c.Path_("a.out"), "--centres", c.Path_("a.out")]);
        yield return C("cluster_centres_is_sequences", "--centres", c => { string q = c.Text("q.tsv", "0\t0\n0\t1\n1\t0\n"); return ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"),
            "--clusters", "2", "--method", "kmeansx", "--sequences", q, "--centres", q]; });
        yield return C("sweep_out_holds_the_training_file", "--out", c => { c.Folder("sw"); return SweepTo(c, c.Text("sw/results.csv", File.ReadAllText(c.F.Train)), c.Path_("sw")); });

        // Secondary outputs are checked before any work (class 3): nothing is trained, nothing created.
        yield return C("cluster_centres_is_a_folder_assignments_not_written", "--centres", c => ["cluster", "--points", c.Text("p.csv", "0,1\n1,0\n2,2\n"),
            "--clusters", "2", "--assignments", c.Path_("a.tsv"), "--centres", c.Folder("centres.npy")]);
        yield return C("extract_sequences_beside_points_is_a_folder", "--save-points", c => { c.Folder("p.sequences.tsv");
            return [.. ExtractTo(c, c.Path_("f.json")), "--save-points", c.Path_("p.npy")]; });
        yield return C("sweep_table_is_a_folder", "table.md", c => { c.Folder("sw/table.md"); return SweepTo(c, c.F.Train, c.Path_("sw")); });
        yield return C("sweep_layer_past_the_models", "option '--layer'", c => [.. SweepTo(c, c.F.Train, c.Path_("sw")), "--layer", "1"]);

        // The error-line contract (class 7).
        yield return C("train_hidden_times_layers_too_large", "--hidden", c => ["train", "--train", c.F.Train, "--valid", c.F.Valid, "--cell", "srn",
            "--hidden", "100000", "--layers", "1000", "--out", c.Path_("m.lisor")]);
        yield return C("train_empty_test_file", "etest.tsv", c => c.Train(c.F.Train, "--test", c.Text("etest.tsv", "")));
        yield return C("classify_data_is_dev_null", "/dev/null", c => c.Classify(c.F.Fsa, "/dev/null"));
        yield return C("classify_data_only_comments", "comments.tsv", c => c.Classify(c.F.Fsa, c.Text("comments.tsv", "# nothing here\n")));
        yield return C("classify_label_with_control_bytes", "esc.tsv", c => c.Classify(c.F.Fsa, c.Text("esc.tsv", "x\u001b[31m\u0000\r\t0 1\n")));
        yield return C("extract_model_nan_weights_valid_checksum", "nan.lisor", c => c.Extract(c.NaNModel("nan.lisor"), c.F.Valid));
    }

    private static string[] ExtractTo(CaseFolder c, string outPath)
        => ["extract", "--model", c.F.Model, "--data", c.F.Valid, "--clusters", "3", "--out", outPath];

    private static string[] TrainTo(CaseFolder c, string train, string outPath)
        => ["train", "--train", train, "--valid", c.F.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1", "--epochs", "1",
            "--out", System.IO.Path.IsPathRooted(outPath) ? outPath : c.Path_(outPath)];

    private static string[] SweepTo(CaseFolder c, string train, string outDir)
        => ["sweep", "--train", train, "--valid", c.F.Valid, "--test", c.F.Test, "--cells", "srn", "--methods", "kmeans", "--trials", "1",
            "--min-clusters", "2", "--max-clusters", "2", "--hidden", "4", "--layers", "1", "--epochs", "1", "--out", outDir];
}
