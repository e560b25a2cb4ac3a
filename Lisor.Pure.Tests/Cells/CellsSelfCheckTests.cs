using Lisor.Pure.Cells;

namespace Lisor.Pure.Tests.Cells;

/// <summary>The `check` command's cell rows pass, one per cell kind.</summary>
public class CellsSelfCheckTests
{
    [Test]
    public void Every_cell_passes_its_float_finite_difference_self_check()
    {
        var results = new CellsSelfCheck().Run().ToList();
        Assert.That(results.Select(r => r.Area).Distinct(), Is.EqualTo(new[] { "cells" }));
        Assert.That(results, Has.Count.EqualTo(RecurrentCell.Kinds.Length));
        foreach (var r in results)
        {
            TestContext.Out.WriteLine($"{r.Path}: worst relative error {r.MaxError:E2} (tolerance {r.Tolerance:E0})");
            Assert.That(r.Pass, $"{r.Path}: {r.MaxError}");
        }
    }
}
