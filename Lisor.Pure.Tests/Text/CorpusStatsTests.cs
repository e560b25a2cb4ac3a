using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Text;

public class CorpusStatsTests
{
    private static readonly LabeledSequence[] Train = [new("spam", ["a", "b", "c"]), new("ham", ["a"]), new("ham", ["b", "b"])];
    private static readonly LabeledSequence[] Test = [new("spam", ["d", "e", "f", "g", "h"])];

    [Test]
    public void Stats_count_labels_lengths_and_vocabulary_per_part_and_overall()
    {
        var stats = CorpusStats.Of(("train", Train), ("test", Test));
        var train = stats.Splits[0];
        Assert.That((train.Examples, train.PerLabel["ham"], train.PerLabel["spam"]), Is.EqualTo((3, 2, 1)));
        Assert.That((train.MeanLength, train.MedianLength, train.MaxLength, train.Vocabulary), Is.EqualTo((2.0, 2, 3, 3)));
        // lengths 1, 2, 3, 5: the median is the mean of the middle two, not the upper one
        Assert.That((stats.All.Examples, stats.All.MaxLength, stats.All.Vocabulary, stats.All.MedianLength), Is.EqualTo((4, 5, 8, 2.5)));
    }

    [Test]
    public void Summary_has_snake_case_keys_and_markdown_has_a_row_per_part()
    {
        var stats = CorpusStats.Of(("train", Train), ("test", Test));
        var summary = stats.ToSummary();
        Assert.That(summary.Keys, Is.EqualTo(new[] { "train", "test", "labels", "mean_length", "median_length", "max_length", "vocabulary" }));
        Assert.That(summary["mean_length"], Is.EqualTo(2.75));
        string md = stats.ToMarkdown();
        Assert.That(md.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(5));
        Assert.That(md, Does.Contain("| train | 3 | 2 | 1 | 2.0 | 2 | 3 | 3 |"));
    }
}
