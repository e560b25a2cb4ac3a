using Lisor.Pure.Common;
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
    }
}
