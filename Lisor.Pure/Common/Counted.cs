using System.Globalization;

namespace Lisor.Pure.Common;

/// <summary>A count and its noun as a report prints them: "1 state", "3 states", "0 states".</summary>
internal static class Counted
{
    /// <summary><paramref name="n"/> and <paramref name="noun"/>, plural (<paramref name="plural"/>, else noun + "s") unless n is 1.</summary>
    public static string Of(long n, string noun, string? plural = null)
        => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : plural ?? noun + "s");
}
