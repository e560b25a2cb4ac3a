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

    // (the caller withdraws offers no helper has taken yet: rounds this short end before most helpers wake)
    [Test]
    public void Tens_of_thousands_of_tiny_rounds_run_every_block_once() => WithThreads(3, () =>
    {
        var hits = new int[3];
        for (int round = 0; round < 30_000; round++)
        {
            int blocks = 1 + round % 3;
            Array.Clear(hits);
            ForkJoin.ForBlocks(blocks, b => Interlocked.Increment(ref hits[b]));
            for (int b = 0; b < blocks; b++)
                if (hits[b] != 1) Assert.Fail($"round {round}: block {b} ran {hits[b]} times");
        }
    });

    [Test]
    public void A_round_held_up_by_a_helper_sends_the_next_rounds_to_the_caller_alone() => WithThreads(2, () =>
    {
        int caller = Environment.CurrentManagedThreadId;
        while (ForkJoin.SerialRoundsLeft > 0) ForkJoin.ForBlocks(2, _ => { });   // (a stall in an earlier test)
        // Block 0 on the caller waits until a helper has taken block 1 (so the caller cannot take it); that helper then
        // holds the round for 200 ms, as a helper preempted by another process would.
        int helperTook = 0;
        bool tookInTime = true;
        ForkJoin.ForBlocks(2, b =>
        {
            if (Environment.CurrentManagedThreadId != caller) { Volatile.Write(ref helperTook, 1); Thread.Sleep(200); return; }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref helperTook) == 0)
                if (clock.ElapsedMilliseconds > 5000) { tookInTime = false; return; }
        });
        // (a helper that never takes an offered block within 5 s is a fork-join fault of its own)
        Assert.That(tookInTime, Is.True, "a helper took block 1 within 5 s");
        int left = ForkJoin.SerialRoundsLeft;
        Assert.That(left, Is.InRange(ForkJoin.FirstBackoff, ForkJoin.MaxBackoff), "rounds sent to the caller alone");
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        var hits = new int[8];
        ForkJoin.ForBlocks(8, b => { threads.Add(Environment.CurrentManagedThreadId); Interlocked.Increment(ref hits[b]); });
        Assert.That(hits, Is.All.EqualTo(1));
        Assert.That(threads.Distinct(), Is.EquivalentTo(new[] { caller }), "the next round ran on the caller alone");
        Assert.That(ForkJoin.SerialRoundsLeft, Is.EqualTo(left - 1));
        for (int round = 1; round < left; round++) ForkJoin.ForBlocks(2, _ => { });
        Assert.That(ForkJoin.SerialRoundsLeft, Is.Zero, "back to helpers after the backoff");
    });
}
