using System.Diagnostics;

namespace Lisor.Pure.Kernels;

/// <summary>
/// <see cref="Parallelism.ForBlocks"/> for many short rounds (a training batch of the paper's sizes takes
/// 50–200 µs): the blocks run on the calling thread and on long-lived helper threads, which keep polling
/// for the next round for a short while after each one (<see cref="SpinMicroseconds"/>) before they sleep,
/// so consecutive rounds do not pay a thread wake-up each. Blocks are handed out in a dynamic order, but
/// which thread runs a block never changes what it computes: callers keep fixed blocks and reduce in block
/// order, as with <see cref="Parallelism.ForBlocks"/>. At most <see cref="Parallelism.Threads"/> threads
/// work; a round started while another is running (nested or from another thread) falls back to
/// <see cref="Parallelism.ForBlocks"/>. Exceptions of the blocks are rethrown as one AggregateException.
/// </summary>
internal static class ForkJoin
{
    /// <summary>How long an idle helper (and the caller waiting for the helpers) polls before blocking.</summary>
    public const int SpinMicroseconds = 0;

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
        private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        private readonly List<Helper> _helpers = [];
        private readonly ManualResetEventSlim _done = new(false);
        private Action<int> _body = _ => { };
        private int _blockCount, _next, _pending, _generation, _active;
        private List<Exception>? _errors;

        public void Run(int helpers, int blockCount, Action<int> body)
        {
            while (_helpers.Count < helpers) _helpers.Add(new Helper(this, _helpers.Count));
            _body = body; _blockCount = blockCount; _next = 0; _errors = null;
            _active = helpers;
            _pending = helpers;
            _done.Reset();
            Interlocked.Increment(ref _generation);   // publishes the round (a full fence)
            for (int i = 0; i < helpers; i++) _helpers[i].Wake();
            Work();
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _pending) != 0)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks) Thread.SpinWait(20);
                else _done.Wait();
            }
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
            private readonly int _index;
            private readonly SemaphoreSlim _wake = new(0);

            public Helper(Team team, int index)
            {
                _team = team; _index = index;
                new Thread(Loop) { IsBackground = true, Name = $"Lisor fork-join {index + 1}" }.Start();
            }

            public void Wake() => _wake.Release();

            private void Loop()
            {
                int seen = 0;
                while (true)
                {
                    // wait for a round newer than the last one seen: poll for a while, then sleep
                    long start = Stopwatch.GetTimestamp();
                    while (Volatile.Read(ref _team._generation) == seen)
                    {
                        if (Stopwatch.GetTimestamp() - start < SpinTicks) Thread.SpinWait(20);
                        else { _wake.Wait(); start = Stopwatch.GetTimestamp(); }   // a stale release only means another look
                    }
                    seen = Volatile.Read(ref _team._generation);
                    if (_index >= _team._active) continue;   // this round uses fewer helpers
                    _team.Work();
                    if (Interlocked.Decrement(ref _team._pending) == 0) _team._done.Set();
                }
            }
        }
    }
}
