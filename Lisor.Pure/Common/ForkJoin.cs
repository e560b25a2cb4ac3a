using System.Diagnostics;

namespace Lisor.Pure.Common;

/// <summary>
/// <see cref="Parallelism.ForBlocks"/> for many short rounds (a training batch of the paper's sizes takes
/// 50–200 µs): the blocks run on the calling thread and on long-lived helper threads that wait for the next
/// round on a semaphore (which spins briefly before sleeping) — no task scheduling, no allocation per round.
/// (Helpers that kept polling for 30–100 µs after a round were slower on the shared, loaded 2-core machine:
/// the polling took time from the threads doing the work.) Blocks are taken one at a time, by the caller (and
/// helpers 2, 4, …) from the front of the range and by helpers 1, 3, … from the back
/// (<see cref="Parallelism.BlockRange"/>: each thread walks neighbouring blocks). Which thread runs a block never
/// changes what it computes: callers keep fixed blocks and reduce in block order, as with
/// <see cref="Parallelism.ForBlocks"/>. At most <see cref="Parallelism.Threads"/> threads
/// work; a round started while another is running (nested or from another thread) falls back to
/// <see cref="Parallelism.ForBlocks"/>. Exceptions of the blocks are rethrown as one AggregateException.
/// <para>
/// Shared cores. When other processes keep every core busy, a woken helper can wait for a scheduler tick
/// (milliseconds) before it runs, and a preempted one holds its block as long: a 100 µs round then takes ms, and
/// a whole run goes 20–30× slower than on one thread. So a round after which the calling thread waited for the
/// helpers longer than <see cref="StallFactor"/> times its own work in the round (and at least
/// <see cref="StallFloorSeconds"/>) counts as a stall, and the next rounds run on the calling thread alone — the same
/// blocks, so the same results — first <see cref="FirstBackoff"/> of them, twice as many after each further stall (at
/// most <see cref="MaxBackoff"/>), back to <see cref="FirstBackoff"/> after a round without one. The measure is the
/// round's work, not one block's: a k-means loop of a few ms over 50–250 blocks of 20–150 µs counted a helper late by a
/// fraction of a ms as a stall and then ran its next 32 loops — most of a fit — on one thread.
/// </para>
/// </summary>
internal static class ForkJoin
{
    /// <summary>A round stalled when the caller waited longer than this many times its own work in the round …</summary>
    public const double StallFactor = 4;
    /// <summary>… and longer than this.</summary>
    public const double StallFloorSeconds = 200e-6;
    /// <summary>Rounds run on the calling thread alone after a first stall, and at most after many.</summary>
    public const int FirstBackoff = 32, MaxBackoff = 4096;

    private static int _busy;
    private static Team? _team;
    private static int _serialRounds, _backoff = FirstBackoff;   // (touched only while _busy is held)

    /// <summary>Rounds still to run on the calling thread alone after a stall (for tests).</summary>
    internal static int SerialRoundsLeft => Volatile.Read(ref _serialRounds);

    /// <summary>Calls <paramref name="body"/>(block) for block = 0 … blockCount − 1 on up to <see cref="Parallelism.Threads"/> threads.</summary>
    public static void ForBlocks(int blockCount, Action<int> body)
    {
        int threads = Math.Min(Parallelism.Threads, blockCount);
        if (threads <= 1)
        {
            for (int b = 0; b < blockCount; b++) body(b);
            return;
        }
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Parallelism.ForBlocks(blockCount, body);
            return;
        }
        try
        {
            _team ??= new Team();
            if (_serialRounds > 0)
            {
                _serialRounds--;
                _team.RunHere(blockCount, body);
                return;
            }
            bool stalled = _team.Run(threads - 1, blockCount, body);
            if (stalled) { _serialRounds = _backoff; _backoff = Math.Min(2 * _backoff, MaxBackoff); }
            else _backoff = FirstBackoff;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>The helper threads and the state of the current round (one round at a time, guarded by _busy).</summary>
    private sealed class Team
    {
        private readonly List<Helper> _helpers = [];
        private readonly ManualResetEventSlim _done = new(false);
        private Action<int> _body = _ => { };
        private readonly Parallelism.BlockRange _blocks = new(0);
        private int _pending;
        private List<Exception>? _errors;

        /// <summary>
        /// One round on the caller and <paramref name="helpers"/> helpers; returns whether it stalled (see <see cref="ForkJoin"/>).
        /// The round is offered to the helpers; once the caller has taken the last block, it withdraws the offers no helper
        /// has taken yet and waits only for the helpers that did. (A helper woken late — 3–6 ms at times on this VM, idle
        /// — would otherwise hold up a round of 0.1 ms that the caller had finished alone.)
        /// </summary>
        public bool Run(int helpers, int blockCount, Action<int> body)
        {
            while (_helpers.Count < helpers) _helpers.Add(new Helper(this, _helpers.Count));
            _body = body; _blocks.Reset(blockCount); _errors = null;
            _pending = helpers;
            _done.Reset();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < helpers; i++) _helpers[i].Offer();
            int mine = Work(fromFront: true);
            long worked = Stopwatch.GetTimestamp();
            for (int i = 0; i < helpers; i++)
                if (_helpers[i].Withdraw()) Finished();
            _done.Wait();
            double waited = Stopwatch.GetElapsedTime(worked).TotalSeconds;
            if (_errors is not null) throw new AggregateException(_errors);
            // (a caller that ran no block has no measure of one: no verdict)
            return mine > 0 && waited > Math.Max(StallFloorSeconds, StallFactor * Stopwatch.GetElapsedTime(start, worked).TotalSeconds);
        }

        /// <summary>A round on the calling thread alone, errors gathered as in <see cref="Run"/>.</summary>
        public void RunHere(int blockCount, Action<int> body)
        {
            _body = body; _blocks.Reset(blockCount); _errors = null;
            Work(fromFront: true);
            if (_errors is not null) throw new AggregateException(_errors);
        }

        // Takes blocks until none is left; returns how many it ran.
        private int Work(bool fromFront)
        {
            int b, ran = 0;
            while ((b = _blocks.Take(fromFront)) >= 0)
            {
                ran++;
                try { _body(b); }
                catch (Exception e) { lock (_helpers) (_errors ??= []).Add(e); }
            }
            return ran;
        }

        // One helper is through with the round (it worked, or its offer was withdrawn).
        private void Finished()
        {
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }

        private sealed class Helper
        {
            private const int Idle = 0, Offered = 1, Taken = 2;
            private readonly Team _team;
            private readonly SemaphoreSlim _wake = new(0);
            private int _slot;   // Idle → Offered (the caller) → Taken (this helper) or back to Idle (withdrawn by the caller)
            private readonly bool _fromFront;   // helpers 1, 3, … (index 0, 2, …) take blocks from the back, the others from the front

            public Helper(Team team, int index)
            {
                _team = team;
                _fromFront = index % 2 == 1;
                new Thread(Loop) { IsBackground = true, Name = $"Lisor fork-join {index + 1}" }.Start();
            }

            // The round's state is written before the offer (a volatile write), so a helper that takes it sees all of it.
            public void Offer()
            {
                Volatile.Write(ref _slot, Offered);
                _wake.Release();
            }

            /// <summary>Takes back an offer this helper has not taken: true when withdrawn (it will not work in this round).</summary>
            public bool Withdraw() => Interlocked.CompareExchange(ref _slot, Idle, Offered) == Offered;

            private void Loop()
            {
                while (true)
                {
                    _wake.Wait();
                    // take the offer, unless the caller withdrew it (then this release is a stale one: wait again)
                    if (Interlocked.CompareExchange(ref _slot, Taken, Offered) != Offered) continue;
                    _team.Work(_fromFront);
                    Volatile.Write(ref _slot, Idle);   // before Finished: the caller offers the next round only after it
                    _team.Finished();
                }
            }
        }
    }
}
