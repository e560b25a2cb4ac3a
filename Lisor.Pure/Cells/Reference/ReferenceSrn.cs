using static Lisor.Pure.Cells.Reference.ReferenceCells;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// Elman SRN, readable reference (see <see cref="Srn"/>): h_t = tanh(x_t·Wx + h_{t-1}·Wh + b);
/// parameters Wx [X, H], Wh [H, H], b [H].
/// </summary>
internal static class ReferenceSrn
{
    /// <summary>What forward keeps for backward: h_t [T][H].</summary>
    public sealed record Cache(double[][] H);

    public static Cache Forward(double[] p, int X, int H, double[][] xs)
    {
        int wh = X * H, b = wh + H * H, T = xs.Length;
        var h = Zeros(T, H);
        var hp = new double[H];                                                         // h_{-1} = 0
        for (int t = 0; t < T; t++)
        {
            for (int j = 0; j < H; j++)
                h[t][j] = Math.Tanh(Dot(p, 0, H, xs[t], j) + Dot(p, wh, H, hp, j) + p[b + j]); // h_t = tanh(x_t·Wx + h_{t-1}·Wh + b)
            hp = h[t];
        }
        return new Cache(h);
    }

    public static (double[] Dp, double[][] Dx) Backward(double[] p, int X, int H, double[][] xs, Cache cache, double[][] dhs)
    {
        int wh = X * H, b = wh + H * H, T = xs.Length;
        var dp = new double[p.Length];
        var dx = Zeros(T, X);
        var dhNext = new double[H];                                                     // ∂L/∂h_t reaching from step t+1
        for (int t = T - 1; t >= 0; t--)
        {
            var h = cache.H[t];
            var hp = t > 0 ? cache.H[t - 1] : new double[H];
            var dhp = new double[H];
            for (int j = 0; j < H; j++)
            {
                double g = dhs[t][j] + dhNext[j];                                       // g = ∂L/∂h_t
                double da = g * (1 - h[j] * h[j]);                                      // da_t = g ⊙ (1 − h_t²)
                DotBackward(p, dp, 0, H, xs[t], dx[t], j, da);                          // ∂Wx += x_tᵀ da,  ∂x_t = da·Wxᵀ
                DotBackward(p, dp, wh, H, hp, dhp, j, da);                              // ∂Wh += h_{t-1}ᵀ da,  ∂h_{t-1} = da·Whᵀ
                dp[b + j] += da;                                                        // ∂b += da
            }
            dhNext = dhp;
        }
        return (dp, dx);
    }
}
