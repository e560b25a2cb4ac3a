using Lisor.Pure.Drawing;
using static Lisor.Pure.Drawing.FsaGeometry;

namespace Lisor.Pure.Tests.Automata;

/// <summary>
/// What a readable FSA drawing must satisfy, measured on its geometry (<see cref="FsaPicture"/>):
/// every violation is one line naming the states, edges or labels involved.
/// </summary>
internal static class FsaPictureChecks
{
    /// <summary>Least angle between two lines meeting a circle, when the circle has room for it.</summary>
    public const double MinPortDegrees = 24;
    /// <summary>Farthest a self-loop's label may sit from its loop.</summary>
    public const double MaxLoopLabelGap = 8;

    /// <summary>The box the label's background is drawn in (the placement box less its margin, as FsaSvg draws it).</summary>
    public static Box Drawn(Box b) => new(b.X0 + 3, b.Y0 + 2, b.X1 - 3, b.Y1 - 1);

    public static List<string> LabelsOverlapping(FsaPicture p)
    {
        var bad = new List<string>();
        var routes = p.Layout.Routes;
        for (int i = 0; i < p.Labels.Count; i++)
            for (int j = i + 1; j < p.Labels.Count; j++)
                if (Drawn(p.Labels[i]).Overlap(Drawn(p.Labels[j])) > 0)
                    bad.Add($"label of {Name(routes[i].Edge)} overlaps label of {Name(routes[j].Edge)}");
        return bad;
    }

    /// <summary>Labels over a state's circle or the start arrow.</summary>
    public static List<string> LabelsOnStates(FsaPicture p)
    {
        var bad = new List<string>();
        for (int i = 0; i < p.Labels.Count; i++)
            for (int q = 0; q < p.Layout.StateCount; q++)
                if (Drawn(p.Labels[i]).DistanceTo((p.Layout.X[q], p.Layout.Y[q])) < FsaLayout.Radius)
                    bad.Add($"label of {Name(p.Layout.Routes[i].Edge)} covers state {q}");
        for (int i = 0; i < p.Labels.Count; i++)
            if (Drawn(p.Labels[i]).Overlap(FsaLabels.StartArrow(p.Layout)) > 0)
                bad.Add($"label of {Name(p.Layout.Routes[i].Edge)} covers the start arrow");
        return bad;
    }

    /// <summary>Lines meeting a state closer than <see cref="MinPortDegrees"/> (or 360° / their number, less a degree, when more do not fit).</summary>
    public static List<string> PortsTooClose(FsaPicture p)
    {
        var bad = new List<string>();
        for (int q = 0; q < p.Layout.StateCount; q++)
        {
            var angles = p.PortAngles(q).ToList();
            double need = Math.Min(MinPortDegrees, 360.0 / angles.Count - 1);
            for (int a = 0; a < angles.Count; a++)
                for (int b = a + 1; b < angles.Count; b++)
                    if (AngleBetween(angles[a], angles[b]) < need)
                        bad.Add($"state {q}: lines at {angles[a]:0}° and {angles[b]:0}° meet {AngleBetween(angles[a], angles[b]):0.0}° apart");
        }
        return bad;
    }

    public static List<string> LoopLabelsAway(FsaPicture p)
    {
        var bad = new List<string>();
        for (int i = 0; i < p.Curves.Count; i++)
        {
            if (double.IsNaN(p.LoopAngle[i])) continue;
            double gap = p.Curves[i].SelectMany(s => s.Samples(64)).Min(Drawn(p.Labels[i]).DistanceTo);
            if (gap > MaxLoopLabelGap) bad.Add($"label of {Name(p.Layout.Routes[i].Edge)} is {gap:0.0} from its loop");
        }
        return bad;
    }

    /// <summary>Labels nearer another curve than their own (they would read as the other edge's).</summary>
    public static List<string> LabelsNearerAnotherEdge(FsaPicture p)
    {
        var bad = new List<string>();
        var samples = p.Curves.Select(c => c.SelectMany(s => s.Samples(64)).ToList()).ToList();
        for (int i = 0; i < p.Labels.Count; i++)
        {
            var box = Drawn(p.Labels[i]);
            double own = samples[i].Min(box.DistanceTo);
            for (int j = 0; j < samples.Count; j++)
                if (j != i && samples[j].Min(box.DistanceTo) < own)
                    bad.Add($"label of {Name(p.Layout.Routes[i].Edge)} is nearer {Name(p.Layout.Routes[j].Edge)} than its own edge");
        }
        return bad;
    }

    public static List<string> All(FsaPicture p)
        => [.. LabelsOverlapping(p), .. LabelsOnStates(p), .. PortsTooClose(p), .. LoopLabelsAway(p), .. LabelsNearerAnotherEdge(p)];

    private static string Name(FsaEdge e) => $"{e.From}→{e.To} '{e.Label}'";
}
