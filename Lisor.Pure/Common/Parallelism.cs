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

    /// <summary>Calls <paramref name="body"/>(block) for block = 0 … blockCount − 1, in parallel.</summary>
    public static void ForBlocks(int blockCount, Action<int> body)
    {
        if (blockCount <= 0) return;
        if (Threads == 1 || blockCount == 1)
        {
            for (int b = 0; b < blockCount; b++) body(b);
            return;
        }
        Parallel.For(0, blockCount, new ParallelOptions { MaxDegreeOfParallelism = _threads }, body);
    }

    /// <summary>The fixed split of <paramref name="count"/> items into blocks of <paramref name="blockSize"/>: block b covers [start, end).</summary>
    public static (int Start, int End) Block(int b, int count, int blockSize)
        => (b * blockSize, Math.Min(count, (b + 1) * blockSize));

    /// <summary>Number of blocks of <paramref name="blockSize"/> needed to cover <paramref name="count"/> items.</summary>
    public static int BlockCount(int count, int blockSize) => (count + blockSize - 1) / blockSize;
}
