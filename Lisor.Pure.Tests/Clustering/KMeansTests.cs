using Lisor.Pure.Clustering;
using Lisor.Pure.Clustering.Reference;
using Lisor.Pure.Common;
using Lisor.Pure.Tensors;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Tests.Clustering;

public class KMeansTests
{
    [TestCase(300, 2, 3, 1UL)]
    [TestCase(2000, 5, 10, 2UL)]
    [TestCase(3000, 17, 24, 3UL)]
    [TestCase(9000, 3, 7, 4UL)] // several blocks: block-order sums against point-order sums
    public void Lloyd_equals_the_naive_reference_with_the_same_seeding(int n, int dim, int k, ulong seed)
    {
        var x = TestData.Blobs(n, dim, sources: 12, seed);
        var fast = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = seed });
        var naive = ReferenceKMeans.Fit(x, n, dim, ReferenceKMeansPlusPlus.Seed(x, n, dim, k, new Rng(seed)));
        Assert.That(naive.Converged, Is.True, "the reference converged");
        Assert.That(fast.Assignments, Is.EqualTo(naive.Assignments));
        Assert.That(fast.Iterations, Is.EqualTo(naive.Iterations));
        Assert.That(fast.Centres, Is.EqualTo(naive.Centres).Within(1e-5f));
        Assert.That(fast.Inertia, Is.EqualTo(naive.Inertia).Within(1e-5).Percent);
    }

    [Test]
    public void Same_seed_gives_the_same_result_and_another_seed_may_differ()
    {
        var x = TestData.Blobs(1000, 4, 8, 5);
        var a = KMeans.Fit(x, 1000, 4, 6, new KMeansOptions { Seed = 9 });
        var b = KMeans.Fit(x, 1000, 4, 6, new KMeansOptions { Seed = 9 });
        Assert.That(a.Assignments, Is.EqualTo(b.Assignments));
        Assert.That(a.Centres, Is.EqualTo(b.Centres));
        Assert.That(a.Inertia, Is.EqualTo(b.Inertia));
    }

    [Test]
    public void Restarts_keep_the_lowest_inertia()
    {
        var x = TestData.Blobs(800, 3, 10, 6);
        var one = KMeans.Fit(x, 800, 3, 8, new KMeansOptions { Seed = 3, Restarts = 1 });
        var five = KMeans.Fit(x, 800, 3, 8, new KMeansOptions { Seed = 3, Restarts = 5 });
        Assert.That(five.Inertia, Is.LessThanOrEqualTo(one.Inertia)); // the first restart is the single run
    }

    [Test]
    public void Results_are_bit_identical_for_one_two_and_three_threads()
    {
        int n = 20_000, dim = 6, k = 12; // five blocks
        var x = TestData.Blobs(n, dim, 16, 7);
        var (sequence, step, _) = TestData.Sequences(n, 15, 8);
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var a1 = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = 2 });
            var x1 = KMeansX.Fit(x, n, dim, sequence, step, k, new KMeansOptions { Seed = 2 });
            Parallelism.Threads = 2;
            var a2 = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = 2 });
            var x2 = KMeansX.Fit(x, n, dim, sequence, step, k, new KMeansOptions { Seed = 2 });
            Assert.That(a2.Assignments, Is.EqualTo(a1.Assignments));
            Assert.That(a2.Centres, Is.EqualTo(a1.Centres));
            Assert.That(a2.Inertia, Is.EqualTo(a1.Inertia));
            Assert.That(x2.Assignments, Is.EqualTo(x1.Assignments));
            Assert.That(x2.Centres, Is.EqualTo(x1.Centres));
            Assert.That(x2.Inertia, Is.EqualTo(x1.Inertia));
            // three: two fork-join helpers, one taking blocks from the back, one from the front beside the caller
            Parallelism.Threads = 3;
            var a3 = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = 2 });
            Assert.That(a3.Assignments, Is.EqualTo(a1.Assignments));
            Assert.That(a3.Centres, Is.EqualTo(a1.Centres));
            Assert.That(a3.Inertia, Is.EqualTo(a1.Inertia));
        }
        finally { Parallelism.Threads = saved; }
    }

    [Test]
    public void Tolerance_stops_early_and_labels_still_match_the_nearest_centre()
    {
        int n = 5000, dim = 4, k = 20;
        var x = TestData.Blobs(n, dim, 30, 10);
        var full = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = 1 });
        var loose = KMeans.Fit(x, n, dim, k, new KMeansOptions { Seed = 1, Tolerance = 1e-2 });
        Assert.That(loose.Iterations, Is.LessThan(full.Iterations));
        for (int i = 0; i < n; i++)
        {
            float own = DistanceScalar.SquaredDistance(x.AsSpan(i * dim, dim), loose.Centres.AsSpan(loose.Assignments[i] * dim, dim));
            for (int c = 0; c < k; c++)
                Assert.That(own, Is.LessThanOrEqualTo(DistanceScalar.SquaredDistance(x.AsSpan(i * dim, dim), loose.Centres.AsSpan(c * dim, dim)) * (1 + 1e-5f)));
        }
    }

    [Test]
    public void Max_iterations_caps_the_iterations()
    {
        var x = TestData.Blobs(3000, 3, 30, 11);
        var r = KMeans.Fit(x, 3000, 3, 25, new KMeansOptions { MaxIterations = 2 });
        Assert.That(r.Iterations, Is.EqualTo(2));
    }
}
