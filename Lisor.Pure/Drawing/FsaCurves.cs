using static Lisor.Pure.Drawing.FsaGeometry;

namespace Lisor.Pure.Drawing;

/// <summary>
/// The curves of an FSA drawing: edges between columns through their dummy points, arcs beside a
/// column for edges inside it, and self-loops. Every curve runs from its source's circle to its
/// target's circle (an arrowhead is drawn at its end).
/// </summary>
internal static class FsaCurves
{
    private const double R = FsaLayout.Radius;

    /// <summary>How far a self-loop reaches from its state's centre (the apex of <see cref="Loop"/>).</summary>
    public const double LoopReach = 48;

    /// <param name="route">The edge's route.</param>
    /// <param name="side">For an arc inside one column: +1 bulges right, −1 left.</param>
    public static List<Cubic> Edge(FsaLayout.Route route, double side)
    {
        var p = route.Points;
        var c0 = p[0];
        var c1 = p[^1];
        List<Cubic> segments;
        if (route.SameLayer)
        {
            // Arc beside the column, bulging to 'side'.
            double bulge = Math.Min(60 + 0.1 * Math.Abs(c1.Y - c0.Y), 110);
            segments = [new Cubic(c0, (c0.X + side * bulge, c0.Y), (c1.X + side * bulge, c1.Y), c1)];
        }
        else if (p.Count == 2)
        {
            // A straight line, or a bend to the left of travel when the opposite edge also exists.
            var mid = ((c0.X + c1.X) / 2, (c0.Y + c1.Y) / 2);
            var d = Unit(Sub(c1, c0));
            var q = route.HasReverse ? Add(mid, (d.Y, -d.X), 30) : mid;
            segments = [new Cubic(c0, Add(c0, Sub(q, c0), 2.0 / 3), Add(c1, Sub(q, c1), 2.0 / 3), c1)];
        }
        else
        {
            // Catmull–Rom through the dummy points, as cubic Béziers: C1 = Pᵢ + (Pᵢ₊₁ − Pᵢ₋₁)/6, C2 = Pᵢ₊₁ − (Pᵢ₊₂ − Pᵢ)/6.
            segments = new List<Cubic>();
            for (int i = 0; i + 1 < p.Count; i++)
            {
                var prev = p[Math.Max(0, i - 1)]; var next = p[Math.Min(p.Count - 1, i + 2)];
                segments.Add(new Cubic(p[i], Add(p[i], Sub(p[i + 1], prev), 1.0 / 6), Add(p[i + 1], Sub(next, p[i]), -1.0 / 6), p[i + 1]));
            }
        }
        // Start and end on the circles, in the direction of the first and last control points.
        var first = segments[0];
        segments[0] = first with { P0 = Add(c0, Unit(Sub(first.C1, c0)), R) };
        var last = segments[^1];
        segments[^1] = last with { P3 = Add(c1, Unit(Sub(last.C2, c1)), R) };
        return segments;
    }

    /// <summary>A self-loop pointing in direction <paramref name="angle"/> (degrees, y down; −90 is up):
    /// it leaves the circle at angle − 20°, returns at angle + 20°; its apex, at t = ½, lies
    /// ⅛·2·R·cos 20° + ¾·70·cos 35° ≈ 48 = <see cref="LoopReach"/> from the centre.</summary>
    public static Cubic Loop((double X, double Y) c, double angle)
        => new(Add(c, Dir(angle - 20), R), Add(c, Dir(angle - 35), 70), Add(c, Dir(angle + 35), 70), Add(c, Dir(angle + 20), R));

    /// <summary>Where a state's self-loop goes: the direction (up first, then down, right, left and the
    /// diagonals) farthest from the lines at the state (<paramref name="incident"/>, degrees), away
    /// from other states and other curves.</summary>
    public static double LoopDirection(FsaLayout layout, List<List<Cubic>> curves, int q, IReadOnlyList<double> incident, double labelWidth)
    {
        var c = (layout.X[q], layout.Y[q]);
        double best = double.MaxValue, bestAngle = -90;
        double[] candidates = [-90, 90, 0, 180, -45, -135, 45, 135];
        for (int k = 0; k < candidates.Length; k++)
        {
            double a = candidates[k];
            double clearance = incident.Count == 0 ? 180 : incident.Min(x => AngleBetween(a, x));
            var apex = Box.Around(Add(c, Dir(a), 40), 60, 60);
            var label = Box.Around(Add(c, Dir(a), 62 + Math.Abs(Dir(a).X) * labelWidth / 2), labelWidth, FsaPicture.LabelHeight);
            double crowd = Enumerable.Range(0, layout.StateCount).Where(o => o != q)
                .Sum(o => { var s = Box.Around((layout.X[o], layout.Y[o]), 2 * R, 2 * R); return s.Overlap(apex) + s.Overlap(label); });
            int crossing = curves.Sum(cv => cv.Sum(seg => seg.Samples(16).Count(p => apex.Contains(p) || label.Contains(p))));
            double cost = -Math.Min(clearance, 90) + crowd + 20 * crossing + k;
            if (cost < best) { best = cost; bestAngle = a; }
        }
        return bestAngle;
    }

    /// <summary>How many sample points of the other curves lie inside the box spanned by <paramref name="curve"/>.</summary>
    public static int Crowding(List<Cubic> curve, List<List<Cubic>> others, int self)
    {
        var pts = curve.SelectMany(c => c.Points()).ToList();
        var box = new Box(pts.Min(p => p.X), pts.Min(p => p.Y), pts.Max(p => p.X), pts.Max(p => p.Y));
        int n = 0;
        for (int j = 0; j < others.Count; j++)
            if (j != self)
                foreach (var seg in others[j])
                    n += seg.Samples(16).Count(box.Contains);
        return n;
    }
}
