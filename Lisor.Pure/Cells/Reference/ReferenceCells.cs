namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// The readable definition of every cell: forward and backward of one unpacked sequence in plain
/// double-precision loops, written straight from the equations in each cell's header,
/// with the same parameter layouts (Wx [X, G], Wh [H, G], b [G], row-major, gate blocks side by side).
/// The fast float cells are checked against these by the tests; nothing in training calls them.
/// Sequences are xs [T][X] and hs [T][H], starting from h_{-1} = c_{-1} = 0.
/// </summary>
internal static class ReferenceCells
{
    /// <summary>h_t for t = 0..T−1 of one sequence; c_t of LSTM and SRU go into <paramref name="cs"/> when given.</summary>
    public static double[][] Run(string kind, double[] p, int X, int H, double[][] xs, List<double[]>? cs = null)
    {
        double[][] hs, c;
        switch (kind)
        {
            case "srn": return ReferenceSrn.Forward(p, X, H, xs).H;
            case "mgu": return ReferenceMgu.Forward(p, X, H, xs).H;
            case "gru": return ReferenceGru.Forward(p, X, H, xs).H;
            case "lstm": { var cache = ReferenceLstm.Forward(p, X, H, xs); (hs, c) = (cache.H, cache.C); break; }
            case "sru": { var cache = ReferenceSru.Forward(p, X, H, xs); (hs, c) = (cache.H, cache.C); break; }
            default: throw new ArgumentException($"unknown cell kind '{kind}'", nameof(kind));
        }
        cs?.AddRange(c);
        return hs;
    }

    /// <summary>
    /// ∂L/∂θ [parameters] and ∂L/∂x_t [T][X] of one sequence, given ∂L/∂h_t = <paramref name="dhs"/> [T][H]
    /// from above (the recurrent part is added inside).
    /// </summary>
    public static (double[] Dp, double[][] Dx) Backward(string kind, double[] p, int X, int H, double[][] xs, double[][] dhs) => kind switch
    {
        "srn" => ReferenceSrn.Backward(p, X, H, xs, ReferenceSrn.Forward(p, X, H, xs), dhs),
        "mgu" => ReferenceMgu.Backward(p, X, H, xs, ReferenceMgu.Forward(p, X, H, xs), dhs),
        "gru" => ReferenceGru.Backward(p, X, H, xs, ReferenceGru.Forward(p, X, H, xs), dhs),
        "lstm" => ReferenceLstm.Backward(p, X, H, xs, ReferenceLstm.Forward(p, X, H, xs), dhs),
        "sru" => ReferenceSru.Backward(p, X, H, xs, ReferenceSru.Forward(p, X, H, xs), dhs),
        _ => throw new ArgumentException($"unknown cell kind '{kind}'", nameof(kind)),
    };

    /// <summary>Σ_k v[k]·W[k, col], W a [len(v), G] matrix stored row-major at p[offset..].</summary>
    public static double Dot(double[] p, int offset, int G, double[] v, int col)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k] * p[offset + k * G + col];
        return s;
    }

    /// <summary>The backward of <see cref="Dot"/> for an incoming da: ∂W[k, col] += v[k]·da, ∂v[k] += W[k, col]·da.</summary>
    public static void DotBackward(double[] p, double[] dp, int offset, int G, double[] v, double[] dv, int col, double da)
    {
        for (int k = 0; k < v.Length; k++)
        {
            dp[offset + k * G + col] += v[k] * da;
            dv[k] += p[offset + k * G + col] * da;
        }
    }

    /// <summary>σ(a) = 1 / (1 + e^(−a)).</summary>
    public static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>[T][width] zeros.</summary>
    public static double[][] Zeros(int T, int width)
    {
        var a = new double[T][];
        for (int t = 0; t < T; t++) a[t] = new double[width];
        return a;
    }
}
