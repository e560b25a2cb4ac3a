using Lisor.Pure.Automata;
using static Lisor.Pure.Drawing.FsaGeometry;

namespace Lisor.Pure.Drawing;

/// <summary>
/// The geometry of an FSA drawing, before it is written as SVG: the layout's state centres, one curve
/// per merged edge, where each self-loop points, and every label's box. Built in this order:
/// <list type="number">
/// <item>edges between columns, then arcs inside a column on the side they cross less;</item>
/// <item>ports: the ends of edges at each state spread apart (<see cref="FsaPorts"/>);</item>
/// <item>self-loops, where the state has room, and the ports spread again around their feet;</item>
/// <item>labels (<see cref="FsaLabels"/>).</item>
/// </list>
/// </summary>
internal sealed class FsaPicture
{
    public const double LabelHeight = 16;
    private const double R = FsaLayout.Radius;

    /// <summary>Direction of the start arrow into state 0 (it comes from the left).</summary>
    public const double StartArrowAngle = 180;

    public Fsa Fsa { get; }
    public FsaLayout Layout { get; }
    /// <summary>Per route (<see cref="FsaLayout.Routes"/>): its curve, from circle to circle.</summary>
    public List<List<Cubic>> Curves { get; }
    /// <summary>Per route: where its self-loop points (degrees), NaN for other edges.</summary>
    public double[] LoopAngle { get; }
    /// <summary>Per route: the box its label is drawn in.</summary>
    public List<Box> Labels { get; }
    /// <summary>Per state: on the highlighted path.</summary>
    public bool[] OnPath { get; }

    public FsaPicture(Fsa fsa, FsaDrawOptions options)
    {
        Fsa = fsa;
        var edges = FsaEdges.Of(fsa, options, out bool[] onPath);
        OnPath = onPath;
        Layout = new FsaLayout(fsa, edges, LabelWidth);
        var routes = Layout.Routes;
        Curves = routes.Select(r => r.Points.Count == 1 || r.SameLayer ? [] : FsaCurves.Edge(r, 0)).ToList();
        for (int i = 0; i < Curves.Count; i++)
            if (routes[i].SameLayer)
            {
                var r = routes[i];
                double preferred = r.Points[1].Y > r.Points[0].Y ? 1 : -1;
                var sides = new[] { preferred, -preferred };
                Curves[i] = sides.Select(side => FsaCurves.Edge(r, side)).MinBy(c => FsaCurves.Crowding(c, Curves, i))!;
            }
        var routeEdges = routes.Select(r => r.Edge).ToList();
        var fixedAngles = Enumerable.Range(0, fsa.StateCount).Select(q => q == Fsa.Start ? new List<double> { StartArrowAngle } : new List<double>()).ToList();
        FsaPorts.Spread(Layout, Curves, routeEdges, fixedAngles);

        LoopAngle = Enumerable.Repeat(double.NaN, Curves.Count).ToArray();
        for (int i = 0; i < Curves.Count; i++)
            if (routes[i].Points.Count == 1)
            {
                int q = routes[i].Edge.From;
                var incident = PortAngles(q).ToList();
                LoopAngle[i] = FsaCurves.LoopDirection(Layout, Curves, q, incident, LabelWidth(routes[i].Edge.Label));
                Curves[i] = [FsaCurves.Loop(routes[i].Points[0], LoopAngle[i])];
                fixedAngles[q].AddRange([LoopAngle[i] - 20, LoopAngle[i] + 20]);
            }
        FsaPorts.Spread(Layout, Curves, routeEdges, fixedAngles);
        Labels = FsaLabels.Place(Layout, Curves, LoopAngle, routes.Select(r => LabelWidth(r.Edge.Label)).ToList());
    }

    /// <summary>Estimated width of a label in the drawing's font (13 px Helvetica), with a little margin.</summary>
    public static double LabelWidth(string label) => label.Length * 7.4 + 8;

    /// <summary>The directions (degrees) of every line meeting state <paramref name="q"/>'s circle: edge
    /// ends, self-loop feet and, for the start state, the start arrow.</summary>
    public IEnumerable<double> PortAngles(int q)
    {
        var c = (Layout.X[q], Layout.Y[q]);
        if (q == Fsa.Start) yield return StartArrowAngle;
        for (int i = 0; i < Curves.Count; i++)
        {
            var e = Layout.Routes[i].Edge;
            if (Curves[i].Count == 0) continue;
            if (e.From == q) yield return Angle(Sub(Curves[i][0].P0, c));
            if (e.To == q) yield return Angle(Sub(Curves[i][^1].P3, c));
        }
    }

    /// <summary>The box of everything drawn: states (with room for the start arrow), curves and labels.</summary>
    public Box Bounds()
    {
        var xs = new List<double>(); var ys = new List<double>();
        for (int q = 0; q < Fsa.StateCount; q++) { xs.Add(Layout.X[q] - R - 50); xs.Add(Layout.X[q] + R); ys.Add(Layout.Y[q] - R); ys.Add(Layout.Y[q] + R); }
        foreach (var c in Curves) foreach (var seg in c) foreach (var p in seg.Points()) { xs.Add(p.X); ys.Add(p.Y); }
        foreach (var b in Labels) { xs.Add(b.X0); xs.Add(b.X1); ys.Add(b.Y0); ys.Add(b.Y1); }
        return new Box(xs.Min(), ys.Min(), xs.Max(), ys.Max());
    }
}
