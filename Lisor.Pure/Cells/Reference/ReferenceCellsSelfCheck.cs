using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells.Reference;

/// <summary>
/// The `check` command's reference rows: for every cell, the fast float forward and backward of one layer
/// (X = 3 → H = 4, and X = H = 4 so SRU runs both its learned and its identity P) on a ragged packed batch of
/// lengths 4, 2, 1, against the readable double reference (<see cref="ReferenceCells"/>) run on each sequence
/// alone, under the random linear loss L = Σ_t Σ_rows w_t · h_t. Compared: every h_t, ∂L/∂θ and ∂L/∂x.
/// Error = max |fast − reference| / (10⁻³ + |fast| + |reference|).
/// </summary>
internal sealed class ReferenceCellsSelfCheck : ISelfCheck
{
    public string Area => "cells";

    private const int H = 4, Batch = 3;
    private static readonly int[] Lengths = [4, 2, 1];
    private static readonly int[] Active = [3, 2, 1, 1];   // rows running at each step t

    public IEnumerable<SelfCheckResult> Run()
    {
        foreach (var kind in RecurrentCell.Kinds)
            foreach (int X in new[] { 3, H })
                yield return new SelfCheckResult(Area, $"{kind} against reference", $"X={X} H={H} lengths 4,2,1", WorstError(kind, X), 1e-4);
    }

    /// <summary>The worst relative difference between the float cell and the double reference.</summary>
    public static double WorstError(string kind, int X)
    {
        int T = Active.Length;
        var cell = RecurrentCell.Create(kind, X, H);
        var ws = cell.CreateWorkspace(T, Batch);
        var rng = new Rng(20261);
        var p = Random(cell.ParameterCount, rng);
        var x = Masked(Random(T * Batch * X, rng), X);
        var w = Masked(Random(T * Batch * H, rng), H);
        var h = new float[T * Batch * H];
        cell.Forward(p, ws, x, Batch, Active, h);
        var dp = new float[p.Length];
        var dx = new float[x.Length];
        cell.Backward(p, ws, x, Batch, Active, h, (float[])w.Clone(), dx, dp);

        double worst = 0;
        void Compare(float fast, double reference)
            => worst = Math.Max(worst, Math.Abs(fast - reference) / (1e-3 + Math.Abs(fast) + Math.Abs(reference)));
        var pd = Array.ConvertAll(p, v => (double)v);
        var dpReference = new double[p.Length];
        for (int row = 0; row < Batch; row++)
        {
            var xs = Sequence(x, row, X);
            var hs = ReferenceCells.Run(kind, pd, X, H, xs);
            var (dpRow, dxRow) = ReferenceCells.Backward(kind, pd, X, H, xs, Sequence(w, row, H));
            for (int i = 0; i < p.Length; i++) dpReference[i] += dpRow[i];
            for (int t = 0; t < Lengths[row]; t++)
            {
                for (int j = 0; j < H; j++) Compare(h[(t * Batch + row) * H + j], hs[t][j]);
                for (int j = 0; j < X; j++) Compare(dx[(t * Batch + row) * X + j], dxRow[t][j]);
            }
        }
        for (int i = 0; i < p.Length; i++) Compare(dp[i], dpReference[i]);
        return worst;
    }

    // Row `row` of a packed [T, batch, width] array as one sequence [len][width], in double.
    private static double[][] Sequence(float[] packed, int row, int width)
    {
        var s = ReferenceCells.Zeros(Lengths[row], width);
        for (int t = 0; t < s.Length; t++)
            for (int j = 0; j < width; j++) s[t][j] = packed[(t * Batch + row) * width + j];
        return s;
    }

    // The same batch layout as CellsSelfCheck (lengths 4, 2, 1; Active = [3, 2, 1, 1]): its helpers serve here too.
    private static float[] Random(int n, Rng rng) => CellsSelfCheck.Random(n, rng);

    private static float[] Masked(float[] a, int width) => CellsSelfCheck.Masked(a, width);
}
