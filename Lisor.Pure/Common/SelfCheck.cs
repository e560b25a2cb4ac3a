namespace Lisor.Pure.Common;

/// <summary>One line of the `check` command's table: a code path tried at one size against its reference.</summary>
internal sealed record SelfCheckResult(string Area, string Path, string Size, double MaxError, double Tolerance)
{
    public bool Pass => MaxError <= Tolerance && !double.IsNaN(MaxError);
}

/// <summary>
/// A group of run-time self checks (kernel paths against scalar references, backward passes against
/// finite differences). The `check` command finds every implementation by reflection and runs it.
/// </summary>
internal interface ISelfCheck
{
    /// <summary>What is checked, e.g. "kernels" or "cells".</summary>
    string Area { get; }
    IEnumerable<SelfCheckResult> Run();
}
