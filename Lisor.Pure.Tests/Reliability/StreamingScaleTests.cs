using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>A 1-million-line TSV is read by <see cref="Tsv.Stream"/> with bounded memory (sampled managed heap).</summary>
public class StreamingScaleTests
{
    [Test]
    public void A_million_line_tsv_streams_in_bounded_memory()
    {
        string dir = CliRunner.TempDir(), path = Path.Combine(dir, "million.tsv");
        using (var w = new StreamWriter(path))
            for (int i = 0; i < 1_000_000; i++) w.Write((i & 1) == 0 ? "1\t0 1 1 0 1\n" : "0\t1 0 0 1\n");

        long baseline = GC.GetTotalMemory(forceFullCollection: true), peak = 0, tokens = 0;
        int lines = 0;
        foreach (var s in Tsv.Stream(path))
        {
            tokens += s.Tokens.Length;
            if (++lines % 100_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
        }
        File.Delete(path);
        Assert.That(lines, Is.EqualTo(1_000_000));
        Assert.That(tokens, Is.EqualTo(4_500_000));
        Assert.That(peak, Is.LessThan(200L << 20), $"managed heap grew by {peak >> 20} MB while streaming");
        TestContext.Out.WriteLine($"streamed 1 000 000 lines; managed heap growth at most {peak / (1 << 20)} MB above baseline");
    }
}
