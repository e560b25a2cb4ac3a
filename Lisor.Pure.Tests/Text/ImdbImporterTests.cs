using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Text;

public class ImdbImporterTests
{
    /// <summary>A tiny aclImdb tree: 10 positive and 10 negative training reviews, 3 + 3 test reviews.</summary>
    private static string WriteFixture(TempFolder tmp)
    {
        for (int i = 0; i < 10; i++)
        {
            tmp.Write($"aclImdb/train/pos/{i}_9.txt", $"A great film number {i}!<br /><br />Loved it.");
            tmp.Write($"aclImdb/train/neg/{i}_2.txt", $"Awful movie {i}.<br/>Boring plot, bad ACTING.");
        }
        for (int i = 0; i < 3; i++)
        {
            tmp.Write($"aclImdb/test/pos/{i}_8.txt", "Wonderful, touching story.");
            tmp.Write($"aclImdb/test/neg/{i}_1.txt", "Terrible waste of time");
        }
        tmp.Write("aclImdb/train/unsup/0_0.txt", "ignored");
        tmp.Write("aclImdb/imdb.vocab", "the\n");
        return Path.Combine(tmp.Path, "aclImdb");
    }

    [Test]
    public void Convert_writes_train_valid_test_with_pos_neg_labels_and_no_br_tags()
    {
        using var tmp = new TempFolder();
        string root = WriteFixture(tmp);
        string outDir = Path.Combine(tmp.Path, "out");
        var stats = ImdbImporter.Convert(root, outDir, maxTokens: null, seed: 3);
        var train = Tsv.Read(Path.Combine(outDir, "train.tsv"));
        var valid = Tsv.Read(Path.Combine(outDir, "valid.tsv"));
        var test = Tsv.Read(Path.Combine(outDir, "test.tsv"));
        Assert.That((train.Count(e => e.Label == "pos"), train.Count(e => e.Label == "neg")), Is.EqualTo((9, 9)));
        Assert.That((valid.Count(e => e.Label == "pos"), valid.Count(e => e.Label == "neg")), Is.EqualTo((1, 1)));
        Assert.That((test.Count(e => e.Label == "pos"), test.Count(e => e.Label == "neg")), Is.EqualTo((3, 3)));
        Assert.That(stats.All.Examples, Is.EqualTo(26));
        Assert.That(train.Concat(valid).Where(e => e.Label == "pos").Select(e => e.ToString()),
            Has.All.EqualTo("pos\ta great film number <num> ! loved it"));
        Assert.That(train.Concat(valid).Where(e => e.Label == "neg").Select(e => e.ToString()),
            Has.All.EqualTo("neg\tawful movie <num> boring plot bad acting"));
        Assert.That(test.Where(e => e.Label == "pos").Select(e => string.Join(' ', e.Tokens)), Has.All.EqualTo("wonderful touching story"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "train.tsv")), Does.Not.Contain("br"));
    }

    [Test]
    public void Convert_is_deterministic_for_a_seed_and_max_tokens_cuts_reviews()
    {
        using var tmp = new TempFolder();
        string root = WriteFixture(tmp);
        ImdbImporter.Convert(root, Path.Combine(tmp.Path, "a"), maxTokens: 3, seed: 5);
        ImdbImporter.Convert(root, Path.Combine(tmp.Path, "b"), maxTokens: 3, seed: 5);
        foreach (var f in new[] { "train.tsv", "valid.tsv", "test.tsv" })
            Assert.That(File.ReadAllText(Path.Combine(tmp.Path, "b", f)), Is.EqualTo(File.ReadAllText(Path.Combine(tmp.Path, "a", f))), f);
        var train = Tsv.Read(Path.Combine(tmp.Path, "a", "train.tsv"));
        Assert.That(train.Select(e => e.Tokens.Length), Has.All.EqualTo(3));
    }

    [Test]
    public void Missing_folder_or_layout_part_is_an_input_error_naming_it()
    {
        using var tmp = new TempFolder();
        var none = Assert.Throws<InputException>(() => ImdbImporter.Convert(Path.Combine(tmp.Path, "nope"), tmp.Path, null, 1));
        Assert.That(none!.Message, Does.Contain("no such folder"));
        string root = WriteFixture(tmp);
        Directory.Delete(Path.Combine(root, "test", "neg"), recursive: true);
        var missing = Assert.Throws<InputException>(() => ImdbImporter.Convert(root, Path.Combine(tmp.Path, "out"), null, 1));
        Assert.That(missing!.Message, Does.Contain("test/neg"));
        Directory.CreateDirectory(Path.Combine(root, "test", "neg"));
        var empty = Assert.Throws<InputException>(() => ImdbImporter.Convert(root, Path.Combine(tmp.Path, "out"), null, 1));
        Assert.That(empty!.Message, Does.Contain("no *.txt review"));
        Assert.That(Directory.Exists(Path.Combine(tmp.Path, "out")), Is.False);
    }

    [Test]
    public void A_review_that_is_not_utf8_is_an_input_error_naming_the_file()
    {
        using var tmp = new TempFolder();
        string root = WriteFixture(tmp);
        File.WriteAllBytes(Path.Combine(root, "train", "pos", "0_9.txt"), [0x66, 0xFF, 0xFE, 0x41]);
        var e = Assert.Throws<InputException>(() => ImdbImporter.Convert(root, Path.Combine(tmp.Path, "out"), null, 1));
        Assert.That(e!.File, Does.EndWith("0_9.txt"));
    }
}
