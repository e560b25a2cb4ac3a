using Lisor.Pure.Common;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The input side of t-SNE (van der Maaten &amp; Hinton 2008, §2–3): for each point i a Gaussian
/// p_{j|i} = exp(−β_i d_ij) / Σ_{k≠i} exp(−β_i d_ik) over squared distances d_ij, with β_i = 1/(2σ_i²)
/// found by binary search so that the entropy H(P_i) = −Σ_j p_{j|i} ln p_{j|i} equals ln(perplexity);
/// then the symmetric joint p_ij = (p_{j|i} + p_{i|j}) / (2n).
/// </summary>
internal static class TsneAffinities
{
    /// <summary>Rows per parallel block: fixed, so results do not depend on the thread count.</summary>
    internal const int BlockRows = 32;

    /// <summary>Entropy tolerance of the binary search, in nats.</summary>
    public const double EntropyTolerance = 1e-5;

    /// <summary>
    /// Conditional probabilities p_{j|i} as a dense row-major [n, n] matrix (diagonal 0), each row
    /// calibrated to <paramref name="perplexity"/>. <paramref name="points"/> is [n, dim] row-major.
    /// Returns the per-row precisions β_i as well.
    /// </summary>
    public static (double[] Conditional, double[] Beta) Conditional(float[] points, int n, int dim, double perplexity)
    {
        if (points.Length < (long)n * dim) throw new ArgumentException($"points holds {points.Length} values, expected n·dim = {(long)n * dim}");
        var p = new double[(long)n * n];
        var beta = new double[n];
        double targetEntropy = Math.Log(perplexity);
        Parallelism.ForBlocks(Parallelism.BlockCount(n, BlockRows), b =>
        {
            var (start, end) = Parallelism.Block(b, n, BlockRows);
            var d = new double[n]; // squared distances of row i, reused over the block's rows
            for (int i = start; i < end; i++)
            {
                SquaredDistances(points, n, dim, i, d);
                beta[i] = CalibrateRow(d, i, targetEntropy, p.AsSpan(i * n, n));
            }
        });
        return (p, beta);
    }

    /// <summary>d[j] = ‖x_i − x_j‖² in double precision.</summary>
    private static void SquaredDistances(float[] x, int n, int dim, int i, double[] d)
    {
        var xi = x.AsSpan(i * dim, dim);
        for (int j = 0; j < n; j++)
        {
            var xj = x.AsSpan(j * dim, dim);
            double s = 0;
            for (int c = 0; c < dim; c++) { double t = (double)xi[c] - xj[c]; s += t * t; }
            d[j] = s;
        }
    }

    /// <summary>
    /// Binary search on β for one row: entropy falls as β grows. Distances are shifted by their
    /// minimum (which cancels in the normalisation) so exp never underflows to an all-zero row.
    /// H = ln Σ_j e_j + β Σ_j (d_j − d_min) e_j / Σ_j e_j with e_j = exp(−β (d_j − d_min)).
    /// Writes the row's p_{j|i} into <paramref name="row"/> and returns β.
    /// </summary>
    private static double CalibrateRow(double[] d, int i, double targetEntropy, Span<double> row)
    {
        int n = d.Length;
        if (n == 1) { row[0] = 0; return 1; }
        double dMin = double.PositiveInfinity;
        for (int j = 0; j < n; j++) if (j != i && d[j] < dMin) dMin = d[j];
        double beta = 1, lo = 0, hi = double.PositiveInfinity;
        for (int iter = 0; iter < 200; iter++)
        {
            double h = RowEntropy(d, i, dMin, beta, row);
            double diff = h - targetEntropy;
            if (Math.Abs(diff) < EntropyTolerance) break;
            if (diff > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : 0.5 * (beta + hi); }
            else { hi = beta; beta = 0.5 * (beta + lo); }
        }
        RowEntropy(d, i, dMin, beta, row);
        return beta;
    }

    /// <summary>Fills <paramref name="row"/> with the normalised Gaussian of precision β and returns its entropy (nats).</summary>
    private static double RowEntropy(double[] d, int i, double dMin, double beta, Span<double> row)
    {
        double sum = 0, weighted = 0;
        for (int j = 0; j < d.Length; j++)
        {
            if (j == i) { row[j] = 0; continue; }
            double shifted = d[j] - dMin;
            double e = Math.Exp(-beta * shifted);
            row[j] = e;
            sum += e;
            weighted += shifted * e;
        }
        for (int j = 0; j < d.Length; j++) row[j] /= sum;
        return Math.Log(sum) + beta * weighted / sum;
    }

    /// <summary>Entropy −Σ_j p_j ln p_j of a probability row (nats), skipping zeros.</summary>
    public static double Entropy(ReadOnlySpan<double> row)
    {
        double h = 0;
        foreach (double v in row) if (v > 0) h -= v * Math.Log(v);
        return h;
    }

    /// <summary>
    /// Symmetrises conditional probabilities in place into the joint p_ij = (p_{j|i} + p_{i|j}) / (2n),
    /// floored at 1e−12 off the diagonal (as in the reference implementation) so ln p stays finite.
    /// </summary>
    public static void Symmetrize(double[] p, int n)
    {
        double scale = 1.0 / (2.0 * n);
        for (int i = 0; i < n; i++)
        {
            p[(long)i * n + i] = 0;
            for (int j = i + 1; j < n; j++)
            {
                double v = Math.Max((p[(long)i * n + j] + p[(long)j * n + i]) * scale, 1e-12);
                p[(long)i * n + j] = v;
                p[(long)j * n + i] = v;
            }
        }
    }
}
