using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Text;

public class TokenizerTests
{
    [Test]
    public void Words_are_lower_cased_and_punctuation_is_dropped()
        => Assert.That(Tokenizer.Tokenize("Hello, World. It's FREE; (really)?"),
            Is.EqualTo(new[] { "hello", "world", "it's", "free", "really" }));

    [Test]
    public void Dollar_and_bang_are_tokens_and_runs_of_them_collapse()
        => Assert.That(Tokenizer.Tokenize("Win $$$ now!!! Yes ! !"),
            Is.EqualTo(new[] { "win", "$", "now", "!", "yes", "!" }));

    [Test]
    public void Numbers_and_words_with_digits_become_num_and_runs_collapse()
        => Assert.That(Tokenizer.Tokenize("pay 1,000.50 now, call 1-800-555-0199 or mp3"),
            Is.EqualTo(new[] { "pay", "<num>", "now", "call", "<num>", "or", "<num>" }));

    [Test]
    public void Urls_and_emails_collapse_to_one_token()
        => Assert.That(Tokenizer.Tokenize("see http://x.com/a?b=1, and (www.foo.org) or mail Jo.Doe@example.com. https://a.b www.c.d"),
            Is.EqualTo(new[] { "see", "<url>", "and", "<url>", "or", "mail", "<email>", "<url>" }));

    [Test]
    public void Apostrophes_are_kept_inside_and_trimmed_at_the_ends()
        => Assert.That(Tokenizer.Tokenize("'quoted' don’t rock'n'roll''"),
            Is.EqualTo(new[] { "quoted", "don't", "rock'n'roll" }));

    [Test]
    public void Unicode_letters_and_combining_marks_stay_in_words()
        => Assert.That(Tokenizer.Tokenize("Fahrländer CAFE\u0301 Ελλάδα"),
            Is.EqualTo(new[] { "fahrländer", "cafe\u0301", "ελλάδα" }));

    [Test]
    public void Words_longer_than_the_limit_are_dropped()
    {
        string junk = new('q', Tokenizer.MaxWordLength + 1);
        string longest = new('w', Tokenizer.MaxWordLength);
        Assert.That(Tokenizer.Tokenize($"a {junk} {longest} b"), Is.EqualTo(new[] { "a", longest, "b" }));
        Assert.That(Tokenizer.Tokenize("x PCEtLQ0KdGVtcGxhdGVzL2hvbWV0b29sL3BhZ2VzL1RDQ2xhc3NpY0Jpby50 y"), Is.EqualTo(new[] { "x", "y" }),
            "base64 junk with digits is dropped, not a number");
    }

    [Test]
    public void Max_tokens_keeps_the_first_tokens()
        => Assert.That(Tokenizer.Tokenize("one two three four", maxTokens: 2), Is.EqualTo(new[] { "one", "two" }));

    [Test]
    public void Empty_and_symbol_only_text_has_no_tokens()
        => Assert.That(Tokenizer.Tokenize(" \t\n-- *** ... "), Is.Empty);

    [Test]
    public void Tokens_never_contain_white_space_or_tabs()
    {
        foreach (var t in Tokenizer.Tokenize("a\tb\u00A0c\r\nd e\u2003f"))
            Assert.That(t.Any(char.IsWhiteSpace), Is.False, t);
    }
}
