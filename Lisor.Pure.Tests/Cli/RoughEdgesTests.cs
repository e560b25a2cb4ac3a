using Lisor.Pure.Automata;
using Lisor.Pure.Cli;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Cli;

/// <summary>What a new user runs into: option case, typos, missing options, files given to the wrong option,
/// progress in logs, highlights written without spaces.</summary>
public class RoughEdgesTests
{
    private static readonly OptionSpec[] Specs = [new("--clusters", "K", null, ""), new("--cell", "KIND", null, ""), new("--cells", "LIST", null, "")];

    [Test]
    public void Choices_take_any_case_and_return_the_listed_word()
    {
        var o = ParsedOptions.Parse("train", ["--cell", "MGU", "--cells", "Srn,GRU"], Specs);
        Assert.That(o.Choice("--cell", "srn", "srn", "mgu"), Is.EqualTo("mgu"));
        Assert.That(o.ChoiceList("--cells", "srn", "srn", "gru"), Is.EqualTo(new[] { "srn", "gru" }));
        var dup = ParsedOptions.Parse("sweep", ["--cells", "gru,GRU"], Specs);
        Assert.That(() => dup.ChoiceList("--cells", "srn", "srn", "gru"), Throws.InstanceOf<InputException>().With.Message.Contains("twice"));
        var bad = ParsedOptions.Parse("train", ["--cell", "rnn"], Specs);
        Assert.That(() => bad.Choice("--cell", "srn", "srn", "mgu"), Throws.InstanceOf<InputException>().With.Message.EqualTo("option '--cell': 'rnn' is not one of srn, mgu"));
    }

    [TestCase("99999999999", "option '--clusters': 99999999999 is out of range, expected 1 to 1000000")]
    [TestCase("-99999999999", "option '--clusters': -99999999999 is out of range, expected 1 to 1000000")]
    [TestCase("0", "option '--clusters': 0 is out of range, expected 1 to 1000000")]
    [TestCase("12x", "option '--clusters': expected a whole number, got '12x'")]
    [TestCase("-", "option '--clusters': expected a whole number, got '-'")]
    [TestCase("1.5", "option '--clusters': expected a whole number, got '1.5'")]
    public void A_whole_number_too_large_for_an_int_is_out_of_range_not_malformed(string value, string message)
    {
        var o = ParsedOptions.Parse("extract", ["--clusters", value], Specs);
        Assert.That(() => o.Int("--clusters", 1, min: 1, max: 1_000_000), Throws.InstanceOf<InputException>().With.Message.EqualTo(message));
    }

    // An option that takes a value never swallows the next option: the value is missing, as when the option comes
    // last. A value that starts with "--" is written --name=value.
    [TestCase("--cells", "--cell", "mgu")]
    [TestCase("--cells", "--json")]
    [TestCase("--clusters", "--")]
    public void An_option_followed_by_an_option_has_no_value(params string[] args)
    {
        var e = Assert.Throws<InputException>(() => ParsedOptions.Parse("sweep", args, [.. Specs, OptionSpec.Flag("--json", "")]));
        Assert.That(e!.Message, Does.StartWith($"sweep: option '{args[0]}' needs a value <").And.Contain($"got the option '{args[1]}'"));
        var o = ParsedOptions.Parse("sweep", [$"{args[0]}={args[1]}"], Specs);
        Assert.That(o.String(args[0]), Is.EqualTo(args[1]));
        Assert.That(ParsedOptions.Parse("extract", ["--clusters", "-3"], Specs).String("--clusters"), Is.EqualTo("-3"), "one dash is a value");
    }

    // The range an out-of-range message states is the one enforced, both ends: past 2³¹ − 1 a number is refused even
    // where no maximum was set, so "expected ≥ 1" would be wrong for 2147483648.
    [TestCase("2147483648", 1, int.MaxValue, "2147483648 is out of range, expected 1 to 2147483647")]
    [TestCase("0", 1, int.MaxValue, "0 is out of range, expected 1 to 2147483647")]
    [TestCase("-2147483649", int.MinValue, int.MaxValue, "-2147483649 is out of range, expected -2147483648 to 2147483647")]
    public void Out_of_range_messages_state_the_range_really_accepted(string value, int min, int max, string message)
    {
        var o = ParsedOptions.Parse("extract", ["--clusters", value], Specs);
        Assert.That(() => o.Int("--clusters", 1, min, max), Throws.InstanceOf<InputException>().With.Message.EqualTo($"option '--clusters': {message}"));
    }

    [TestCase("--train", "-5", "option '--train': -5 is out of range, expected 2 to 100000000")]
    [TestCase("--test", "0", "option '--test': 0 is out of range, expected 1 to 100000000")]
    [TestCase("--max-length", "5000", "option '--max-length': 5000 is out of range, expected 0 to 1000")]
    [TestCase("--min-length", "-1", "option '--min-length': -1 is out of range, expected 0 to 1000")]
    public void Data_options_state_the_range_the_tasks_accept(string option, string value, string message)
    {
        string outDir = Path.Combine(CliRunner.TempDir(), "data");
        var r = CliRunner.Run("data", "--task", "000", option, value, "--out", outDir);
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, $"error: {message}\n")));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("--cluster", "; did you mean '--clusters'?")]
    [TestCase("--Cells", "; did you mean '--cells'?")]
    [TestCase("--clust", "; did you mean '--clusters'?")]
    [TestCase("--zzz", "")]
    public void Unknown_options_suggest_the_closest_one(string typo, string suggestion)
    {
        var e = Assert.Throws<InputException>(() => ParsedOptions.Parse("extract", [typo, "3"], Specs));
        Assert.That(e!.Message, Is.EqualTo($"extract: unknown option '{typo}'{suggestion} (see 'extract --help')"));
    }

    [Test]
    public void The_command_line_suggests_commands_and_points_missing_options_to_help()
    {
        var r = CliRunner.Run("extrat", "--model", "m");
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, "error: unknown command 'extrat'; did you mean 'extract'? (see 'Lisor.Pure --help')\n")));
        r = CliRunner.Run("predict", "--model", "m", "--out", "-");
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, "error: missing required option '--data' (see 'predict --help')\n")));
        r = CliRunner.Run("extract", "--model", "m", "--data", "d", "--out", "o.json", "--cluster", "3");
        Assert.That(r.Err, Does.Contain("did you mean '--clusters'?"));
    }

    [Test]
    public void A_file_given_to_the_wrong_option_is_named_for_what_it_is()
    {
        string dir = CliRunner.TempDir();
        string model = Path.Combine(dir, "m.lisor"), fsa = Path.Combine(dir, "f.json"), data = Path.Combine(dir, "d.tsv");
        File.WriteAllBytes(model, [.. "LISORMDL"u8, 1, 0, 0, 0]);
        FsaJson.Save(Fsa0110Like(), fsa);
        File.WriteAllText(data, "1\t0 1 1 0\n");
        var r = CliRunner.Run("classify", "--fsa", model, "--data", data);
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, $"error: {model}: this is a model file (pass it to --model), not an FSA\n")));
        r = CliRunner.Run("extract", "--model", fsa, "--data", data, "--clusters", "2", "--out", Path.Combine(dir, "o.json"));
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, $"error: {fsa}: this is an FSA file, lisor-fsa JSON (pass it to --fsa), not a model\n")));
        r = CliRunner.Run("classify", "--fsa", fsa, "--data", model);
        Assert.That((r.ExitCode, r.Err), Is.EqualTo((2, $"error: {model}: this is a model file (pass it to --model), not a sequence file\n")));
        r = CliRunner.Run("predict", "--model", model, "--data", fsa, "--out", "-");
        Assert.That(r.Err, Is.EqualTo($"error: {fsa}: this is an FSA file, lisor-fsa JSON (pass it to --fsa), not a sequence file\n"));
    }

    [Test]
    public void A_library_caller_given_the_wrong_file_reads_the_library_s_names_not_the_cli_s_flags()
    {
        string dir = CliRunner.TempDir();
        string model = Path.Combine(dir, "m.lisor");
        File.WriteAllBytes(model, [.. "LISORMDL"u8, 1, 0, 0, 0]);
        var e = Assert.Throws<InputException>(() => FsaJson.Load(model))!;
        Assert.That(e.Message, Is.EqualTo($"{model}: this is a model file (pass it to Model.Load), not an FSA"));
        Assert.That(e.Message, Does.Not.Contain("--"));
        Assert.That(SettingFlags.Message(e), Is.EqualTo($"{model}: this is a model file (pass it to --model), not an FSA"));
    }

    private static Fsa Fsa0110Like() => new(["0", "1"], ["0", "1"], 1, [new FsaState(0, 0, 0), new FsaState(1, 1, 3)], [new FsaTransition(0, 1, 1, 3)]);

    [Test]
    public void Off_a_terminal_progress_is_one_line_per_event_and_thins_frequent_updates()
    {
        var err = new StringWriter();
        var log = new CommandContext(new StringWriter(), err, 1, 1, json: false, quiet: false);
        log.Progress("epoch 1 batch 1");
        log.Progress("epoch 1 batch 2");
        log.Progress("epoch 1 batch 3");
        log.EndProgress();
        log.Progress("epoch 2");
        log.EndProgress();
        Assert.That(err.ToString(), Is.EqualTo("epoch 1 batch 1\nepoch 1 batch 3\nepoch 2\n"), "no \\r; the updates in between are dropped, the last one kept");

        var tty = new StringWriter();
        var terminal = new CommandContext(new StringWriter(), tty, 1, 1, json: false, quiet: false, progressInPlace: true);
        terminal.Progress("abc");
        terminal.Progress("d");
        terminal.EndProgress();
        Assert.That(tty.ToString(), Is.EqualTo("\rabc\rd  \n"));
    }

    [Test]
    public void Highlights_without_spaces_are_read_per_character_on_one_character_alphabets()
    {
        Assert.That(HighlightOption.Parse("0110", ["0", "1"]), Is.EqualTo(new[] { "0", "1", "1", "0" }));
        Assert.That(HighlightOption.Parse("0 1 10", ["0", "1"]), Is.EqualTo(new[] { "0", "1", "1", "0" }));
        Assert.That(HighlightOption.Parse("free money", ["free", "money", "x"]), Is.EqualTo(new[] { "free", "money" }));
        var e = Assert.Throws<InputException>(() => HighlightOption.Parse("012", ["0", "1"]));
        Assert.That(e!.Message, Does.StartWith("option '--highlight': '2' is not a symbol of the FSA's alphabet (0 1)"));
        e = Assert.Throws<InputException>(() => HighlightOption.Parse("freemoney", ["free", "money"]));
        Assert.That(e!.Message, Does.StartWith("option '--highlight': 'freemoney' is not a symbol"));
    }

    [Test]
    public void A_character_of_a_highlight_is_what_a_reader_sees_as_one_an_emoji_or_a_letter_with_a_combining_accent()
    {
        string smile = "\U0001F600", eAcute = "e\u0301";   // two UTF-16 code units each, one character on screen
        Assert.That(HighlightOption.Parse($"{smile}\u00DF{smile}", [smile, "\u00DF", eAcute]), Is.EqualTo(new[] { smile, "\u00DF", smile }));
        Assert.That(HighlightOption.Parse($"{eAcute}{eAcute}\u00DF", [smile, "\u00DF", eAcute]), Is.EqualTo(new[] { eAcute, eAcute, "\u00DF" }));
        var e = Assert.Throws<InputException>(() => HighlightOption.Parse($"{smile}x", [smile, "\u00DF"]));
        Assert.That(e!.Message, Does.StartWith($"option '--highlight': 'x' is not a symbol of the FSA's alphabet ({smile} \u00DF)"));
        e = Assert.Throws<InputException>(() => HighlightOption.Parse($"{eAcute}e", [eAcute, "x"]), "e and e + accent differ");
        Assert.That(e!.Message, Does.StartWith("option '--highlight': 'e' is not"));
    }
}
