using Lisor.Pure.Drawing;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Tests.Automata;

/// <summary>The label placement skips curves far from a candidate box; it must place every label where the reference,
/// which sums every cost over every sample, does.</summary>
public class LabelPlacementTests
{
    [TestCase(3, 2, 1UL)]
    [TestCase(8, 2, 2UL)]
    [TestCase(12, 3, 3UL)]
    [TestCase(30, 4, 4UL)]
    [TestCase(40, 3, 5UL)]
    public void Labels_are_placed_as_the_reference_places_them(int states, int symbols, ulong seed)
    {
        var fsa = RandomDfa.Minimal(states, symbols, seed);
        var picture = new FsaPicture(fsa, new FsaDrawOptions { ShowSizes = true });
        var widths = picture.Layout.Routes.Select(r => FsaPicture.LabelWidth(r.Edge.Label)).ToList();
        var reference = FsaLabels.PlaceReference(picture.Layout, picture.Curves, picture.LoopAngle, widths);
        Assert.That(picture.Labels, Is.EqualTo(reference));
        Assert.That(picture.Labels, Has.Count.GreaterThan(states - 1));
    }
}
