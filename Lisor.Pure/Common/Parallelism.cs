namespace Lisor.Pure.Common;

/// <summary>
/// Runs a fixed number of independent blocks on up to <see cref="Threads"/> cores. Callers split
/// their work into blocks whose boundaries do not depend on the thread count and reduce the blocks'
/// results in block order, so every result is bit-identical whatever --threads is.
/// </summary>
public static class Parallelism
{
    private static int _threads = Environment.ProcessorCount;

    /// <summary>
    /// How many threads parallel loops may use (the CLI's --threads). At least 1. Inside <see cref="OnOneThread"/>,
    /// 1 on the calling thread.
    /// </summary>
    public static int Threads
    {
        get => _oneThreadHere ? 1 : _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "threads must be ≥ 1");
    }

    [ThreadStatic] private static bool _oneThreadHere;

    /// <summary>
    /// Runs <paramref name="job"/> with every parallel loop it starts on this thread kept to this thread: for independent
    /// jobs side by side (one per core), which beats splitting each small job across the cores. Results do not change,
    /// since no result depends on the thread count.
    /// </summary>
    public static void OnOneThread(Action job)
    {
        bool before = _oneThreadHere;
        _oneThreadHere = true;
        try { job(); }
        finally { _oneThreadHere = before; }
    }

    /// <summary>
    /// Calls <paramref name="body"/>(block) for block = 0 … blockCount − 1, in parallel. The workers take one block at a
    /// time, half of them from the front of the range and half from the back (<see cref="BlockRange"/>): each walks
    /// neighbouring blocks, as a contiguous share would have it, while no worker is left with more than the one block
    /// it is running when the others run out — where handing out chunks of blocks left one thread running its chunk's
    /// last blocks alone, and handing out blocks in turn made neighbouring blocks run side by side, each slower (k-means on
    /// two threads; docs/readme-clustering.md, "Determinism").
    /// </summary>
    public static void ForBlocks(int blockCount, Action<int> body)
    {
        if (blockCount <= 0) return;
        int workers = Math.Min(Threads, blockCount);
        if (workers == 1)
        {
            for (int b = 0; b < blockCount; b++) body(b);
            return;
        }
        var range = new BlockRange(blockCount);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            for (int b; (b = range.Take(fromFront: w % 2 == 0)) >= 0;) body(b);
        });
    }

    /// <summary>
    /// The blocks not yet taken, [front, back), taken from either end: both ends in one 64-bit word, changed by
    /// compare-and-swap, so every block is taken exactly once.
    /// </summary>
    internal sealed class BlockRange(int blockCount)
    {
        private long _state = (uint)blockCount;   // front (high 32 bits) = 0, back (low 32 bits) = blockCount

        /// <summary>Every one of blockCount blocks untaken again (before a round; not while blocks are being taken).</summary>
        public void Reset(int blockCount) => Volatile.Write(ref _state, (uint)blockCount);

        /// <summary>The next block from the front (or the back), or −1 when none is left.</summary>
        public int Take(bool fromFront)
        {
            while (true)
            {
                long state = Volatile.Read(ref _state);
                int front = (int)(state >> 32), back = (int)(uint)state;
                if (front >= back) return -1;
                long next = fromFront ? ((long)(front + 1) << 32) | (uint)back : ((long)front << 32) | (uint)(back - 1);
                if (Interlocked.CompareExchange(ref _state, next, state) == state) return fromFront ? front : back - 1;
            }
        }
    }

    /// <summary>The fixed split of <paramref name="count"/> items into blocks of <paramref name="blockSize"/>: block b covers [start, end).</summary>
    public static (int Start, int End) Block(int b, int count, int blockSize)
        => (b * blockSize, Math.Min(count, (b + 1) * blockSize));

    /// <summary>Number of blocks of <paramref name="blockSize"/> needed to cover <paramref name="count"/> items.</summary>
    public static int BlockCount(int count, int blockSize) => (count + blockSize - 1) / blockSize;
}
