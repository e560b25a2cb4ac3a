using Lisor.Pure.Clustering;

namespace Lisor.Pure.Tests.Clustering;

public class KMeansXTests
{
    // The paper's extended points [h, 0 … 0, j, 0 … 0], written out: [n, dim + sequences].
    private static float[] Materialise(float[] x, int n, int dim, int[] sequence, int[] step, int sequences)
    {
        int wide = dim + sequences;
        var p = new float[n * wide];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(x, i * dim, p, i * wide, dim);
            p[i * wide + dim + sequence[i]] = step[i];
        }
        return p;
    }

    [TestCase(400, 3, 5, 12, 1UL)]
    [TestCase(1500, 4, 8, 30, 2UL)]
    [TestCase(600, 2, 16, 1, 3UL)]   // a single sequence of 600 steps
    [TestCase(6000, 3, 6, 25, 4UL)]  // several blocks
    public void Equals_kmeans_on_the_materialised_extended_points(int n, int dim, int k, int maxLength, ulong seed)
    {
        var x = TestData.Blobs(n, dim, 6, seed);
        int[] sequence, step;
        int sequences;
        if (maxLength == 1) { sequence = new int[n]; step = Enumerable.Range(1, n).ToArray(); sequences = 1; }
        else (sequence, step, sequences) = TestData.Sequences(n, maxLength, seed + 100);
        var o = new KMeansOptions { Seed = seed };
        var implicitX = KMeansX.Fit(x, n, dim, sequence, step, k, o);
        int wide = dim + sequences;
        var explicitX = KMeans.Fit(Materialise(x, n, dim, sequence, step, sequences), n, wide, k, o);
        Assert.That(implicitX.Assignments, Is.EqualTo(explicitX.Assignments));
        Assert.That(implicitX.Iterations, Is.EqualTo(explicitX.Iterations));
        Assert.That(implicitX.Inertia, Is.EqualTo(explicitX.Inertia).Within(1e-4).Percent);
        for (int c = 0; c < k; c++)
            for (int d = 0; d < dim; d++)
                Assert.That(implicitX.Centres[c * dim + d], Is.EqualTo(explicitX.Centres[c * wide + d]).Within(1e-5f));
    }

    [Test]
    public void Sequence_ids_need_not_be_dense()
    {
        var x = TestData.Blobs(100, 2, 3, 9);
        var (sequence, step, _) = TestData.Sequences(100, 10, 9);
        var sparse = sequence.Select(s => s * 1000 + 7).ToArray();
        var a = KMeansX.Fit(x, 100, 2, sequence, step, 4, new KMeansOptions());
        var b = KMeansX.Fit(x, 100, 2, sparse, step, 4, new KMeansOptions());
        Assert.That(b.Assignments, Is.EqualTo(a.Assignments));
    }
}
