using static Lisor.Pure.Cells.Reference.ReferenceCells;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// Gated recurrent unit, readable reference (see <see cref="Gru"/>, gate order (z, r, h̃)):
///     z_t = σ(x_t·Wx_z + h_{t-1}·Wh_z + b_z),   r_t = σ(x_t·Wx_r + h_{t-1}·Wh_r + b_r)
///     h̃_t = tanh(x_t·Wx_h + (r_t ⊙ h_{t-1})·Wh_h + b_h)
///     h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
/// Parameters Wx [X, 3H], Wh [H, 3H], b [3H]; column blocks z, r, h̃.
/// </summary>
internal static class ReferenceGru
{
    /// <summary>What forward keeps for backward, each [T][H]: z_t, r_t, h̃_t, r_t ⊙ h_{t-1}, h_t.</summary>
    public sealed record Cache(double[][] Z, double[][] R, double[][] HTilde, double[][] RHp, double[][] H);

    public static Cache Forward(double[] p, int X, int H, double[][] xs)
    {
        int G = 3 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var (z, r, hTilde, rhp, h) = (Zeros(T, H), Zeros(T, H), Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var hp = new double[H];                                                         // h_{-1} = 0
        for (int t = 0; t < T; t++)
        {
            var x = xs[t];
            for (int j = 0; j < H; j++)
            {
                z[t][j] = Sigmoid(Dot(p, 0, G, x, j) + Dot(p, wh, G, hp, j) + p[b + j]);             // z = σ(x·Wx_z + hp·Wh_z + b_z)
                r[t][j] = Sigmoid(Dot(p, 0, G, x, H + j) + Dot(p, wh, G, hp, H + j) + p[b + H + j]); // r = σ(x·Wx_r + hp·Wh_r + b_r)
                rhp[t][j] = r[t][j] * hp[j];                                                          // r ⊙ hp
            }
            for (int j = 0; j < H; j++)
            {
                hTilde[t][j] = Math.Tanh(Dot(p, 0, G, x, 2 * H + j) + Dot(p, wh, G, rhp[t], 2 * H + j) + p[b + 2 * H + j]); // h̃ = tanh(x·Wx_h + (r⊙hp)·Wh_h + b_h)
                h[t][j] = (1 - z[t][j]) * hp[j] + z[t][j] * hTilde[t][j];                             // h = (1 − z) ⊙ hp + z ⊙ h̃
            }
            hp = h[t];
        }
        return new Cache(z, r, hTilde, rhp, h);
    }

    public static (double[] Dp, double[][] Dx) Backward(double[] p, int X, int H, double[][] xs, Cache cache, double[][] dhs)
    {
        int G = 3 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var dp = new double[p.Length];
        var dx = Zeros(T, X);
        var dhNext = new double[H];                                                     // ∂L/∂h_t reaching from step t+1
        for (int t = T - 1; t >= 0; t--)
        {
            var (z, r, hTilde, rhp) = (cache.Z[t], cache.R[t], cache.HTilde[t], cache.RHp[t]);
            var hp = t > 0 ? cache.H[t - 1] : new double[H];
            var daZ = new double[H];
            var dhp = new double[H];
            var drhp = new double[H];
            for (int j = 0; j < H; j++)
            {
                double g = dhs[t][j] + dhNext[j];                                       // g = ∂L/∂h_t
                double daH = g * z[j] * (1 - hTilde[j] * hTilde[j]);                    // da_h = g ⊙ z ⊙ (1 − h̃²)
                daZ[j] = g * (hTilde[j] - hp[j]) * z[j] * (1 - z[j]);                   // da_z = g ⊙ (h̃ − hp) ⊙ z ⊙ (1 − z)
                dhp[j] = g * (1 - z[j]);                                                // ∂hp = g ⊙ (1 − z)
                DotBackward(p, dp, 0, G, xs[t], dx[t], 2 * H + j, daH);                 // ∂Wx_h += xᵀ da_h,  ∂x += da_h·Wx_hᵀ
                DotBackward(p, dp, wh, G, rhp, drhp, 2 * H + j, daH);                   // ∂Wh_h += (r⊙hp)ᵀ da_h,  ∂(r⊙hp) = da_h·Wh_hᵀ
                dp[b + 2 * H + j] += daH;                                               // ∂b_h += da_h
            }
            for (int j = 0; j < H; j++)
            {
                double daR = drhp[j] * hp[j] * r[j] * (1 - r[j]);                       // da_r = ∂(r⊙hp) ⊙ hp ⊙ r ⊙ (1 − r)
                dhp[j] += drhp[j] * r[j];                                               // ∂hp += ∂(r⊙hp) ⊙ r
                DotBackward(p, dp, 0, G, xs[t], dx[t], j, daZ[j]);                      // ∂Wx_z += xᵀ da_z,  ∂x += da_z·Wx_zᵀ
                DotBackward(p, dp, wh, G, hp, dhp, j, daZ[j]);                          // ∂Wh_z += hpᵀ da_z,  ∂hp += da_z·Wh_zᵀ
                dp[b + j] += daZ[j];                                                    // ∂b_z += da_z
                DotBackward(p, dp, 0, G, xs[t], dx[t], H + j, daR);                     // ∂Wx_r += xᵀ da_r,  ∂x += da_r·Wx_rᵀ
                DotBackward(p, dp, wh, G, hp, dhp, H + j, daR);                         // ∂Wh_r += hpᵀ da_r,  ∂hp += da_r·Wh_rᵀ
                dp[b + H + j] += daR;                                                   // ∂b_r += da_r
            }
            dhNext = dhp;
        }
        return (dp, dx);
    }
}
