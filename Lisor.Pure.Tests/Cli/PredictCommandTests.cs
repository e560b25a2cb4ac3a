using System.IO.Pipes;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Cli;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Cli;

/// <summary>`predict`: R's classes and probabilities per line, FSA columns, scores, streaming from files and stdin.</summary>
[NonParallelizable]
public class PredictCommandTests
{
    private string _dir = "";
    private string Demo(string file) => Path.Combine(_dir, "demo", file);

    [OneTimeSetUp]
    public void RunDemoOnce()
    {
        _dir = CliRunner.TempDir();
        var r = CliRunner.Run("demo", "--out", Path.Combine(_dir, "demo"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
    }

    private static string[][] Rows(string tsv) => tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToArray();

    /// <summary>Random 0/1 strings of length 0 … 40 (more than one batch, lengths that grow the runner).</summary>
    private static List<LabeledSequence> RandomStrings(int count, ulong seed)
    {
        var rng = new Lisor.Pure.Tensors.Rng(seed);
        return Enumerable.Range(0, count).Select(i =>
            new LabeledSequence("0", Enumerable.Range(0, rng.NextInt(1 + i % 41)).Select(_ => rng.NextInt(2).ToString()).ToArray())).ToList();
    }

    [Test]
    public void The_summary_names_the_shortest_lines_where_each_fsa_and_the_rnn_differ()
    {
        // the demo's FSA learned on the 16 strings of length 4; on random strings of 0 … 40 symbols it parts from the RNN
        string dir = CliRunner.TempDir(), data = Path.Combine(dir, "random.tsv"), outPath = Path.Combine(dir, "out.tsv");
        var strings = RandomStrings(300, 21);
        Tsv.Write(data, strings);
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--fsa", Demo("fsa.json") + "," + Demo("fsa-minimal.json"),
            "--data", data, "--out", outPath, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var rows = Rows(File.ReadAllText(outPath));
        var json = r.Json();
        for (int m = 0; m < 2; m++)
        {
            int fsaColumn = 4 + 2 * m;   // line, rnn, p(0), p(1), then fsa and state per FSA
            var differing = rows.Where(row => row[fsaColumn] != row[1]).Select(row => int.Parse(row[0])).ToList();
            Assert.That(differing, Is.Not.Empty, "the test needs disagreements");
            Assert.That(json.GetProperty("fsa_differing")[m].GetInt64(), Is.EqualTo(differing.Count));
            var expected = differing.OrderBy(line => strings[line - 1].Tokens.Length).ThenBy(line => line).Take(PredictionRun.ShortestShown).ToArray();
            var named = json.GetProperty("fsa_differing_shortest_lines")[m].EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.That(named, Is.EqualTo(expected), $"FSA {m + 1}");
            Assert.That(r.Out, Does.Contain($"  it and the RNN differ on {differing.Count} lines; the shortest: line {expected[0]} ({strings[expected[0] - 1].Tokens.Length} symbol"));
        }
    }

    [Test]
    public void A_long_stream_allocates_no_more_than_a_short_one()
    {
        // labelled and unlabelled lines of 1–4 symbols (every prefix depth the cache keeps is taken up in the first batches),
        // with two FSAs: what a stream of 40 960 lines allocates beyond one of 10 240 is what the lines themselves cost
        var model = Model.Load(Demo("model.lisor"));
        var fsas = new[] { FsaJson.Load(Demo("fsa.json")), FsaJson.Load(Demo("fsa-minimal.json")) };
        var rng = new Lisor.Pure.Tensors.Rng(9);
        string Line(int i)
        {
            string tokens = string.Join(' ', Enumerable.Range(0, 1 + rng.NextInt(4)).Select(_ => rng.NextInt(2) == 0 ? "0" : "1"));
            return (i % 3) switch { 0 => tokens, 1 => "1\t" + tokens, _ => "\t" + tokens };
        }
        long Allocated(int lines)
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, lines).Select(Line)) + "\n");
            var run = new PredictionRun(model, fsas, MissingPolicy.Dead, "data");
            var input = new LineBatches(new MemoryStream(bytes), "data", interactive: false);
            using var w = new StreamWriter(Stream.Null);
            int previous = Lisor.Pure.Common.Parallelism.Threads;
            Lisor.Pure.Common.Parallelism.Threads = 1;
            try
            {
                // (a collection inside the window would count the rest of the thread's allocation context, up to 8 KB, as
                // allocated: start each window on a fresh gen-0 budget, so that where one falls does not decide the test)
                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = GC.GetAllocatedBytesForCurrentThread();
                run.WriteAll(input, w, progress: null);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.That(run.Lines, Is.EqualTo(lines));
                return allocated;
            }
            finally { Lisor.Pure.Common.Parallelism.Threads = previous; }
        }
        Allocated(3000);   // (compiles everything first)
        // (by 10 240 lines the prefix cache has made its levels, and every row of the batch its array)
        long few = Allocated(10_240), many = Allocated(40_960);
        Assert.That(many - few, Is.LessThan(1024), $"{few} bytes for 10 240 lines, {many} for 40 960");
    }

    [Test]
    public void Predict_writes_the_models_classes_and_probabilities_for_every_line_in_order()
    {
        var data = RandomStrings(700, 5);
        string input = Path.Combine(_dir, "unlabelled.txt"), output = Path.Combine(_dir, "p.tsv");
        File.WriteAllLines(input, data.Select(s => s.Tokens.Length == 0 ? "\t" : string.Join(' ', s.Tokens)));
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", input, "--out", output, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);

        var model = Model.Load(Demo("model.lisor"));
        int[] expected = model.Predict(data);
        string text = File.ReadAllText(output);
        Assert.That(text.Split('\n')[0], Is.EqualTo("line\trnn\tp(0)\tp(1)"));
        var rows = Rows(text);
        Assert.That(rows, Has.Length.EqualTo(700));
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.That(rows[i][0], Is.EqualTo((i + 1).ToString()), "line numbers");
            Assert.That(rows[i][1], Is.EqualTo(model.Classes[expected[i]]), $"line {i + 1}: the class Model.Predict gives");
            double p0 = double.Parse(rows[i][2], System.Globalization.CultureInfo.InvariantCulture);
            double p1 = double.Parse(rows[i][3], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(p0 + p1, Is.EqualTo(1.0).Within(2e-6));
            Assert.That(p1 > p0, Is.EqualTo(expected[i] == 1).Or.EqualTo(p0 == p1));
        }
        var json = r.Json();
        Assert.That(json.GetProperty("sequences").GetInt32(), Is.EqualTo(700));
        double rnn = json.GetProperty("rnn_seconds").GetDouble();
        Assert.That(rnn, Is.GreaterThan(0).And.LessThanOrEqualTo(json.GetProperty("seconds").GetDouble() + 0.001), "inference alone is part of the whole");
        long symbols = json.GetProperty("rnn_symbols").GetInt64(), steps = json.GetProperty("rnn_steps").GetInt64();
        Assert.That(symbols, Is.EqualTo(data.Sum(s => (long)s.Tokens.Length)));
        Assert.That(steps, Is.GreaterThan(0).And.LessThanOrEqualTo(symbols), "a step per symbol, or fewer where lines share a prefix");
        Assert.That(json.GetProperty("labelled").GetInt32(), Is.EqualTo(0));
        Assert.That(json.GetProperty("rnn_accuracy").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public void Predict_probabilities_are_the_same_bits_whatever_batch_a_sequence_is_in()
    {
        var model = Model.Load(Demo("model.lisor"));
        var data = RandomStrings(300, 9);
        var predictor = new BatchPredictor(model);
        var all = new float[256 * 2];
        var one = new float[2];
        predictor.Predict(data.Take(256).ToList(), new int[256], all);
        for (int i = 0; i < 256; i += 17)
        {
            predictor.Predict([data[i]], new int[1], one);
            Assert.That(one, Is.EqualTo(all.AsSpan(2 * i, 2).ToArray()), $"sequence {i} alone vs in a batch of 256");
        }
    }

    [Test]
    public void Predict_scores_labelled_lines_and_runs_fsas_like_classify()
    {
        string output = Path.Combine(_dir, "p-fsa.tsv");
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--fsa", Demo("fsa.json") + "," + Demo("fsa-minimal.json"),
            "--data", Demo("test.tsv"), "--out", output, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var classify = CliRunner.Run("classify", "--fsa", Demo("fsa.json"), "--model", Demo("model.lisor"), "--data", Demo("test.tsv"), "--json");
        var json = r.Json();
        Assert.That(json.GetProperty("labelled").GetInt32(), Is.EqualTo(100));
        Assert.That(json.GetProperty("fsa_accuracy")[0].GetDouble(), Is.EqualTo(classify.Json().GetProperty("accuracy").GetDouble()));
        Assert.That(json.GetProperty("fsa_fidelity")[0].GetDouble(), Is.EqualTo(classify.Json().GetProperty("fidelity").GetDouble()));
        var data = Tsv.Read(Demo("test.tsv"));
        var model = Model.Load(Demo("model.lisor"));
        Assert.That(json.GetProperty("rnn_accuracy").GetDouble(), Is.EqualTo(model.Accuracy(data)));
        var fsa = FsaJson.Load(Demo("fsa.json"));
        var rows = Rows(File.ReadAllText(output));
        Assert.That(File.ReadAllText(output).Split('\n')[0], Is.EqualTo("line\trnn\tp(0)\tp(1)\tfsa1\tstate1\tfsa2\tstate2"));
        for (int i = 0; i < data.Count; i++)
        {
            Assert.That(rows[i][4], Is.EqualTo(fsa.Classify(data[i].Tokens)));
            int state = Fsa.Start;
            foreach (var token in data[i].Tokens) state = fsa.Next(state, fsa.SymbolIndex(token));
            Assert.That(rows[i][5], Is.EqualTo(state.ToString()), "the final state of the run");
        }
        Assert.That(r.Out, Does.Contain($"accuracy on the labelled lines of {Demo("test.tsv")}"));
    }

    [TestCase("dead")]
    [TestCase("stay")]
    [TestCase("start")]
    public void Predict_runs_the_fsas_under_each_missing_policy_as_classify_does(string policy)
    {
        // strings that run past the demo FSA's moves (its accepting state after 0 1 1 0 has none), so the policy decides
        string data = Path.Combine(_dir, $"missing-{policy}.tsv"), output = Path.Combine(_dir, $"p-missing-{policy}.tsv"),
               classified = Path.Combine(_dir, $"c-missing-{policy}.tsv");
        File.WriteAllText(data, "1\t0 1 1 0 0 0 0 1\n0\t0 1 1 0 1\n0\t1 1 1 1 0 1 1 0\n1\t0 1 1 0\n1\t0 1 1 0 0 0 1 1 0\n");
        // the three policies answer the last line differently (dead: rejected; stay and start: 0110 read on), so a
        // policy read as another fails below
        var fsa = FsaJson.Load(Demo("fsa.json"));
        string[] last = ["0", "1", "1", "0", "0", "0", "1", "1", "0"];
        Assert.That(fsa.Classify(last, MissingPolicy.Start), Is.Not.EqualTo(fsa.Classify(last, MissingPolicy.Dead)));
        var expected = File.ReadAllLines(data).Select(line => fsa.Classify(line.Split('\t')[1].Split(' '),
            policy switch { "stay" => MissingPolicy.Stay, "start" => MissingPolicy.Start, _ => MissingPolicy.Dead }));
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--fsa", Demo("fsa.json"), "--data", data, "--out", output, "--missing", policy, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var c = CliRunner.Run("classify", "--fsa", Demo("fsa.json"), "--data", data, "--missing", policy, "--predictions", classified, "--json");
        Assert.That(c.ExitCode, Is.EqualTo(0), c.Err);
        Assert.That(Rows(File.ReadAllText(output)).Select(row => row[4]), Is.EqualTo(expected));
        Assert.That(File.ReadAllLines(classified).Select(line => line.Split('\t')[0]), Is.EqualTo(expected));
        Assert.That(r.Json().GetProperty("fsa_accuracy")[0].GetDouble(), Is.EqualTo(c.Json().GetProperty("accuracy").GetDouble()));
    }

    [Test]
    public void Predict_reads_labelled_and_unlabelled_lines_skips_comments_and_marks_dead_runs()
    {
        var stdin = new MemoryStream(Encoding.UTF8.GetBytes("# a comment\n0 1 1 0\n\n1\t0 1 1 0\n\t\n0\t\n0 2\n"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLine.Run(["predict", "--model", Demo("model.lisor"), "--fsa", Demo("fsa.json"), "--data", "-", "--out", "-"], stdout, stderr, stdin);
        Assert.That(code, Is.EqualTo(0), stderr.ToString());
        var rows = Rows(stdout.ToString());
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "2", "4", "5", "6", "7" }), "input line numbers; comments and blank lines skipped, a lone TAB is the empty sequence");
        Assert.That(rows[0][1], Is.EqualTo("1"));
        Assert.That(rows[4][5], Is.EqualTo("dead"), "symbol 2 is outside Σ");
        Assert.That(stderr.ToString(), Does.Contain("data <stdin>: 5 sequences, 2 labelled"));
        Assert.That(stderr.ToString(), Does.Contain("accuracy on the labelled lines of <stdin> 1.0000, symbols outside its vocabulary 1 of 10 (read as <unk>)"));
    }

    [Test]
    public void Predict_counts_the_symbols_outside_the_models_vocabulary()
    {
        string dir = CliRunner.TempDir(), data = Path.Combine(dir, "d.tsv");
        File.WriteAllText(data, "0 1 x\n1 1\ny z\n");
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", data, "--out", Path.Combine(dir, "p.tsv"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("rnn_unknown_symbols").GetInt64(), Is.EqualTo(3));
        Assert.That(r.Out, Does.Contain("symbols outside its vocabulary 3 of 7 (read as <unk>)"));
        File.WriteAllText(data, "0 1 1\n");
        var clean = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", data, "--out", Path.Combine(dir, "q.tsv"), "--json");
        Assert.That(clean.Json().GetProperty("rnn_unknown_symbols").GetInt64(), Is.Zero);
        Assert.That(clean.Out, Does.Not.Contain("outside its vocabulary"));
    }

    [Test]
    public void Predict_answers_each_stdin_line_before_the_next_one_is_written()
    {
        using var toCommand = new AnonymousPipeServerStream(PipeDirection.Out);
        using var commandIn = new AnonymousPipeClientStream(PipeDirection.In, toCommand.ClientSafePipeHandle);
        using var fromCommand = new AnonymousPipeServerStream(PipeDirection.In);
        using var commandOut = new AnonymousPipeClientStream(PipeDirection.Out, fromCommand.ClientSafePipeHandle);
        var stdout = new StreamWriter(commandOut, new UTF8Encoding(false)) { AutoFlush = false };
        var stderr = new StringWriter();
        var run = Task.Run(() =>
        {
            int c = CommandLine.Run(["predict", "--model", Demo("model.lisor"), "--data", "-", "--out", "-"], stdout, stderr, commandIn);
            stdout.Dispose();
            return c;
        });
        var writer = new StreamWriter(toCommand, new UTF8Encoding(false));
        var reader = new StreamReader(fromCommand, new UTF8Encoding(false));
        string? ReadLine()
        {
            var line = reader.ReadLineAsync();
            Assert.That(line.Wait(TimeSpan.FromSeconds(60)), Is.True, "predict must answer without waiting for more input");
            return line.Result;
        }
        Assert.That(ReadLine(), Does.StartWith("line\trnn"));
        foreach (var (query, answer) in new[] { ("0 1 1 0", "1"), ("1 1 1", "0"), ("0 1 1 0 1", "0") })
        {
            writer.Write(query + "\n");
            writer.Flush();   // the pipe stays open: a command that waits for a full batch would never answer
            Assert.That(ReadLine()!.Split('\t')[1], Is.EqualTo(answer), query);
        }
        writer.Dispose();
        Assert.That(run.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(run.Result, Is.EqualTo(0), stderr.ToString());
    }

    [TestCase("1\t0 1\nx\t0 1\n", 2, "label 'x' is not one of the model's classes")]
    [TestCase("0 1\n0  1\n", 2, "empty token")]
    [TestCase("0 1\n0\t1\t0\n", 2, "more than one tab")]
    public void Predict_bad_lines_exit_2_naming_file_and_line_and_leave_the_output_alone(string content, int line, string message)
    {
        string input = Path.Combine(_dir, "bad.txt"), output = Path.Combine(_dir, "keep.tsv");
        File.WriteAllText(input, content);
        File.WriteAllText(output, "old");
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", input, "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith($"error: {input}:{line}:").And.Contain(message));
        Assert.That(r.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(output), Is.EqualTo("old"));
    }

    [TestCase("")]
    [TestCase("# only a comment\n\n")]
    public void Predict_refuses_a_data_file_without_a_sequence_and_leaves_the_output_alone(string content)
    {
        string input = Path.Combine(_dir, "none.tsv"), output = Path.Combine(_dir, "keep-empty.tsv");
        File.WriteAllText(input, content);
        File.WriteAllText(output, "old");
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", input, "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.Trim(), Is.EqualTo($"error: {input}: holds no sequences"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("old"));
        // an empty stream on stdin is not an error: it may end before its first line
        int code = CommandLine.Run(["predict", "--model", Demo("model.lisor"), "--data", "-", "--out", "-"], new StringWriter(), new StringWriter(), new MemoryStream());
        Assert.That(code, Is.Zero);
    }

    [Test]
    public void Predict_names_the_line_of_invalid_utf8_read_from_stdin()
    {
        var stdin = new MemoryStream([.. "0 1\n1 1\n"u8, 0xff, (byte)'\n']);
        var stderr = new StringWriter();
        int code = CommandLine.Run(["predict", "--model", Demo("model.lisor"), "--data", "-", "--out", "-"], new StringWriter(), stderr, stdin);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.StartWith("error: <stdin>:3: not valid UTF-8"));
    }

    [Test]
    public void Predict_refuses_json_with_stdout_output_and_fsas_of_other_classes()
    {
        var r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--data", Demo("test.tsv"), "--out", "-", "--json");
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, "error: option '--json': the summary goes to standard output, which '--out -' uses for the predictions; write them to a file\n")));
        string other = Path.Combine(_dir, "abc.json");
        var fsa = FsaJson.Load(Demo("fsa.json"));
        FsaJson.Save(new Fsa(fsa.Alphabet, ["no", "yes"], 1, fsa.States, fsa.Transitions), other);
        r = CliRunner.Run("predict", "--model", Demo("model.lisor"), "--fsa", other, "--data", Demo("test.tsv"), "--out", Path.Combine(_dir, "x.tsv"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.StartWith($"error: {other}").And.Contain("differ from the model's"));
    }
}
