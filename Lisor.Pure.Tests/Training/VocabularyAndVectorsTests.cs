using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Training;

public class VocabularyAndVectorsTests
{
    [Test]
    public void Vocabulary_orders_by_frequency_cuts_rare_symbols_and_maps_unknowns_to_id_0()
    {
        var data = new[] { new LabeledSequence("a", ["b", "a", "b", "c"]), new LabeledSequence("b", ["a", "b", "d"]) };
        var v = Vocabulary.Build(data, minCount: 2);
        Assert.That(v.Symbols, Is.EqualTo(new[] { "<unk>", "b", "a" }));
        Assert.That(v.Encode(["a", "c", "b", "zzz"]), Is.EqualTo(new[] { 2, 0, 1, 0 }));
        Assert.That(Vocabulary.Build(data).Symbols, Is.EqualTo(new[] { "<unk>", "b", "a", "c", "d" }));
    }

    [Test]
    public void One_character_symbols_get_the_ids_of_the_dictionary_including_unknown_ones()
    {
        var v = Vocabulary.FromSymbols([Vocabulary.Unknown, "1", "0", "ab", "é", "\u007f", "a"]);
        Assert.That(new[] { "0", "1", "a", "ab", "é", "\u007f" }.Select(v.IdOf), Is.EqualTo(new[] { 2, 1, 6, 3, 4, 5 }));
        // one-character strings outside the vocabulary (ASCII and not) and a prefix of a symbol are unknown
        Assert.That(new[] { "b", "2", "\0", "è", "<", "abc" }.Select(v.IdOf), Is.All.EqualTo(Vocabulary.UnknownId));
        var ids = new int[4];
        v.Encode(["a", "x", "ab", "0"], ids);
        Assert.That(ids, Is.EqualTo(new[] { 6, 0, 3, 2 }));
        // the same ids through the list interface (a list, not an array) and through a span
        var listIds = new int[7];
        var spanIds = new int[7];
        string[] tokens = ["é", "b", "ab", "\u007f", "1", "abc", "a"];
        v.Encode(new List<string>(tokens), listIds);
        v.Encode(tokens.AsSpan(), spanIds);
        Assert.That(spanIds, Is.EqualTo(new[] { 4, 0, 3, 5, 1, 0, 6 }));
        Assert.That(listIds, Is.EqualTo(spanIds));
    }

    [Test]
    public void Tokens_split_on_single_spaces_and_one_character_ascii_tokens_are_shared_strings()
    {
        var a = Tsv.SplitTokens("0 1 ab 0 é \u007f", "f.tsv", 3);
        var b = Tsv.ParseLine("x\t1 0 ab", "f.tsv", 4).Tokens;
        Assert.That(a, Is.EqualTo(new[] { "0", "1", "ab", "0", "é", "\u007f" }));
        Assert.That(b, Is.EqualTo(new[] { "1", "0", "ab" }));
        Assert.That(ReferenceEquals(a[0], a[3]) && ReferenceEquals(a[0], b[1]) && ReferenceEquals(a[1], b[0]), Is.True, "one string per one-character symbol");
        Assert.That(ReferenceEquals(a[2], b[2]), Is.False, "longer tokens are their own strings");
        Assert.That(Tsv.SplitTokens("", "f.tsv", 1), Is.Empty);
        Assert.That(Tsv.SplitTokens("word", "f.tsv", 1), Is.EqualTo(new[] { "word" }));
        foreach (var bad in new[] { " 0", "0 ", "0  1", " " })
        {
            var e = Assert.Throws<InputException>(() => Tsv.SplitTokens(bad, "f.tsv", 7))!;
            Assert.That(e.Message, Does.Contain("f.tsv").And.Contain("7").And.Contain("empty token"), $"'{bad}'");
        }
    }

    [Test]
    public void Tokens_found_in_place_are_the_tokens_split_and_look_up_the_same_ids()
    {
        var v = Vocabulary.FromSymbols([Vocabulary.Unknown, "1", "0", "ab", "é", "\u007f", "a"]);
        Range[] ranges = new Range[1];   // (grown as needed)
        int at = 0;
        foreach (string line in new[] { "0 1 ab 0 é \u007f", "", "word", "abc a b 1", "x", "0 1 1 0", "é 0 è \u007f a b", "0 1 ab", "ab 0 1", "a", "ab" })
        {
            int count = Tsv.SplitTokens(line, ref ranges, at, "f.tsv", 2);
            var split = Tsv.SplitTokens(line, "f.tsv", 2);
            Assert.That(Enumerable.Range(at, count).Select(t => line[ranges[t]]), Is.EqualTo(split), $"'{line}'");
            Assert.That(Enumerable.Range(at, count).Select(t => v.IdOf(line.AsSpan()[ranges[t]])), Is.EqualTo(split.Select(v.IdOf)), $"'{line}'");
            var ids = Enumerable.Repeat(-1, count + 1).ToArray();   // (one past the tokens: left alone)
            v.Encode(line, ranges.AsSpan(at, count), ids);
            Assert.That(ids, Is.EqualTo(split.Select(v.IdOf).Append(-1)), $"'{line}': the ranges encoded in place");
            at += count;
        }
        Assert.That(ranges.Length, Is.GreaterThanOrEqualTo(at));
        foreach (var bad in new[] { " 0", "0 ", "0  1", " " })
        {
            var e = Assert.Throws<InputException>(() => Tsv.SplitTokens(bad, ref ranges, 0, "f.tsv", 7))!;
            Assert.That(e.Message, Does.Contain("f.tsv").And.Contain("7").And.Contain("empty token"), $"'{bad}'");
        }
        // an FSA over {0, ab}: the ids from the tokens in place are those from the split tokens, unknown ones counted
        var fsa = new Lisor.Pure.Automata.CompiledFsa(new Lisor.Pure.Automata.Fsa(["0", "ab"], ["no", "yes"], 1,
            [new Lisor.Pure.Automata.FsaState(0, 0, 1)], []), Lisor.Pure.Automata.MissingPolicy.Dead);
        string text = "ab x 0 é ab";
        int n = Tsv.SplitTokens(text, ref ranges, 0, "f.tsv", 1);
        int[] inPlace = new int[n], fromSplit = new int[n];
        int unknownInPlace = fsa.Encode(text, ranges.AsSpan(0, n), inPlace);
        int unknownSplit = fsa.Encode(Tsv.SplitTokens(text, "f.tsv", 1), fromSplit);
        Assert.That((inPlace, unknownInPlace), Is.EqualTo((fromSplit, unknownSplit)));
        Assert.That(unknownInPlace, Is.EqualTo(2));
    }

    [Test]
    public void Word_vectors_read_word2vec_and_glove_text()
    {
        string dir = CliRunner.TempDir();
        string w2v = Path.Combine(dir, "w2v.txt"), glove = Path.Combine(dir, "glove.txt");
        File.WriteAllText(w2v, "2 3\nfoo 1 2 3\nbar -1.5 0 2e-1\n");
        File.WriteAllText(glove, "foo 1 2 3\r\nbar -1.5 0 0.2\r\n");
        foreach (var path in new[] { w2v, glove })
        {
            var v = WordVectors.Read(path);
            Assert.That((v.Dimension, v.Count), Is.EqualTo((3, 2)));
            Assert.That(v.Get("bar"), Is.EqualTo(new[] { -1.5f, 0f, 0.2f }));
            Assert.That(v.Get("baz"), Is.Null);
        }
        Assert.That(WordVectors.Read(w2v, w => w == "foo").Count, Is.EqualTo(1));
    }

    [Test]
    public void Word_vector_errors_name_the_file_and_line()
    {
        string path = Path.Combine(CliRunner.TempDir(), "bad.txt");
        File.WriteAllText(path, "foo 1 2 3\nbar 1 2\n");
        Assert.That(Assert.Throws<InputException>(() => WordVectors.Read(path))!.Message, Does.StartWith($"{path}:2:"));
        File.WriteAllText(path, "foo 1 2 3\nbar 1 x 3\n");
        Assert.That(Assert.Throws<InputException>(() => WordVectors.Read(path))!.Message, Does.StartWith($"{path}:2:").And.Contain("'x'"));
        File.WriteAllText(path, "");
        Assert.That(Assert.Throws<InputException>(() => WordVectors.Read(path))!.Message, Does.Contain("no vectors"));
        File.WriteAllText(path, "2 3\n");
        Assert.That(Assert.Throws<InputException>(() => WordVectors.Read(path))!.Message, Does.Contain("no vectors"), "a header alone");
        // not UTF-8 on line 5, past the reader's first block of lines: the line is found again
        File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4).Select(i => $"w{i} 1 2 3\n"))),
                                  0xE9, (byte)'t', 0xE9, .. " 1 2 3\n"u8]);
        Assert.That(Assert.Throws<InputException>(() => WordVectors.Read(path))!.Message, Does.StartWith($"{path}:5: not valid UTF-8"));
    }

    [Test]
    public void Training_on_vectors_that_cover_no_training_word_is_refused()
    {
        string dir = CliRunner.TempDir(), vectors = Path.Combine(dir, "v.txt"), data = Path.Combine(dir, "d.tsv");
        File.WriteAllText(vectors, "zebra 0.1 0.2\nyak 0.3 0.4\n");
        File.WriteAllText(data, "0\ta b\n1\tb b\n0\ta\n1\tb\n");
        var r = CliRunner.Run("train", "--train", data, "--valid", data, "--cell", "srn", "--hidden", "4", "--epochs", "1",
            "--vectors", vectors, "--out", Path.Combine(dir, "m.lisor"));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.Trim(), Is.EqualTo($"error: {vectors}: has a vector for none of the 2 words of the training data"));
        File.AppendAllText(vectors, "a 1 0\n");
        Assert.That(CliRunner.Run("train", "--train", data, "--valid", data, "--cell", "srn", "--hidden", "4", "--epochs", "1",
            "--vectors", vectors, "--out", Path.Combine(dir, "m.lisor")).ExitCode, Is.Zero, "one word covered is enough");
    }
}
