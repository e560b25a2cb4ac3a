namespace Lisor.Pure.Tests.Cells;

/// <summary>
/// Double-precision reference forwards of every cell, one unpacked sequence at a time, written
/// straight from METHOD.md §2 with the parameter layouts the cells document (Wx [X, G], Wh [H, G], …,
/// row-major, gate blocks side by side). The float cells are checked against these and their
/// backward against central finite differences of these.
/// </summary>
internal static class ReferenceCells
{
    /// <summary>
    /// h_t for t = 0..len−1 of one sequence xs [len][X], starting from h_{-1} = c_{-1} = 0; c_t of
    /// LSTM and SRU go into <paramref name="cs"/> when given.
    /// </summary>
    public static double[][] Run(string kind, double[] p, int X, int H, double[][] xs, List<double[]>? cs = null)
    {
        var hs = new double[xs.Length][];
        var h = new double[H];
        var c = new double[H];
        for (int t = 0; t < xs.Length; t++)
        {
            (h, c) = kind switch
            {
                "srn" => (Srn(p, X, H, xs[t], h), c),
                "mgu" => (Mgu(p, X, H, xs[t], h), c),
                "gru" => (Gru(p, X, H, xs[t], h), c),
                "lstm" => Lstm(p, X, H, xs[t], h, c),
                "sru" => Sru(p, X, H, xs[t], c),
                _ => throw new ArgumentException(kind),
            };
            hs[t] = h;
            cs?.Add(c);
        }
        return hs;
    }

    /// <summary>Σ_k v[k]·p[offset + k·G + col]: column col of a [len(v), G] matrix stored at offset, times v.</summary>
    private static double Dot(double[] p, int offset, int G, double[] v, int col)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k] * p[offset + k * G + col];
        return s;
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    // h = tanh(x·Wx + hp·Wh + b);  Wx [X, H], Wh [H, H], b [H].
    private static double[] Srn(double[] p, int X, int H, double[] x, double[] hp)
    {
        int wh = X * H, b = wh + H * H;
        var h = new double[H];
        for (int j = 0; j < H; j++) h[j] = Math.Tanh(Dot(p, 0, H, x, j) + Dot(p, wh, H, hp, j) + p[b + j]);
        return h;
    }

    // Gate order (f, h̃); Wx [X, 2H], Wh [H, 2H], b [2H].
    private static double[] Mgu(double[] p, int X, int H, double[] x, double[] hp)
    {
        int G = 2 * H, wh = X * G, b = wh + H * G;
        var f = new double[H];
        for (int j = 0; j < H; j++) f[j] = Sigmoid(Dot(p, 0, G, x, j) + Dot(p, wh, G, hp, j) + p[b + j]);
        var fhp = new double[H];
        for (int j = 0; j < H; j++) fhp[j] = f[j] * hp[j];
        var h = new double[H];
        for (int j = 0; j < H; j++)
        {
            double hTilde = Math.Tanh(Dot(p, 0, G, x, H + j) + Dot(p, wh, G, fhp, H + j) + p[b + H + j]);
            h[j] = (1 - f[j]) * hp[j] + f[j] * hTilde;
        }
        return h;
    }

    // Gate order (z, r, h̃); Wx [X, 3H], Wh [H, 3H], b [3H].
    private static double[] Gru(double[] p, int X, int H, double[] x, double[] hp)
    {
        int G = 3 * H, wh = X * G, b = wh + H * G;
        var z = new double[H];
        var rhp = new double[H];
        for (int j = 0; j < H; j++)
        {
            z[j] = Sigmoid(Dot(p, 0, G, x, j) + Dot(p, wh, G, hp, j) + p[b + j]);
            double r = Sigmoid(Dot(p, 0, G, x, H + j) + Dot(p, wh, G, hp, H + j) + p[b + H + j]);
            rhp[j] = r * hp[j];
        }
        var h = new double[H];
        for (int j = 0; j < H; j++)
        {
            double hTilde = Math.Tanh(Dot(p, 0, G, x, 2 * H + j) + Dot(p, wh, G, rhp, 2 * H + j) + p[b + 2 * H + j]);
            h[j] = (1 - z[j]) * hp[j] + z[j] * hTilde;
        }
        return h;
    }

    // Gate order (i, f, o, c̃); Wx [X, 4H], Wh [H, 4H], b [4H].
    private static (double[] H, double[] C) Lstm(double[] p, int X, int H, double[] x, double[] hp, double[] cp)
    {
        int G = 4 * H, wh = X * G, b = wh + H * G;
        double A(int col) => Dot(p, 0, G, x, col) + Dot(p, wh, G, hp, col) + p[b + col];
        var h = new double[H];
        var c = new double[H];
        for (int j = 0; j < H; j++)
        {
            double i = Sigmoid(A(j)), f = Sigmoid(A(H + j)), o = Sigmoid(A(2 * H + j)), cTilde = Math.Tanh(A(3 * H + j));
            c[j] = f * cp[j] + i * cTilde;
            h[j] = o * Math.Tanh(c[j]);
        }
        return (h, c);
    }

    // Column order (x̃, f, r[, P x]); Wx [X, kH] with k = 3 when X = H (P = I) else 4; v [2H] = [v_f | v_r]; b [2H] = [b_f | b_r].
    private static (double[] H, double[] C) Sru(double[] p, int X, int H, double[] x, double[] cp)
    {
        int G = (X == H ? 3 : 4) * H, v = X * G, b = v + 2 * H;
        var h = new double[H];
        var c = new double[H];
        for (int j = 0; j < H; j++)
        {
            double xTilde = Dot(p, 0, G, x, j);
            double f = Sigmoid(Dot(p, 0, G, x, H + j) + p[v + j] * cp[j] + p[b + j]);
            double r = Sigmoid(Dot(p, 0, G, x, 2 * H + j) + p[v + H + j] * cp[j] + p[b + H + j]);
            double px = X == H ? x[j] : Dot(p, 0, G, x, 3 * H + j);
            c[j] = f * cp[j] + (1 - f) * xTilde;
            h[j] = r * Math.Tanh(c[j]) + (1 - r) * px;
        }
        return (h, c);
    }
}
