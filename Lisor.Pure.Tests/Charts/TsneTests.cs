using Lisor.Pure.Common;
using Lisor.Pure.Experiments;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Charts;

public class TsneTests
{
    /// <summary>n points in <paramref name="blobs"/> Gaussian blobs (σ = 1) whose centres are 10 apart along separate axes.</summary>
    private static (float[] Points, int[] Label) Blobs(int n, int dim, int blobs, ulong seed)
    {
        var rng = new Rng(seed);
        var points = new float[n * dim];
        var label = new int[n];
        for (int i = 0; i < n; i++)
        {
            label[i] = i % blobs;
            for (int d = 0; d < dim; d++)
                points[i * dim + d] = (float)((d == label[i] ? 10 : 0) + rng.NextGaussian());
        }
        return (points, label);
    }

    /// <summary>Fraction of points whose nearest other point in the embedding has the same label.</summary>
    private static double NearestNeighbourPurity(float[] y, int[] label)
    {
        int n = label.Length, same = 0;
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            double bestD = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1], d = dx * dx + dy * dy;
                if (d < bestD) { bestD = d; best = j; }
            }
            if (label[best] == label[i]) same++;
        }
        return (double)same / n;
    }

    private static readonly TsneOptions Short = new() { Seed = 7, Perplexity = 20, Iterations = 400 };

    [Test]
    public void Well_separated_blobs_stay_separated_in_the_embedding()
    {
        var (x, label) = Blobs(150, 6, 4, 11);
        var result = Tsne.Embed(x, 150, 6, Short);
        Assert.That(result.Embedding, Has.Length.EqualTo(300));
        Assert.That(result.Embedding.All(float.IsFinite), Is.True);
        Assert.That(NearestNeighbourPurity(result.Embedding, label), Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void Kl_divergence_decreases_once_exaggeration_ends()
    {
        var (x, _) = Blobs(120, 5, 3, 12);
        var result = Tsne.Embed(x, 120, 5, Short with { KlEvery = 25 });
        var after = result.KlHistory.Where(h => h.Iteration > Short.ExaggerationIterations).ToList();
        Assert.That(after, Has.Count.GreaterThan(3));
        Assert.That(after[^1].Kl, Is.LessThan(after[0].Kl));
        Assert.That(result.KlDivergence, Is.LessThan(result.KlHistory[0].Kl), "the final embedding fits P better than the early one");
        Assert.That(result.KlDivergence, Is.GreaterThanOrEqualTo(0));
        var (embedding, kl) = result;
        Assert.That((embedding, kl), Is.EqualTo((result.Embedding, result.KlDivergence)));
    }

    [Test]
    public void Same_seed_gives_the_same_embedding_and_another_seed_a_different_one()
    {
        var (x, _) = Blobs(60, 4, 3, 13);
        var o = Short with { Iterations = 150 };
        var a = Tsne.Embed(x, 60, 4, o);
        var b = Tsne.Embed(x, 60, 4, o);
        var c = Tsne.Embed(x, 60, 4, o with { Seed = 8 });
        Assert.That(b.Embedding, Is.EqualTo(a.Embedding));
        Assert.That(b.KlDivergence, Is.EqualTo(a.KlDivergence));
        Assert.That(c.Embedding, Is.Not.EqualTo(a.Embedding));
    }

    [Test]
    public void Embedding_is_bit_identical_for_one_and_two_threads()
    {
        var (x, _) = Blobs(100, 5, 3, 14); // 100 rows = 4 fixed blocks of 32
        var o = Short with { Iterations = 120 };
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var one = Tsne.Embed(x, 100, 5, o);
            Parallelism.Threads = 2;
            var two = Tsne.Embed(x, 100, 5, o);
            Assert.That(two.Embedding, Is.EqualTo(one.Embedding));
            Assert.That(BitConverter.DoubleToInt64Bits(two.KlDivergence), Is.EqualTo(BitConverter.DoubleToInt64Bits(one.KlDivergence)));
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Test]
    public void Perplexity_calibration_hits_the_target_entropy_in_every_row()
    {
        var (x, _) = Blobs(90, 7, 3, 15);
        foreach (double perplexity in new[] { 5.0, 15.0, 29.0 })
        {
            var (p, beta) = TsneAffinities.Conditional(x, 90, 7, perplexity);
            for (int i = 0; i < 90; i++)
            {
                var row = p.AsSpan(i * 90, 90);
                Assert.That(row[i], Is.Zero);
                double sum = 0;
                foreach (double v in row) sum += v;
                Assert.That(sum, Is.EqualTo(1).Within(1e-12));
                Assert.That(TsneAffinities.Entropy(row), Is.EqualTo(Math.Log(perplexity)).Within(1e-4), $"row {i}, perplexity {perplexity}");
                Assert.That(beta[i], Is.GreaterThan(0));
            }
        }
    }

    [Test]
    public void Symmetrized_p_is_a_symmetric_distribution()
    {
        var (x, _) = Blobs(40, 3, 2, 16);
        var (p, _) = TsneAffinities.Conditional(x, 40, 3, 10);
        TsneAffinities.Symmetrize(p, 40);
        double total = 0;
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 40; j++)
            {
                Assert.That(p[i * 40 + j], Is.EqualTo(p[j * 40 + i]));
                total += p[i * 40 + j];
            }
        Assert.That(total, Is.EqualTo(1).Within(1e-6));
    }

    [Test]
    public void Row_sample_is_seeded_sorted_and_without_repeats()
    {
        int[] a = Tsne.SampleRows(5000, 2000, 3);
        Assert.That(a, Has.Length.EqualTo(2000).And.Unique.And.Ordered);
        Assert.That(a.All(i => i >= 0 && i < 5000), Is.True);
        Assert.That(Tsne.SampleRows(5000, 2000, 3), Is.EqualTo(a));
        Assert.That(Tsne.SampleRows(5000, 2000, 4), Is.Not.EqualTo(a));
        Assert.That(Tsne.SampleRows(10, 2000, 3), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.Throws<ArgumentException>(() => Tsne.Embed(new float[Tsne.MaxPoints + 1], Tsne.MaxPoints + 1, 1, Short));
    }

    [Test]
    public void Tiny_and_duplicate_inputs_give_finite_embeddings()
    {
        Assert.That(Tsne.Embed([], 0, 3, Short).Embedding, Is.Empty);
        Assert.That(Tsne.Embed([1, 2, 3], 1, 3, Short).Embedding, Is.EqualTo(new float[2]));
        var three = Tsne.Embed([0, 0, 1, 1, 5, 5], 3, 2, Short with { Iterations = 50 });
        Assert.That(three.Embedding.All(float.IsFinite), Is.True);
        Assert.That(three.Perplexity, Is.EqualTo(1), "perplexity is lowered to (n − 1) / 3, at least 1");
        var same = Tsne.Embed(new float[20 * 2], 20, 2, Short with { Iterations = 50 }); // 20 identical points
        Assert.That(same.Embedding.All(float.IsFinite), Is.True);
        Assert.That(double.IsFinite(same.KlDivergence), Is.True);
    }
}
