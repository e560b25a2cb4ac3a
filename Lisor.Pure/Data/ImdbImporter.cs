using System.Text;
using System.Text.RegularExpressions;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Data;

/// <summary>
/// Converts the Large Movie Review Dataset (Maas et al., 2011) as unpacked from aclImdb_v1.tar.gz —
/// <c>aclImdb/{train,test}/{pos,neg}/&lt;id&gt;_&lt;rating&gt;.txt</c>, one review per file, with
/// <c>&lt;br /&gt;</c> line breaks — into sequence TSV files labelled pos/neg. Reviews are tokenized with
/// <see cref="Tokenizer"/> (optionally cut to their first tokens). A seeded 10 % of each label of the
/// training set, at least one review, becomes the validation set (so every label needs two training reviews);
/// the test set is kept whole. Each file is shuffled.
/// </summary>
internal static class ImdbImporter
{
    /// <summary>Fraction of each label of the training reviews moved to the validation set.</summary>
    public const double ValidFraction = 0.10;

    /// <summary>
    /// Training reviews of each label the validation set takes at least: 10 % of fewer than 6 rounds to none, and an
    /// empty valid.tsv is refused by `train` (or leaves it without a validation set).
    /// </summary>
    public const int MinValidPerLabel = 1;

    private static readonly string[] Parts = ["train", "test"];
    private static readonly string[] Labels = ["pos", "neg"];
    private static readonly Regex LineBreakTag = new(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Writes outDir/train.tsv, valid.tsv and test.tsv from the aclImdb folder at <paramref name="aclImdbPath"/>
    /// (the folder holding train/ and test/); <paramref name="maxTokens"/> keeps only the first tokens of a
    /// review (null: all). Returns the figures of the three files.
    /// </summary>
    public static CorpusStats Convert(string aclImdbPath, string outDir, int? maxTokens, ulong seed)
    {
        if (maxTokens is <= 0) throw new InputException($"the maximum number of tokens per review must be positive, got {maxTokens}");
        CheckLayout(aclImdbPath);
        var train = ReadPart(aclImdbPath, "train", maxTokens ?? int.MaxValue);
        var test = ReadPart(aclImdbPath, "test", maxTokens ?? int.MaxValue);
        var rng = new Rng(seed);
        var trainValid = SpamCorpusBuilder.StratifiedSplit(train, [1 - ValidFraction, ValidFraction], rng, MinValidPerLabel);
        var testShuffled = SpamCorpusBuilder.StratifiedSplit(test, [1.0], rng)[0];
        Tsv.Write(Path.Combine(outDir, "train.tsv"), trainValid[0]);
        Tsv.Write(Path.Combine(outDir, "valid.tsv"), trainValid[1]);
        Tsv.Write(Path.Combine(outDir, "test.tsv"), testShuffled);
        return CorpusStats.Of(("train", trainValid[0]), ("valid", trainValid[1]), ("test", testShuffled));
    }

    /// <summary>The tokens of one review's text (line-break tags become spaces).</summary>
    public static string[] TokenizeReview(string review, int maxTokens = int.MaxValue)
        => Tokenizer.Tokenize(LineBreakTag.Replace(review, " "), maxTokens);

    /// <summary>Throws an <see cref="InputException"/> naming the first missing or empty folder of the layout.</summary>
    private static void CheckLayout(string root)
    {
        const string layout = "expected the aclImdb layout train/pos, train/neg, test/pos, test/neg holding *.txt reviews";
        if (!Directory.Exists(root)) throw new InputException(root, 0, $"no such folder; {layout}");
        foreach (var part in Parts)
            foreach (var label in Labels)
            {
                string dir = Path.Combine(root, part, label);
                if (!Directory.Exists(dir)) throw new InputException(root, 0, $"missing folder '{part}/{label}'; {layout}");
                // a training label is cut into train.tsv and valid.tsv, each taking at least one review
                int needed = part == "train" ? 1 + MinValidPerLabel : 1;
                int reviews = Directory.EnumerateFiles(dir, "*.txt").Take(needed).Count();
                if (reviews == 0) throw new InputException(dir, 0, $"no *.txt review; {layout}");
                if (reviews < needed)
                    throw new InputException(dir, 0, $"holds only {reviews} *.txt review; each label needs at least {needed} training reviews, " +
                        $"{MinValidPerLabel} of them for valid.tsv");
            }
    }

    private static List<LabeledSequence> ReadPart(string root, string part, int maxTokens)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var examples = new List<LabeledSequence>();
        foreach (var label in Labels)
        {
            var files = Directory.GetFiles(Path.Combine(root, part, label), "*.txt").OrderBy(f => f, StringComparer.Ordinal);
            foreach (var file in files)
            {
                string text;
                try { text = File.ReadAllText(file, strict); }
                catch (DecoderFallbackException) { throw new InputException(file, 0, "not valid UTF-8 text"); }
                examples.Add(new LabeledSequence(label, TokenizeReview(text, maxTokens)));
            }
        }
        return examples;
    }
}
