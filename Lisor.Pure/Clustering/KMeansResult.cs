namespace Lisor.Pure.Clustering;

/// <summary>
/// The outcome of a k-means fit. <see cref="Centres"/> is row-major [K, Dim]; for k-means-x it holds
/// only the hidden-state part of each centre (the extra position part is not returned).
/// </summary>
public sealed class KMeansResult
{
    /// <summary>Cluster 0 … K − 1 of every point, [n].</summary>
    public int[] Assignments { get; }
    /// <summary>Centres, row-major [K, Dim].</summary>
    public float[] Centres { get; }
    /// <summary>Number of clusters.</summary>
    public int K { get; }
    /// <summary>Dimension of the (hidden-state part of the) points.</summary>
    public int Dim { get; }
    /// <summary>Σ_i ‖p_i − c_a(i)‖² (extended points and centres for k-means-x), summed in double.</summary>
    public double Inertia { get; }
    /// <summary>Lloyd iterations run by the kept restart.</summary>
    public int Iterations { get; }

    /// <summary>A fit: assignments [n], centres row-major [k, dim], the inertia and the Lloyd iterations run.</summary>
    public KMeansResult(int[] assignments, float[] centres, int k, int dim, double inertia, int iterations)
    {
        if (centres.Length != k * dim) throw new ArgumentException($"centres has {centres.Length} values, expected K·Dim = {k * dim}");
        Assignments = assignments; Centres = centres; K = k; Dim = dim; Inertia = inertia; Iterations = iterations;
    }

    /// <summary>How many points each cluster holds, [K] (a cluster can be empty when k exceeds the distinct points).</summary>
    public int[] Sizes()
    {
        var sizes = new int[K];
        foreach (int a in Assignments) sizes[a]++;
        return sizes;
    }
}
