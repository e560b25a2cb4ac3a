using Lisor.Pure.Cells;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Cells;

/// <summary>The packed-batch conventions every cell keeps: zero rows past active[t], padding never read, workspaces reusable, documented sizes.</summary>
public class CellConventionTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;
    private const int X = 3, H = 4;

    private static float[] Parameters(RecurrentCell cell, ulong seed)
    {
        var p = new float[cell.ParameterCount];
        cell.Initialize(p, new Rng(seed));
        return p;
    }

    private static (float[] H, float[] Dp, float[] Dx) Run(RecurrentCell cell, float[] p, CellWorkspace ws, PackedBatch b, float[] x, float[] w, float fill = 0f)
    {
        var h = b.Forward([cell], [p], [ws], x, fill)[0];
        var (dp, dx) = b.Backward([cell], [p], [ws], x, [h], w);
        return (h, dp[0], dx);
    }

    [Test]
    public void Kinds_are_the_five_cells_in_order_and_create_builds_each()
    {
        Assert.That(RecurrentCell.Kinds, Is.EqualTo(new[] { "srn", "mgu", "gru", "lstm", "sru" }));
        foreach (var kind in RecurrentCell.Kinds) Assert.That(RecurrentCell.Create(kind, X, H).Kind, Is.EqualTo(kind));
        Assert.Throws<ArgumentException>(() => RecurrentCell.Create("rnn", X, H));
        Assert.That(RecurrentCell.Kinds.Where(k => RecurrentCell.Create(k, X, H) is ICellStateSource), Is.EqualTo(new[] { "lstm", "sru" }));
    }

    [TestCase(3, 4)]
    [TestCase(4, 4)]
    [TestCase(1, 10)]
    [TestCase(10, 10)]
    public void Parameter_counts_follow_the_documented_layouts(int x, int h)
    {
        int plain = x * h + h * h + h;   // Wx [X, H] + Wh [H, H] + b [H] per gate block
        Assert.That(RecurrentCell.Create("srn", x, h).ParameterCount, Is.EqualTo(plain));
        Assert.That(RecurrentCell.Create("mgu", x, h).ParameterCount, Is.EqualTo(2 * plain));
        Assert.That(RecurrentCell.Create("gru", x, h).ParameterCount, Is.EqualTo(3 * plain));
        Assert.That(RecurrentCell.Create("lstm", x, h).ParameterCount, Is.EqualTo(4 * plain));
        Assert.That(RecurrentCell.Create("sru", x, h).ParameterCount, Is.EqualTo((x == h ? 3 : 4) * x * h + 4 * h));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Initialisation_is_uniform_within_one_over_root_h_except_the_lstm_forget_bias(string kind)
    {
        const int hidden = 16;
        var cell = RecurrentCell.Create(kind, X, hidden);
        var p = Parameters(cell, 9);
        var bound = 1 / MathF.Sqrt(hidden);
        int ones = p.Count(v => v == 1f);
        Assert.That(ones, Is.EqualTo(kind == "lstm" ? hidden : 0));
        Assert.That(p.Where(v => v != 1f).All(v => MathF.Abs(v) <= bound));
        if (kind == "lstm") Assert.That(p.AsSpan(cell.ParameterCount - 3 * hidden, hidden).ToArray(), Is.All.EqualTo(1f), "b_f is the second bias block");
        Assert.That(p.Distinct().Count(), Is.GreaterThan(p.Length / 2));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Rows_past_active_stay_zero_and_padding_never_enters_the_results(string kind)
    {
        var cell = RecurrentCell.Create(kind, X, H);
        var p = Parameters(cell, 1);
        var b = new PackedBatch(5, 3, 1);
        var clean = b.Random(X, new Rng(2));
        var padded = b.Random(X, new Rng(2), padding: () => 9f);   // same active rows, garbage padding
        var w = b.Random(H, new Rng(3), padding: () => 7f);        // garbage ∂L/∂h in inactive rows too
        var r0 = Run(cell, p, cell.CreateWorkspace(b.Steps, b.Batch), b, clean, w);
        var r1 = Run(cell, p, cell.CreateWorkspace(b.Steps, b.Batch), b, padded, w, fill: 5f);
        Assert.That(r1.H, Is.EqualTo(r0.H), "h (rows past active[t] overwritten with zeros)");
        Assert.That(r1.Dp, Is.EqualTo(r0.Dp));
        Assert.That(r1.Dx, Is.EqualTo(r0.Dx));
        for (int t = 0; t < b.Steps; t++)
            for (int i = b.Active[t]; i < b.Batch; i++)
            {
                Assert.That(r1.H.AsSpan((t * b.Batch + i) * H, H).ToArray(), Is.All.Zero, $"h at step {t}, row {i}");
                Assert.That(r1.Dx.AsSpan((t * b.Batch + i) * X, X).ToArray(), Is.All.Zero, $"∂x at step {t}, row {i}");
            }
    }

    [TestCaseSource(nameof(Kinds))]
    public void A_reused_workspace_gives_bit_identical_results(string kind)
    {
        var cell = RecurrentCell.Create(kind, X, H);
        var p = Parameters(cell, 4);
        var first = new PackedBatch(5, 3, 1);
        var other = new PackedBatch(4, 4, 2, 2);
        var x1 = first.Random(X, new Rng(5)); var w1 = first.Random(H, new Rng(6));
        var x2 = other.Random(X, new Rng(7)); var w2 = other.Random(H, new Rng(8));
        var fresh = Run(cell, p, cell.CreateWorkspace(5, 3), first, x1, w1);
        var shared = cell.CreateWorkspace(6, 4);
        Run(cell, p, shared, first, x1, w1);
        Run(cell, p, shared, other, x2, w2);
        var again = Run(cell, p, shared, first, x1, w1);
        Assert.That(again.H, Is.EqualTo(fresh.H));
        Assert.That(again.Dp, Is.EqualTo(fresh.Dp));
        Assert.That(again.Dx, Is.EqualTo(fresh.Dx));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Backward_adds_into_the_parameter_gradient_and_skips_an_empty_dx(string kind)
    {
        var cell = RecurrentCell.Create(kind, X, H);
        var p = Parameters(cell, 10);
        var b = new PackedBatch(3, 2);
        var x = b.Random(X, new Rng(11)); var w = b.Random(H, new Rng(12));
        var ws = cell.CreateWorkspace(b.Steps, b.Batch);
        var h = b.Forward([cell], [p], [ws], x)[0];
        var once = new float[cell.ParameterCount];
        cell.Backward(p, ws, x, b.Batch, b.Active, h, (float[])w.Clone(), Span<float>.Empty, once);
        var twice = (float[])once.Clone();
        h = b.Forward([cell], [p], [ws], x)[0];   // Backward may use up the forward caches (the LSTM writes da over its gates)
        cell.Backward(p, ws, x, b.Batch, b.Active, h, (float[])w.Clone(), Span<float>.Empty, twice);
        Assert.That(twice, Is.EqualTo(once.Select(v => v + v).ToArray()).Within(1e-6));
    }

    [TestCaseSource(nameof(Kinds))]
    public void A_batch_larger_than_the_workspace_is_refused(string kind)
    {
        var cell = RecurrentCell.Create(kind, X, H);
        var b = new PackedBatch(5, 3, 1);
        var x = b.Random(X, new Rng(1));
        Assert.Throws<ArgumentException>(() => cell.Forward(Parameters(cell, 1), cell.CreateWorkspace(4, 3), x, b.Batch, b.Active, new float[b.Steps * b.Batch * H]));
    }
}
