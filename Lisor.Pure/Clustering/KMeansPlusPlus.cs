using System.Runtime.CompilerServices;
using Lisor.Pure.Common;
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
/// <para>
/// One pass over the points per chosen centre: the distance tile of a round holds the L candidates and,
/// in one more column, the centre chosen in the previous round, so the pass first brings D² up to date
/// (D² ← min(D², ‖x − previous‖²)) and then sums the candidates' potentials; no [n, L] buffer is kept.
/// The winner's potential per block is the new Σ D² of that block; sampling, which needs D² before the
/// next pass, updates the points it reads in place (the min is idempotent, so the pass may apply it again).
/// </para>
/// <para>
/// Sampling reads few points: the pass also keeps, at the start of every sub-block of 256 points, its running sums
/// (Σ min(D², ‖x − cand_l‖²) over the block's points before it, in the order the block adds them), so after the round
/// the winner's running sum of the new D² is known at every sub-block start. A draw finds its block by the block sums
/// and its sub-block by those running sums, then adds D² point by point from there — the very sums a scan from the
/// block's start would reach, so the same point is drawn — and brings only that sub-block's D² up to date.
/// </para>
/// </summary>
internal sealed class KMeansPlusPlus
{
    private const int BlockSize = Lloyd.BlockSize;
    private const int SubBlock = 256;        // points per sub-block (a multiple of the pass's 8 rows; divides BlockSize)
    private readonly PointSpace _s;
    private readonly int _blocks, _subBlocks;
    private readonly float[] _d2;            // [n] D(x)², up to date except for the last chosen centre
    private readonly double[] _blockSums;    // [blocks] Σ D² per block (up to date)
    private readonly double[] _before;       // [subBlocks] Σ D² over the block's points before the sub-block, in block order
    private double[] _potentials = [];       // [blocks, lPad] Σ min(D², ‖x − cand_l‖²) per block (l < L used)
    private double[] _runningAt = [];        // [subBlocks, lPad] the potentials' running sums at every sub-block start
    private float[] _candidatesT = [];       // [dim, lPad] candidates and the previous centre, transposed
    private int[] _columns = [];             // [L + 1] point index of every tile column
    private int _pending = -1;               // the last chosen centre, not yet folded into D²
    private readonly int[] _foldedTo;        // [subBlocks] D² of sub-block s is up to date below this point index

    public KMeansPlusPlus(PointSpace space)
    {
        _s = space;
        _blocks = Parallelism.BlockCount(space.N, BlockSize);
        _subBlocks = Parallelism.BlockCount(space.N, SubBlock);
        _d2 = new float[space.N];
        _blockSums = new double[_blocks];
        _before = new double[_subBlocks];
        _foldedTo = new int[_subBlocks];
    }

    /// <summary>Number of candidates per step: 2 + ⌊ln k⌋ (scikit-learn's n_local_trials).</summary>
    public static int Candidates(int k) => 2 + (int)Math.Log(k);

    /// <summary>Chooses k point indices as initial centres.</summary>
    public int[] Seed(int k, Rng rng)
    {
        int n = _s.N, L = Candidates(k);
        int lPad = Distance.PadCentres(L + 1);
        if (_potentials.Length < _blocks * lPad) _potentials = new double[_blocks * lPad];
        if (_runningAt.Length < _subBlocks * lPad) _runningAt = new double[_subBlocks * lPad];
        if (_candidatesT.Length < _s.Dim * lPad) _candidatesT = new float[_s.Dim * lPad];
        if (_columns.Length < L + 1) _columns = new int[L + 1];
        var chosen = new int[k];
        chosen[0] = rng.NextInt(n);
        FirstCentre(chosen[0]);
        SetPending(-1);
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int b = 0; b < _blocks; b++) total += _blockSums[b];
            if (!(total > 0))
            {
                chosen[c] = rng.NextInt(n);
                continue; // every D² is 0 (and stays 0): nothing to fold in
            }
            for (int l = 0; l < L; l++) _columns[l] = Sample(rng.NextDouble() * total);
            int best = BestCandidate(L, lPad);
            chosen[c] = _columns[best];
            SetPending(chosen[c]);
            for (int b = 0; b < _blocks; b++) _blockSums[b] = _potentials[b * lPad + best];
            for (int s = 0; s < _subBlocks; s++) _before[s] = _runningAt[s * lPad + best];
        }
        SetPending(-1);
        return chosen;
    }

    // D² ← ‖x − p‖² for the first centre p; block sums refreshed.
    private void FirstCentre(int p)
    {
        ForkJoin.ForBlocks(_blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                if (i % SubBlock == 0) _before[i / SubBlock] = sum;
                _d2[i] = _s.PointDistance(i, p);
                sum += _d2[i];
            }
            _blockSums[b] = sum;
        });
    }

    // The first index i whose running sum Σ_{i' ≤ i} D² exceeds r: block by block, then inside the block from
    // the last sub-block whose running sum at its start (_before) has not passed the block's share of r, point
    // by point, D² brought up to date with the pending centre as far as the running sum needs it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Sample(double r)
    {
        double before = 0;
        for (int b = 0; b < _blocks; b++)
        {
            if (before + _blockSums[b] > r || b == _blocks - 1)
            {
                var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
                double target = r - before;
                int s = (end - 1) / SubBlock;
                while (s > start / SubBlock && _before[s] > target) s--;
                double running = _before[s];
                for (int i = s * SubBlock; i < end; i++)
                {
                    int sub = i / SubBlock;
                    if (i == _foldedTo[sub]) FoldPending(sub, Math.Min(i + FoldChunk, Math.Min(end, (sub + 1) * SubBlock)));
                    running += _d2[i];
                    if (running > target) return i;
                }
                // Rounding left r just past this block's sum: take its last point with D² > 0.
                FoldAll(start, end);
                for (int i = end - 1; i >= start; i--) if (_d2[i] > 0) return i;
            }
            before += _blockSums[b];
        }
        FoldAll(0, _s.N);
        for (int i = _s.N - 1; i >= 0; i--) if (_d2[i] > 0) return i;
        return 0;
    }

    // D² up to date for every point of [start, end) (whole sub-blocks).
    private void FoldAll(int start, int end)
    {
        for (int sub = start / SubBlock; sub * SubBlock < end; sub++) FoldPending(sub, Math.Min(end, (sub + 1) * SubBlock));
    }

    // Points folded per call of the one-centre kernel (Sample asks for 64 at a time).
    private const int FoldChunk = 64;

    // D² ← min(D², ‖x − pending‖²) for sub-block sub's points from _foldedTo[sub] up to end, by the one-centre kernel,
    // whose values are the tile's in the pass (each lane sums over d in order, whatever its column) — the pass
    // applies the min again: it is idempotent.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FoldPending(int sub, int end)
    {
        int start = _foldedTo[sub];
        if (_pending < 0 || start >= end) return;
        _foldedTo[sub] = end;
        int dim = _s.Dim;
        var centre = _s.Point(_pending);
        Span<float> dist = stackalloc float[FoldChunk];
        for (int g = start; g < end; g += FoldChunk)
        {
            int count = Math.Min(FoldChunk, end - g);
            Distance.DistancesToOne(_s.X, dim, g, count, centre, dist);
            for (int r = 0; r < count; r++)
            {
                int i = g + r;
                float d = dist[r];
                if (_s.Extra is not null) d = (float)(d + _s.Extra.PointTerm(i, _pending));
                if (d < _d2[i]) _d2[i] = d;
            }
        }
    }

    // The pending centre becomes p (−1: none): no sub-block is folded with it yet.
    private void SetPending(int p)
    {
        _pending = p;
        if (p < 0) return;
        for (int sub = 0; sub < _subBlocks; sub++) _foldedTo[sub] = sub * SubBlock;
    }

    // The candidate leaving the smallest potential Σ_x min(D², ‖x − cand‖²) (the first on ties), in one
    // pass that also folds the pending centre (tile column L) into D².
    private int BestCandidate(int L, int lPad)
    {
        int dim = _s.Dim;
        int columns = L;
        if (_pending >= 0) _columns[columns++] = _pending;
        _candidatesT.AsSpan(0, dim * lPad).Clear();
        for (int l = 0; l < columns; l++)
            for (int d = 0; d < dim; d++) _candidatesT[d * lPad + l] = _s.X[(long)_columns[l] * dim + d];
        bool fold = _pending >= 0;
        ForkJoin.ForBlocks(_blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var (start, end) = Parallelism.Block(b, _s.N, BlockSize);
            // the running sums and the tile on this thread's stack: blocks run side by side on other threads, and a
            // block's few lines of sums in a shared array would sit in the cache lines of its neighbours' (lPad ≤ 24:
            // L = 2 + ⌊ln k⌋ ≤ 23 for any int k)
            Span<double> pot = stackalloc double[lPad];
            Span<float> tile = stackalloc float[8 * lPad];
            var extra = _s.Extra;
            Span<int> rows = stackalloc int[8];
            Span<float> caps = stackalloc float[8];
            pot.Clear();
            for (int g = start; g < end; g += 8)
            {
                if (g % SubBlock == 0) pot.CopyTo(_runningAt.AsSpan(g / SubBlock * lPad, lPad));
                for (int r = 0; r < 8; r++) rows[r] = Math.Min(g + r, end - 1);
                Distance.Distances8(_s.X, dim, rows, _candidatesT, lPad, tile);
                int count = Math.Min(8, end - g);
                for (int r = 0; r < count; r++)
                {
                    int i = g + r;
                    var row = tile.Slice(r * lPad, lPad);
                    if (extra is not null)
                        for (int l = 0; l < columns; l++) row[l] = (float)(row[l] + extra.PointTerm(i, _columns[l]));
                    float d2 = _d2[i];
                    if (fold && row[L] < d2) { d2 = row[L]; _d2[i] = d2; }
                    caps[r] = d2;
                }
                Distance.AddMinRows(tile, count, lPad, caps, pot); // every column; only l < L is read
            }
            pot.CopyTo(_potentials.AsSpan(b * lPad, lPad));
        });
        int best = 0;
        double bestPotential = double.PositiveInfinity;
        for (int l = 0; l < L; l++)
        {
            double potential = 0;
            for (int b = 0; b < _blocks; b++) potential += _potentials[b * lPad + l];
            if (potential < bestPotential) { bestPotential = potential; best = l; }
        }
        return best;
    }
}
