using Lisor.Pure.Clustering;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

public class DistanceKernelTests
{
    private static IEnumerable<int> Sizes() => new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000 }.Concat(Enumerable.Range(0, 4 * 8 + 4)).Distinct();

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var path in Distance.Paths)
            foreach (int n in Sizes())
                yield return new TestCaseData(path.Name, n).SetName($"{path.Name}_at_size_{n}");
    }

    private static float[] Random(int n, Rng rng) => Enumerable.Range(0, n).Select(_ => rng.Uniform(-2, 2)).ToArray();

    [TestCaseSource(nameof(Cases))]
    public void Squared_distance_matches_the_double_precision_definition(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 1);
        // Guard elements after n must not be read: make them huge.
        var x = Random(n, rng).Concat(Enumerable.Repeat(1e30f, 5)).ToArray();
        var y = Random(n, rng).Concat(Enumerable.Repeat(-1e30f, 5)).ToArray();
        double exact = 0;
        for (int i = 0; i < n; i++) { double d = (double)x[i] - y[i]; exact += d * d; }
        float got = path.SquaredDistance(x, y, n);
        Assert.That(got, Is.EqualTo(exact).Within(1e-6 * (1 + exact)));
        Assert.That(got, Is.EqualTo(DistanceScalar.SquaredDistance(x.AsSpan(0, n), y.AsSpan(0, n))).Within(1e-5 * (1 + exact)));
    }

    [TestCaseSource(nameof(Cases))]
    public void AddTo_widens_and_adds_without_touching_the_guards(string pathName, int n)
    {
        var path = Distance.Paths.Single(p => p.Name == pathName);
        var rng = new Rng((ulong)n + 2);
        var x = Random(n + 5, rng);
        var acc = Enumerable.Range(0, n + 5).Select(i => 0.1 * i).ToArray();
        var expected = (double[])acc.Clone();
        for (int i = 0; i < n; i++) expected[i] += x[i];
        path.AddTo(x, acc, n);
        Assert.That(acc, Is.EqualTo(expected)); // exact: one double addition of a float per element
    }

    [Test]
    public void The_dispatched_path_is_one_of_the_catalog()
        => Assert.That(Distance.Paths.Select(p => p.Name), Does.Contain(Distance.Path));
}
