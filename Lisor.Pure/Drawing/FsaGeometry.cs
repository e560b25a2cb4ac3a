namespace Lisor.Pure.Drawing;

/// <summary>
/// Plane geometry for FSA drawings, in SVG user units with y pointing down (so angle −90° is up):
/// points as <c>(X, Y)</c> tuples, cubic Bézier segments and axis-aligned boxes.
/// </summary>
internal static class FsaGeometry
{
    public static (double X, double Y) Add((double X, double Y) a, (double X, double Y) b, double s = 1) => (a.X + s * b.X, a.Y + s * b.Y);
    public static (double X, double Y) Sub((double X, double Y) a, (double X, double Y) b) => (a.X - b.X, a.Y - b.Y);
    public static double Length((double X, double Y) v) => Math.Sqrt(v.X * v.X + v.Y * v.Y);
    public static double Distance((double X, double Y) a, (double X, double Y) b) => Length(Sub(a, b));
    public static (double X, double Y) Unit((double X, double Y) v) { double l = Length(v); return l < 1e-9 ? (1, 0) : (v.X / l, v.Y / l); }

    /// <summary>The unit vector at <paramref name="degrees"/> (0 = right, 90 = down).</summary>
    public static (double X, double Y) Dir(double degrees) => (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));

    /// <summary>The angle of <paramref name="v"/> in degrees, in (−180, 180].</summary>
    public static double Angle((double X, double Y) v) => Math.Atan2(v.Y, v.X) * 180 / Math.PI;

    /// <summary>The smaller angle between two directions, in [0, 180].</summary>
    public static double AngleBetween(double a, double b) { double d = Math.Abs(a - b) % 360; return d > 180 ? 360 - d : d; }
}

/// <summary>A cubic Bézier segment: start, two controls, end.
/// B(t) = (1−t)³P0 + 3(1−t)²t C1 + 3(1−t)t² C2 + t³P3.</summary>
internal sealed record Cubic((double X, double Y) P0, (double X, double Y) C1, (double X, double Y) C2, (double X, double Y) P3)
{
    public (double X, double Y) At(double t)
    {
        double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        return (a * P0.X + b * C1.X + c * C2.X + d * P3.X, a * P0.Y + b * C1.Y + c * C2.Y + d * P3.Y);
    }

    /// <summary>The four defining points (the curve lies in their convex hull).</summary>
    public IEnumerable<(double X, double Y)> Points() { yield return P0; yield return C1; yield return C2; yield return P3; }

    /// <summary><paramref name="n"/> − 1 points strictly inside the segment, at t = k / n.</summary>
    public IEnumerable<(double X, double Y)> Samples(int n) => Enumerable.Range(1, n - 1).Select(k => At(k / (double)n));
}

/// <summary>An axis-aligned box [X0, X1] × [Y0, Y1].</summary>
internal readonly record struct Box(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;
    public double Height => Y1 - Y0;
    public (double X, double Y) Centre => ((X0 + X1) / 2, (Y0 + Y1) / 2);

    /// <summary>The area the two boxes share.</summary>
    public double Overlap(Box o) => Math.Max(0, Math.Min(X1, o.X1) - Math.Max(X0, o.X0)) * Math.Max(0, Math.Min(Y1, o.Y1) - Math.Max(Y0, o.Y0));
    public bool Contains((double X, double Y) p) => p.X > X0 && p.X < X1 && p.Y > Y0 && p.Y < Y1;
    public Box Grow(double d) => new(X0 - d, Y0 - d, X1 + d, Y1 + d);

    /// <summary>Distance from <paramref name="p"/> to the box (0 inside).</summary>
    public double DistanceTo((double X, double Y) p)
    {
        double dx = Math.Max(0, Math.Max(X0 - p.X, p.X - X1)), dy = Math.Max(0, Math.Max(Y0 - p.Y, p.Y - Y1));
        return Math.Sqrt(dx * dx + dy * dy);
    }

    public static Box Around((double X, double Y) c, double w, double h) => new(c.X - w / 2, c.Y - h / 2, c.X + w / 2, c.Y + h / 2);
}
