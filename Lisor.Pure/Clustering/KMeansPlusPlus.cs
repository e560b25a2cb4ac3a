using System.Runtime.CompilerServices;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Clustering;

/// <summary>
/// k-means++ seeding (Arthur &amp; Vassilvitskii, 2007), greedy variant as in scikit-learn: the first
/// centre is a uniformly random point; each next one is the best of L = 2 + ⌊ln k⌋ candidates drawn
/// with probability D(x)² / Σ D², where D(x) is the distance to the nearest centre chosen so far —
/// "best" meaning the candidate that leaves the smallest potential Σ_x min(D(x)², ‖x − cand‖²).
/// When every point already sits on a centre (Σ D² = 0: k exceeds the distinct points) the next
/// centre is a uniformly random point. Sums run over fixed blocks reduced in block order, so the
/// chosen indices do not depend on the thread count.
/// </summary>
internal sealed class KMeansPlusPlus
{
    private const int BlockSize = Lloyd.BlockSize;
    private readonly PointSpace _s;
    private readonly int _blocks;
    private readonly float[] _d2;            // [n] D(x)² to the nearest chosen centre
    private readonly double[] _blockSums;    // [blocks] Σ D² per block
    private double[] _potentials = [];       // [blocks, L] Σ min(D², ‖x − cand_l‖²) per block
    private float[] _candidateD2 = [];       // [n, L] ‖x − cand_l‖², kept for the update with the best
    private float[] _candidatesT = [];       // [dim, LPad] candidates transposed, for the distance tile
    private float[] _tiles = [];             // [blocks, 4, LPad]

    public KMeansPlusPlus(PointSpace space)
    {
        _s = space;
        _blocks = Parallelism.BlockCount(space.N, BlockSize);
        _d2 = new float[space.N];
        _blockSums = new double[_blocks];
    }

    /// <summary>Number of candidates per step: 2 + ⌊ln k⌋ (scikit-learn's n_local_trials).</summary>
    public static int Candidates(int k) => 2 + (int)Math.Log(k);

    /// <summary>Chooses k point indices as initial centres.</summary>
    public int[] Seed(int k, Rng rng)
    {
        int n = _s.N, L = Candidates(k);
        int lPad = Distance.PadCentres(L);
        if (_potentials.Length < _blocks * L) _potentials = new double[_blocks * L];
        if (_candidateD2.Length < (long)n * L) _candidateD2 = new float[(long)n * L];
        if (_candidatesT.Length < _s.Dim * lPad) _candidatesT = new float[_s.Dim * lPad];
        if (_tiles.Length < _blocks * 4 * lPad) _tiles = new float[_blocks * 4 * lPad];
        var chosen = new int[k];
        var candidates = new int[L];
        chosen[0] = rng.NextInt(n);
        FirstCentre(chosen[0]);
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int b = 0; b < _blocks; b++) total += _blockSums[b];
            if (!(total > 0))
            {
                chosen[c] = rng.NextInt(n);
                continue;
            }
            for (int l = 0; l < L; l++) candidates[l] = Sample(rng.NextDouble() * total);
            int best = BestCandidate(candidates);
            chosen[c] = candidates[best];
            KeepCandidate(best, L);
        }
        return chosen;
    }

    // D² ← ‖x − p‖² for the first centre p; block sums refreshed.
    private void FirstCentre(int p)
    {
        Parallelism.ForBlocks(_blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                _d2[i] = _s.PointDistance(i, p);
                sum += _d2[i];
            }
            _blockSums[b] = sum;
        });
    }

    // D² ← min(D², ‖x − cand_best‖²) from the distances BestCandidate kept; block sums refreshed.
    private void KeepCandidate(int best, int L)
    {
        Parallelism.ForBlocks(_blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                float d = _candidateD2[(long)i * L + best];
                if (d < _d2[i]) _d2[i] = d;
                sum += _d2[i];
            }
            _blockSums[b] = sum;
        });
    }

    // The first index i whose running sum Σ_{i' ≤ i} D² exceeds r: block by block, then inside the block.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Sample(double r)
    {
        double before = 0;
        for (int b = 0; b < _blocks; b++)
        {
            if (before + _blockSums[b] > r || b == _blocks - 1)
            {
                var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
                double target = r - before, running = 0;
                for (int i = start; i < end; i++)
                {
                    running += _d2[i];
                    if (running > target) return i;
                }
                // Rounding left r just past this block's sum: take its last point with D² > 0.
                for (int i = end - 1; i >= start; i--) if (_d2[i] > 0) return i;
            }
            before += _blockSums[b];
        }
        for (int i = _s.N - 1; i >= 0; i--) if (_d2[i] > 0) return i;
        return 0;
    }

    // The candidate leaving the smallest potential Σ_x min(D², ‖x − cand‖²) (the first on ties).
    private int BestCandidate(int[] candidates)
    {
        int L = candidates.Length, lPad = Distance.PadCentres(L), dim = _s.Dim;
        _candidatesT.AsSpan(0, dim * lPad).Clear();
        for (int l = 0; l < L; l++)
            for (int d = 0; d < dim; d++) _candidatesT[d * lPad + l] = _s.X[candidates[l] * dim + d];
        Parallelism.ForBlocks(_blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
            var pot = _potentials.AsSpan(b * L, L);
            var tile = _tiles.AsSpan(b * 4 * lPad, 4 * lPad);
            Span<int> rows = stackalloc int[4];
            pot.Clear();
            for (int g = start; g < end; g += 4)
            {
                for (int r = 0; r < 4; r++) rows[r] = Math.Min(g + r, end - 1);
                Distance.Distances4(_s.X, dim, rows, _candidatesT, lPad, tile);
                for (int r = 0; r < 4 && g + r < end; r++)
                {
                    int i = g + r;
                    float d2 = _d2[i];
                    for (int l = 0; l < L; l++)
                    {
                        float d = tile[r * lPad + l];
                        if (_s.Extra is not null) d = (float)(d + _s.Extra.PointTerm(i, candidates[l]));
                        _candidateD2[(long)i * L + l] = d;
                        pot[l] += Math.Min(d2, d);
                    }
                }
            }
        });
        int best = 0;
        double bestPotential = double.PositiveInfinity;
        for (int l = 0; l < L; l++)
        {
            double potential = 0;
            for (int b = 0; b < _blocks; b++) potential += _potentials[b * L + l];
            if (potential < bestPotential) { bestPotential = potential; best = l; }
        }
        return best;
    }
}
