using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>
/// Half the gap to the nearest other centre (Hamerly's s_c) on every path: bit for bit the scalar reference's pair
/// loop at every k and dim 1 … 35 (and 64 × 64), on random centres and on small integers with many tied gaps,
/// and the reference against the definition written out.
/// </summary>
public class CentreGapsTests
{
    private static readonly int[] Sizes = Enumerable.Range(1, 35).ToArray();

    private static double[] Gaps(KernelPath path, float[] centres, int k, int dim)
    {
        int kPad = Lisor.Pure.Kernels.Distance.PadCentres(k);
        var centresT = new float[dim * kPad];
        Lisor.Pure.Kernels.Distance.Transpose(centres, k, dim, centresT);
        var half = Enumerable.Repeat(double.NaN, k + 2).ToArray();
        CentreGaps.HalfGaps(path, centres, centresT, k, dim, kPad, half);
        Assert.That(half.Skip(k), Is.All.NaN, "guards");
        return half.Take(k).ToArray();
    }

    [TestCaseSource(typeof(KernelTestData), nameof(KernelTestData.Paths))]
    public void Every_path_gives_the_references_bits(KernelPath path)
    {
        foreach (bool integers in new[] { false, true })
            foreach (int k in Sizes.Append(64))
                foreach (int dim in Sizes.Append(64))
                {
                    var rng = new Rng((ulong)(k * 1000 + dim) + (integers ? 7UL : 0UL));
                    var centres = Enumerable.Range(0, k * dim)
                        .Select(_ => integers ? (float)rng.NextInt(3) : rng.Uniform(-3, 3)).ToArray();
                    var reference = new double[k];
                    CentreGaps.HalfGapsScalar(centres, k, dim, reference);
                    var got = Gaps(path, centres, k, dim);
                    for (int c = 0; c < k; c++)
                        if (BitConverter.DoubleToInt64Bits(got[c]) != BitConverter.DoubleToInt64Bits(reference[c]))
                            Assert.Fail($"{path}, k {k}, dim {dim}, integers {integers}: centre {c} has {got[c]}, the reference {reference[c]}");
                }
    }

    [Test]
    public void The_reference_is_half_the_nearest_other_centres_distance_shrunk_by_the_margin()
    {
        // centres 0, 3 and 7 on a line, and one at 0 again: gaps 0 (the twins), 3 → 4 (from 3), 4
        float[] centres = [0, 0, 3, 0, 7, 0, 0, 0];
        var half = new double[4];
        CentreGaps.HalfGapsScalar(centres, 4, 2, half);
        Assert.That(half, Is.EqualTo(new[] { 0, 1.5 * (1 - 1e-9), 2 * (1 - 1e-9), 0 }));
        var one = new double[1];
        CentreGaps.HalfGapsScalar([1, 2], 1, 2, one);
        Assert.That(one[0], Is.EqualTo(double.PositiveInfinity), "one centre has no other");
    }

    [Test]
    public void Buffers_too_short_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CentreGaps.HalfGaps(KernelPath.Scalar, new float[6], new float[16], 3, 2, 8, new double[2]));
        Assert.Throws<ArgumentException>(() => CentreGaps.HalfGaps(KernelPath.Scalar, new float[6], new float[8], 3, 2, 8, new double[3]));
        Assert.Throws<ArgumentException>(() => CentreGaps.HalfGaps(KernelPath.Scalar, new float[6], new float[12], 3, 2, 6, new double[3]));
    }
}
