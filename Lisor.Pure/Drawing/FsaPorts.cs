using static Lisor.Pure.Drawing.FsaGeometry;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Where lines meet a state's circle. Two edges that meet a state at (nearly) the same point read as
/// one line with two arrowheads, so the meeting points ("ports") of each state are spread around the
/// circle until neighbours are at least <see cref="MinSeparation"/> degrees apart (less only when the
/// circle has no room: 98 % of 360° / number of ports). Fixed ports (the start arrow, the feet of a self-loop)
/// stay; a moved port drags its curve's nearest control point along, so the curve keeps its direction.
/// </summary>
internal static class FsaPorts
{
    /// <summary>Degrees between neighbouring ports: an arrowhead is 10 units wide, and the chord
    /// 2·R·sin(30°/2) ≈ 11.4 at R = 22 keeps two of them apart.</summary>
    public const double MinSeparation = 30;

    /// <summary>One end of a curve at a state: the curve, and whether it is the curve's start.</summary>
    public readonly record struct End(int Curve, bool IsStart);

    /// <summary>Spreads the ends of <paramref name="curves"/> at every state; <paramref name="fixedAngles"/>
    /// holds, per state, the directions (degrees) of lines that do not move.</summary>
    public static void Spread(FsaLayout layout, List<List<Cubic>> curves, IReadOnlyList<FsaEdge> edges,
                              IReadOnlyList<List<double>> fixedAngles)
    {
        for (int q = 0; q < layout.StateCount; q++)
        {
            var c = (layout.X[q], layout.Y[q]);
            var ends = new List<End>();
            for (int i = 0; i < curves.Count; i++)
            {
                if (curves[i].Count == 0 || edges[i].From == edges[i].To) continue;
                if (edges[i].From == q) ends.Add(new End(i, true));
                if (edges[i].To == q) ends.Add(new End(i, false));
            }
            if (ends.Count == 0) continue;
            var angles = ends.Select(e => Angle(Sub(Point(curves, e), c))).ToList();
            var moved = SpreadAngles(angles, fixedAngles[q]);
            for (int k = 0; k < ends.Count; k++) Move(curves, ends[k], c, moved[k]);
        }
    }

    /// <summary>The point where <paramref name="end"/> meets its circle.</summary>
    public static (double X, double Y) Point(List<List<Cubic>> curves, End end) => end.IsStart ? curves[end.Curve][0].P0 : curves[end.Curve][^1].P3;

    /// <summary>
    /// New angles for the movable ports, in their circular order with the fixed ones: repeatedly, every
    /// pair of neighbours closer than the separation s is pushed apart by the shortfall (half each when
    /// both move). Ties keep the input order, so the result is deterministic.
    /// </summary>
    internal static double[] SpreadAngles(IReadOnlyList<double> movable, IReadOnlyList<double> fixedAngles)
    {
        int m = movable.Count, n = m + fixedAngles.Count;
        var angle = movable.Concat(fixedAngles).ToArray();
        if (n < 2) return angle[..m];
        // A full circle leaves no slack and the pushes would only converge in the limit: aim 2 % short.
        double s = Math.Min(MinSeparation, 0.98 * 360.0 / n);
        for (int iter = 0; iter < 500; iter++)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => Normal(angle[i])).ThenBy(i => i).ToArray();
            bool changed = false;
            for (int k = 0; k < n; k++)
            {
                int a = order[k], b = order[(k + 1) % n];
                double gap = Normal(angle[b] - angle[a]);
                double shortfall = s - gap;
                if (shortfall <= 1e-6) continue;
                bool fa = a >= m, fb = b >= m;
                if (fa && fb) continue;
                if (fa) angle[b] += shortfall;
                else if (fb) angle[a] -= shortfall;
                else { angle[a] -= shortfall / 2; angle[b] += shortfall / 2; }
                changed = true;
            }
            if (!changed) break;
        }
        return angle[..m];
    }

    private static double Normal(double a) { a %= 360; return a < 0 ? a + 360 : a; }

    private static void Move(List<List<Cubic>> curves, End end, (double X, double Y) centre, double angle)
    {
        var to = Add(centre, Dir(angle), FsaLayout.Radius);
        var segs = curves[end.Curve];
        if (end.IsStart) { var s = segs[0]; segs[0] = s with { P0 = to, C1 = Add(s.C1, Sub(to, s.P0)) }; }
        else { var s = segs[^1]; segs[^1] = s with { P3 = to, C2 = Add(s.C2, Sub(to, s.P3)) }; }
    }
}
