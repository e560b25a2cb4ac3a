namespace Lisor.Pure.Common;

/// <summary>
/// A stable sort of (key, item) pairs by unsigned 64-bit key: least significant digit first, one byte per pass
/// (counting sort: a histogram of the byte, its prefix sums give each bucket's first slot, the pairs are copied in
/// order into their buckets). A byte that every key shares would leave the order as it is: a first pass over the keys
/// finds the bytes in which they differ (the bits set in some key and clear in another), a second counts those bytes,
/// and only they are sorted on, so keys that differ in a few low bytes take a few passes. Pairs with
/// equal keys keep their order. For the batch sorts of inference (a thousand keys, random in their top bytes) this is
/// several times quicker than a comparison sort, which mispredicts about half its branches there; below
/// <see cref="InsertionBelow"/> pairs an insertion sort (also stable) is used. Allocates nothing: the caller gives the
/// scratch.
/// </summary>
internal static class RadixSort
{
    /// <summary>Buckets of one pass (one byte of the key).</summary>
    public const int Buckets = 256;

    /// <summary>The length of the counts scratch: a histogram per byte.</summary>
    public const int CountsLength = 8 * Buckets;

    /// <summary>Fewer pairs than this are sorted by insertion.</summary>
    public const int InsertionBelow = 32;

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending, moving <paramref name="items"/> with them; pairs of equal keys keep their
    /// order. <paramref name="keyScratch"/> and <paramref name="itemScratch"/> hold at least keys.Length elements,
    /// <paramref name="counts"/> at least <see cref="CountsLength"/>.
    /// </summary>
    public static void Sort(Span<ulong> keys, Span<int> items, Span<ulong> keyScratch, Span<int> itemScratch, Span<int> counts)
    {
        int n = keys.Length;
        if (items.Length != n) throw new ArgumentException("keys and items differ in length", nameof(items));
        if (keyScratch.Length < n || itemScratch.Length < n || counts.Length < CountsLength)
            throw new ArgumentException("radix sort: scratch too short");
        if (n < InsertionBelow) { Insertion(keys, items); return; }
        // the bytes in which some keys differ: only those are counted and sorted on (the others leave the order as it is)
        ulong any = 0, all = ulong.MaxValue;
        foreach (ulong key in keys) { any |= key; all &= key; }
        ulong differ = any ^ all;
        Span<int> shifts = stackalloc int[8];
        int passes = 0;
        for (int b = 0; b < 8; b++) if (((differ >> (8 * b)) & 0xFF) != 0) shifts[passes++] = 8 * b;
        if (passes == 0) return;   // all keys equal
        counts = counts.Slice(0, passes * Buckets);
        counts.Clear();
        foreach (ulong key in keys)
            for (int p = 0; p < passes; p++) counts[p * Buckets + (int)((key >> shifts[p]) & 0xFF)]++;
        Span<ulong> fromKeys = keys, toKeys = keyScratch.Slice(0, n);
        Span<int> fromItems = items, toItems = itemScratch.Slice(0, n);
        for (int p = 0; p < passes; p++)
        {
            var count = counts.Slice(p * Buckets, Buckets);
            int shift = shifts[p];
            // count[v] becomes the first slot of bucket v
            for (int v = 0, start = 0; v < Buckets; v++) { int c = count[v]; count[v] = start; start += c; }
            for (int i = 0; i < n; i++)
            {
                ulong key = fromKeys[i];
                int slot = count[(int)((key >> shift) & 0xFF)]++;
                toKeys[slot] = key;
                toItems[slot] = fromItems[i];
            }
            var k = fromKeys; fromKeys = toKeys; toKeys = k;
            var t = fromItems; fromItems = toItems; toItems = t;
        }
        if (fromKeys != keys)
        {
            fromKeys.CopyTo(keys);
            fromItems.CopyTo(items);
        }
    }

    // Stable: a pair moves left past strictly greater keys only.
    private static void Insertion(Span<ulong> keys, Span<int> items)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            ulong key = keys[i];
            int item = items[i], j = i - 1;
            for (; j >= 0 && keys[j] > key; j--) { keys[j + 1] = keys[j]; items[j + 1] = items[j]; }
            keys[j + 1] = key; items[j + 1] = item;
        }
    }
}
