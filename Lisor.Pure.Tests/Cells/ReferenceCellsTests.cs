using Lisor.Pure.Cells;
using Lisor.Pure.Cells.Reference;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Cells;

/// <summary>
/// The library's readable reference cells: their backward against central finite differences of their
/// own forward (all in double), and the fast float cells' backward against the reference backward.
/// </summary>
public class ReferenceCellsTests
{
    private static IEnumerable<TestCaseData> KindsAndInputSizes =>
        RecurrentCell.Kinds.SelectMany(k => new[] { new TestCaseData(k, 3), new TestCaseData(k, 4) });
    private const int H = 4;

    private static double[] RandomParameters(string kind, int X, Rng rng)
    {
        var p = new double[RecurrentCell.Create(kind, X, H).ParameterCount];
        for (int i = 0; i < p.Length; i++) p[i] = rng.Uniform(-1f, 1f);
        return p;
    }

    private static double[][] RandomSequence(int T, int width, Rng rng)
    {
        var s = ReferenceCells.Zeros(T, width);
        foreach (var row in s) for (int j = 0; j < width; j++) row[j] = rng.Uniform(-1f, 1f);
        return s;
    }

    private static double Loss(string kind, double[] p, int X, double[][] xs, double[][] w)
    {
        var hs = ReferenceCells.Run(kind, p, X, H, xs);
        double loss = 0;
        for (int t = 0; t < hs.Length; t++) for (int j = 0; j < H; j++) loss += w[t][j] * hs[t][j];
        return loss;
    }

    [TestCaseSource(nameof(KindsAndInputSizes))]
    public void Reference_backward_matches_finite_differences_of_the_reference_forward(string kind, int X)
    {
        var rng = new Rng(7);
        var p = RandomParameters(kind, X, rng);
        var xs = RandomSequence(5, X, rng);
        var w = RandomSequence(5, H, rng);   // L = Σ_t w_t · h_t, so ∂L/∂h_t = w_t
        var (dp, dx) = ReferenceCells.Backward(kind, p, X, H, xs, w);
        const double eps = 1e-6;
        double Numeric(double[] v, int i)
        {
            double saved = v[i];
            v[i] = saved + eps; double up = Loss(kind, p, X, xs, w);
            v[i] = saved - eps; double down = Loss(kind, p, X, xs, w);
            v[i] = saved;
            return (up - down) / (2 * eps);
        }
        for (int i = 0; i < p.Length; i++)
            Assert.That(dp[i], Is.EqualTo(Numeric(p, i)).Within(1e-7), $"parameter {i}");
        for (int t = 0; t < xs.Length; t++)
            for (int j = 0; j < X; j++)
                Assert.That(dx[t][j], Is.EqualTo(Numeric(xs[t], j)).Within(1e-7), $"x[t={t}, {j}]");
        Assert.That(dp.Count(v => v != 0), Is.GreaterThan(dp.Length * 3 / 4), "most parameters receive gradient");
    }

    [TestCaseSource(nameof(KindsAndInputSizes))]
    public void Float_backward_matches_the_reference_backward(string kind, int X)
    {
        var batch = new PackedBatch(5, 3, 1);
        var cell = RecurrentCell.Create(kind, X, H);
        var rng = new Rng(8);
        var p = new float[cell.ParameterCount];
        for (int i = 0; i < p.Length; i++) p[i] = rng.Uniform(-1f, 1f);
        var x = batch.Random(X, rng);
        var w = batch.Random(H, rng);
        var ws = new[] { cell.CreateWorkspace(batch.Steps, batch.Batch) };
        var hs = batch.Forward([cell], [p], ws, x);
        var (dps, dxFloat) = batch.Backward([cell], [p], ws, x, hs, w);

        var pd = p.Select(v => (double)v).ToArray();
        var dpReference = new double[p.Length];
        for (int row = 0; row < batch.Batch; row++)
        {
            var (dp, dx) = ReferenceCells.Backward(kind, pd, X, H, batch.Sequence(x, row, X), batch.Sequence(w, row, H));
            for (int i = 0; i < dp.Length; i++) dpReference[i] += dp[i];
            for (int t = 0; t < dx.Length; t++)
                for (int j = 0; j < X; j++)
                    Assert.That(dxFloat[(t * batch.Batch + row) * X + j], Is.EqualTo(dx[t][j]).Within(1e-4), $"x[t={t}, row {row}, {j}]");
        }
        for (int i = 0; i < p.Length; i++)
            Assert.That(dps[0][i], Is.EqualTo(dpReference[i]).Within(1e-4 * (1 + Math.Abs(dpReference[i]))), $"parameter {i}");
    }

    [TestCaseSource(nameof(KindsAndInputSizes))]
    public void Check_command_row_compares_the_float_cell_with_the_reference(string kind, int X)
    {
        double error = ReferenceCellsSelfCheck.WorstError(kind, X);
        Assert.That(error, Is.GreaterThan(0), "float and double differ somewhere, so the comparison is real");
        Assert.That(error, Is.LessThan(1e-4));
    }

    [Test]
    public void Check_command_finds_the_reference_rows()
        => Assert.That(Lisor.Pure.Cli.CheckCommand.Discover().Select(c => c.GetType()), Does.Contain(typeof(ReferenceCellsSelfCheck)));
}
