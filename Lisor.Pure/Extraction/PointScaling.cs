namespace Lisor.Pure.Extraction;

/// <summary>
/// A per-dimension affine change of the hidden-state points before they are clustered,
///     z_d = (x_d − shift_d) / scale_d,
/// and its inverse for the centres, c_d = z_d · scale_d + shift_d, so that states are still labelled
/// (and drawn) in R's own coordinates. Two uses, both our extensions to docs/method.md §5:
/// <list type="bullet">
/// <item><b>Standardising</b> (shift = mean, scale = standard deviation of each coordinate over all points):
/// k-means then weighs every unit equally instead of letting the few units with the widest range decide
/// the clusters. Coordinates that never vary keep scale 1.</item>
/// <item><b>Scaled k-means-x</b>: clustering [h, s·j·e_i] is clustering [h / s, j·e_i] up to the factor s²
/// on every distance, so the position scale s divides the hidden part.</item>
/// </list>
/// </summary>
internal sealed class PointScaling
{
    /// <summary>shift_d, one per coordinate.</summary>
    public float[] Shift { get; }
    /// <summary>scale_d &gt; 0, one per coordinate.</summary>
    public double[] Scale { get; }
    private readonly float[] inverse;   // (float)(1 / scale_d): the forward map multiplies
    /// <summary>True when z = x (shift 0 and scale 1 everywhere): nothing needs copying.</summary>
    public bool IsIdentity { get; }

    private PointScaling(float[] shift, double[] scale)
    {
        Shift = shift;
        Scale = scale;
        inverse = scale.Select(s => (float)(1 / s)).ToArray();
        IsIdentity = shift.All(s => s == 0) && scale.All(s => s == 1);
    }

    /// <summary>
    /// The scaling of <paramref name="points"/>: standardised when <paramref name="standardise"/>, and with
    /// every scale multiplied by <paramref name="positionScale"/> (1 = unchanged).
    /// </summary>
    public static PointScaling Of(HiddenPoints points, bool standardise, double positionScale = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Of(points.Points, points.Count, points.Dim, standardise, positionScale);
    }

    /// <summary>The same for <paramref name="count"/> row-major points of size <paramref name="dim"/>.</summary>
    public static PointScaling Of(float[] rows, int count, int dim, bool standardise, double positionScale = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (count < 0 || dim < 0 || rows.Length < (long)count * dim) throw new ArgumentException($"expected {count} × {dim} values, got {rows.Length}");
        if (!(positionScale > 0) || double.IsInfinity(positionScale))
            throw new ArgumentException($"position scale must be a positive finite number, got {positionScale}");
        int n = count;
        var shift = new float[dim];
        var scale = new double[dim];
        Array.Fill(scale, positionScale);
        if (!standardise || n == 0) return new PointScaling(shift, scale);
        // Mean and population variance per coordinate, accumulated in double in point order (deterministic).
        var sum = new double[dim];
        var squares = new double[dim];
        for (int p = 0; p < n; p++)
        {
            var x = rows.AsSpan(p * dim, dim);
            for (int d = 0; d < dim; d++) sum[d] += x[d];
        }
        for (int d = 0; d < dim; d++) shift[d] = (float)(sum[d] / n);
        for (int p = 0; p < n; p++)
        {
            var x = rows.AsSpan(p * dim, dim);
            for (int d = 0; d < dim; d++)
            {
                double e = x[d] - (double)shift[d];
                squares[d] += e * e;
            }
        }
        for (int d = 0; d < dim; d++)
        {
            double sd = Math.Sqrt(squares[d] / n);
            scale[d] = (sd > 1e-6 ? sd : 1) * positionScale;
        }
        return new PointScaling(shift, scale);
    }

    /// <summary>z = (x − shift) · (1 / scale) for <paramref name="count"/> row-major points (a new array; the input is returned when identity).</summary>
    public float[] Apply(float[] points, int count) => Map(points, count, forward: true);

    /// <summary>x = z · scale + shift for <paramref name="count"/> row-major centres (a new array; the input is returned when identity).</summary>
    public float[] Restore(float[] centres, int count) => Map(centres, count, forward: false);

    private float[] Map(float[] rows, int count, bool forward)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int dim = Shift.Length;
        if (rows.Length != count * dim) throw new ArgumentException($"expected {count} × {dim} values, got {rows.Length}");
        if (IsIdentity) return rows;
        var result = new float[rows.Length];
        for (int p = 0; p < count; p++)
            for (int d = 0; d < dim; d++)
            {
                float x = rows[p * dim + d];
                result[p * dim + d] = forward ? (x - Shift[d]) * inverse[d] : (float)(x * Scale[d] + Shift[d]);
            }
        return result;
    }
}
