using static Lisor.Pure.Cells.Reference.ReferenceCells;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// Long short-term memory, readable reference (see <see cref="Lstm"/>, gate order (i, f, o, c̃)):
///     i_t, f_t, o_t = σ(x_t·Wx_{i,f,o} + h_{t-1}·Wh_{i,f,o} + b_{i,f,o})
///     c̃_t = tanh(x_t·Wx_c + h_{t-1}·Wh_c + b_c)
///     c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t
///     h_t = o_t ⊙ tanh(c_t)
/// Parameters Wx [X, 4H], Wh [H, 4H], b [4H]; column blocks i, f, o, c̃.
/// </summary>
internal static class ReferenceLstm
{
    /// <summary>What forward keeps for backward, each [T][H]: i_t, f_t, o_t, c̃_t, c_t, tanh(c_t), h_t.</summary>
    public sealed record Cache(double[][] I, double[][] F, double[][] O, double[][] CTilde, double[][] C, double[][] TanhC, double[][] H);

    public static Cache Forward(double[] p, int X, int H, double[][] xs)
    {
        int G = 4 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var (i, f, o, cTilde) = (Zeros(T, H), Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var (c, tanhC, h) = (Zeros(T, H), Zeros(T, H), Zeros(T, H));
        var hp = new double[H];                                                         // h_{-1} = 0
        var cp = new double[H];                                                         // c_{-1} = 0
        for (int t = 0; t < T; t++)
        {
            var x = xs[t];
            double A(int col) => Dot(p, 0, G, x, col) + Dot(p, wh, G, hp, col) + p[b + col];   // a = x·Wx + hp·Wh + b
            for (int j = 0; j < H; j++)
            {
                i[t][j] = Sigmoid(A(j));                                                // i = σ(a_i)
                f[t][j] = Sigmoid(A(H + j));                                            // f = σ(a_f)
                o[t][j] = Sigmoid(A(2 * H + j));                                        // o = σ(a_o)
                cTilde[t][j] = Math.Tanh(A(3 * H + j));                                 // c̃ = tanh(a_c)
                c[t][j] = f[t][j] * cp[j] + i[t][j] * cTilde[t][j];                     // c = f ⊙ cp + i ⊙ c̃
                tanhC[t][j] = Math.Tanh(c[t][j]);
                h[t][j] = o[t][j] * tanhC[t][j];                                        // h = o ⊙ tanh(c)
            }
            (hp, cp) = (h[t], c[t]);
        }
        return new Cache(i, f, o, cTilde, c, tanhC, h);
    }

    public static (double[] Dp, double[][] Dx) Backward(double[] p, int X, int H, double[][] xs, Cache cache, double[][] dhs)
    {
        int G = 4 * H, wh = X * G, b = wh + H * G, T = xs.Length;
        var dp = new double[p.Length];
        var dx = Zeros(T, X);
        var dhNext = new double[H];                                                     // ∂L/∂h_t reaching from step t+1
        var dcNext = new double[H];                                                     // ∂L/∂c_t reaching from step t+1
        var da = new double[G];
        for (int t = T - 1; t >= 0; t--)
        {
            var (i, f, o, cTilde, tanhC) = (cache.I[t], cache.F[t], cache.O[t], cache.CTilde[t], cache.TanhC[t]);
            var hp = t > 0 ? cache.H[t - 1] : new double[H];
            var cp = t > 0 ? cache.C[t - 1] : new double[H];
            for (int j = 0; j < H; j++)
            {
                double g = dhs[t][j] + dhNext[j];                                       // g = ∂L/∂h_t
                double dO = g * tanhC[j];                                               // ∂o = g ⊙ tanh(c)
                double dc = dcNext[j] + g * o[j] * (1 - tanhC[j] * tanhC[j]);           // ∂c = ∂c_next + g ⊙ o ⊙ (1 − tanh²(c))
                double dI = dc * cTilde[j];                                             // ∂i = ∂c ⊙ c̃
                double dF = dc * cp[j];                                                 // ∂f = ∂c ⊙ cp
                double dCTilde = dc * i[j];                                             // ∂c̃ = ∂c ⊙ i
                dcNext[j] = dc * f[j];                                                  // ∂c_next ← ∂c ⊙ f
                da[j] = dI * i[j] * (1 - i[j]);                                         // da_i = ∂i ⊙ i ⊙ (1 − i)
                da[H + j] = dF * f[j] * (1 - f[j]);                                     // da_f = ∂f ⊙ f ⊙ (1 − f)
                da[2 * H + j] = dO * o[j] * (1 - o[j]);                                 // da_o = ∂o ⊙ o ⊙ (1 − o)
                da[3 * H + j] = dCTilde * (1 - cTilde[j] * cTilde[j]);                  // da_c = ∂c̃ ⊙ (1 − c̃²)
            }
            var dhp = new double[H];
            for (int col = 0; col < G; col++)
            {
                DotBackward(p, dp, 0, G, xs[t], dx[t], col, da[col]);                   // ∂Wx += xᵀ da,  ∂x = da·Wxᵀ
                DotBackward(p, dp, wh, G, hp, dhp, col, da[col]);                       // ∂Wh += hpᵀ da,  ∂hp = da·Whᵀ
                dp[b + col] += da[col];                                                 // ∂b += da
            }
            dhNext = dhp;
        }
        return (dp, dx);
    }
}
