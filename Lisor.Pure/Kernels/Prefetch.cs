using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Lisor.Pure.Kernels;

/// <summary>
/// Software prefetch: asks the CPU to bring a cache line towards L1 ahead of a load it cannot predict
/// (the rows a k-means scan gathers). A hint only — it reads nothing, writes nothing and faults never,
/// so results do not depend on it; where the instruction does not exist (or the index is out of range)
/// it does nothing. The one `unsafe` of the engine, fenced here: the instruction takes an address.
/// </summary>
internal static class Prefetch
{
    /// <summary>Prefetches the cache lines holding x[offset … offset + length − 1] (at most two lines: length ≤ 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Row(float[] x, int offset, int length)
    {
        if (!Sse.IsSupported || (uint)offset >= (uint)x.Length || length < 1) return;
        int last = Math.Min(offset + length, x.Length) - 1;
        ref float first = ref MemoryMarshal.GetArrayDataReference(x);
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, offset)));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, last)));
    }
}
