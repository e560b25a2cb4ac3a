using System.Text;
using Lisor.Pure.Cli;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Exit 2 leaves exactly one line on standard error, also for `predict`, which meets a bad line only once it has streamed
/// the lines before it. Its count of lines read ("predict: 65536 sequences") is therefore shown only on a terminal, redrawn
/// in place and blanked before the error line; off a terminal no progress line is written. It used to write the count as a
/// line of its own after every 64 batches, so a bad line after the first 65 536 gave two lines.
/// </summary>
public class PredictStderrTests
{
    /// <summary>70 000 good lines, then one whose label the model does not know.</summary>
    private static string LongInputWithABadLine(CaseFolder c)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 70_000; i++) text.Append(i % 2).Append('\t').Append(i % 3 == 0 ? "0 1 1 0" : "1 0").Append('\n');
        text.Append("zz\t0 1\n");
        return c.Text("in.tsv", text.ToString());
    }

    [Test]
    public void A_bad_line_after_many_good_ones_gives_exactly_one_line_off_a_terminal()
    {
        var c = new CaseFolder();
        string input = LongInputWithABadLine(c), output = c.Text("p.tsv", "old predictions\n");
        var r = CliRunner.Run("predict", "--model", c.F.Model, "--data", input, "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo($"error: {input}:70001: label 'zz' is not one of the model's classes (0, 1)\n"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("old predictions\n"));
    }

    [Test]
    public void On_a_terminal_the_progress_line_is_blanked_before_the_error_line()
    {
        var c = new CaseFolder();
        string input = LongInputWithABadLine(c);
        var tty = new StringWriter();
        var context = new CommandContext(new StringWriter(), tty, 1, 1, json: false, quiet: false, progressInPlace: true);
        var command = new PredictCommand();
        var options = ParsedOptions.Parse("predict", ["--model", c.F.Model, "--data", input, "--out", c.Path_("p.tsv")],
            [.. command.Options, .. CommandLine.CommonOptions]);

        Assert.Throws<InputException>(() => command.Run(options, context));

        Assert.That(tty.ToString(), Does.Contain("predict: 65536 sequences"), "the count is shown on a terminal");
        Assert.That(AsATerminalShowsIt(tty.ToString()).Trim(), Is.Empty, "and blanked: the error line will be the only one");
        Assert.That(File.Exists(c.Path_("p.tsv")), Is.False);
    }

    /// <summary>The last line of <paramref name="text"/> as a terminal shows it: a carriage return moves back to its start.</summary>
    private static string AsATerminalShowsIt(string text)
    {
        var line = new StringBuilder();
        int column = 0;
        foreach (char ch in text)
        {
            if (ch == '\n') { line.Clear(); column = 0; continue; }
            if (ch == '\r') { column = 0; continue; }
            if (column < line.Length) line[column] = ch; else line.Append(ch);
            column++;
        }
        return line.ToString();
    }
}
