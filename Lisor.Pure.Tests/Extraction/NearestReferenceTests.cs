using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;
using System.Runtime.Intrinsics;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// A prefix without a move on the splitting symbol joins the part holding the member nearest to its state
/// (<see cref="Refinement"/>): the packed search, four members per vector, must choose exactly as the scalar loop does.
/// </summary>
[NonParallelizable]   // Refinement.ScalarNearest is process-wide
public class NearestReferenceTests
{
    [TestCase("gru", 5, 2, 0.0)]    // 10 units
    [TestCase("srn", 7, 3, 0.0)]    // 21: not a whole number of vectors
    [TestCase("lstm", 3, 1, 0.05)]  // tolerant
    public void The_packed_search_refines_exactly_as_the_scalar_one_on_an_RNNs_states(string cell, int hidden, int layers, double tolerance)
    {
        var task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 100, Valid: 400, Test: 20, MaxLength: 14), 3);
        var model = Trainer.Train(task.Train, task.Valid, null,
            new TrainingOptions { Cell = cell, Hidden = hidden, Layers = layers, Epochs = 1, Seed = 3 }, null).Model;
        var tree = new PrefixTree(new ModelOracle(model), task.Valid.Select(e => e.Tokens).ToList());
        AssertSameRefinement(tree, tolerance);
    }

    [Test]
    public void The_packed_search_breaks_ties_as_the_scalar_one_does()
    {
        // a DFA's states are one-hot: every distance is 0 or 2, so nearly every search is a tie
        var dfa = RandomDfa.Minimal(9, 3, seed: 7);
        var strings = RandomDfa.Sample(dfa, 400, 1, 12, new Rng(8)).Select(e => e.Tokens).ToList();
        AssertSameRefinement(new PrefixTree(new DfaOracle(dfa), strings), 0);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(10)]
    [TestCase(21)]
    [TestCase(64)]
    public void Sixteen_packed_distances_have_the_bits_of_the_scalar_one(int dim)
    {
        if (!System.Runtime.Intrinsics.X86.Avx.IsSupported) Assert.Ignore("no AVX: the scalar search runs");
        var rng = new Rng((ulong)dim);
        // states of very different sizes, so that a difference taken in double would round otherwise than in float
        float Value() => (rng.NextFloat() - 0.5f) * MathF.Pow(2, rng.NextInt(40) - 20);
        for (int round = 0; round < 300; round++)
        {
            var x = Enumerable.Range(0, dim).Select(_ => Value()).ToArray();
            var points16 = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, dim).Select(_ => Value()).ToArray()).ToArray();
            var packed16 = new float[dim * 16];
            for (int i = 0; i < 16; i++)
                for (int j = 0; j < dim; j++) packed16[j * 16 + i] = points16[i][j];
            // in two pieces, as the search adds them between its checks
            var d0 = Vector256<double>.Zero; var d1 = d0; var d2 = d0; var d3 = d0;
            int half = dim / 2;
            Refinement.Distances16(ref x[0], ref packed16[0], 0, half, 16, ref d0, ref d1, ref d2, ref d3);
            Refinement.Distances16(ref x[0], ref packed16[0], half, dim, 16, ref d0, ref d1, ref d2, ref d3);
            var sixteen = new[] { d0, d1, d2, d3 }.SelectMany(v => Enumerable.Range(0, 4).Select(i => v.GetElement(i))).ToArray();
            for (int i = 0; i < 16; i++)
                Assert.That(BitConverter.DoubleToInt64Bits(sixteen[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(Refinement.Distance(x, points16[i]))));
        }
    }

    private static void AssertSameRefinement(PrefixTree tree, double tolerance)
    {
        // from one cluster: the most splits, each with its nearest-member searches
        var initial = new int[tree.Count];
        TreePartition Refine(bool scalar)
        {
            Refinement.ScalarNearest = scalar;
            try { return new Refinement().Refine(tree, tree.States, initial, 1, maxBlocks: 1000, tolerance); }
            finally { Refinement.ScalarNearest = false; }
        }
        var packed = Refine(scalar: false);
        var scalar = Refine(scalar: true);
        Assert.That(scalar.Splits, Is.GreaterThan(5), "enough splits to search often");
        Assert.That((packed.Blocks, packed.Splits, packed.Converged), Is.EqualTo((scalar.Blocks, scalar.Splits, scalar.Converged)));
        Assert.That(packed.BlockOf, Is.EqualTo(scalar.BlockOf));
    }
}
