using Lisor.Pure.Clustering;

namespace Lisor.Pure.Tests.Clustering;

public class KMeansEdgeCaseTests
{
    [Test]
    public void One_cluster_is_the_mean_of_all_points()
    {
        var x = TestData.Blobs(500, 3, 4, 1);
        var r = KMeans.Fit(x, 500, 3, 1, new KMeansOptions());
        Assert.That(r.Assignments, Is.All.EqualTo(0));
        for (int d = 0; d < 3; d++)
            Assert.That(r.Centres[d], Is.EqualTo(Enumerable.Range(0, 500).Average(i => (double)x[i * 3 + d])).Within(1e-5));
        Assert.That(r.Sizes(), Is.EqualTo(new[] { 500 }));
    }

    [Test]
    public void As_many_clusters_as_distinct_points_gives_zero_inertia()
    {
        var x = TestData.Blobs(40, 2, 5, 2);
        var r = KMeans.Fit(x, 40, 2, 40, new KMeansOptions());
        Assert.That(r.Inertia, Is.EqualTo(0));
        Assert.That(r.Sizes(), Is.All.EqualTo(1));
    }

    [Test]
    public void More_clusters_than_distinct_points_leaves_the_surplus_empty()
    {
        // 12 points, 3 distinct (each 4 times), k = 5.
        float[] distinct = [0, 0, 5, 5, -3, 7];
        var x = new float[24];
        for (int i = 0; i < 12; i++) { x[2 * i] = distinct[2 * (i % 3)]; x[2 * i + 1] = distinct[2 * (i % 3) + 1]; }
        var r = KMeans.Fit(x, 12, 2, 5, new KMeansOptions { Seed = 4 });
        Assert.That(r.Inertia, Is.EqualTo(0));
        Assert.That(r.Sizes().Count(s => s > 0), Is.EqualTo(3));
        Assert.That(r.Sizes().Sum(), Is.EqualTo(12));
    }

    [Test]
    public void Duplicate_points_share_a_cluster()
    {
        var x = TestData.Blobs(200, 3, 4, 3);
        var doubled = x.Concat(x).ToArray();
        var r = KMeans.Fit(doubled, 400, 3, 6, new KMeansOptions());
        for (int i = 0; i < 200; i++) Assert.That(r.Assignments[i + 200], Is.EqualTo(r.Assignments[i]));
    }

    [Test]
    public void All_points_identical()
    {
        var x = Enumerable.Repeat(1.5f, 30).ToArray();
        var r = KMeans.Fit(x, 10, 3, 3, new KMeansOptions());
        Assert.That(r.Inertia, Is.EqualTo(0));
        Assert.That(r.Sizes().Sum(), Is.EqualTo(10));
    }

    [Test]
    public void Empty_input_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit([], 0, 3, 1, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain("empty input"));
    }

    [Test]
    public void NaN_names_the_point_and_dimension()
    {
        var x = TestData.Blobs(10, 3, 2, 4);
        x[4 * 3 + 1] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, 10, 3, 2, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain("point 5").And.Contain("dimension 2"));
        x[4 * 3 + 1] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => KMeansX.Fit(x, 10, 3, new int[10], Enumerable.Range(1, 10).ToArray(), 2, new KMeansOptions()));
    }

    [Test]
    public void The_first_non_finite_value_is_named_also_past_the_first_chunk_and_for_either_sign()
    {
        int n = 300_000, dim = 2; // 600 000 values: three chunks of the parallel check
        var x = new float[n * dim];
        x[2 * 280_000] = float.NaN;
        x[2 * 270_000 + 1] = float.NegativeInfinity; // earlier, in the chunk before
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, n, dim, 2, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain("point 270001").And.Contain("dimension 2"));
        x[2 * 270_000 + 1] = 0;
        x[7] = float.PositiveInfinity;
        e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, n, dim, 2, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain("point 4").And.Contain("dimension 2"));
    }

    // Squared distances are float32: coordinates beyond ±√(float.MaxValue / (16 · dim)) could overflow them to ∞, every
    // distance would tie and the clustering be arbitrary. Up to the bound the inertia is finite; past it, an error.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(64)]
    public void Coordinates_up_to_the_bound_cluster_with_a_finite_inertia_and_beyond_it_are_refused(int dim)
    {
        float m = KMeans.MaxCoordinate(dim);
        Assert.That(m, Is.EqualTo(MathF.Sqrt(float.MaxValue / 16 / dim)).Within(1e-6).Percent);
        var x = new float[4 * dim];
        for (int i = 0; i < x.Length; i++) x[i] = (i / dim) % 2 == 0 ? m : -m;   // opposite corners of the box
        var r = KMeans.Fit(x, 4, dim, 2, new KMeansOptions());
        Assert.That(double.IsFinite(r.Inertia), Is.True, $"inertia {r.Inertia}");
        Assert.That(r.Inertia, Is.Zero, "two clusters of two equal points each");
        x[2 * dim + dim - 1] = -MathF.BitIncrement(m);
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, 4, dim, 2, new KMeansOptions()))!;
        Assert.That(e.Message, Does.StartWith($"point 3 has a value too large to cluster").And.Contain($"in dimension {dim}:"));
        Assert.Throws<ArgumentException>(() => KMeansX.Fit(x, 4, dim, new int[4], [1, 2, 3, 4], 2, new KMeansOptions()));
    }

    [TestCase(0)]
    [TestCase(11)]
    public void Cluster_count_outside_one_to_n_is_an_error(int k)
    {
        var x = TestData.Blobs(10, 2, 2, 5);
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, 10, 2, k, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain(k.ToString()));
    }

    [Test]
    public void Wrong_lengths_and_steps_are_errors()
    {
        var x = TestData.Blobs(10, 2, 2, 6);
        Assert.Throws<ArgumentException>(() => KMeans.Fit(x, 10, 3, 2, new KMeansOptions()));
        Assert.Throws<ArgumentException>(() => KMeansX.Fit(x, 10, 2, new int[9], new int[10], 2, new KMeansOptions()));
        var e = Assert.Throws<ArgumentException>(() => KMeansX.Fit(x, 10, 2, new int[10], new int[10], 2, new KMeansOptions()));
        Assert.That(e!.Message, Does.Contain("step 0"));
    }
}
