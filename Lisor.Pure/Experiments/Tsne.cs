using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Experiments;

/// <summary>Settings of <see cref="Tsne.Embed"/>; the defaults are those of van der Maaten &amp; Hinton (2008).</summary>
public sealed record TsneOptions
{
    /// <summary>Seed of the initial embedding Y ~ N(0, 10⁻⁴ I).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Target perplexity, the effective number of neighbours; lowered to (n − 1) / 3 for small n.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>P is multiplied by this during the first <see cref="ExaggerationIterations"/> iterations (clusters form early).</summary>
    public double Exaggeration { get; init; } = 12;

    /// <summary>Iterations with early exaggeration; the momentum also switches from 0.5 to 0.8 here.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Learning rate η; 0 means max(200, n / 12).</summary>
    public double LearningRate { get; init; }

    /// <summary>Record the KL divergence every this many iterations (0 = only at the end).</summary>
    public int KlEvery { get; init; } = 50;
}

/// <summary>The result of <see cref="Tsne.Embed"/>.</summary>
/// <param name="Embedding">The 2-D embedding, row-major [n, 2], centred at 0.</param>
/// <param name="KlDivergence">KL(P ‖ Q) = Σ p_ij ln(p_ij / q_ij) of the final embedding.</param>
/// <param name="KlHistory">(iteration, KL) every <see cref="TsneOptions.KlEvery"/> iterations, measured with the unexaggerated P.</param>
/// <param name="Perplexity">The perplexity actually used (after lowering for small n).</param>
public sealed record TsneResult(float[] Embedding, double KlDivergence, IReadOnlyList<(int Iteration, double Kl)> KlHistory, double Perplexity);

/// <summary>
/// Exact t-SNE (van der Maaten &amp; Hinton 2008), O(n²) per iteration, meant for up to a few thousand
/// points (hidden states of the paper's Fig. 1). Low-dimensional similarities are Student-t:
/// q_ij = w_ij / Z with w_ij = 1 / (1 + ‖y_i − y_j‖²) and Z = Σ_{k≠l} w_kl; the gradient is
/// ∂C/∂y_i = 4 Σ_j (α p_ij − q_ij) w_ij (y_i − y_j) with α the early exaggeration.
/// Updates use momentum and per-coordinate gains (delta-bar-delta, Jacobs 1988): a gain grows by 0.2
/// when the gradient's sign differs from the last update's, else shrinks ×0.8, floored at 0.01.
/// Rows are split into fixed blocks and Z is reduced in block order: the embedding is bit-identical
/// for any thread count.
/// </summary>
public static class Tsne
{
    /// <summary>Embeds <paramref name="points"/> ([n, dim] row-major) in 2-D.</summary>
    public static TsneResult Embed(float[] points, int n, int dim, TsneOptions o)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (n < 0 || dim < 1) throw new ArgumentException($"t-SNE needs n ≥ 0 and dim ≥ 1, got n = {n}, dim = {dim}");
        if (o.Perplexity <= 0 || o.Iterations < 0) throw new ArgumentException("t-SNE needs perplexity > 0 and iterations ≥ 0");
        double perplexity = Math.Max(1, Math.Min(o.Perplexity, (n - 1) / 3.0));
        if (n < 2) return new TsneResult(new float[2 * n], 0, [], perplexity);

        var (p, _) = TsneAffinities.Conditional(points, n, dim, perplexity);
        TsneAffinities.Symmetrize(p, n);
        var state = new TsneState(p, n, new Rng(o.Seed));
        double eta = o.LearningRate > 0 ? o.LearningRate : Math.Max(200, n / 12.0);
        var history = new List<(int, double)>();
        for (int iter = 0; iter < o.Iterations; iter++)
        {
            bool early = iter < o.ExaggerationIterations;
            state.Step(early ? o.Exaggeration : 1, early ? 0.5 : 0.8, eta);
            if (o.KlEvery > 0 && (iter + 1) % o.KlEvery == 0) history.Add((iter + 1, state.Kl()));
        }
        double kl = state.Kl();
        var embedding = new float[2 * n];
        for (int k = 0; k < embedding.Length; k++) embedding[k] = (float)state.Y[k];
        return new TsneResult(embedding, kl, history, perplexity);
    }

    /// <summary>The optimisation's buffers, allocated once; <see cref="Step"/> allocates nothing.</summary>
    private sealed class TsneState
    {
        private const int BlockRows = TsneAffinities.BlockRows;
        private readonly double[] _p;         // [n, n] joint P, symmetric, diagonal 0
        private readonly int _n;
        public readonly double[] Y;           // [n, 2] embedding
        private readonly double[] _grad;      // [n, 2] ∂C/∂Y
        private readonly double[] _update;    // [n, 2] last update (momentum term)
        private readonly double[] _gains;     // [n, 2] per-coordinate gains
        private readonly double[] _blockSums; // [blocks] partial sums, reduced in block order
        private readonly int _blocks;
        private readonly Action<int> _zBlock, _gradBlock, _klBlock;
        private double _alpha, _invZ;

        public TsneState(double[] p, int n, Rng rng)
        {
            _p = p;
            _n = n;
            Y = new double[2 * n];
            for (int k = 0; k < Y.Length; k++) Y[k] = 1e-2 * rng.NextGaussian(); // N(0, 10⁻⁴): σ = 0.01
            _grad = new double[2 * n];
            _update = new double[2 * n];
            _gains = new double[2 * n];
            Array.Fill(_gains, 1.0);
            _blocks = Parallelism.BlockCount(n, BlockRows);
            _blockSums = new double[_blocks];
            _zBlock = ZBlock;
            _gradBlock = GradientBlock;
            _klBlock = KlBlock;
        }

        /// <summary>w_ij = 1 / (1 + ‖y_i − y_j‖²).</summary>
        private double W(int i, int j)
        {
            double dx = Y[2 * i] - Y[2 * j], dy = Y[2 * i + 1] - Y[2 * j + 1];
            return 1.0 / (1.0 + dx * dx + dy * dy);
        }

        /// <summary>Z = Σ_{i≠j} w_ij, summed per fixed block of rows, then over blocks in order.</summary>
        private double Z()
        {
            Parallelism.ForBlocks(_blocks, _zBlock);
            double z = 0;
            for (int b = 0; b < _blocks; b++) z += _blockSums[b];
            return z;
        }

        private void ZBlock(int b)
        {
            var (start, end) = Parallelism.Block(b, _n, BlockRows);
            double s = 0;
            for (int i = start; i < end; i++)
                for (int j = 0; j < _n; j++)
                    if (j != i) s += W(i, j);
            _blockSums[b] = s;
        }

        /// <summary>∂C/∂y_i = 4 Σ_j (α p_ij − w_ij / Z) w_ij (y_i − y_j), one row at a time.</summary>
        private void GradientBlock(int b)
        {
            var (start, end) = Parallelism.Block(b, _n, BlockRows);
            for (int i = start; i < end; i++)
            {
                double gx = 0, gy = 0;
                long row = (long)i * _n;
                for (int j = 0; j < _n; j++)
                {
                    if (j == i) continue;
                    double w = W(i, j);
                    double m = (_alpha * _p[row + j] - w * _invZ) * w;
                    gx += m * (Y[2 * i] - Y[2 * j]);
                    gy += m * (Y[2 * i + 1] - Y[2 * j + 1]);
                }
                _grad[2 * i] = 4 * gx;
                _grad[2 * i + 1] = 4 * gy;
            }
        }

        /// <summary>One gradient step with exaggeration α, momentum μ and learning rate η; then re-centres Y.</summary>
        public void Step(double alpha, double momentum, double eta)
        {
            _alpha = alpha;
            _invZ = 1.0 / Z();
            Parallelism.ForBlocks(_blocks, _gradBlock);
            for (int k = 0; k < Y.Length; k++)
            {
                // Delta-bar-delta: grad and last update of opposite signs mean we keep going downhill.
                bool sameSign = _grad[k] > 0 == _update[k] > 0;
                _gains[k] = Math.Max(0.01, sameSign ? _gains[k] * 0.8 : _gains[k] + 0.2);
                _update[k] = momentum * _update[k] - eta * _gains[k] * _grad[k];
                Y[k] += _update[k];
            }
            double mx = 0, my = 0;
            for (int i = 0; i < _n; i++) { mx += Y[2 * i]; my += Y[2 * i + 1]; }
            mx /= _n; my /= _n;
            for (int i = 0; i < _n; i++) { Y[2 * i] -= mx; Y[2 * i + 1] -= my; }
        }

        /// <summary>KL(P ‖ Q) = Σ_{i≠j} p_ij ln(p_ij / q_ij) with the true (unexaggerated) P.</summary>
        public double Kl()
        {
            _invZ = 1.0 / Z();
            Parallelism.ForBlocks(_blocks, _klBlock);
            double kl = 0;
            for (int b = 0; b < _blocks; b++) kl += _blockSums[b];
            return kl;
        }

        private void KlBlock(int b)
        {
            var (start, end) = Parallelism.Block(b, _n, BlockRows);
            double s = 0;
            for (int i = start; i < end; i++)
            {
                long row = (long)i * _n;
                for (int j = 0; j < _n; j++)
                {
                    if (j == i) continue;
                    double pij = _p[row + j];
                    double q = Math.Max(W(i, j) * _invZ, 1e-300);
                    s += pij * Math.Log(pij / q);
                }
            }
            _blockSums[b] = s;
        }
    }
}
