using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Experiments;

/// <summary>Settings of <see cref="Tsne.Embed"/>; the defaults are those of van der Maaten &amp; Hinton (2008).</summary>
internal sealed record TsneOptions
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
internal sealed record TsneResult(float[] Embedding, double KlDivergence, IReadOnlyList<(int Iteration, double Kl)> KlHistory, double Perplexity)
{
    /// <summary>Deconstructs into the two results most callers want: <c>var (embedding, kl) = Tsne.Embed(…)</c>.</summary>
    public void Deconstruct(out float[] embedding, out double klDivergence) => (embedding, klDivergence) = (Embedding, KlDivergence);
}

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
internal static class Tsne
{
    /// <summary>Largest n accepted: P alone takes 8 n² bytes (800 MB at 10 000 points).</summary>
    public const int MaxPoints = 10_000;

    /// <summary>
    /// Up to <paramref name="max"/> of the row indices 0 … n − 1, drawn without replacement by a seeded
    /// partial Fisher–Yates shuffle and returned in increasing order (all rows when n ≤ max).
    /// </summary>
    public static int[] SampleRows(int n, int max, ulong seed)
    {
        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (n <= max) return all;
        var rng = new Rng(seed);
        for (int i = 0; i < max; i++)
        {
            int j = i + rng.NextInt(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var picked = all[..max];
        Array.Sort(picked);
        return picked;
    }

    /// <summary>Embeds <paramref name="points"/> ([n, dim] row-major) in 2-D.</summary>
    public static TsneResult Embed(float[] points, int n, int dim, TsneOptions o)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (n < 0 || dim < 1) throw new ArgumentException($"t-SNE needs n ≥ 0 and dim ≥ 1, got n = {n}, dim = {dim}");
        if (o.Perplexity <= 0 || o.Iterations < 0) throw new ArgumentException("t-SNE needs perplexity > 0 and iterations ≥ 0");
        if (n > MaxPoints) throw new ArgumentException($"exact t-SNE keeps an n × n matrix: n = {n} exceeds {MaxPoints}; subsample with SampleRows first");
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
        private readonly double[] _attract;   // [n, 2] Σ_j p_ij w_ij (y_i − y_j)
        private readonly double[] _repulse;   // [n, 2] Σ_j w_ij² (y_i − y_j)
        private readonly double[] _update;    // [n, 2] last update (momentum term)
        private readonly double[] _gains;     // [n, 2] per-coordinate gains
        private readonly double[] _blockSums; // [blocks] partial sums, reduced in block order
        private readonly int _blocks;
        private readonly Action<int> _forceBlock, _klBlock;
        private double _invZ;

        public TsneState(double[] p, int n, Rng rng)
        {
            _p = p;
            _n = n;
            Y = new double[2 * n];
            for (int k = 0; k < Y.Length; k++) Y[k] = 1e-2 * rng.NextGaussian(); // N(0, 10⁻⁴): σ = 0.01
            _attract = new double[2 * n];
            _repulse = new double[2 * n];
            _update = new double[2 * n];
            _gains = new double[2 * n];
            Array.Fill(_gains, 1.0);
            _blocks = Parallelism.BlockCount(n, BlockRows);
            _blockSums = new double[_blocks];
            _forceBlock = ForceBlock;
            _klBlock = KlBlock;
        }

        /// <summary>Sums of the blocks' partial results, in block order (the same whatever the thread count).</summary>
        private double ReduceBlocks()
        {
            double s = 0;
            for (int b = 0; b < _blocks; b++) s += _blockSums[b];
            return s;
        }

        /// <summary>
        /// One pass over the rows of a block, with w_ij = 1 / (1 + ‖y_i − y_j‖²): the attractive and
        /// repulsive sums of each row, and the block's share of Z = Σ_{i≠j} w_ij. Since q_ij = w_ij / Z,
        /// ∂C/∂y_i = 4 (α Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z), so Z is only needed afterwards.
        /// </summary>
        private void ForceBlock(int b)
        {
            var (start, end) = Parallelism.Block(b, _n, BlockRows);
            double[] y = Y, p = _p;
            int n = _n;
            double z = 0;
            for (int i = start; i < end; i++)
            {
                double yi0 = y[2 * i], yi1 = y[2 * i + 1];
                double ax = 0, ay = 0, rx = 0, ry = 0;
                var pRow = p.AsSpan(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    double dx = yi0 - y[2 * j], dy = yi1 - y[2 * j + 1];
                    double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    double pw = pRow[j] * w, ww = w * w;
                    ax += pw * dx; ay += pw * dy;
                    rx += ww * dx; ry += ww * dy;
                    z += w;
                }
                z -= 1.0; // the j = i term: w_ii = 1 (its p_ii and y_i − y_i are 0, so only Z needs it removed)
                _attract[2 * i] = ax; _attract[2 * i + 1] = ay;
                _repulse[2 * i] = rx; _repulse[2 * i + 1] = ry;
            }
            _blockSums[b] = z;
        }

        /// <summary>One gradient step with exaggeration α, momentum μ and learning rate η; then re-centres Y.</summary>
        public void Step(double alpha, double momentum, double eta)
        {
            Parallelism.ForBlocks(_blocks, _forceBlock);
            double invZ = 1.0 / ReduceBlocks();
            for (int k = 0; k < Y.Length; k++)
            {
                double grad = 4 * (alpha * _attract[k] - _repulse[k] * invZ);
                // Delta-bar-delta: grad and last update of opposite signs mean we keep going downhill.
                bool sameSign = grad > 0 == _update[k] > 0;
                _gains[k] = Math.Max(0.01, sameSign ? _gains[k] * 0.8 : _gains[k] + 0.2);
                _update[k] = momentum * _update[k] - eta * _gains[k] * grad;
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
            Parallelism.ForBlocks(_blocks, _forceBlock); // refreshes Z for the current Y
            _invZ = 1.0 / ReduceBlocks();
            Parallelism.ForBlocks(_blocks, _klBlock);
            return ReduceBlocks();
        }

        private void KlBlock(int b)
        {
            var (start, end) = Parallelism.Block(b, _n, BlockRows);
            double[] y = Y;
            double s = 0;
            for (int i = start; i < end; i++)
            {
                var pRow = _p.AsSpan(i * _n, _n);
                for (int j = 0; j < _n; j++)
                {
                    if (j == i) continue;
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = Math.Max(_invZ / (1.0 + dx * dx + dy * dy), 1e-300);
                    s += pRow[j] * Math.Log(pRow[j] / q);
                }
            }
            _blockSums[b] = s;
        }
    }
}
