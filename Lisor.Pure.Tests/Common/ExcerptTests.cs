using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Common;

/// <summary>How messages quote a text the user gave: whole when short, else its start, "…" and its length, one line always.</summary>
public class ExcerptTests
{
    private static readonly string Long = string.Concat(Enumerable.Repeat("01", 5000));

    [TestCase("a", "'a'")]
    [TestCase("", "''")]
    [TestCase("naïve ✓ 😀", "'naïve ✓ 😀'")]
    [TestCase("0123456789012345678901234567890123456789", "'0123456789012345678901234567890123456789'")]
    public void A_short_text_is_quoted_whole(string text, string expected)
        => Assert.That(Excerpt.Quoted(text), Is.EqualTo(expected));

    [Test]
    public void A_long_text_shows_its_first_40_characters_and_its_length()
    {
        Assert.That(Excerpt.Quoted(Long), Is.EqualTo("'0101010101010101010101010101010101010101…' (10000 characters)"));
        Assert.That(Excerpt.DoubleQuoted(Long), Is.EqualTo("\"0101010101010101010101010101010101010101…\" (10000 characters)"));
        Assert.That(Excerpt.Plain(Long), Is.EqualTo("0101010101010101010101010101010101010101… (10000 characters)"));
        Assert.That(Excerpt.Quoted(new string('x', 41)), Is.EqualTo($"'{new string('x', 40)}…' (41 characters)"));
    }

    [Test]
    public void Forty_emoji_are_short_and_the_cut_never_splits_a_surrogate_pair()
    {
        string forty = string.Concat(Enumerable.Repeat("😀", 40));   // 80 UTF-16 code units, 40 characters
        Assert.That(Excerpt.Quoted(forty), Is.EqualTo($"'{forty}'"));
        string odd = "a" + string.Concat(Enumerable.Repeat("😀", 50));
        Assert.That(Excerpt.Quoted(odd), Is.EqualTo($"'a{string.Concat(Enumerable.Repeat("😀", 39))}…' (51 characters)"));
    }

    [Test]
    public void The_cut_keeps_a_letter_with_its_combining_accent()
    {
        // 39 x, then e + U+0301 (one text element of 2 characters) would end at 41: the cut falls before it
        string text = new string('x', 39) + "e\u0301" + new string('y', 10);
        Assert.That(Excerpt.Quoted(text), Is.EqualTo($"'{new string('x', 39)}…' (51 characters)"));
    }

    [Test]
    public void One_text_element_longer_than_the_limit_is_cut_inside_it()
    {
        string zalgo = "a" + new string('\u0301', 10_000);   // one text element of 10 001 characters
        Assert.That(Excerpt.Quoted(zalgo), Is.EqualTo($"'a{new string('\u0301', 39)}…' (10001 characters)"));
    }

    [TestCase("a\tb", "'a\\tb'")]
    [TestCase("line\r\nbreak", "'line\\r\\nbreak'")]
    [TestCase("esc\u001b[31m nul\0 c1\u009b", "'esc\\x1b[31m nul\\x00 c1\\x9b'")]
    public void Control_characters_are_escaped_so_the_quote_stays_on_one_line(string text, string expected)
        => Assert.That(Excerpt.Quoted(text), Is.EqualTo(expected));

    [Test]
    public void A_long_text_of_control_characters_is_cut_then_escaped()
        => Assert.That(Excerpt.Quoted(new string('\n', 100)), Is.EqualTo($"'{string.Concat(Enumerable.Repeat("\\n", 40))}…' (100 characters)"));

    [Test]
    public void A_list_shows_20_items_each_bounded_then_an_ellipsis()
    {
        Assert.That(Excerpt.List(["0", "1"]), Is.EqualTo("0, 1"));
        Assert.That(Excerpt.List(["a", Long], " "), Is.EqualTo("a 0101010101010101010101010101010101010101… (10000 characters)"));
        var many = Enumerable.Range(1, 25).Select(i => $"c{i}").ToList();
        Assert.That(Excerpt.List(many), Is.EqualTo(string.Join(", ", many.Take(20)) + ", …"));
        Assert.That(Excerpt.List(many.Take(20)), Is.EqualTo(string.Join(", ", many.Take(20))), "exactly 20: no ellipsis");
    }

    [Test]
    public void Another_quoting_is_given_the_start_and_the_ellipsis()
        => Assert.That(Excerpt.Of(Long, JsonText.Quote), Is.EqualTo("\"0101010101010101010101010101010101010101…\" (10000 characters)"));
}
