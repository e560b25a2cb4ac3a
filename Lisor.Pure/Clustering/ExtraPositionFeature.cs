using System.Runtime.CompilerServices;
namespace Lisor.Pure.Clustering;

/// <summary>
/// The k-means-x "extra position feature" (docs/method.md §5), never materialised. The point of step j
/// (1…T_i) of sequence i is p = [h, e] with e ∈ ℝ^n zero except e_i = j. A centre is [c, q] with q ∈ ℝ^n
/// dense (q_s = mean step of the centre's points from sequence s, 0 when none). Then
///   ‖p − centre‖² = ‖h − c‖² + ‖e − q‖² = ‖h − c‖² + j² − 2 j q_i + ‖q‖²,
/// an O(d) distance once ‖q‖² is cached per centre; a centre update costs O(points + k·n).
/// </summary>
internal sealed class ExtraPositionFeature
{
    /// <summary>Sequence of every point, compacted to 0 … SequenceCount − 1, [points].</summary>
    public readonly int[] Sequence;
    /// <summary>Step j ≥ 1 of every point within its sequence, [points].</summary>
    public readonly int[] Step;
    /// <summary>n, the length of the extra part.</summary>
    public readonly int SequenceCount;

    private readonly int _k;
    private readonly float[] _q;        // [k, n] extra part of the centres
    private readonly float[] _oldQ;     // [k, n] before the last update
    private readonly int[] _stepSums;   // [k, n] Σ j of the centre's points per sequence (exact integers)
    private readonly double[] _qNorm;   // [k] ‖q_c‖²

    public ExtraPositionFeature(int[] sequence, int[] step, int sequenceCount, int k)
    {
        Sequence = sequence; Step = step; SequenceCount = sequenceCount; _k = k;
        long size = (long)k * sequenceCount;
        if (size > Array.MaxLength) throw new ArgumentException($"k · sequences = {size} is too large for the centres' extra part");
        _q = new float[size]; _oldQ = new float[size]; _stepSums = new int[size];
        _qNorm = new double[k];
    }

    /// <summary>‖e_p − q_c‖² = j² − 2 j q_i + ‖q_c‖² (double: the terms cancel).</summary>
    public double CentreTerm(int p, int c)
    {
        double j = Step[p];
        return j * j - 2 * j * _q[(long)c * SequenceCount + Sequence[p]] + _qNorm[c];
    }

    /// <summary>‖e_a − e_b‖²: (j_a − j_b)² within one sequence, j_a² + j_b² across two.</summary>
    public double PointTerm(int a, int b)
    {
        double ja = Step[a], jb = Step[b];
        return Sequence[a] == Sequence[b] ? (ja - jb) * (ja - jb) : ja * ja + jb * jb;
    }

    /// <summary>Centre c's extra part becomes point p's: q = e_p.</summary>
    public void SetCentreToPoint(int c, int p)
    {
        var row = _q.AsSpan((int)((long)c * SequenceCount), SequenceCount);
        row.Clear();
        row[Sequence[p]] = Step[p];
        _qNorm[c] = (double)Step[p] * Step[p];
    }

    /// <summary>
    /// q_c,s = (Σ j over c's points of sequence s) / |c| for every non-empty centre (an empty one keeps
    /// its q); moveSquared[c] += ‖q_new − q_old‖².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(int[] assignments, int[] counts, double[] moveSquared)
    {
        int n = SequenceCount;
        Array.Copy(_q, _oldQ, _q.Length);
        Array.Clear(_stepSums);
        for (int p = 0; p < assignments.Length; p++) _stepSums[(long)assignments[p] * n + Sequence[p]] += Step[p];
        for (int c = 0; c < _k; c++)
        {
            if (counts[c] == 0) continue;
            double inv = 1.0 / counts[c];
            var q = _q.AsSpan(c * n, n);
            var old = _oldQ.AsSpan(c * n, n);
            var sums = _stepSums.AsSpan(c * n, n);
            double norm = 0, move = 0;
            for (int s = 0; s < n; s++)
            {
                q[s] = (float)(sums[s] * inv);
                norm += (double)q[s] * q[s];
                double d = (double)q[s] - old[s];
                move += d * d;
            }
            _qNorm[c] = norm;
            moveSquared[c] += move;
        }
    }
}
