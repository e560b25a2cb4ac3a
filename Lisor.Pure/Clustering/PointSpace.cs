namespace Lisor.Pure.Clustering;

/// <summary>
/// The points being clustered and their distances: plain points x [n, dim] (row-major), or k-means-x
/// points whose hidden part is x and whose extra position part is given by <see cref="Extra"/>.
/// Every squared distance is the SIMD ‖h − c‖² in float, plus the extra term for k-means-x.
/// </summary>
internal sealed class PointSpace
{
    public readonly float[] X;     // [n, dim]
    public readonly int N, Dim;
    public readonly ExtraPositionFeature? Extra;

    public PointSpace(float[] x, int n, int dim, ExtraPositionFeature? extra)
    {
        X = x; N = n; Dim = dim; Extra = extra;
    }

    public ReadOnlySpan<float> Point(int i) => X.AsSpan(i * Dim, Dim);

    /// <summary>‖p_a − p_b‖² between two points (k-means++ seeding).</summary>
    public float PointDistance(int a, int b)
    {
        float h = Distance.SquaredDistance(Point(a), Point(b));
        return Extra is null ? h : (float)(h + Extra.PointTerm(a, b));
    }

    /// <summary>‖p_i − centre_c‖² with centres [k, dim].</summary>
    public float CentreDistance(int i, float[] centres, int c)
    {
        float h = Distance.SquaredDistance(Point(i), centres.AsSpan(c * Dim, Dim));
        return Extra is null ? h : (float)(h + Extra.CentreTerm(i, c));
    }

    /// <summary>The nearest centre of point i (the lowest index on ties) with the two smallest squared distances.</summary>
    public int Nearest(int i, float[] centres, int k, out float best, out float second)
    {
        var x = Point(i);
        int a = 0;
        best = float.PositiveInfinity; second = float.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            float d = Distance.SquaredDistance(x, centres.AsSpan(c * Dim, Dim));
            if (Extra is not null) d = (float)(d + Extra.CentreTerm(i, c));
            if (d < best) { second = best; best = d; a = c; }
            else if (d < second) second = d;
        }
        return a;
    }
}
