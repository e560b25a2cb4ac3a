using Lisor.Pure.Clustering;
using Lisor.Pure.Clustering.Reference;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

/// <summary>
/// Lloyd started from given centres that leave a cluster empty: the empty cluster must be re-seeded with the
/// point farthest from its centre, exactly as the naive reference does (assignments, centres, inertia).
/// </summary>
public class LloydEmptyClusterTests
{
    private static void AssertSameAsReference(float[] x, int n, int dim, int[] seeds)
    {
        var reference = ReferenceKMeans.Fit(x, n, dim, seeds);
        Assert.That(reference.Reseeds, Is.GreaterThan(0), "the construction empties a cluster");
        var lloyd = new Lloyd(new PointSpace(x, n, dim, null), seeds.Length);
        lloyd.Run(seeds, maxIterations: 300, shiftTolerance: 0);
        Assert.That(lloyd.Assignments, Is.EqualTo(reference.Assignments).AsCollection);
        Assert.That(lloyd.Centres, Is.EqualTo(reference.Centres).AsCollection);
        Assert.That(lloyd.Inertia(), Is.EqualTo(reference.Inertia).Within(1e-9 * (1 + reference.Inertia)));
        Assert.That(lloyd.Assignments.Distinct().Count(), Is.EqualTo(seeds.Length), "every cluster ends with points");
    }

    [Test]
    public void Two_centres_on_the_same_point_empty_the_second_which_takes_the_farthest_point()
    {
        // Three groups on a line; centres 0 and 1 both start on point 0, so every point ties to centre 0 first
        // and centre 1 is empty after the first assignment.
        float[] x = [0, 0, 0.5f, 0, 1, 0, 10, 0, 10.5f, 0, 11, 0, 20, 0, 20.5f, 0, 21, 0, 0, 0];
        AssertSameAsReference(x, 10, 2, [0, 9, 4]);
    }

    [Test]
    public void Several_centres_on_one_point_are_reseeded_in_index_order()
    {
        // Two groups in 3-d; three centres start on the same point, so after the first assignment (ties go to
        // the first index) clusters 1 and 2 are empty and take, in that order, the points farthest from their centre.
        var rng = new Rng(5);
        int n = 200, dim = 3;
        var x = new float[n * dim];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < dim; d++) x[i * dim + d] = (i % 2 == 0 ? -5f : 5f) + rng.Uniform(-1f, 1f);
        AssertSameAsReference(x, n, dim, [0, 0, 0, 1]);
    }

    [Test]
    public void More_clusters_than_distinct_points_leave_the_surplus_empty_like_the_reference()
    {
        float[] x = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3];
        var reference = ReferenceKMeans.Fit(x, 5, 2, [0, 1, 2, 3, 4]);
        var lloyd = new Lloyd(new PointSpace(x, 5, 2, null), 5);
        lloyd.Run([0, 1, 2, 3, 4], maxIterations: 300, shiftTolerance: 0);
        Assert.That(lloyd.Assignments, Is.EqualTo(reference.Assignments).AsCollection);
        Assert.That(lloyd.Centres, Is.EqualTo(reference.Centres).AsCollection);
    }
}
