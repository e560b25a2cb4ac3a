using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The element-wise steps of the LSTM (<see cref="Cells.Lstm"/>) that are plain arithmetic, vectorised:
/// the cell update of the forward pass and the whole gate backward of one row. Each formula is written with
/// separate multiplies and adds (no fused multiply-add) in one fixed order, so every path — Vector256,
/// Vector128 and the scalar reference — gives the same bits as the others, and as the scalar loops the
/// cell used before. Full 256-bit vectors first, then 128-bit ones, then single elements.
/// </summary>
internal static class LstmKernels
{
    /// <summary>c_j = f_j·cp_j + i_j·c̃_j for j &lt; c.Length (the cell update c_t = f ⊙ c_{t−1} + i ⊙ c̃).</summary>
    public static void CellUpdate(KernelPath path, ReadOnlySpan<float> i, ReadOnlySpan<float> f, ReadOnlySpan<float> cTilde,
        ReadOnlySpan<float> cp, Span<float> c)
    {
        int n = c.Length;
        if (i.Length < n || f.Length < n || cTilde.Length < n || cp.Length < n) ThrowShort();
        ref float ir = ref MemoryMarshal.GetReference(i), fr = ref MemoryMarshal.GetReference(f);
        ref float gr = ref MemoryMarshal.GetReference(cTilde), pr = ref MemoryMarshal.GetReference(cp);
        ref float cr = ref MemoryMarshal.GetReference(c);
        nuint j = 0, len = (nuint)n;
        if (path == KernelPath.Vector256)
            for (; j + 8 <= len; j += 8)
                (Vector256.LoadUnsafe(ref fr, j) * Vector256.LoadUnsafe(ref pr, j) + Vector256.LoadUnsafe(ref ir, j) * Vector256.LoadUnsafe(ref gr, j))
                    .StoreUnsafe(ref cr, j);
        if (path != KernelPath.Scalar)
            for (; j + 4 <= len; j += 4)
                (Vector128.LoadUnsafe(ref fr, j) * Vector128.LoadUnsafe(ref pr, j) + Vector128.LoadUnsafe(ref ir, j) * Vector128.LoadUnsafe(ref gr, j))
                    .StoreUnsafe(ref cr, j);
        for (; j < len; j++)
            Unsafe.Add(ref cr, j) = Unsafe.Add(ref fr, j) * Unsafe.Add(ref pr, j) + Unsafe.Add(ref ir, j) * Unsafe.Add(ref gr, j);
    }

    /// <summary>
    /// The gate backward of one row, H = g.Length, with the row's activations gates = [i | f | o | c̃] (4H),
    /// g = ∂L/∂h_t, tc = tanh(c_t), cp = c_{t−1}, and dcNext = ∂L/∂c_t arriving from step t+1 (replaced by ∂L/∂c_{t−1}):
    ///     ∂c = ∂c_next + g ⊙ o ⊙ (1 − tc²)
    ///     da_i = ∂c ⊙ c̃ ⊙ i(1 − i),  da_f = ∂c ⊙ cp ⊙ f(1 − f),  da_o = g ⊙ tc ⊙ o(1 − o),  da_c = ∂c ⊙ i ⊙ (1 − c̃²)
    ///     ∂c_next ← ∂c ⊙ f
    /// into dGates = [da_i | da_f | da_o | da_c] (4H). Products are evaluated left to right as written.
    /// dGates may be gates itself (the cell overwrites the activations it no longer needs): every element's inputs
    /// are read before its outputs are written.
    /// </summary>
    public static void Backward(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> tc,
        ReadOnlySpan<float> cp, Span<float> dcNext, Span<float> dGates)
    {
        int h = g.Length;
        if (gates.Length < 4 * h || tc.Length < h || cp.Length < h || dcNext.Length < h || dGates.Length < 4 * h) ThrowShort();
        ref float ig = ref MemoryMarshal.GetReference(gates);
        ref float fg = ref Unsafe.Add(ref ig, h), og = ref Unsafe.Add(ref ig, 2 * h), cg = ref Unsafe.Add(ref ig, 3 * h);
        ref float di = ref MemoryMarshal.GetReference(dGates);
        ref float df = ref Unsafe.Add(ref di, h), dO = ref Unsafe.Add(ref di, 2 * h), dc = ref Unsafe.Add(ref di, 3 * h);
        ref float gr = ref MemoryMarshal.GetReference(g), tr = ref MemoryMarshal.GetReference(tc);
        ref float pr = ref MemoryMarshal.GetReference(cp), nr = ref MemoryMarshal.GetReference(dcNext);
        nuint j = 0, len = (nuint)h;
        if (path == KernelPath.Vector256)
        {
            var one = V256.One;
            for (; j + 8 <= len; j += 8)
            {
                V256 i = Vector256.LoadUnsafe(ref ig, j), f = Vector256.LoadUnsafe(ref fg, j), o = Vector256.LoadUnsafe(ref og, j), ct = Vector256.LoadUnsafe(ref cg, j);
                V256 gj = Vector256.LoadUnsafe(ref gr, j), t = Vector256.LoadUnsafe(ref tr, j);
                V256 dcj = Vector256.LoadUnsafe(ref nr, j) + gj * o * (one - t * t);
                (dcj * ct * i * (one - i)).StoreUnsafe(ref di, j);
                (dcj * Vector256.LoadUnsafe(ref pr, j) * f * (one - f)).StoreUnsafe(ref df, j);
                (gj * t * o * (one - o)).StoreUnsafe(ref dO, j);
                (dcj * i * (one - ct * ct)).StoreUnsafe(ref dc, j);
                (dcj * f).StoreUnsafe(ref nr, j);
            }
        }
        if (path != KernelPath.Scalar)
        {
            var one = V128.One;
            for (; j + 4 <= len; j += 4)
            {
                V128 i = Vector128.LoadUnsafe(ref ig, j), f = Vector128.LoadUnsafe(ref fg, j), o = Vector128.LoadUnsafe(ref og, j), ct = Vector128.LoadUnsafe(ref cg, j);
                V128 gj = Vector128.LoadUnsafe(ref gr, j), t = Vector128.LoadUnsafe(ref tr, j);
                V128 dcj = Vector128.LoadUnsafe(ref nr, j) + gj * o * (one - t * t);
                (dcj * ct * i * (one - i)).StoreUnsafe(ref di, j);
                (dcj * Vector128.LoadUnsafe(ref pr, j) * f * (one - f)).StoreUnsafe(ref df, j);
                (gj * t * o * (one - o)).StoreUnsafe(ref dO, j);
                (dcj * i * (one - ct * ct)).StoreUnsafe(ref dc, j);
                (dcj * f).StoreUnsafe(ref nr, j);
            }
        }
        for (; j < len; j++)
        {
            float i = Unsafe.Add(ref ig, j), f = Unsafe.Add(ref fg, j), o = Unsafe.Add(ref og, j), ct = Unsafe.Add(ref cg, j);
            float gj = Unsafe.Add(ref gr, j), t = Unsafe.Add(ref tr, j);
            float dcj = Unsafe.Add(ref nr, j) + gj * o * (1f - t * t);
            Unsafe.Add(ref di, j) = dcj * ct * i * (1f - i);
            Unsafe.Add(ref df, j) = dcj * Unsafe.Add(ref pr, j) * f * (1f - f);
            Unsafe.Add(ref dO, j) = gj * t * o * (1f - o);
            Unsafe.Add(ref dc, j) = dcj * i * (1f - ct * ct);
            Unsafe.Add(ref nr, j) = dcj * f;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("LSTM kernel: a span is shorter than the row");
}
