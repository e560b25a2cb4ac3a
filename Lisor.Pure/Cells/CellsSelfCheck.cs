using Lisor.Pure.Common;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Cells;

/// <summary>
/// The `check` command's cell rows: for every cell, the backward of a two-layer stack (X = 3 → H = 4 → H = 4,
/// so SRU runs both its learned and its identity P) on a ragged packed batch of lengths 4, 2, 1, against
/// central finite differences (ε = 10⁻², float forward, loss summed in double) of the random linear loss
/// L = Σ_t Σ_rows w_t · h_t of the top layer, over all parameters and all active inputs.
/// Error = max |numeric − analytic| / (0.01 + |numeric| + |analytic|).
/// </summary>
internal sealed class CellsSelfCheck : ISelfCheck
{
    public string Area => "cells";

    private const int X = 3, H = 4;
    private static readonly int[] Active = [3, 2, 1, 1];   // lengths 4, 2, 1
    private const int Batch = 3;

    public IEnumerable<SelfCheckResult> Run()
    {
        foreach (var kind in RecurrentCell.Kinds)
            yield return new SelfCheckResult(Area, $"{kind} backward, 2 layers", $"X={X} H={H} lengths 4,2,1", WorstGradientError(kind), 1e-2);
    }

    /// <summary>The worst relative error of the backward of a two-layer stack of <paramref name="kind"/> cells.</summary>
    public static double WorstGradientError(string kind)
    {
        int T = Active.Length;
        var cells = new[] { RecurrentCell.Create(kind, X, H), RecurrentCell.Create(kind, H, H) };
        var ws = cells.Select(c => c.CreateWorkspace(T, Batch)).ToArray();
        var rng = new Rng(20260);
        var p = cells.Select(c => Random(c.ParameterCount, rng)).ToArray();
        var x = Masked(Random(T * Batch * X, rng), X);
        var w = Masked(Random(T * Batch * H, rng), H);
        var h0 = new float[T * Batch * H];
        var h1 = new float[T * Batch * H];

        double Loss()
        {
            cells[0].Forward(p[0], ws[0], x, Batch, Active, h0);
            cells[1].Forward(p[1], ws[1], h0, Batch, Active, h1);
            double loss = 0;
            for (int i = 0; i < h1.Length; i++) loss += (double)w[i] * h1[i];
            return loss;
        }

        Loss();
        var dp = cells.Select(c => new float[c.ParameterCount]).ToArray();
        var dh1 = (float[])w.Clone();
        var dh0 = new float[T * Batch * H];
        var dx = new float[T * Batch * X];
        cells[1].Backward(p[1], ws[1], h0, Batch, Active, h1, dh1, dh0, dp[1]);
        cells[0].Backward(p[0], ws[0], x, Batch, Active, h0, dh0, dx, dp[0]);

        const float eps = 1e-2f;
        double worst = 0;
        void Compare(float[] values, int i, float analytic)
        {
            float saved = values[i];
            values[i] = saved + eps; double up = Loss();
            values[i] = saved - eps; double down = Loss();
            values[i] = saved;
            double numeric = (up - down) / (2 * eps);
            worst = Math.Max(worst, Math.Abs(numeric - analytic) / (1e-2 + Math.Abs(numeric) + Math.Abs(analytic)));
        }
        for (int l = 0; l < cells.Length; l++)
            for (int i = 0; i < p[l].Length; i++) Compare(p[l], i, dp[l][i]);
        for (int t = 0; t < T; t++)
            for (int i = 0; i < Active[t] * X; i++) Compare(x, t * Batch * X + i, dx[t * Batch * X + i]);
        return worst;
    }

    internal static float[] Random(int n, Rng rng)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.Uniform(-1f, 1f);
        return a;
    }

    /// <summary>Zeros the rows past active[t] of a [T, batch, width] array (the packed-batch convention).</summary>
    internal static float[] Masked(float[] a, int width)
    {
        for (int t = 0; t < Active.Length; t++)
            a.AsSpan((t * Batch + Active[t]) * width, (Batch - Active[t]) * width).Clear();
        return a;
    }
}
