using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lisor.Pure.Kernels;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Training;

/// <summary>
/// States kept node by node — node v's record of R floats at [v · R], one layer's H units at [v · R + offset + j], as the
/// prefix cache's levels keep them (every layer's h and c of a node side by side) — moved to and from a group's
/// lane-major block [H, L] (unit j of lane k at [j · L + k], L = <see cref="LaneProduct.Lanes"/>): a transpose.
/// Eight units of eight lanes at a time go through registers (eight loads, the 8 × 8 transpose's 24 shuffles, eight
/// stores); the last H mod 8 units are copied one by one. Copies only, so the bits are the states' own. The scalar
/// definitions (<see cref="GatherScalar"/>, <see cref="StoreScalar"/>) are what the tests hold the fast paths to.
/// Needs AVX (the lane-major pass runs only on the Vector256 path).
/// </summary>
internal static class NodeMajor
{
    private const int L = LaneProduct.Lanes;

    /// <summary>block[j · L + k] = nodes[columns[k] · record + offset + j] for every lane k &lt; L and unit j &lt; H.</summary>
    public static void Gather(float[] nodes, ReadOnlySpan<int> columns, int record, int offset, int H, Span<float> block)
    {
        Check(nodes, columns, record, offset, H, block);
        ref float d = ref MemoryMarshal.GetReference(block);
        ref float n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), offset);
        int whole = H & ~7;
        for (int half = 0; half < L; half += 8)
        {
            ref float c0 = ref Unsafe.Add(ref n, columns[half] * record); ref float c1 = ref Unsafe.Add(ref n, columns[half + 1] * record);
            ref float c2 = ref Unsafe.Add(ref n, columns[half + 2] * record); ref float c3 = ref Unsafe.Add(ref n, columns[half + 3] * record);
            ref float c4 = ref Unsafe.Add(ref n, columns[half + 4] * record); ref float c5 = ref Unsafe.Add(ref n, columns[half + 5] * record);
            ref float c6 = ref Unsafe.Add(ref n, columns[half + 6] * record); ref float c7 = ref Unsafe.Add(ref n, columns[half + 7] * record);
            for (int j = 0; j < whole; j += 8)
            {
                // r_k = units j … j + 7 of lane half + k; transposed, r_i = unit j + i of the eight lanes
                V256 r0 = Vector256.LoadUnsafe(ref c0, (nuint)j), r1 = Vector256.LoadUnsafe(ref c1, (nuint)j);
                V256 r2 = Vector256.LoadUnsafe(ref c2, (nuint)j), r3 = Vector256.LoadUnsafe(ref c3, (nuint)j);
                V256 r4 = Vector256.LoadUnsafe(ref c4, (nuint)j), r5 = Vector256.LoadUnsafe(ref c5, (nuint)j);
                V256 r6 = Vector256.LoadUnsafe(ref c6, (nuint)j), r7 = Vector256.LoadUnsafe(ref c7, (nuint)j);
                Transpose8.InPlace(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                ref float to = ref Unsafe.Add(ref d, j * L + half);
                r0.StoreUnsafe(ref to); r1.StoreUnsafe(ref to, L); r2.StoreUnsafe(ref to, 2 * L); r3.StoreUnsafe(ref to, 3 * L);
                r4.StoreUnsafe(ref to, 4 * L); r5.StoreUnsafe(ref to, 5 * L); r6.StoreUnsafe(ref to, 6 * L); r7.StoreUnsafe(ref to, 7 * L);
            }
        }
        for (int k = 0; k < L; k++)
        {
            ref float from = ref Unsafe.Add(ref n, columns[k] * record);
            for (int j = whole; j < H; j++) Unsafe.Add(ref d, j * L + k) = Unsafe.Add(ref from, j);
        }
    }

    /// <summary>
    /// nodes[(column + k) · record + offset + j] = block[j · L + k] for the first <paramref name="count"/> lanes k and every
    /// unit j &lt; H.
    /// </summary>
    public static void Store(ReadOnlySpan<float> block, int H, float[] nodes, int record, int offset, int column, int count)
    {
        if ((uint)count > L || column < 0 || block.Length < H * L || offset < 0 || offset + H > record
            || (long)(column + count) * record > nodes.Length)
            throw new ArgumentException("block past the nodes");
        ref float s = ref MemoryMarshal.GetReference(block);
        ref float n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), column * record + offset);
        int whole = H & ~7, half = 0;
        // whole halves of eight lanes through registers; lanes past count are never written
        for (; half + 8 <= count; half += 8)
            for (int j = 0; j < whole; j += 8)
            {
                ref float from = ref Unsafe.Add(ref s, j * L + half);
                V256 r0 = Vector256.LoadUnsafe(ref from), r1 = Vector256.LoadUnsafe(ref from, L), r2 = Vector256.LoadUnsafe(ref from, 2 * L);
                V256 r3 = Vector256.LoadUnsafe(ref from, 3 * L), r4 = Vector256.LoadUnsafe(ref from, 4 * L), r5 = Vector256.LoadUnsafe(ref from, 5 * L);
                V256 r6 = Vector256.LoadUnsafe(ref from, 6 * L), r7 = Vector256.LoadUnsafe(ref from, 7 * L);
                Transpose8.InPlace(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                ref float to = ref Unsafe.Add(ref n, half * record + j);
                r0.StoreUnsafe(ref to); r1.StoreUnsafe(ref to, (nuint)record); r2.StoreUnsafe(ref to, (nuint)(2 * record));
                r3.StoreUnsafe(ref to, (nuint)(3 * record)); r4.StoreUnsafe(ref to, (nuint)(4 * record)); r5.StoreUnsafe(ref to, (nuint)(5 * record));
                r6.StoreUnsafe(ref to, (nuint)(6 * record)); r7.StoreUnsafe(ref to, (nuint)(7 * record));
            }
        for (int k = 0; k < count; k++)
            for (int j = k < half ? whole : 0; j < H; j++) Unsafe.Add(ref n, k * record + j) = Unsafe.Add(ref s, j * L + k);
    }

    /// <summary>The definition of <see cref="Gather"/>, element by element.</summary>
    public static void GatherScalar(float[] nodes, ReadOnlySpan<int> columns, int record, int offset, int H, Span<float> block)
    {
        Check(nodes, columns, record, offset, H, block);
        for (int k = 0; k < L; k++)
            for (int j = 0; j < H; j++) block[j * L + k] = nodes[columns[k] * record + offset + j];
    }

    /// <summary>The definition of <see cref="Store"/>, element by element.</summary>
    public static void StoreScalar(ReadOnlySpan<float> block, int H, float[] nodes, int record, int offset, int column, int count)
    {
        for (int k = 0; k < count; k++)
            for (int j = 0; j < H; j++) nodes[(column + k) * record + offset + j] = block[j * L + k];
    }

    private static void Check(float[] nodes, ReadOnlySpan<int> columns, int record, int offset, int H, Span<float> block)
    {
        if (columns.Length < L || block.Length < H * L) throw new ArgumentException("a group's columns or block too short");
        if (offset < 0 || offset + H > record) throw new ArgumentException($"units {offset} … {offset + H - 1} past a record of {record}");
        for (int k = 0; k < L; k++)
            if (columns[k] < 0 || (long)(columns[k] + 1) * record > nodes.Length) throw new ArgumentException($"column {columns[k]} past the nodes");
    }
}
