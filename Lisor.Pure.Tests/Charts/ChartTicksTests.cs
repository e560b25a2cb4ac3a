using Lisor.Pure.Drawing;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Charts;

public class ChartTicksTests
{
    /// <summary>Random axis ranges: tiny and huge magnitudes, negative, straddling zero, narrow, and degenerate (min == max).</summary>
    private static IEnumerable<(double Min, double Max)> RandomRanges(int count)
    {
        var rng = new Rng(20260101);
        for (int i = 0; i < count; i++)
        {
            double centre = (rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Uniform(-12, 12));
            double width = (rng.NextInt(4)) switch
            {
                0 => 0,                                                        // degenerate
                1 => Math.Abs(centre) * Math.Pow(10, rng.Uniform(-8, 1)),      // narrow relative to its value
                2 => Math.Pow(10, rng.Uniform(-12, 12)),                       // any absolute width
                _ => Math.Abs(centre) * 2 + 1e-300,                            // straddles zero
            };
            double lo = centre - width * rng.NextDouble();
            yield return (lo, lo + width);
        }
        yield return (0, 0);
        yield return (-5, -5);
        yield return (1e-15, 1e-15);
        yield return (-3, 7);
        yield return (0, 1);
    }

    [Test]
    public void Ticks_are_equally_spaced_nice_multiples_that_cover_the_range()
    {
        foreach (var (min, max) in RandomRanges(3000))
        {
            double[] t = ChartTicks.Nice(min, max);
            double step = ChartTicks.Step(t);
            string where = $"range [{min:R}, {max:R}] gave [{string.Join(", ", t.Select(v => v.ToString("R")))}]";
            Assert.That(t, Has.Length.InRange(3, 2 * 5 + 3), where);
            Assert.That(step, Is.GreaterThan(0), where);
            double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
            Assert.That(new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-6), where + $": step {step:R} is not 1, 2 or 5 × 10^n");
            for (int k = 1; k < t.Length; k++)
                Assert.That(t[k] - t[k - 1], Is.EqualTo(step).Within(1e-6 * step + 1e-12 * Math.Abs(t[k])), where);
            double slack = 1e-9 * step;
            Assert.That(t[0], Is.LessThanOrEqualTo(Math.Min(min, max) + slack), where);
            Assert.That(t[^1], Is.GreaterThanOrEqualTo(Math.Max(min, max) - slack), where);
        }
    }

    [Test]
    public void Neighbouring_tick_labels_always_read_differently()
    {
        foreach (var (min, max) in RandomRanges(3000))
        {
            double[] t = ChartTicks.Nice(min, max);
            string[] labels = t.Select(v => ChartTicks.Format(v, ChartTicks.Step(t))).ToArray();
            Assert.That(labels, Is.Unique, $"range [{min:R}, {max:R}]: {string.Join(" | ", labels)}");
            Assert.That(labels.Any(l => l.Contains(',') || l == "-0"), Is.False, string.Join(" | ", labels));
        }
    }

    [Test]
    public void Classic_ranges_give_the_expected_ticks()
    {
        Assert.That(ChartTicks.Nice(0, 1), Is.EqualTo(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }));
        Assert.That(ChartTicks.Nice(2, 64), Is.EqualTo(new double[] { 0, 10, 20, 30, 40, 50, 60, 70 }));
        Assert.That(ChartTicks.Nice(-3, 7), Is.EqualTo(new double[] { -4, -2, 0, 2, 4, 6, 8 }));
        Assert.That(ChartTicks.Nice(0.848, 0.848), Is.EqualTo(new[] { 0.75, 0.8, 0.85, 0.9, 0.95 }));
        Assert.That(ChartTicks.Nice(0, 0), Is.EqualTo(new double[] { -1, -0.5, 0, 0.5, 1 }));
        Assert.That(ChartTicks.Format(0.30000000000000004, 0.1), Is.EqualTo("0.3"));
        Assert.That(ChartTicks.Format(-0.0, 0.5), Is.EqualTo("0.0"));
        Assert.That(ChartTicks.Format(2e-9, 1e-9), Is.EqualTo("2E-9"));
    }

    [Test]
    public void Non_finite_ranges_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ChartTicks.Nice(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => ChartTicks.Nice(0, double.PositiveInfinity));
    }
}
