using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>The training batches' fork-join: every block exactly once per round, any thread count, errors surfaced, nesting safe.</summary>
public class ForkJoinTests
{
    private static void WithThreads(int threads, Action action)
    {
        int saved = Parallelism.Threads;
        try { Parallelism.Threads = threads; action(); }
        finally { Parallelism.Threads = saved; }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(8)]
    public void Every_block_runs_exactly_once_in_many_consecutive_rounds(int threads) => WithThreads(threads, () =>
    {
        foreach (int blocks in new[] { 0, 1, 2, 4, 7, 33 })
            for (int round = 0; round < 200; round++)
            {
                var hits = new int[blocks];
                ForkJoin.ForBlocks(blocks, b => Interlocked.Increment(ref hits[b]));
                Assert.That(hits, Is.All.EqualTo(1), $"{blocks} blocks, round {round}");
            }
    });

    [Test]
    public void Fewer_threads_after_more_still_cover_every_block() => WithThreads(4, () =>
    {
        ForkJoin.ForBlocks(8, _ => { });   // four threads' helpers exist now
        Parallelism.Threads = 2;
        var hits = new int[8];
        ForkJoin.ForBlocks(8, b => Interlocked.Increment(ref hits[b]));
        Assert.That(hits, Is.All.EqualTo(1));
    });

    [Test]
    public void A_failing_block_is_rethrown_and_the_next_round_works() => WithThreads(2, () =>
    {
        var e = Assert.Throws<AggregateException>(() => ForkJoin.ForBlocks(4, b => { if (b == 3) throw new InvalidOperationException("block 3"); }));
        Assert.That(e!.InnerExceptions.Single().Message, Is.EqualTo("block 3"));
        var hits = new int[4];
        ForkJoin.ForBlocks(4, b => Interlocked.Increment(ref hits[b]));
        Assert.That(hits, Is.All.EqualTo(1));
    });

    [Test]
    public void A_nested_round_runs_every_inner_block() => WithThreads(2, () =>
    {
        var hits = new int[4, 3];
        ForkJoin.ForBlocks(4, outer => ForkJoin.ForBlocks(3, inner => Interlocked.Increment(ref hits[outer, inner])));
        Assert.That(hits.Cast<int>(), Is.All.EqualTo(1));
    });
}
