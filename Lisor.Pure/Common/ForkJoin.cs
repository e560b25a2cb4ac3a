namespace Lisor.Pure.Common;

/// <summary>
/// <see cref="Parallelism.ForBlocks"/> for many short rounds (a training batch of the paper's sizes takes
/// 50–200 µs): the blocks run on the calling thread and on long-lived helper threads that wait for the next
/// round on a semaphore (which spins briefly before sleeping) — no task scheduling, no allocation per round.
/// (Helpers that kept polling for 30–100 µs after a round were slower on the shared, loaded 2-core machine:
/// the polling took time from the threads doing the work.) Blocks are handed out in a dynamic order, but
/// which thread runs a block never changes what it computes: callers keep fixed blocks and reduce in block
/// order, as with <see cref="Parallelism.ForBlocks"/>. At most <see cref="Parallelism.Threads"/> threads
/// work; a round started while another is running (nested or from another thread) falls back to
/// <see cref="Parallelism.ForBlocks"/>. Exceptions of the blocks are rethrown as one AggregateException.
/// </summary>
internal static class ForkJoin
{
    private static int _busy;
    private static Team? _team;

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
            _team.Run(threads - 1, blockCount, body);
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
        private int _blockCount, _next, _pending, _round;
        private List<Exception>? _errors;

        public void Run(int helpers, int blockCount, Action<int> body)
        {
            while (_helpers.Count < helpers) _helpers.Add(new Helper(this, _helpers.Count));
            _body = body; _blockCount = blockCount; _next = 0; _errors = null;
            _pending = helpers;
            _done.Reset();
            int round = ++_round;
            for (int i = 0; i < helpers; i++) _helpers[i].Start(round);
            Work();
            _done.Wait();
            if (_errors is not null) throw new AggregateException(_errors);
        }

        // Takes blocks until none is left.
        private void Work()
        {
            int b;
            while ((b = Interlocked.Increment(ref _next) - 1) < _blockCount)
            {
                try { _body(b); }
                catch (Exception e) { lock (_helpers) (_errors ??= []).Add(e); }
            }
        }

        private sealed class Helper
        {
            private readonly Team _team;
            private readonly SemaphoreSlim _wake = new(0);

            public Helper(Team team, int index)
            {
                _team = team;
                new Thread(Loop) { IsBackground = true, Name = $"Lisor fork-join {index + 1}" }.Start();
            }

            private int _ticket;   // the last round this helper was given

            // The round's state is written before the ticket (a volatile write), so the helper sees all of it.
            public void Start(int round)
            {
                Volatile.Write(ref _ticket, round);
                _wake.Release();
            }

            private void Loop()
            {
                int seen = 0;
                while (true)
                {
                    // wait for a round given to this helper (a release left over from a round it saw early only means another look)
                    while (Volatile.Read(ref _ticket) == seen) _wake.Wait();
                    seen = Volatile.Read(ref _ticket);
                    _team.Work();
                    if (Interlocked.Decrement(ref _team._pending) == 0) _team._done.Set();
                }
            }
        }
    }
}
