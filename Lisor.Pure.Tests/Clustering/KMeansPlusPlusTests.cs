using Lisor.Pure.Clustering;
using Lisor.Pure.Clustering.Reference;
using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

public class KMeansPlusPlusTests
{
    private static int[] ReferenceSeed(float[] x, int n, int dim, int k, ulong seed)
        => ReferenceKMeansPlusPlus.Seed(x, n, dim, k, new Rng(seed));

    [TestCase(500, 3, 7, 1UL)]
    [TestCase(2000, 16, 16, 2UL)]
    [TestCase(9000, 5, 12, 3UL)]     // three blocks: the draw lands in blocks the pass has not refreshed yet
    [TestCase(12000, 2, 64, 4UL)]
    [TestCase(3000, 3, 450, 5UL)]    // L + 1 = 9 tile columns: two column groups
    public void Seeding_equals_a_naive_greedy_kmeanspp(int n, int dim, int k, ulong seed)
    {
        var x = TestData.Blobs(n, dim, sources: 10, seed);
        var fast = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(seed));
        Assert.That(fast, Is.EqualTo(ReferenceSeed(x, n, dim, k, seed)));
    }

    [Test]
    public void Draws_found_from_sub_block_sums_are_the_draws_of_a_scan_from_the_start()
    {
        // Two and a half blocks, many seeds: the draws land in every sub-block; a third of the points sit on one
        // point (runs of D² = 0 once it is chosen, so sub-blocks with equal running sums at their starts).
        int n = 2 * 4096 + 1500, dim = 3, k = 24;
        var x = TestData.Blobs(n, dim, sources: 6, 11);
        for (int i = 3000; i < 6000; i++) for (int d = 0; d < dim; d++) x[i * dim + d] = x[3000 * dim + d];
        for (ulong seed = 1; seed <= 12; seed++)
        {
            var fast = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(seed));
            Assert.That(fast, Is.EqualTo(ReferenceSeed(x, n, dim, k, seed)), $"seed {seed}");
        }
    }

    [Test]
    public void Seeding_with_more_centres_than_distinct_points_takes_every_distinct_point_first()
    {
        int n = 600, dim = 2, k = 40;
        var rng = new Rng(8);
        var x = new float[n * dim];
        for (int i = 0; i < n; i++) { int v = rng.NextInt(25); x[i * dim] = v % 5; x[i * dim + 1] = v / 5; } // 25 distinct points
        var fast = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(3));
        Assert.That(fast, Is.EqualTo(ReferenceSeed(x, n, dim, k, 3)));
        var distinct = fast.Take(25).Select(i => (x[i * dim], x[i * dim + 1])).Distinct().Count();
        Assert.That(distinct, Is.EqualTo(25));
    }

    [Test]
    public void Seeding_is_the_same_for_one_and_two_threads()
    {
        int n = 20_000, dim = 8, k = 30;
        var x = TestData.Blobs(n, dim, 12, 9);
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var one = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(4));
            Parallelism.Threads = 2;
            var two = new KMeansPlusPlus(new PointSpace(x, n, dim, null)).Seed(k, new Rng(4));
            Assert.That(two, Is.EqualTo(one));
        }
        finally { Parallelism.Threads = saved; }
    }
}
