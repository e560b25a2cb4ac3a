using Lisor.Pure.Extraction;
using Lisor.Pure.Tests.Training;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>R as a membership oracle: its answers, its prefix cache and what it counts.</summary>
public class RnnOracleTests
{
    private static readonly string[] Sigma = ["a", "b", "c"];

    [TestCase("srn"), TestCase("lstm")]
    public void Answers_as_the_batched_model_does(string kind)
    {
        var model = StepApiTests.RandomModel(kind, 2, InputKind.Embedding);
        var oracle = new RnnOracle(model, Sigma);
        var rng = new Lisor.Pure.Tensors.Rng(5);
        var words = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, rng.NextInt(9)).Select(_ => rng.NextInt(3)).ToArray()).ToList();
        var batched = model.Predict(words.Select(w => new Lisor.Pure.Sequences.LabeledSequence("0", w.Select(a => Sigma[a]).ToArray())).ToList());
        for (int i = 0; i < words.Count; i++) Assert.That(oracle.Classify(words[i]), Is.EqualTo(batched[i]));
        // Asked again: the same answers from the cache, without a step.
        long steps = oracle.Steps;
        for (int i = 0; i < words.Count; i++) Assert.That(oracle.Classify(words[i]), Is.EqualTo(batched[i]));
        Assert.That(oracle.Steps, Is.EqualTo(steps));
    }

    [Test]
    public void A_one_symbol_extension_of_an_asked_word_costs_one_step()
    {
        var oracle = new RnnOracle(StepApiTests.RandomModel("gru", 3, InputKind.OneHot), Sigma);
        oracle.Classify([]);
        Assert.That((oracle.Queries, oracle.Steps, oracle.Outputs, oracle.CachedPrefixes), Is.EqualTo((1L, 0L, 1L, 1)));
        oracle.Classify([0, 1, 2, 1]);
        Assert.That((oracle.Queries, oracle.Steps, oracle.Outputs, oracle.CachedPrefixes), Is.EqualTo((2L, 4L, 2L, 5)));
        oracle.Classify([0, 1, 2, 1, 0]);
        Assert.That((oracle.Steps, oracle.Outputs), Is.EqualTo((5L, 3L)));
        oracle.Classify([0, 1]);   // a cached prefix, not asked before: no step, one output
        Assert.That((oracle.Steps, oracle.Outputs), Is.EqualTo((5L, 4L)));
        oracle.Classify([0, 1]);   // asked before: nothing
        Assert.That((oracle.Queries, oracle.Steps, oracle.Outputs), Is.EqualTo((5L, 5L, 4L)));
        oracle.Classify([0, 2]);
        Assert.That((oracle.Steps, oracle.CachedPrefixes), Is.EqualTo((6L, 7)));
    }

    [Test]
    public void A_full_cache_still_answers_right_and_stops_growing()
    {
        var model = StepApiTests.RandomModel("mgu", 2, InputKind.OneHot);
        int stateSize = 2 * model.Hidden;
        var bounded = new RnnOracle(model, Sigma, maxCachedFloats: 4 * stateSize);   // room for 4 prefixes
        var free = new RnnOracle(model, Sigma);
        var rng = new Lisor.Pure.Tensors.Rng(9);
        for (int i = 0; i < 300; i++)
        {
            var w = Enumerable.Range(0, rng.NextInt(12)).Select(_ => rng.NextInt(3)).ToArray();
            Assert.That(bounded.Classify(w), Is.EqualTo(free.Classify(w)));
        }
        Assert.That(bounded.CachedPrefixes, Is.EqualTo(4));
        Assert.That(bounded.Steps, Is.GreaterThan(free.Steps));
    }

    [Test]
    public void A_query_allocates_nothing_once_warm()
    {
        var oracle = new RnnOracle(StepApiTests.RandomModel("lstm", 3, InputKind.Embedding), Sigma, maxCachedFloats: 16 * 36);   // 16 prefixes of a 3 × 6 LSTM ([h | c] per layer)
        var words = new[] { new[] { 0, 1, 2 }, new[] { 2, 2, 2, 2, 2, 2, 2, 2, 1 }, new[] { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 2, 1 } };
        for (int r = 0; r < 3; r++) foreach (var w in words) oracle.Classify(w);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 200; r++) foreach (var w in words) oracle.Classify(w.AsSpan(0, w.Length - r % 3));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(oracle.CachedPrefixes, Is.EqualTo(16), "the cache filled up, so the long word runs past it");
    }

    [Test]
    public void An_L_star_membership_query_allocates_nothing_once_warm()
    {
        // L*'s inner loop: MQ(u·a·v) through the table's word buffer into R (a GRU, cache large enough for every prefix).
        var table = new LStarTable(new RnnOracle(StepApiTests.RandomModel("gru", 3, InputKind.Embedding), Sigma));
        int[] u = [0, 1], v = [2, 2, 1, 0];
        for (int a = 0; a < 3; a++) table.Query(u, a, v);
        long queries = table.Queries, before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 300; r++) table.Query(u.AsSpan(0, r % 3 == 0 ? 1 : 2), r % 3, v.AsSpan(0, r % 5));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(table.Queries - queries, Is.EqualTo(300));
    }
}
