using static Lisor.Pure.Cells.Reference.ReferenceCells;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// Simple recurrent unit, readable reference (see <see cref="Sru"/>, column order (x̃, f, r[, P x])):
///     x̃_t = x_t·W,   f_t = σ(x_t·W_f + v_f ⊙ c_{t-1} + b_f),   r_t = σ(x_t·W_r + v_r ⊙ c_{t-1} + b_r)
///     c_t = f_t ⊙ c_{t-1} + (1 − f_t) ⊙ x̃_t
///     h_t = r_t ⊙ tanh(c_t) + (1 − r_t) ⊙ P x_t        (P = I when X = H, else learned)
/// Parameters Wx [X, kH] (k = 3 when X = H, else 4), v [2H] = [v_f | v_r], b [2H] = [b_f | b_r].
/// </summary>
internal static class ReferenceSru
{
    /// <summary>What forward keeps for backward, each [T][H]: x̃_t, f_t, r_t, P x_t, c_t, tanh(c_t), h_t.</summary>
    public sealed record Cache(double[][] XTilde, double[][] F, double[][] R, double[][] Px, double[][] C, double[][] TanhC, double[][] H);

    public static Cache Forward(double[] p, int X, int H, double[][] xs)
    {
        int G = (X == H ? 3 : 4) * H, v = X * G, b = v + 2 * H, T = xs.Length;
        var (xTilde, f, r, px) = (Zeros(T, H), Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var (c, tanhC, h) = (Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var cp = new double[H];                                                         // c_{-1} = 0
        for (int t = 0; t < T; t++)
        {
            var x = xs[t];
            for (int j = 0; j < H; j++)
            {
                xTilde[t][j] = Dot(p, 0, G, x, j);                                                   // x̃ = x·W
                f[t][j] = Sigmoid(Dot(p, 0, G, x, H + j) + p[v + j] * cp[j] + p[b + j]);             // f = σ(x·W_f + v_f ⊙ cp + b_f)
                r[t][j] = Sigmoid(Dot(p, 0, G, x, 2 * H + j) + p[v + H + j] * cp[j] + p[b + H + j]); // r = σ(x·W_r + v_r ⊙ cp + b_r)
                px[t][j] = X == H ? x[j] : Dot(p, 0, G, x, 3 * H + j);                               // P x
                c[t][j] = f[t][j] * cp[j] + (1 - f[t][j]) * xTilde[t][j];                            // c = f ⊙ cp + (1 − f) ⊙ x̃
                tanhC[t][j] = Math.Tanh(c[t][j]);
                h[t][j] = r[t][j] * tanhC[t][j] + (1 - r[t][j]) * px[t][j];                          // h = r ⊙ tanh(c) + (1 − r) ⊙ P x
            }
            cp = c[t];
        }
        return new Cache(xTilde, f, r, px, c, tanhC, h);
    }

    public static (double[] Dp, double[][] Dx) Backward(double[] p, int X, int H, double[][] xs, Cache cache, double[][] dhs)
    {
        int G = (X == H ? 3 : 4) * H, v = X * G, b = v + 2 * H, T = xs.Length;
        var dp = new double[p.Length];
        var dx = Zeros(T, X);
        var dcNext = new double[H];                                                     // ∂L/∂c_t reaching from step t+1 (h_{t-1} gets nothing)
        for (int t = T - 1; t >= 0; t--)
        {
            var (xTilde, f, r, px, tanhC) = (cache.XTilde[t], cache.F[t], cache.R[t], cache.Px[t], cache.TanhC[t]);
            var cp = t > 0 ? cache.C[t - 1] : new double[H];
            for (int j = 0; j < H; j++)
            {
                double g = dhs[t][j];                                                   // g = ∂L/∂h_t
                double dc = dcNext[j] + g * r[j] * (1 - tanhC[j] * tanhC[j]);           // ∂c = ∂c_next + g ⊙ r ⊙ (1 − tanh²(c))
                double daR = g * (tanhC[j] - px[j]) * r[j] * (1 - r[j]);                // da_r = g ⊙ (tanh(c) − P x) ⊙ r ⊙ (1 − r)
                double dPx = g * (1 - r[j]);                                            // ∂(P x) = g ⊙ (1 − r)
                double daF = dc * (cp[j] - xTilde[j]) * f[j] * (1 - f[j]);              // da_f = ∂c ⊙ (cp − x̃) ⊙ f ⊙ (1 − f)
                double dXTilde = dc * (1 - f[j]);                                       // ∂x̃ = ∂c ⊙ (1 − f)
                dcNext[j] = dc * f[j] + daF * p[v + j] + daR * p[v + H + j];            // ∂c_next ← ∂c ⊙ f + da_f ⊙ v_f + da_r ⊙ v_r
                dp[v + j] += daF * cp[j];                                               // ∂v_f += da_f ⊙ cp
                dp[v + H + j] += daR * cp[j];                                           // ∂v_r += da_r ⊙ cp
                dp[b + j] += daF;                                                       // ∂b_f += da_f
                dp[b + H + j] += daR;                                                   // ∂b_r += da_r
                DotBackward(p, dp, 0, G, xs[t], dx[t], j, dXTilde);                     // ∂W += xᵀ ∂x̃,  ∂x += ∂x̃·Wᵀ
                DotBackward(p, dp, 0, G, xs[t], dx[t], H + j, daF);                     // ∂W_f += xᵀ da_f,  ∂x += da_f·W_fᵀ
                DotBackward(p, dp, 0, G, xs[t], dx[t], 2 * H + j, daR);                 // ∂W_r += xᵀ da_r,  ∂x += da_r·W_rᵀ
                if (X == H) dx[t][j] += dPx;                                            // P = I: ∂x += ∂(P x)
                else DotBackward(p, dp, 0, G, xs[t], dx[t], 3 * H + j, dPx);            // ∂P += xᵀ ∂(P x),  ∂x += ∂(P x)·Pᵀ
            }
        }
        return (dp, dx);
    }
}
