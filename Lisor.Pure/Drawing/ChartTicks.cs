using System.Globalization;

namespace Lisor.Pure.Drawing;

/// <summary>
/// "Nice" axis ticks (after Heckbert, "Nice numbers for graph labels", Graphics Gems 1990): ticks at
/// the multiples of a step of 1, 2 or 5 × 10^e, from just below the minimum to just above the maximum.
/// Among the ladder steps giving between target / 2 and 2 · target intervals, the step chosen wastes
/// least axis on empty space while staying near <c>target</c> intervals:
/// score = (1 − range / span) + 0.25 · |intervals − target| / target, lowest wins.
/// </summary>
internal static class ChartTicks
{
    /// <summary>
    /// Ticks covering [<paramref name="min"/>, <paramref name="max"/>]: equally spaced multiples of a nice
    /// step, the first ≤ min and the last ≥ max. A degenerate range (min == max) is widened around its value.
    /// </summary>
    public static double[] Nice(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"axis range [{min}, {max}] is not finite");
        if (target < 1) throw new ArgumentOutOfRangeException(nameof(target), "target must be ≥ 1");
        if (min > max) (min, max) = (max, min);
        (min, max) = Widen(min, max);
        double step = ChooseStep(min, max, target);
        double first = Math.Floor(min / step), last = Math.Ceiling(max / step);
        int count = (int)(last - first) + 1;
        var ticks = new double[count];
        int decimals = Decimals(step);
        for (int k = 0; k < count; k++)
        {
            double v = (first + k) * step;
            // Round away binary noise (0.30000000000000004 → 0.3) where the decimal form is exact.
            ticks[k] = decimals <= 15 ? Math.Round(v, decimals) : v;
        }
        return ticks;
    }

    /// <summary>The ladder step (1, 2, 5 × 10^e) with the lowest waste-plus-count score; see the class summary.</summary>
    private static double ChooseStep(double min, double max, int target)
    {
        double range = max - min;
        double step = NiceStep(range / (2.0 * target)), largest = NiceStep(range / Math.Max(1.0, target / 2.0));
        double best = step, bestScore = double.PositiveInfinity;
        for (int guard = 0; guard < 8 && step <= largest * (1 + 1e-9); guard++)
        {
            double intervals = Math.Ceiling(max / step) - Math.Floor(min / step);
            double score = (1 - range / (intervals * step)) + 0.25 * Math.Abs(intervals - target) / target;
            if (score < bestScore - 1e-12) { best = step; bestScore = score; }
            step = NiceStep(step * 1.5); // the next rung: 1 → 2 → 5 → 10
        }
        return best;
    }

    /// <summary>The step between ticks of <paramref name="ticks"/> (1 when there is only one).</summary>
    public static double Step(IReadOnlyList<double> ticks) => ticks.Count > 1 ? ticks[1] - ticks[0] : 1;

    /// <summary>The nice number (1, 2 or 5 × 10^e) closest above or at <paramref name="rough"/> in the 1–2–5 ladder.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough)) throw new ArgumentOutOfRangeException(nameof(rough), "step must be positive and finite");
        double e = Math.Floor(Math.Log10(rough));
        double p = Math.Pow(10, e);
        double f = rough / p; // 1 ≤ f < 10 (up to rounding)
        double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return m * p;
    }

    /// <summary>Formats a tick value with as many decimals as the step needs, invariant culture.</summary>
    public static string Format(double value, double step)
    {
        int decimals = Decimals(step);
        if (decimals > 6 || Math.Abs(value) >= 1e9)
        {
            if (value == 0) return "0";
            // Scientific: enough mantissa digits that neighbours a step apart read differently.
            int digits = Math.Clamp((int)Math.Floor(Math.Log10(Math.Abs(value)) + 1e-9) - (int)Math.Floor(Math.Log10(step) + 1e-9), 0, 15);
            return value.ToString(digits == 0 ? "0E+0" : "0." + new string('0', digits) + "E+0", CultureInfo.InvariantCulture);
        }
        string s = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;
    }

    /// <summary>Decimals needed to write multiples of <paramref name="step"/> exactly: max(0, −floor(log10 step)).</summary>
    private static int Decimals(double step) => Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));

    /// <summary>
    /// A range too narrow to split at double precision (including min == max) is widened by 10 % of
    /// its magnitude on each side, or by 1 around zero.
    /// </summary>
    private static (double Min, double Max) Widen(double min, double max)
    {
        double magnitude = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min > magnitude * 1e-9 && max - min > 1e-300) return (min, max);
        double centre = 0.5 * (min + max);
        double pad = centre == 0 ? 1 : Math.Abs(centre) * 0.1;
        return (centre - pad, centre + pad);
    }
}
