using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Text;

public class SpamCorpusMailTests
{
    private static SpamCorpusMail Parse(string mail) => SpamCorpusMail.Parse(mail);

    [Test]
    public void Headers_are_dropped_except_the_subject_without_its_list_tag()
    {
        var m = Parse("From someone  Tue Aug  6 11:52:20 2002\nReceived: from relay\n\tby host\nFrom: Alice <a@b.c>\n" +
                      "Subject: Re: [ILUG] Network\n problems\nX-Mailer: Zed\n\nHello there.\n");
        Assert.That(m.Subject.Trim(), Is.EqualTo("Re:   Network problems"));
        Assert.That(m.Body.Trim(), Is.EqualTo("Hello there."));
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "re", "network", "problems", "hello", "there" }));
    }

    [Test]
    public void Quoted_printable_body_is_decoded_with_soft_line_breaks()
    {
        var m = Parse("Subject: s\nContent-Type: text/plain; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n" +
                      "Caf=E9 au l=\nait =3D bon\n");
        Assert.That(m.Body, Does.Contain("Café au lait = bon"));
    }

    [Test]
    public void Base64_utf8_body_is_decoded()
    {
        string b64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Grüße aus Köln"));
        var m = Parse($"Subject: s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{b64[..8]}\n{b64[8..]}\n");
        Assert.That(m.Body, Does.Contain("Grüße aus Köln"));
    }

    [Test]
    public void Encoded_words_in_the_subject_are_decoded()
    {
        var m = Parse("Subject: =?utf-8?B?" + Convert.ToBase64String("Grüße"u8.ToArray()) + "?= and =?iso-8859-1?Q?caf=E9_noir?=\n\nx\n");
        Assert.That(m.Subject, Is.EqualTo("Grüße and café noir"));
    }

    [Test]
    public void Html_tags_scripts_and_comments_are_stripped_and_entities_decoded()
    {
        var m = Parse("Subject: s\nContent-Type: text/html\n\n<html><head><title>T</title><style>p{color:red}</style></head>" +
                      "<body><p>V<b></b>iagra &amp; more</p><!-- hidden words --><script>var x=1;</script>Caf&eacute;&nbsp;now<br>end</body></html>\n");
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "s", "viagra", "more", "café", "now", "end" }));
    }

    [Test]
    public void Html_sent_as_plain_text_is_stripped_too()
    {
        var m = Parse("Subject: s\n\n<html><body><font size=3>Cheap</font> stuff</body></html>\n");
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "s", "cheap", "stuff" }));
    }

    [Test]
    public void Quoted_replies_wrote_lines_and_signatures_are_dropped()
    {
        var m = Parse("Subject: Re: q\n\nOn Mon, Bob wrote:\n> old text\n  >> older\nMy answer.\n-- \nBob's signature\n");
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "re", "q", "my", "answer" }));
    }

    [Test]
    public void Mailing_list_footer_and_outlook_quote_end_the_text()
    {
        var footer = Parse("Subject: s\n\nkeep\n_______________________________________________\nIlug mailing list\nhttp://x\n");
        Assert.That(footer.Tokens(16, 64), Is.EqualTo(new[] { "s", "keep" }));
        var yahoo = Parse("Subject: s\n\nkeep\n------------------------ Yahoo! Groups Sponsor ---------------------~-->\nad\n");
        Assert.That(yahoo.Tokens(16, 64), Is.EqualTo(new[] { "s", "keep" }));
        var outlook = Parse("Subject: s\n\nkeep\n-----Original Message-----\nFrom: x\nold\n");
        Assert.That(outlook.Tokens(16, 64), Is.EqualTo(new[] { "s", "keep" }));
    }

    [Test]
    public void Multipart_alternative_keeps_the_plain_part_and_skips_attachments()
    {
        var m = Parse("Subject: s\nContent-Type: multipart/mixed; boundary=\"OUT\"\n\npreamble\n--OUT\n" +
                      "Content-Type: multipart/alternative; boundary=IN\n\n--IN\nContent-Type: text/plain\n\nplain words\n" +
                      "--IN\nContent-Type: text/html\n\n<p>html words</p>\n--IN--\n--OUT\nContent-Type: image/gif\n" +
                      "Content-Transfer-Encoding: base64\n\nR0lGODlhAQABAAAAACw=\n--OUT\nContent-Type: text/plain\n\ntail text\n--OUT--\nepilogue\n");
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "s", "plain", "words", "tail", "text" }));
    }

    [Test]
    public void A_nested_boundary_that_extends_the_outer_one_is_not_taken_for_it()
    {
        var m = Parse("Subject: s\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n" +
                      "Content-Type: multipart/alternative; boundary=\"B_1\"\n\n--B_1\nContent-Type: text/plain\n\ninner words\n" +
                      "--B_1--\n--B\nContent-Type: text/plain\n\nouter words\n--B--\n");
        Assert.That(m.Tokens(16, 64), Is.EqualTo(new[] { "s", "inner", "words", "outer", "words" }));
    }

    [Test]
    public void Parts_in_unread_charsets_and_undeclared_multibyte_text_are_dropped()
    {
        var gb = Parse("Subject: s\nContent-Type: text/plain; charset=gb2312\n\n\u00c4\u00fa\u00ba\u00c3 hello\n");
        Assert.That(gb.Tokens(16, 64), Is.EqualTo(new[] { "s" }));
        var undeclared = Parse("Subject: s\n\n\u00c7\u00d1\u00b1\u00db \u00c0\u00cc \u00b8\u00de\u00c0\u00cf ok\n");
        Assert.That(undeclared.Tokens(16, 64), Is.EqualTo(new[] { "s" }));
    }

    [Test]
    public void Tokens_keep_the_subject_cap_and_the_body_cap()
    {
        var m = Parse("Subject: a b c d\n\n1x one two three four five\n");
        Assert.That(m.Tokens(maxSubjectTokens: 2, maxBodyTokens: 3), Is.EqualTo(new[] { "a", "b", "<num>", "one", "two" }));
        Assert.That(m.Tokens(int.MaxValue, int.MaxValue), Has.Length.EqualTo(10));
    }
}
