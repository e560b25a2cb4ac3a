using Lisor.Pure.Cells;
using Lisor.Pure.Cells.Reference;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Cells;

/// <summary>
/// Every cell's float forward against the double reference, and its backward (all parameters and
/// inputs, one and two layers, ragged batch 5, 3, 1) against central finite differences of the
/// double reference under a random linear loss L = Σ_t Σ_rows w_t · h_t.
/// </summary>
public class CellGradientTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;
    private const int X = 3, H = 4;
    private static readonly PackedBatch Batch = new(5, 3, 1);

    private static (RecurrentCell[] Cells, float[][] P) Stack(string kind, int layers, ulong seed, int inputSize = X, int hidden = H)
    {
        var cells = Enumerable.Range(0, layers).Select(l => RecurrentCell.Create(kind, l == 0 ? inputSize : hidden, hidden)).ToArray();
        var rng = new Rng(seed);
        var p = cells.Select(c => new float[c.ParameterCount]).ToArray();
        // Wider than the initialisation so every gate works away from its linear middle.
        for (int l = 0; l < layers; l++)
            for (int i = 0; i < p[l].Length; i++) p[l][i] = rng.Uniform(-1f, 1f);
        return (cells, p);
    }

    [TestCaseSource(nameof(Kinds))]
    public void Forward_matches_the_double_reference(string kind)
    {
        var (cells, p) = Stack(kind, 2, 1);
        var rng = new Rng(2);
        var x = Batch.Random(X, rng);
        var hs = Batch.Forward(cells, p, cells.Select(c => c.CreateWorkspace(Batch.Steps, Batch.Batch)).ToArray(), x);
        var pd = p.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        for (int i = 0; i < Batch.Batch; i++)
        {
            var s = Batch.Sequence(x, i, X);
            for (int l = 0; l < cells.Length; l++)
            {
                s = ReferenceCells.Run(kind, pd[l], cells[l].InputSize, H, s);
                for (int t = 0; t < s.Length; t++)
                    for (int j = 0; j < H; j++)
                        Assert.That(hs[l][(t * Batch.Batch + i) * H + j], Is.EqualTo(s[t][j]).Within(1e-5), $"layer {l}, step {t}, row {i}");
            }
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public void Backward_matches_finite_differences_of_the_double_reference(string kind)
        => Assert.That(WorstError(kind, layers: 1), Is.LessThan(1e-3));

    [TestCaseSource(nameof(Kinds))]
    public void Backward_matches_finite_differences_when_input_and_hidden_sizes_are_equal(string kind)
        => Assert.That(WorstError(kind, layers: 1, inputSize: H), Is.LessThan(1e-3));

    [TestCaseSource(nameof(Kinds))]
    public void Backward_through_two_stacked_layers_matches_finite_differences(string kind)
        => Assert.That(WorstError(kind, layers: 2), Is.LessThan(1e-3));

    /// <summary>
    /// Hidden sizes that reach every vector width of the element-wise kernels and their scalar tail: 8 and 16 are
    /// whole 256-bit vectors (AVX2), 11 and 19 add a 3-element tail, and 4 (above) is one 128-bit vector.
    /// </summary>
    private static IEnumerable<TestCaseData> WidthCases
        => from kind in RecurrentCell.Kinds from hidden in new[] { 8, 11, 16, 19 } select new TestCaseData(kind, hidden);

    [TestCaseSource(nameof(WidthCases))]
    public void Backward_matches_finite_differences_at_every_vector_width_and_the_tail(string kind, int hidden)
        => Assert.That(WorstError(kind, layers: 1, hidden: hidden), Is.LessThan(1e-3));

    /// <summary>Worst |numeric − analytic| / (1e-3 + |numeric| + |analytic|) over all parameters and active inputs.</summary>
    private static double WorstError(string kind, int layers, int inputSize = X, int hidden = H)
    {
        var (cells, p) = Stack(kind, layers, 3, inputSize, hidden);
        var rng = new Rng(4);
        var x = Batch.Random(inputSize, rng);
        var w = Batch.Random(hidden, rng);
        var ws = cells.Select(c => c.CreateWorkspace(Batch.Steps, Batch.Batch)).ToArray();
        var hs = Batch.Forward(cells, p, ws, x);
        var (dp, dx) = Batch.Backward(cells, p, ws, x, hs, w);

        var pd = p.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        var xs = Batch.Sequences(x, inputSize);
        const double eps = 1e-5;
        double worst = 0;
        string where = "";
        void Compare(double numeric, double analytic, string name)
        {
            double error = Math.Abs(numeric - analytic) / (1e-3 + Math.Abs(numeric) + Math.Abs(analytic));
            if (error > worst) { worst = error; where = name; }
        }
        for (int l = 0; l < layers; l++)
            for (int i = 0; i < pd[l].Length; i++)
            {
                double saved = pd[l][i];
                pd[l][i] = saved + eps; double up = Batch.ReferenceLoss(cells, pd, xs, w);
                pd[l][i] = saved - eps; double down = Batch.ReferenceLoss(cells, pd, xs, w);
                pd[l][i] = saved;
                Compare((up - down) / (2 * eps), dp[l][i], $"layer {l} parameter {i}");
            }
        for (int t = 0; t < Batch.Steps; t++)
            for (int r = 0; r < Batch.Batch; r++)
                for (int j = 0; j < inputSize; j++)
                {
                    int k = (t * Batch.Batch + r) * inputSize + j;
                    if (!Batch.IsActive(t, r)) { Assert.That(dx[k], Is.Zero, "∂x of an inactive row"); continue; }
                    double saved = xs[r][t][j];
                    xs[r][t][j] = saved + eps; double up = Batch.ReferenceLoss(cells, pd, xs, w);
                    xs[r][t][j] = saved - eps; double down = Batch.ReferenceLoss(cells, pd, xs, w);
                    xs[r][t][j] = saved;
                    Compare((up - down) / (2 * eps), dx[k], $"input x[t={t}, row {r}, {j}]");
                }
        Assert.That(dp.Sum(g => g.Count(v => v != 0)), Is.GreaterThan(dp.Sum(g => g.Length) * 3 / 4), "most parameters receive gradient");
        TestContext.Out.WriteLine($"{kind}, X={inputSize}, H={hidden}, {layers} layer(s): worst relative error {worst:E2} at {where}");
        return worst;
    }

    private static IEnumerable<string> KindsWithCellState => RecurrentCell.Kinds.Where(k => RecurrentCell.Create(k, X, H) is ICellStateSource);

    [TestCaseSource(nameof(KindsWithCellState))]
    public void Cell_state_source_gives_c_t_of_the_reference(string kind)
    {
        var cell = RecurrentCell.Create(kind, X, H);
        var (_, p) = Stack(kind, 1, 5);
        var x = Batch.Random(X, new Rng(6));
        var ws = cell.CreateWorkspace(Batch.Steps, Batch.Batch);
        cell.Forward(p[0], ws, x, Batch.Batch, Batch.Active, new float[Batch.Steps * Batch.Batch * H]);
        var source = (ICellStateSource)cell;
        var pd = p[0].Select(v => (double)v).ToArray();
        var c = new float[Batch.Batch * H];
        for (int t = 0; t < Batch.Steps; t++)
        {
            source.CopyCellState(ws, Batch.Batch, t, Batch.Active[t], c);
            for (int i = 0; i < Batch.Active[t]; i++)
            {
                var cs = new List<double[]>();
                ReferenceCells.Run(kind, pd, X, H, Batch.Sequence(x, i, X), cs);
                for (int j = 0; j < H; j++) Assert.That(c[i * H + j], Is.EqualTo(cs[t][j]).Within(1e-5), $"step {t}, row {i}");
            }
        }
    }
}
