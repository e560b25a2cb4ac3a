using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// The bound pass of Hamerly's k-means on every path against its definition written out point by point
/// (the moved bounds, their outward rounding to float, the test, the list of points to scan), bit for bit,
/// at every length 0 … 35 and a few large ones, with the largest move on a centre in use and on none.
/// </summary>
public class HamerlyBoundsTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var path in KernelTestData.Paths)
            foreach (int n in KernelTestData.Lengths)
                foreach (int k in new[] { 1, 3, 16 })
                    yield return new TestCaseData(path, n, k);
    }

    private const double TwoToMinus23 = 1.0 / (1 << 23);

    [TestCaseSource(nameof(Cases))]
    public void Moves_rounds_and_tests_every_point_as_defined(KernelPath path, int n, int k)
    {
        var rng = new Rng(97 + (ulong)(n * 31 + k));
        var assignments = new int[n];
        for (int j = 0; j < n; j++) assignments[j] = (int)(rng.NextDouble() * k);
        var start = new float[2 * n];
        for (int j = 0; j < n; j++)
        {
            start[2 * j] = (float)(2 * rng.NextDouble());
            // every fifth lower bound at or near 0, so the clamp max(l, 0) is taken
            start[2 * j + 1] = j % 5 == 0 ? (j % 10 == 0 ? 0f : 1e-3f) : (float)(2 * rng.NextDouble());
        }
        var move = new double[k]; var half = new double[k];
        for (int c = 0; c < k; c++) { move[c] = 0.3 * rng.NextDouble(); half[c] = 1.5 * rng.NextDouble(); }
        int maxMoveCentre = n % 2 == 0 ? k - 1 : -1;
        double maxMove = 0.31, secondMove = 0.2, up = 1 + 24 * Math.Pow(2, -24), down = 1 - 24 * Math.Pow(2, -24);
        const int first = 4096;

        var expectedBounds = new float[2 * n];
        var expectedScan = new List<int>();
        for (int j = 0; j < n; j++)
        {
            int a = assignments[j];
            double u = start[2 * j] + move[a];
            double l = start[2 * j + 1] - (a == maxMoveCentre ? secondMove : maxMove);
            expectedBounds[2 * j] = (float)(u * (1 + TwoToMinus23));
            expectedBounds[2 * j + 1] = (float)(Math.Max(l, 0) * (1 - TwoToMinus23));
            if (!(u * up < Math.Max(l, 2 * half[a] - u) * down)) expectedScan.Add(first + j);
        }

        var bounds = new Guarded(start);
        var scan = new int[n + 3];
        scan.AsSpan().Fill(-7);
        int m = HamerlyBounds.Shift(path, assignments, bounds.Span, move, half, maxMoveCentre, maxMove, secondMove, up, down, first, scan);

        KernelTestData.AssertSameBits(bounds.Span, expectedBounds, "bounds");
        bounds.AssertGuardsIntact();
        Assert.That(scan.AsSpan(0, m).ToArray(), Is.EqualTo(expectedScan.ToArray()), "points to scan");
        Assert.That(scan.AsSpan(n).ToArray(), Is.All.EqualTo(-7), "scan written past n");
        if (n >= 20) Assert.That(m, Is.InRange(1, n - 1), "the data should keep some points and scan others");
    }

    [Test]
    public void Short_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            HamerlyBounds.Shift(KernelPath.Scalar, new int[4], new float[7], new double[1], new double[1], -1, 0, 0, 1, 1, 0, new int[4]));
        Assert.Throws<ArgumentException>(() =>
            HamerlyBounds.Shift(KernelPath.Scalar, new int[4], new float[8], new double[1], new double[1], -1, 0, 0, 1, 1, 0, new int[3]));
    }
}
