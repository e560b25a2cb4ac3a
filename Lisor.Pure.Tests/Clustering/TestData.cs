using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Clustering;

/// <summary>Small random point sets for the clustering tests.</summary>
internal static class TestData
{
    /// <summary>n points [n, dim] around `sources` Gaussian centres (overlapping: noise sd 1, centres sd `spread`).</summary>
    public static float[] Blobs(int n, int dim, int sources, ulong seed, double spread = 2)
    {
        var rng = new Rng(seed);
        var centres = new double[sources * dim];
        for (int i = 0; i < centres.Length; i++) centres[i] = spread * rng.NextGaussian();
        var x = new float[n * dim];
        for (int i = 0; i < n; i++)
        {
            int s = rng.NextInt(sources);
            for (int d = 0; d < dim; d++) x[i * dim + d] = (float)(centres[s * dim + d] + rng.NextGaussian());
        }
        return x;
    }

    /// <summary>Sequence index and step (1…T) of points laid out sequence after sequence, lengths in [1, maxLength].</summary>
    public static (int[] Sequence, int[] Step, int Sequences) Sequences(int n, int maxLength, ulong seed)
    {
        var rng = new Rng(seed);
        var sequence = new int[n];
        var step = new int[n];
        int s = -1, left = 0, j = 0;
        for (int i = 0; i < n; i++)
        {
            if (left == 0) { s++; left = 1 + rng.NextInt(maxLength); j = 0; }
            sequence[i] = s; step[i] = ++j; left--;
        }
        return (sequence, step, s + 1);
    }
}
