using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// A warm <see cref="Refinement"/> allocates only its result (the partition: one int per node): its workspace — the
/// moves and their radix sort's scratch, the members by block, the packed references — is kept between calls.
/// </summary>
public class RefinementAllocationTests
{
    [TestCase(0.0)]
    [TestCase(0.05)]
    public void A_warm_refinement_allocates_only_its_partition(double tolerance)
    {
        var dfa = RandomDfa.Minimal(8, 3, seed: 4);
        var strings = RandomDfa.Sample(dfa, 300, 1, 12, new Rng(5)).Select(e => e.Tokens).ToList();
        var tree = new PrefixTree(new DfaOracle(dfa, copies: 3), strings);
        var initial = new int[tree.Count];   // one cluster: every split is the refinement's own
        var refinement = new Refinement();
        for (int warm = 0; warm < 2; warm++) refinement.Refine(tree, tree.States, initial, 1, maxBlocks: 64, tolerance);
        // the fewest bytes of three warm calls (a method swapped in by the test host's tiered JIT falls in one)
        long fewest = long.MaxValue;
        int splits = 0;
        for (int call = 0; call < 3; call++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            splits = refinement.Refine(tree, tree.States, initial, 1, maxBlocks: 64, tolerance).Splits;
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.That(splits, Is.GreaterThan(3), "a refinement that splits");
        // the partition: an int[nodes] and its object (headers and fields: well under 200 bytes)
        Assert.That(fewest, Is.LessThanOrEqualTo(4L * tree.Count + 200), $"{tree.Count} nodes");
    }
}
