using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>The error-line contract (issue 17, class 7): one printable line whatever the message quotes.</summary>
public class ErrorLineTests
{
    [TestCase("plain text, naïve ✓", "plain text, naïve ✓")]
    [TestCase("a\u001b[31mred", "a\\x1b[31mred")]
    [TestCase("nul\0byte", "nul\\x00byte")]
    [TestCase("two\nlines\r", "two\\nlines\\r")]
    [TestCase("tab\there", "tab\\there")]
    [TestCase("del\u007f c1\u009b", "del\\x7f c1\\x9b")]
    [TestCase("bidi\u202eevil\u2066 sep\u2028", "bidi\\u202eevil\\u2066 sep\\u2028")]
    public void Control_characters_are_escaped(string message, string expected)
        => Assert.That(ErrorLine.Escape(message), Is.EqualTo(expected));

    [Test]
    public void Format_prefixes_error_and_stays_one_line()
        => Assert.That(ErrorLine.Format("x\ny"), Is.EqualTo("error: x\\ny"));

    [Test]
    public void An_argument_exception_loses_the_dotnet_parameter_suffix_but_keeps_the_name()
    {
        var e = new ArgumentOutOfRangeException("positiveClass");
        Assert.That(ErrorLine.WithoutParameter(e), Does.Not.Contain("(Parameter").And.EndWith("(positiveClass)"));
    }

    [Test]
    public void A_control_byte_in_a_bad_file_reaches_stderr_escaped()
    {
        var c = new CaseFolder();
        var r = CliRunner.Run(c.Classify(c.F.Fsa, c.Text("esc.tsv", "\u001b]0;pwned\u0007\t0 1\n")));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("\\x1b]0;pwned\\x07"));
        Assert.That(r.Err.TrimEnd('\n').Where(char.IsControl), Is.Empty);
    }
}
