using Lisor.Pure.Automata;
using Lisor.Pure.Common;

namespace Lisor.Pure.Drawing;

/// <summary>
/// Draws an FSA as a standalone SVG with our own layout (<see cref="FsaLayout"/>, no Graphviz):
/// states as circles (double for accepting), an arrow into the start state, merged parallel edges as
/// curves with their labels ("0,1", or "word class i-j"), self-loops above their state, and the path
/// of <see cref="FsaDrawOptions.Highlight"/> in red. Labels are placed where they overlap the least
/// with states, other labels and other edges.
/// </summary>
public static class FsaSvg
{
    private const double R = FsaLayout.Radius;
    private const double FontSize = 13;
    private const double LabelHeight = 16;
    private const string Ink = "#333333", Red = "#d62728", Font = "Helvetica, Arial, sans-serif";

    /// <summary>Writes the drawing to <paramref name="path"/>, atomically.</summary>
    public static void Save(Fsa fsa, string path, FsaDrawOptions? options = null)
        => AtomicFile.WriteAllText(path, ToSvg(fsa, options));

    /// <summary>The SVG document of <paramref name="fsa"/>.</summary>
    public static string ToSvg(Fsa fsa, FsaDrawOptions? options = null)
    {
        options ??= new FsaDrawOptions();
        var edges = FsaEdges.Of(fsa, options, out bool[] onPath);
        var layout = new FsaLayout(fsa, edges, LabelWidth);
        // Edges between layers first, then arcs inside a column on the side they cross less, then loops.
        var curves = layout.Routes.Select(r => r.Points.Count == 1 || r.SameLayer ? [] : Curve(r, 0)).ToList();
        for (int i = 0; i < curves.Count; i++)
            if (layout.Routes[i].SameLayer)
            {
                var r = layout.Routes[i];
                double preferred = r.Points[1].Y > r.Points[0].Y ? 1 : -1;
                var sides = new[] { preferred, -preferred };
                curves[i] = sides.Select(side => Curve(r, side)).MinBy(c => Crowding(c, curves, i))!;
            }
        var loopAngle = new double[curves.Count];
        for (int i = 0; i < curves.Count; i++)
            if (layout.Routes[i].Points.Count == 1)
            {
                loopAngle[i] = LoopDirection(layout, curves, layout.Routes[i].Edge.From, LabelWidth(layout.Routes[i].Edge.Label));
                curves[i] = [Loop(layout.Routes[i].Points[0], loopAngle[i])];
            }
        var labels = PlaceLabels(layout, curves, loopAngle);

        // Bounds of everything drawn, then a margin.
        var xs = new List<double>(); var ys = new List<double>();
        for (int q = 0; q < fsa.StateCount; q++) { xs.Add(layout.X[q] - R - 50); xs.Add(layout.X[q] + R); ys.Add(layout.Y[q] - R); ys.Add(layout.Y[q] + R); }
        foreach (var c in curves) foreach (var seg in c) foreach (var p in seg) { xs.Add(p.X); ys.Add(p.Y); }
        foreach (var b in labels) { xs.Add(b.X0); xs.Add(b.X1); ys.Add(b.Y0); ys.Add(b.Y1); }
        const double margin = 16;
        double left = xs.Min() - margin, top = ys.Min() - margin;
        var svg = new SvgWriter(xs.Max() - left + margin, ys.Max() - top + margin);
        svg.Open("defs");
        foreach (var (id, color) in new[] { ("arrow", Ink), ("arrow-red", Red) })
        {
            svg.Open("marker", ("id", id), ("viewBox", "0 0 10 10"), ("refX", 10), ("refY", 5), ("markerWidth", 10),
                     ("markerHeight", 10), ("markerUnits", "userSpaceOnUse"), ("orient", "auto"));
            svg.Element("path", ("d", "M0,0 L10,5 L0,10 z"), ("fill", color)).Close();
        }
        svg.Close();
        svg.Element("rect", ("x", 0), ("y", 0), ("width", "100%"), ("height", "100%"), ("fill", "white"));
        svg.Open("g", ("transform", $"translate({SvgWriter.Num(-left)},{SvgWriter.Num(-top)})"), ("font-family", Font), ("font-size", FontSize));

        // Edges, the highlighted path last so it is on top.
        foreach (int i in Enumerable.Range(0, curves.Count).OrderBy(i => layout.Routes[i].Edge.Highlighted))
        {
            var e = layout.Routes[i].Edge;
            svg.Element("path", ("d", PathData(curves[i])), ("fill", "none"), ("stroke", e.Highlighted ? Red : Ink),
                        ("stroke-width", e.Highlighted ? 2.5 : 1.3), ("marker-end", e.Highlighted ? "url(#arrow-red)" : "url(#arrow)"),
                        ("class", $"edge e{e.From}-{e.To}"));
        }
        // The start arrow.
        double sx = layout.X[0] - R, sy = layout.Y[0];
        svg.Element("path", ("d", $"M{SvgWriter.Num(sx - 40)},{SvgWriter.Num(sy)} L{SvgWriter.Num(sx)},{SvgWriter.Num(sy)}"),
                    ("stroke", onPath[0] ? Red : Ink), ("stroke-width", 1.5), ("marker-end", onPath[0] ? "url(#arrow-red)" : "url(#arrow)"));
        svg.Element("text", "start", ("x", sx - 40), ("y", sy - 6), ("font-size", 11), ("fill", "#666666"));

        // States.
        for (int q = 0; q < fsa.StateCount; q++)
        {
            string stroke = onPath[q] ? Red : Ink;
            double width = onPath[q] ? 2.5 : 1.5;
            svg.Open("g", ("class", fsa.IsAccepting(q) ? "state accepting" : "state"), ("id", $"state{q}"));
            svg.Element("title", $"state {q}: {fsa.Classes[fsa.States[q].Label]}, {fsa.States[q].Size} points");
            svg.Element("circle", ("cx", layout.X[q]), ("cy", layout.Y[q]), ("r", R), ("fill", fsa.IsAccepting(q) ? "#eef5ff" : "white"),
                        ("stroke", stroke), ("stroke-width", width));
            if (fsa.IsAccepting(q))
                svg.Element("circle", ("cx", layout.X[q]), ("cy", layout.Y[q]), ("r", R - 4.5), ("fill", "none"), ("stroke", stroke), ("stroke-width", width));
            bool sizes = options.ShowSizes, named = !fsa.HasPositiveClass;
            // Binary: id (and n=size) inside the circle, F drawn as a ring. Otherwise the state's class
            // name in the circle under the id (sizes then go in the tooltip only).
            svg.Element("text", q.ToString(System.Globalization.CultureInfo.InvariantCulture), ("x", layout.X[q]), ("y", layout.Y[q] + (sizes || named ? 0 : 5)),
                        ("text-anchor", "middle"), ("font-weight", "bold"), ("font-size", 14), ("fill", onPath[q] ? Red : "#111111"));
            if (named)
                svg.Element("text", ClassTag(fsa.Classes[fsa.States[q].Label]), ("x", layout.X[q]), ("y", layout.Y[q] + 13),
                            ("text-anchor", "middle"), ("font-size", 10), ("fill", "#1f4e9a"), ("class", "class-name"));
            else if (sizes)
                svg.Element("text", $"n={fsa.States[q].Size}", ("x", layout.X[q]), ("y", layout.Y[q] + 12),
                            ("text-anchor", "middle"), ("font-size", 9), ("fill", "#555555"));
            svg.Close();
        }
        // Edge labels on a light background so crossing lines do not hide them.
        for (int i = 0; i < labels.Count; i++)
        {
            var e = layout.Routes[i].Edge;
            var b = labels[i];
            // The background hugs the text (the placement box is a little larger, for clearance).
            svg.Element("rect", ("x", b.X0 + 3), ("y", b.Y0 + 2), ("width", b.X1 - b.X0 - 6), ("height", b.Y1 - b.Y0 - 3), ("rx", 3),
                        ("fill", "white"), ("fill-opacity", 0.85));
            svg.Element("text", e.Label, ("x", (b.X0 + b.X1) / 2), ("y", b.Y1 - 4), ("text-anchor", "middle"),
                        ("fill", e.Highlighted ? Red : "#222222"), ("font-weight", e.Highlighted ? "bold" : null), ("class", "label"));
        }
        return svg.ToString();
    }

    /// <summary>A class name short enough to fit in a state's circle (7 characters; longer names end in '…').</summary>
    internal static string ClassTag(string name) => name.Length <= 7 ? name : name[..6] + "…";

    /// <summary>Estimated width of a label in the drawing's font.</summary>
    internal static double LabelWidth(string label) => label.Length * 7.4 + 8;

    // ---- geometry ----

    /// <summary>A cubic Bézier segment: start, two controls, end.</summary>
    private sealed record Cubic((double X, double Y) P0, (double X, double Y) C1, (double X, double Y) C2, (double X, double Y) P3)
        : IEnumerable<(double X, double Y)>
    {
        public (double X, double Y) At(double t)
        {
            double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
            return (a * P0.X + b * C1.X + c * C2.X + d * P3.X, a * P0.Y + b * C1.Y + c * C2.Y + d * P3.Y);
        }
        public IEnumerator<(double X, double Y)> GetEnumerator() { yield return P0; yield return C1; yield return C2; yield return P3; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static (double X, double Y) Add((double X, double Y) a, (double X, double Y) b, double s = 1) => (a.X + s * b.X, a.Y + s * b.Y);
    private static (double X, double Y) Sub((double X, double Y) a, (double X, double Y) b) => (a.X - b.X, a.Y - b.Y);
    private static (double X, double Y) Unit((double X, double Y) v) { double l = Math.Sqrt(v.X * v.X + v.Y * v.Y); return l < 1e-9 ? (1, 0) : (v.X / l, v.Y / l); }
    private static (double X, double Y) Dir(double degrees) => (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));

    /// <summary>How many sample points of the other curves lie inside the box spanned by <paramref name="curve"/>.</summary>
    private static int Crowding(List<Cubic> curve, List<List<Cubic>> others, int self)
    {
        var pts = curve.SelectMany(c => c).ToList();
        var box = new Box(pts.Min(p => p.X), pts.Min(p => p.Y), pts.Max(p => p.X), pts.Max(p => p.Y));
        int n = 0;
        for (int j = 0; j < others.Count; j++)
            if (j != self)
                foreach (var seg in others[j])
                    for (int k = 1; k < 16; k++) if (box.Contains(seg.At(k / 16.0))) n++;
        return n;
    }

    /// <param name="route">The edge's route.</param>
    /// <param name="side">For an arc inside one column: +1 bulges right, −1 left.</param>
    private static List<Cubic> Curve(FsaLayout.Route route, double side)
    {
        var p = route.Points;
        var c0 = p[0];
        var c1 = p[^1];
        List<Cubic> segments;
        if (route.SameLayer)
        {
            // Arc beside the column, bulging to 'side' (+1 right, −1 left).
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
    /// it leaves the circle at angle − 20°, returns at angle + 20°, its apex ≈ 48 units from the centre.</summary>
    private static Cubic Loop((double X, double Y) c, double angle)
        => new(Add(c, Dir(angle - 20), R), Add(c, Dir(angle - 35), 70), Add(c, Dir(angle + 35), 70), Add(c, Dir(angle + 20), R));

    /// <summary>Where a state's self-loop goes: the direction (up first, then down, right, left and the
    /// diagonals) farthest from the edges at the state, away from other states and the start arrow.</summary>
    private static double LoopDirection(FsaLayout layout, List<List<Cubic>> curves, int q, double labelWidth)
    {
        var c = (layout.X[q], layout.Y[q]);
        var incident = new List<double>();
        if (q == 0) incident.Add(180);
        foreach (var curve in curves.Where(cv => cv.Count > 0))
        {
            if (Near(curve[0].P0, c)) incident.Add(Angle(Sub(curve[0].C1, c)));
            if (Near(curve[^1].P3, c)) incident.Add(Angle(Sub(curve[^1].C2, c)));
        }
        double best = double.MaxValue, bestAngle = -90;
        double[] candidates = [-90, 90, 0, 180, -45, -135, 45, 135];
        for (int k = 0; k < candidates.Length; k++)
        {
            double a = candidates[k];
            double clearance = incident.Count == 0 ? 180 : incident.Min(x => AngleBetween(a, x));
            var apex = Box.Around(Add(c, Dir(a), 40), 60, 60);
            var label = Box.Around(Add(c, Dir(a), 62 + Math.Abs(Dir(a).X) * labelWidth / 2), labelWidth, LabelHeight);
            double crowd = Enumerable.Range(0, layout.StateCount).Where(o => o != q)
                .Sum(o => { var s = Box.Around((layout.X[o], layout.Y[o]), 2 * R, 2 * R); return s.Overlap(apex) + s.Overlap(label); });
            double cost = -Math.Min(clearance, 90) + crowd + k;
            if (cost < best) { best = cost; bestAngle = a; }
        }
        return bestAngle;
    }

    private static bool Near((double X, double Y) p, (double X, double Y) c) => Math.Abs(Math.Sqrt((p.X - c.X) * (p.X - c.X) + (p.Y - c.Y) * (p.Y - c.Y)) - R) < 0.5;
    private static double Angle((double X, double Y) v) => Math.Atan2(v.Y, v.X) * 180 / Math.PI;
    private static double AngleBetween(double a, double b) { double d = Math.Abs(a - b) % 360; return d > 180 ? 360 - d : d; }

    private static string PathData(List<Cubic> segments)
    {
        static string P((double X, double Y) p) => $"{SvgWriter.Num(p.X)},{SvgWriter.Num(p.Y)}";
        var d = new System.Text.StringBuilder($"M{P(segments[0].P0)}");
        foreach (var s in segments) d.Append($" C{P(s.C1)} {P(s.C2)} {P(s.P3)}");
        return d.ToString();
    }

    // ---- labels ----

    private readonly record struct Box(double X0, double Y0, double X1, double Y1)
    {
        public double Overlap(Box o) => Math.Max(0, Math.Min(X1, o.X1) - Math.Max(X0, o.X0)) * Math.Max(0, Math.Min(Y1, o.Y1) - Math.Max(Y0, o.Y0));
        public bool Contains((double X, double Y) p) => p.X > X0 && p.X < X1 && p.Y > Y0 && p.Y < Y1;
        public static Box Around((double X, double Y) c, double w, double h) => new(c.X - w / 2, c.Y - h / 2, c.X + w / 2, c.Y + h / 2);
    }

    private static List<Box> PlaceLabels(FsaLayout layout, List<List<Cubic>> curves, double[] loopAngle)
    {
        var states = Enumerable.Range(0, layout.StateCount).Select(q => Box.Around((layout.X[q], layout.Y[q]), 2 * R + 4, 2 * R + 4)).ToList();
        var samples = curves.Select(c => c.SelectMany(s => Enumerable.Range(1, 31).Select(k => s.At(k / 32.0))).ToList()).ToList();
        var placed = new List<Box>();
        // Longest labels first: they have the fewest good places.
        var order = Enumerable.Range(0, curves.Count).OrderByDescending(i => layout.Routes[i].Edge.Label.Length).ThenBy(i => i).ToList();
        var result = new Box[curves.Count];
        foreach (int i in order)
        {
            var route = layout.Routes[i];
            double w = LabelWidth(route.Edge.Label), h = LabelHeight;
            var candidates = new List<(double X, double Y)>();
            if (route.Points.Count == 1)
            {
                // Beyond the loop's apex, then turned a little to either side.
                var c = route.Points[0];
                foreach (double turn in new[] { 0.0, -30, 30, -55, 55 })
                {
                    var d = Dir(loopAngle[i] + turn);
                    candidates.Add(Add(c, d, 56 + Math.Abs(d.X) * (w / 2 + 2) + Math.Abs(d.Y) * (h / 2)));
                }
            }
            else
            {
                var seg = curves[i][(curves[i].Count - 1) / 2];
                foreach (double t in new[] { 0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8 })
                {
                    var p = seg.At(t);
                    candidates.Add((p.X, p.Y - h / 2 - 1));
                    candidates.Add((p.X, p.Y + h / 2 + 1));
                    candidates.Add(p);
                }
            }
            double best = double.MaxValue;
            Box chosen = default;
            for (int k = 0; k < candidates.Count; k++)
            {
                var box = Box.Around(candidates[k], w, h);
                double cost = k * 0.5
                    + 10 * states.Sum(s => s.Overlap(box))
                    + 10 * placed.Sum(b => b.Overlap(box))
                    + 40 * samples.Where((_, j) => j != i).Sum(ps => ps.Count(box.Contains))
                    + 4 * samples[i].Count(box.Contains);
                if (cost < best) { best = cost; chosen = box; }
            }
            placed.Add(chosen);
            result[i] = chosen;
        }
        return result.ToList();
    }
}
