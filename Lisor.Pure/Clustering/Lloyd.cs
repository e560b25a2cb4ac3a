using System.Runtime.CompilerServices;
using Lisor.Pure.Common;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Clustering;

/// <summary>
/// Lloyd's iterations with Hamerly's bounds (Hamerly, 2010). Per point i: an upper bound u_i on the
/// distance to its centre a(i) and a lower bound l_i on the distance to every other centre; per centre:
/// s_c = ½ min_{c'≠c} ‖c − c'‖ and its last move δ_c. A point keeps its centre without a scan when
///   u_i &lt; m_i = max(l_i, 2 s_a − u_i)     (triangle inequality: every other centre is ≥ m_i away),
/// after the centres move u_i += δ_a and l_i −= max_{c≠a} δ_c (a point failing the test is scanned at
/// once: 4 points at a time against every centre by the fused nearest-centre tile, which also gives the
/// new u_i and l_i). The bounds hold for the true distances;
/// each test keeps a relative margin of the float rounding of a computed distance, so a skipped point is
/// one whose scan would have found the same nearest centre — the result equals plain Lloyd.
/// Work is split into fixed blocks of points whose partial sums are reduced in block order, so the
/// result is bit-identical for any thread count. The blocks run on <see cref="ForkJoin"/>'s long-lived
/// helpers: a fit is a few hundred loops of a few ms, and a thread-pool worker woken for each loop starts late
/// (docs/readme-clustering.md, "Determinism"). All buffers are allocated in the constructor
/// (the farthest-point buffer when a cluster first runs empty), so iterations allocate nothing.
/// </summary>
internal sealed class Lloyd
{
    /// <summary>Points per parallel block (fixed: it decides the order of every reduction).</summary>
    public const int BlockSize = 4096;

    private readonly PointSpace _s;
    private readonly int _n, _dim, _k, _blocks;
    private readonly double _up, _down;          // 1 ± relative rounding margin of a computed distance

    /// <summary>Centres [k, dim] (the hidden part for k-means-x).</summary>
    public readonly float[] Centres;
    /// <summary>Centre of every point, [n].</summary>
    public readonly int[] Assignments;

    private readonly int _kPad;                  // k rounded up to a multiple of 8
    private readonly float[] _centresT;          // [dim, kPad] centres transposed, for the distance tile
    private readonly float[] _tiles;             // [blocks, 4, kPad] distance tile of each block
    private readonly int[] _scan;                // [n] per block, the points whose bounds failed
    private readonly float[] _old;               // [k, dim] centres before the last update
    private readonly float[] _bounds;            // [n, 2] Hamerly's u_i, l_i (distances, not squared), see StoreBounds
    private readonly double[] _blockSums;        // [blocks, k, dim] Σ x per block and centre
    private readonly int[] _blockCounts;         // [blocks, k]
    private readonly int[] _blockChanges;        // [blocks]
    private readonly double[] _blockInertia;     // [blocks]
    private readonly double[] _sums;             // [k, dim]
    private readonly int[] _counts;              // [k]
    private readonly double[] _move;             // [k] δ_c, then its square during the update
    private readonly double[] _half;             // [k] s_c
    private float[] _far = [];                   // [n] distance to own centre, only for empty clusters
    private double _maxMove, _secondMove;
    private int _maxMoveCentre;
    private bool _boundsValid;
    private readonly Action<int> _assignBlock, _inertiaBlock, _farBlock;

    public Lloyd(PointSpace space, int k)
    {
        _s = space; _n = space.N; _dim = space.Dim; _k = k;
        _blocks = Parallelism.BlockCount(_n, BlockSize);
        // A computed squared distance of dim non-negative float terms is within (dim + 3)·2⁻²⁴ of the
        // true one, relatively; the margin covers that (and, for k-means-x, the double extra term).
        double delta = (_dim + 8) * Math.Pow(2, -24) + (space.Extra is null ? 0 : 1e-6);
        _up = 1 + delta; _down = 1 - delta;
        Centres = new float[k * _dim]; _old = new float[k * _dim];
        Assignments = new int[_n];
        _kPad = Distance.PadCentres(k);
        _centresT = new float[_dim * _kPad]; _tiles = new float[_blocks * 4 * _kPad]; _scan = new int[_n];
        _bounds = new float[2 * _n];
        _blockSums = new double[_blocks * k * _dim]; _blockCounts = new int[_blocks * k];
        _blockChanges = new int[_blocks]; _blockInertia = new double[_blocks];
        _sums = new double[k * _dim]; _counts = new int[k];
        _move = new double[k]; _half = new double[k];
        _assignBlock = AssignBlock; _inertiaBlock = InertiaBlock; _farBlock = FarBlock;
    }

    /// <summary>
    /// Runs from centres at the given points until no assignment changes, the shift tolerance
    /// (absolute, on Σ‖Δc‖²; 0 = off) is met, or maxIterations; returns the iterations run.
    /// </summary>
    public int Run(int[] seedPoints, int maxIterations, double shiftTolerance)
    {
        for (int c = 0; c < _k; c++)
        {
            _s.Point(seedPoints[c]).CopyTo(Centres.AsSpan(c * _dim, _dim));
            _s.Extra?.SetCentreToPoint(c, seedPoints[c]);
        }
        Distance.Transpose(Centres, _k, _dim, _centresT);
        Array.Fill(Assignments, -1);
        Array.Clear(_blockSums); Array.Clear(_blockCounts);
        _boundsValid = false;
        bool converged = false;
        int iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            int changes = Assign();
            changes += Update(out double shift);
            if (changes == 0) { converged = true; break; }
            if (shiftTolerance > 0 && shift <= shiftTolerance) break;
        }
        if (!converged) Assign(); // labels of the final centres
        return iterations;
    }

    /// <summary>Σ_i ‖p_i − c_a(i)‖², summed in double in block order.</summary>
    public double Inertia()
    {
        ForkJoin.ForBlocks(_blocks, _inertiaBlock);
        double total = 0;
        for (int b = 0; b < _blocks; b++) total += _blockInertia[b];
        return total;
    }

    // E-step: every point to its nearest centre; returns how many changed.
    private int Assign()
    {
        ForkJoin.ForBlocks(_blocks, _assignBlock);
        _boundsValid = true;
        int changes = 0;
        for (int b = 0; b < _blocks; b++) changes += _blockChanges[b];
        return changes;
    }

    // Scanned points whose rows are prefetched ahead of the tile (a hint: no effect on any result).
    private const int PrefetchAhead = 16;

    // Pass 1 keeps every point its bounds vouch for; pass 2 scans the others 4 at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AssignBlock(int b)
    {
        var (start, end) = Parallelism.Block(b, _n, BlockSize);
        var scan = _scan.AsSpan(start, end - start);
        int m = end - start;
        if (_boundsValid) m = Unvouched(start, end, scan);
        else for (int i = start; i < end; i++) scan[i - start] = i;
        var tile = _tiles.AsSpan(b * 4 * _kPad, 4 * _kPad);
        var sums = _blockSums.AsSpan(b * _k * _dim, _k * _dim);
        var counts = _blockCounts.AsSpan(b * _k, _k);
        Span<int> rows = stackalloc int[4];
        Span<int> nearest = stackalloc int[4];
        Span<float> best = stackalloc float[4];
        Span<float> second = stackalloc float[4];
        int changes = 0;
        for (int g = 0; g < m; g += 4)
        {
            // the scanned rows are scattered over the block: ask for those PrefetchAhead groups on now
            if (g + PrefetchAhead < m)
                for (int r = g + PrefetchAhead; r < Math.Min(g + PrefetchAhead + 4, m); r++) Prefetch.Row(_s.X, scan[r] * _dim, _dim);
            for (int r = 0; r < 4; r++) rows[r] = scan[Math.Min(g + r, m - 1)];
            if (_s.Extra is null) Distance.Nearest4(_s.X, _dim, rows, _centresT, _kPad, _k, nearest, best, second);
            else _s.Nearest4(rows, _centresT, _k, _kPad, tile, nearest, best, second);
            for (int r = 0; r < 4 && g + r < m; r++)
            {
                int i = rows[r];
                StoreBounds(i, Math.Sqrt(best[r]) * _up * _up, Math.Sqrt(second[r]) * _down * _down);
                int a = Assignments[i], c = nearest[r];
                if (c == a) continue;
                // the block's centre sums follow the point (exact enough: one double add per move)
                var x = _s.Point(i);
                if (a >= 0) { Distance.SubtractFrom(x, sums.Slice(a * _dim, _dim)); counts[a]--; }
                Distance.AddTo(x, sums.Slice(c * _dim, _dim)); counts[c]++;
                Assignments[i] = c;
                changes++;
            }
        }
        _blockChanges[b] = changes;
    }

    // The points of [start, end) whose bounds, moved with the centres, cannot vouch for their centre,
    // into scan; returns how many (Kernels/HamerlyBounds.cs: u += δ_a, l −= max_{c≠a} δ_c, the test, and the
    // bounds kept in float, interleaved — half the memory traffic of two double arrays — rounded outwards).
    // A failing point goes straight to the scan: tightening u to the exact distance first (a second test,
    // as in Hamerly's paper) rescued only 15–20 % of them on the 1M × 16 data and cost more than it saved
    // (it gathers the point's row once more); without it whole fits ran 5–12 % faster (k = 16 and 64).
    private int Unvouched(int start, int end, Span<int> scan)
        => HamerlyBounds.Shift(Assignments.AsSpan(start, end - start), _bounds.AsSpan(2 * start, 2 * (end - start)), _move, _half,
                               _maxMoveCentre, _maxMove, _secondMove, _up, _down, start, scan);

    // Bounds rounded outwards to float (HamerlyBounds.Store): the tests then run in double on values that
    // still bound the true distances; the rounding only loosens them by ~2⁻²² per iteration.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreBounds(int i, double u, double l) => HamerlyBounds.Store(_bounds, i, u, l);

    // M-step: centres = means of their points (sums in double); empty clusters re-seeded. Returns how
    // many points the re-seeding moved; shift = Σ_c ‖c_new − c_old‖².
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update(out double shift)
    {
        Array.Clear(_sums); Array.Clear(_counts);
        int kd = _k * _dim;
        for (int b = 0; b < _blocks; b++)
        {
            var bs = _blockSums.AsSpan(b * kd, kd);
            for (int t = 0; t < kd; t++) _sums[t] += bs[t];
            for (int c = 0; c < _k; c++) _counts[c] += _blockCounts[b * _k + c];
        }
        int moved = Array.IndexOf(_counts, 0) >= 0 ? ReseedEmpty() : 0;

        Array.Copy(Centres, _old, kd);
        for (int c = 0; c < _k; c++)
        {
            if (_counts[c] == 0) continue; // nothing to re-seed from: the centre stays
            double inv = 1.0 / _counts[c];
            for (int d = 0; d < _dim; d++) Centres[c * _dim + d] = (float)(_sums[c * _dim + d] * inv);
        }
        for (int c = 0; c < _k; c++)
        {
            double m2 = 0;
            for (int d = 0; d < _dim; d++) { double e = (double)Centres[c * _dim + d] - _old[c * _dim + d]; m2 += e * e; }
            _move[c] = m2;
        }
        Distance.Transpose(Centres, _k, _dim, _centresT);
        _s.Extra?.Update(Assignments, _counts, _move);
        shift = 0;
        _maxMove = 0; _secondMove = 0; _maxMoveCentre = -1;
        for (int c = 0; c < _k; c++)
        {
            shift += _move[c];
            double m = Math.Sqrt(_move[c]) * (1 + 1e-9);
            _move[c] = m;
            if (m > _maxMove) { _secondMove = _maxMove; _maxMove = m; _maxMoveCentre = c; }
            else if (m > _secondMove) _secondMove = m;
        }
        HalfDistances();
        return moved;
    }

    // s_c = ½ min_{c'≠c} ‖c − c'‖, shrunk by a relative 10⁻⁹ (Kernels/CentreGaps.cs; from the transposed centres too,
    // so they must be current); hidden part only: 0 for k-means-x, whose extra parts make it O(k²n).
    private void HalfDistances()
    {
        if (_s.Extra is not null || _k == 1) { Array.Clear(_half); return; }
        CentreGaps.HalfGaps(Centres, _centresT, _k, _dim, _kPad, _half);
    }

    // Every empty cluster, in index order, takes the point farthest from its centre (the first on
    // ties) as its only point; points already on their centre are never taken, so when k exceeds the
    // distinct points the surplus clusters stay empty. The bounds are then rebuilt by a full scan.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReseedEmpty()
    {
        if (_far.Length < _n) _far = new float[_n];
        ForkJoin.ForBlocks(_blocks, _farBlock);
        int moved = 0;
        for (int c = 0; c < _k; c++)
        {
            if (_counts[c] != 0) continue;
            int p = 0;
            for (int i = 1; i < _n; i++) if (_far[i] > _far[p]) p = i;
            if (!(_far[p] > 0)) break;
            int donor = Assignments[p];
            var x = _s.Point(p);
            for (int d = 0; d < _dim; d++) { _sums[donor * _dim + d] -= x[d]; _sums[c * _dim + d] = x[d]; }
            _counts[donor]--; _counts[c] = 1;
            int b = p / BlockSize;
            Distance.SubtractFrom(x, _blockSums.AsSpan((b * _k + donor) * _dim, _dim));
            Distance.AddTo(x, _blockSums.AsSpan((b * _k + c) * _dim, _dim));
            _blockCounts[b * _k + donor]--; _blockCounts[b * _k + c]++;
            Assignments[p] = c;
            _far[p] = -1;
            moved++;
        }
        if (moved > 0) _boundsValid = false;
        return moved;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FarBlock(int b)
    {
        var (start, end) = Parallelism.Block(b, _n, BlockSize);
        for (int i = start; i < end; i++) _far[i] = _s.CentreDistance(i, Centres, Assignments[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InertiaBlock(int b)
    {
        var (start, end) = Parallelism.Block(b, _n, BlockSize);
        double sum = 0;
        for (int i = start; i < end; i++) sum += _s.CentreDistance(i, Centres, Assignments[i]);
        _blockInertia[b] = sum;
    }
}
