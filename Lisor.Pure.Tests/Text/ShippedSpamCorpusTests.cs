using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Text;

public class ShippedSpamCorpusTests
{
    private static List<LabeledSequence>[] ReadSplits()
    {
        string folder = SpamCorpus.Locate();
        return SpamCorpus.SplitFiles.Select(f => Tsv.Read(Path.Combine(folder, f))).ToArray();
    }

    [Test]
    public void Shipped_splits_parse_and_have_both_labels_in_every_split()
    {
        var splits = ReadSplits();
        foreach (var split in splits)
        {
            Assert.That(split.Select(e => e.Label).Distinct().Order(), Is.EqualTo(new[] { "ham", "spam" }));
            Assert.That(split.Max(e => e.Tokens.Length), Is.LessThanOrEqualTo(SpamCorpusBuilder.MaxSubjectTokens + SpamCorpusBuilder.DefaultMaxBodyTokens));
            Assert.That(split.All(e => e.Tokens.Length > 0), Is.True);
        }
        Assert.That(splits[0], Has.Count.GreaterThan(3000));
        Assert.That(splits[1], Has.Count.GreaterThan(500));
        Assert.That(splits[2], Has.Count.GreaterThan(500));
    }

    [Test]
    public void No_text_appears_twice_within_or_across_the_shipped_splits()
    {
        var texts = ReadSplits().SelectMany(s => s).Select(e => string.Join(' ', e.Tokens)).ToList();
        Assert.That(texts.Distinct().Count(), Is.EqualTo(texts.Count));
    }

    [Test]
    public void Copy_splits_writes_byte_identical_files()
    {
        using var tmp = new TempFolder();
        var written = SpamCorpus.CopySplits(Path.Combine(tmp.Path, "out"));
        Assert.That(written.Select(Path.GetFileName), Is.EqualTo(SpamCorpus.SplitFiles));
        foreach (var f in SpamCorpus.SplitFiles)
            Assert.That(File.ReadAllBytes(Path.Combine(tmp.Path, "out", f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(SpamCorpus.Locate(), f))));
    }

    [Test]
    public void Locate_walks_up_from_a_nested_folder_and_returns_null_outside_a_repository()
    {
        using var tmp = new TempFolder();
        foreach (var f in SpamCorpus.SplitFiles) tmp.Write(Path.Combine("data", "spam", f), "ham\tx\n");
        string nested = Path.Combine(tmp.Path, "Lisor.Pure", "bin", "Release", "net10.0");
        Directory.CreateDirectory(nested);
        Assert.That(SpamCorpus.TryLocate([nested]), Is.EqualTo(Path.Combine(tmp.Path, "data", "spam")));
        using var empty = new TempFolder();
        Assert.That(SpamCorpus.TryLocate([empty.Path]), Is.Null);
    }

    [Test]
    public void Outside_a_clone_the_embedded_corpus_is_copied_and_an_edited_copy_is_replaced()
    {
        using var nowhere = new TempFolder();
        using var cacheRoot = new TempFolder();
        string folder = SpamCorpus.Locate([nowhere.Path], cacheRoot.Path);
        Assert.That(folder, Does.StartWith(cacheRoot.Path));
        string test = Path.Combine(folder, "test.tsv");
        var shipped = SpamCorpus.Embedded("test.tsv");
        Assert.That(File.ReadAllBytes(test), Is.EqualTo(shipped));
        // the same length, one byte changed: still not the corpus
        var edited = (byte[])shipped.Clone();
        edited[^2] = edited[^2] == (byte)'a' ? (byte)'b' : (byte)'a';
        File.WriteAllBytes(test, edited);
        Assert.That(SpamCorpus.Locate([nowhere.Path], cacheRoot.Path), Is.EqualTo(folder));
        Assert.That(File.ReadAllBytes(test), Is.EqualTo(shipped));
    }
}
