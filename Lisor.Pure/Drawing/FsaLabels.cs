using static Lisor.Pure.Drawing.FsaGeometry;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Places edge labels, one at a time (self-loops first, then the longest labels: they have the fewest
/// good places), each at the candidate of least cost. Candidates touch their own curve: beside the
/// middle of an edge, on either side; around a self-loop, against its outer side. The cost counts
/// overlap with states, the start arrow and labels already placed, other curves passing under the label, and
/// how much nearer another curve is than the label's own (a label must read as its own edge's).
/// </summary>
internal static class FsaLabels
{
    private const int Samples = 48;
    private const double Gap = 2;

    /// <summary>The label box of every curve; <paramref name="loopAngle"/> is NaN for edges that are not loops.</summary>
    public static List<Box> Place(FsaLayout layout, List<List<Cubic>> curves, double[] loopAngle, IReadOnlyList<double> widths)
        => PlaceBy(layout, curves, loopAngle, widths, (obstacles, samples) =>
        {
            var points = samples.Select(p => p.ToArray()).ToArray();
            var bounds = points.Select(BoundsOf).ToArray();   // each curve's samples' bounding box, to skip curves far from a box
            return (i, k, box, placed) =>
            {
                double own = MinDistance(box, points[i], double.MaxValue);
                // The nearest sample of another curve matters only when nearer than own + 4 (the cost's last term), so
                // curves whose bounding box is no nearer than that, or than the nearest found so far, are skipped, and
                // so are curves whose box misses the label's in the count of samples under it: the same cost as over
                // every sample, at a fraction of the work on large automata.
                double other = double.MaxValue;
                int under = 0;
                for (int j = 0; j < points.Length; j++)
                {
                    if (j == i) continue;
                    double near = BoxDistance(box, bounds[j]);
                    if (near < Math.Min(other, own + 4)) other = MinDistance(box, points[j], other);
                    if (near == 0) under += CountInside(box, points[j]);
                }
                var grown = box.Grow(Gap);
                return k * 0.5
                    + 10 * obstacles.Sum(o => o.Overlap(box))
                    + 10 * placed.Sum(b => b.Overlap(grown))
                    + 40 * under
                    + 4 * CountInside(box, points[i])
                    + (other < own + 4 ? 400 + 30 * (own + 4 - other) : 0);
            };
        });

    /// <summary>
    /// <see cref="Place"/> as first written, every cost summed over every sample (O(edges² · samples) per candidate): the
    /// reference the fast one is checked against, box for box (LabelPlacementTests).
    /// </summary>
    internal static List<Box> PlaceReference(FsaLayout layout, List<List<Cubic>> curves, double[] loopAngle, IReadOnlyList<double> widths)
        => PlaceBy(layout, curves, loopAngle, widths, (obstacles, samples) => (i, k, box, placed) =>
        {
            double own = samples[i].Min(box.DistanceTo);
            double other = samples.Where((_, j) => j != i).SelectMany(ps => ps).Select(box.DistanceTo).DefaultIfEmpty(double.MaxValue).Min();
            var grown = box.Grow(Gap);
            return k * 0.5
                + 10 * obstacles.Sum(o => o.Overlap(box))
                + 10 * placed.Sum(b => b.Overlap(grown))
                + 40 * samples.Where((_, j) => j != i).Sum(ps => ps.Count(box.Contains))
                + 4 * samples[i].Count(box.Contains)
                + (other < own + 4 ? 400 + 30 * (own + 4 - other) : 0);
        });

    /// <summary>The cost of candidate <paramref name="k"/>, <paramref name="box"/>, for curve <paramref name="i"/>'s label, the labels before it <paramref name="placed"/>.</summary>
    private delegate double Cost(int i, int k, Box box, List<Box> placed);

    // Labels one at a time (self-loops first, then the widest), each at its cheapest candidate; `costOf` makes the cost
    // function from the obstacles (states, start arrow) and every curve's samples.
    private static List<Box> PlaceBy(FsaLayout layout, List<List<Cubic>> curves, double[] loopAngle, IReadOnlyList<double> widths,
        Func<List<Box>, List<List<(double X, double Y)>>, Cost> costOf)
    {
        var states = Enumerable.Range(0, layout.StateCount).Select(q => (layout.X[q], layout.Y[q])).ToList();
        var obstacles = states.Select(c => Box.Around(c, 2 * FsaLayout.Radius + 2 * Gap, 2 * FsaLayout.Radius + 2 * Gap))
                              .Append(StartArrow(layout)).ToList();
        var samples = curves.Select(c => c.SelectMany(s => s.Samples(Samples)).ToList()).ToList();
        var cost = costOf(obstacles, samples);
        var placed = new List<Box>();
        var order = Enumerable.Range(0, curves.Count)
            .OrderBy(i => double.IsNaN(loopAngle[i]) ? 1 : 0).ThenByDescending(i => widths[i]).ThenBy(i => i).ToList();
        var result = new Box[curves.Count];
        foreach (int i in order)
        {
            var candidates = double.IsNaN(loopAngle[i])
                ? EdgeCandidates(curves[i], widths[i])
                : LoopCandidates(states[layout.Routes[i].Edge.From], samples[i], loopAngle[i], widths[i]);
            double best = double.MaxValue;
            Box chosen = candidates[0];
            for (int k = 0; k < candidates.Count; k++)
            {
                double c = cost(i, k, candidates[k], placed);
                if (c < best) { best = c; chosen = candidates[k]; }
            }
            placed.Add(chosen);
            result[i] = chosen;
        }
        return result.ToList();
    }

    // The least of `best` and the distances from `box` to `points` (a lower result is exact: the same DistanceTo).
    private static double MinDistance(Box box, (double X, double Y)[] points, double best)
    {
        foreach (var p in points)
        {
            double d = box.DistanceTo(p);
            if (d < best) best = d;
        }
        return best;
    }

    private static int CountInside(Box box, (double X, double Y)[] points)
    {
        int n = 0;
        foreach (var p in points) if (box.Contains(p)) n++;
        return n;
    }

    // The smallest box holding every point (an empty curve: a box no distance reaches).
    private static Box BoundsOf((double X, double Y)[] points)
    {
        if (points.Length == 0) return new Box(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
        foreach (var (x, y) in points) { x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); x1 = Math.Max(x1, x); y1 = Math.Max(y1, y); }
        return new Box(x0, y0, x1, y1);
    }

    // A lower bound of box.DistanceTo(p) for every p in `bounds` (rounding is monotone, so it holds in floating point
    // too), 0 when the boxes meet; then some sample may lie inside `box`, else none does.
    private static double BoxDistance(Box box, Box bounds)
    {
        double dx = Math.Max(0, Math.Max(box.X0 - bounds.X1, bounds.X0 - box.X1)), dy = Math.Max(0, Math.Max(box.Y0 - bounds.Y1, bounds.Y0 - box.Y1));
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>The start arrow into state 0 and its word "start", left of the state.</summary>
    public static Box StartArrow(FsaLayout layout)
        => new(layout.X[0] - FsaLayout.Radius - 42, layout.Y[0] - 18, layout.X[0] - FsaLayout.Radius, layout.Y[0] + 3);

    /// <summary>Boxes beside the middle of the curve (t = ½, then farther out), on either side, then on it.</summary>
    private static List<Box> EdgeCandidates(List<Cubic> curve, double w)
    {
        double h = FsaPicture.LabelHeight;
        var result = new List<Box>();
        var onCurve = new List<Box>();
        // The middle segment of a route through dummy points holds its middle.
        var segments = new[] { curve[(curve.Count - 1) / 2] }.Concat(curve.Where((_, k) => k != (curve.Count - 1) / 2));
        foreach (var seg in segments)
            foreach (double t in new[] { 0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8 })
            {
                var p = seg.At(t);
                var tangent = Unit(Sub(seg.At(Math.Min(1, t + 0.01)), seg.At(Math.Max(0, t - 0.01))));
                var normal = (X: -tangent.Y, Y: tangent.X);
                // Shift along the normal until the box's nearest side clears the curve by the gap.
                double reach = Math.Abs(normal.X) * w / 2 + Math.Abs(normal.Y) * h / 2 + Gap;
                result.Add(Box.Around(Add(p, normal, reach), w, h));
                result.Add(Box.Around(Add(p, normal, -reach), w, h));
                onCurve.Add(Box.Around(p, w, h));
            }
        result.AddRange(onCurve);
        return result;
    }

    /// <summary>Boxes against the outside of a self-loop: straight beyond its apex, then turned to
    /// either side; each slides out from the state's centre until it clears the loop and the circle.</summary>
    private static List<Box> LoopCandidates((double X, double Y) centre, List<(double X, double Y)> loop, double angle, double w)
    {
        double h = FsaPicture.LabelHeight;
        var result = new List<Box>();
        foreach (double turn in new[] { 0.0, -35, 35, -70, 70, -100, 100 })
        {
            var d = Dir(angle + turn);
            for (double s = FsaLayout.Radius; s < 200; s += 1)
            {
                var box = Box.Around(Add(centre, d, s), w, h);
                var grown = box.Grow(Gap);
                if (grown.DistanceTo(centre) > FsaLayout.Radius && !loop.Any(grown.Contains) && !CutsLoop(grown, loop))
                {
                    result.Add(box);
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>Whether the loop's outline crosses the box (a box inside the loop's hollow contains
    /// no sample but still sits on the loop).</summary>
    private static bool CutsLoop(Box box, List<(double X, double Y)> loop)
    {
        var c = box.Centre;
        // Inside the hollow: the loop winds around the box's centre.
        double turn = 0;
        for (int k = 0; k + 1 < loop.Count; k++)
        {
            double a = Angle(Sub(loop[k], c)), b = Angle(Sub(loop[k + 1], c));
            double d = b - a;
            if (d > 180) d -= 360;
            if (d < -180) d += 360;
            turn += d;
        }
        return Math.Abs(turn) > 180;
    }
}
