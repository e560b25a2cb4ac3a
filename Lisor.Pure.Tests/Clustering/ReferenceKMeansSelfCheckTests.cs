using Lisor.Pure.Cli;
using Lisor.Pure.Clustering.Reference;

namespace Lisor.Pure.Tests.Clustering;

public class ReferenceKMeansSelfCheckTests
{
    [Test]
    public void Check_command_clustering_rows_pass_and_cover_seeding_and_lloyd()
    {
        var rows = new ReferenceKMeansSelfCheck().Run().ToList();
        Assert.That(rows.Select(r => r.Path).Distinct(), Is.EquivalentTo(new[] { "k-means++ against reference", "Lloyd against reference" }));
        Assert.That(rows, Has.All.Matches<Lisor.Pure.Common.SelfCheckResult>(r => r.Pass));
        Assert.That(CheckCommand.Discover().Select(c => c.GetType()), Does.Contain(typeof(ReferenceKMeansSelfCheck)));
    }

    [Test]
    public void Engine_agrees_with_the_references_on_structureless_gaussian_noise()
    {
        var x = new float[600 * 6];
        var rng = new Lisor.Pure.Tensors.Rng(1);
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var (seeding, lloyd) = ReferenceKMeansSelfCheck.Errors(x, 600, seed: 3);
        Assert.That(seeding, Is.Zero, "the same centres chosen");
        Assert.That(lloyd, Is.LessThan(1e-5), "the same assignments and inertia");
    }
}
