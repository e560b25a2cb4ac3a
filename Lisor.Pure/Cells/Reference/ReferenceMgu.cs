using static Lisor.Pure.Cells.Reference.ReferenceCells;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// Minimal gated unit, readable reference (see <see cref="Mgu"/>, gate order (f, h̃)):
///     f_t = σ(x_t·Wx_f + h_{t-1}·Wh_f + b_f)
///     h̃_t = tanh(x_t·Wx_h + (f_t ⊙ h_{t-1})·Wh_h + b_h)
///     h_t = (1 − f_t) ⊙ h_{t-1} + f_t ⊙ h̃_t
/// Parameters Wx [X, 2H], Wh [H, 2H], b [2H]; the f columns come first, then the h̃ columns.
/// </summary>
internal static class ReferenceMgu
{
    /// <summary>What forward keeps for backward, each [T][H]: f_t, h̃_t, f_t ⊙ h_{t-1}, h_t.</summary>
    public sealed record Cache(double[][] F, double[][] HTilde, double[][] FHp, double[][] H);

    public static Cache Forward(double[] p, int X, int H, double[][] xs)
    {
        int G = 2 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var (f, hTilde, fhp, h) = (Zeros(T, H), Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var hp = new double[H];                                                         // h_{-1} = 0
        for (int t = 0; t < T; t++)
        {
            var x = xs[t];
            for (int j = 0; j < H; j++)
            {
                f[t][j] = Sigmoid(Dot(p, 0, G, x, j) + Dot(p, wh, G, hp, j) + p[b + j]);   // f = σ(x·Wx_f + hp·Wh_f + b_f)
                fhp[t][j] = f[t][j] * hp[j];                                            // f ⊙ hp
            }
            for (int j = 0; j < H; j++)
            {
                hTilde[t][j] = Math.Tanh(Dot(p, 0, G, x, H + j) + Dot(p, wh, G, fhp[t], H + j) + p[b + H + j]); // h̃ = tanh(x·Wx_h + (f⊙hp)·Wh_h + b_h)
                h[t][j] = (1 - f[t][j]) * hp[j] + f[t][j] * hTilde[t][j];               // h = (1 − f) ⊙ hp + f ⊙ h̃
            }
            hp = h[t];
        }
        return new Cache(f, hTilde, fhp, h);
    }

    public static (double[] Dp, double[][] Dx) Backward(double[] p, int X, int H, double[][] xs, Cache cache, double[][] dhs)
    {
        int G = 2 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var dp = new double[p.Length];
        var dx = Zeros(T, X);
        var dhNext = new double[H];                                                     // ∂L/∂h_t reaching from step t+1
        for (int t = T - 1; t >= 0; t--)
        {
            var (f, hTilde, fhp) = (cache.F[t], cache.HTilde[t], cache.FHp[t]);
            var hp = t > 0 ? cache.H[t - 1] : new double[H];
            var df = new double[H];
            var dhp = new double[H];
            var dfhp = new double[H];
            for (int j = 0; j < H; j++)
            {
                double g = dhs[t][j] + dhNext[j];                                       // g = ∂L/∂h_t
                double dHTilde = g * f[j];                                              // ∂h̃ = g ⊙ f
                df[j] = g * (hTilde[j] - hp[j]);                                        // ∂f = g ⊙ (h̃ − hp)
                dhp[j] = g * (1 - f[j]);                                                // ∂hp = g ⊙ (1 − f)
                double daH = dHTilde * (1 - hTilde[j] * hTilde[j]);                     // da_h = ∂h̃ ⊙ (1 − h̃²)
                DotBackward(p, dp, 0, G, xs[t], dx[t], H + j, daH);                     // ∂Wx_h += xᵀ da_h,  ∂x += da_h·Wx_hᵀ
                DotBackward(p, dp, wh, G, fhp, dfhp, H + j, daH);                       // ∂Wh_h += (f⊙hp)ᵀ da_h,  ∂(f⊙hp) = da_h·Wh_hᵀ
                dp[b + H + j] += daH;                                                   // ∂b_h += da_h
            }
            for (int j = 0; j < H; j++)
            {
                df[j] += dfhp[j] * hp[j];                                               // ∂f += ∂(f⊙hp) ⊙ hp
                dhp[j] += dfhp[j] * f[j];                                               // ∂hp += ∂(f⊙hp) ⊙ f
                double daF = df[j] * f[j] * (1 - f[j]);                                 // da_f = ∂f ⊙ f ⊙ (1 − f)
                DotBackward(p, dp, 0, G, xs[t], dx[t], j, daF);                         // ∂Wx_f += xᵀ da_f,  ∂x += da_f·Wx_fᵀ
                DotBackward(p, dp, wh, G, hp, dhp, j, daF);                             // ∂Wh_f += hpᵀ da_f,  ∂hp += da_f·Wh_fᵀ
                dp[b + j] += daF;                                                       // ∂b_f += da_f
            }
            dhNext = dhp;
        }
        return (dp, dx);
    }
}
