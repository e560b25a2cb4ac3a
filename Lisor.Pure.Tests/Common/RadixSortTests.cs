using Lisor.Pure.Common;
using NUnit.Framework;

namespace Lisor.Pure.Tests.Common;

[TestFixture]
public class RadixSortTests
{
    // Keys of the shapes the sorts meet: all 64 bits random; few distinct values (many ties); prefix keys (symbols from
    // the top bits down, zeros below: most bytes shared); one byte varying; all equal.
    private static ulong[] Keys(string shape, int n, int seed)
    {
        var rng = new Random(seed);
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
            keys[i] = shape switch
            {
                "random" => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
                "ties" => (ulong)(uint)rng.Next(5) << 40 | (uint)rng.Next(3),
                "prefix" => Prefix(rng, 2, rng.Next(0, 21)),
                "one byte" => 0xABCD_0000_0000_0000UL | (ulong)(uint)rng.Next(256) << 16,
                _ => 42UL,
            };
        return keys;
    }

    // symbols id + 1 of `bits` bits each from the top down, as LaneInference.SortByPrefix packs them
    private static ulong Prefix(Random rng, int bits, int length)
    {
        ulong key = 0;
        for (int u = 0; u < length && (u + 1) * bits <= 64; u++) key |= (ulong)(uint)(rng.Next(2) + 1) << (64 - (u + 1) * bits);
        return key;
    }

    [Test]
    public void It_sorts_as_a_stable_sort_would_whatever_the_length_and_the_keys(
        [Values(0, 1, 2, 31, 32, 33, 255, 1023, 1024, 1025, 5000)] int n,
        [Values("random", "ties", "prefix", "one byte", "equal")] string shape)
    {
        var keys = Keys(shape, n, seed: n * 7 + shape.Length);
        var items = Enumerable.Range(0, n).Select(i => 1000 + i).ToArray();
        // the reference: a stable sort by key (LINQ's OrderBy is stable)
        var expected = keys.Zip(items).OrderBy(pair => pair.First).ToArray();
        RadixSort.Sort(keys, items, new ulong[n], new int[n], new int[RadixSort.CountsLength]);
        Assert.That(keys, Is.EqualTo(expected.Select(pair => pair.First).ToArray()));
        Assert.That(items, Is.EqualTo(expected.Select(pair => pair.Second).ToArray()), "items follow their keys, ties in their order");
    }

    [Test]
    public void Larger_scratch_is_fine_and_short_scratch_is_refused()
    {
        var keys = new ulong[] { 5, 3, 9, 3, 1 };
        var items = new[] { 0, 1, 2, 3, 4 };
        RadixSort.Sort(keys, items, new ulong[100], new int[100], new int[RadixSort.CountsLength + 7]);
        Assert.That(items, Is.EqualTo(new[] { 4, 1, 3, 0, 2 }));
        var many = Keys("random", 100, 1);
        Assert.Throws<ArgumentException>(() => RadixSort.Sort(many, new int[100], new ulong[99], new int[100], new int[RadixSort.CountsLength]));
        Assert.Throws<ArgumentException>(() => RadixSort.Sort(many, new int[100], new ulong[100], new int[100], new int[RadixSort.CountsLength - 1]));
        Assert.Throws<ArgumentException>(() => RadixSort.Sort(many, new int[99], new ulong[100], new int[100], new int[RadixSort.CountsLength]));
    }
}
