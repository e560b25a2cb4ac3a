using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The element-wise steps of the GRU (<see cref="Cells.Gru"/>) that are plain arithmetic, vectorised, for one row of
/// H units: the state update of the forward pass and the two gate backward steps. As in <see cref="LstmKernels"/>,
/// each formula uses separate multiplies and adds in one fixed order, so every path — Vector256, Vector128 and the
/// scalar reference — gives the same bits. A row's gates are [z | r | h̃] (3H), its gradients [da_z | da_r | da_h].
/// The gradient spans may be the gate spans themselves: every element's inputs are read before its outputs are written.
/// </summary>
internal static class GruKernels
{
    /// <summary>h_j = hp_j + z_j·(h̃_j − hp_j), i.e. h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃.</summary>
    public static void Update(KernelPath path, ReadOnlySpan<float> z, ReadOnlySpan<float> hTilde, ReadOnlySpan<float> hp, Span<float> h)
    {
        int n = h.Length;
        if (z.Length < n || hTilde.Length < n || hp.Length < n) ThrowShort();
        ref float zr = ref MemoryMarshal.GetReference(z), tr = ref MemoryMarshal.GetReference(hTilde);
        ref float pr = ref MemoryMarshal.GetReference(hp), hr = ref MemoryMarshal.GetReference(h);
        nuint j = 0, len = (nuint)n;
        if (path == KernelPath.Vector256)
            for (; j + 8 <= len; j += 8)
            {
                var p = Vector256.LoadUnsafe(ref pr, j);
                (p + Vector256.LoadUnsafe(ref zr, j) * (Vector256.LoadUnsafe(ref tr, j) - p)).StoreUnsafe(ref hr, j);
            }
        if (path != KernelPath.Scalar)
            for (; j + 4 <= len; j += 4)
            {
                var p = Vector128.LoadUnsafe(ref pr, j);
                (p + Vector128.LoadUnsafe(ref zr, j) * (Vector128.LoadUnsafe(ref tr, j) - p)).StoreUnsafe(ref hr, j);
            }
        for (; j < len; j++)
        {
            float p = Unsafe.Add(ref pr, j);
            Unsafe.Add(ref hr, j) = p + Unsafe.Add(ref zr, j) * (Unsafe.Add(ref tr, j) - p);
        }
    }

    /// <summary>
    /// The first backward step of one row, H = g.Length, from its gates [z | r | h̃] (3H), g = ∂L/∂h_t and hp = h_{t−1}:
    ///     da_h = g ⊙ z ⊙ (1 − h̃²),  da_z = g ⊙ (h̃ − hp) ⊙ z ⊙ (1 − z)   into dGates [da_z | · | da_h]
    ///     ∂hp += g ⊙ (1 − z)   (skipped when dhp is empty: the first step, whose h_{−1} = 0 is no parameter)
    /// Products are evaluated left to right as written.
    /// </summary>
    public static void BackwardUpdate(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> hp,
        Span<float> dGates, Span<float> dhp)
    {
        int h = g.Length;
        bool carry = !dhp.IsEmpty;
        if (gates.Length < 3 * h || hp.Length < h || dGates.Length < 3 * h || (carry && dhp.Length < h)) ThrowShort();
        ref float zg = ref MemoryMarshal.GetReference(gates), tg = ref Unsafe.Add(ref zg, 2 * h);
        ref float dz = ref MemoryMarshal.GetReference(dGates), dt = ref Unsafe.Add(ref dz, 2 * h);
        ref float gr = ref MemoryMarshal.GetReference(g), pr = ref MemoryMarshal.GetReference(hp);
        ref float dp = ref carry ? ref MemoryMarshal.GetReference(dhp) : ref dz;   // (not touched when !carry)
        nuint j = 0, len = (nuint)h;
        if (path == KernelPath.Vector256)
        {
            var one = V256.One;
            for (; j + 8 <= len; j += 8)
            {
                V256 z = Vector256.LoadUnsafe(ref zg, j), t = Vector256.LoadUnsafe(ref tg, j), gj = Vector256.LoadUnsafe(ref gr, j);
                V256 p = Vector256.LoadUnsafe(ref pr, j);
                (gj * z * (one - t * t)).StoreUnsafe(ref dt, j);
                (gj * (t - p) * z * (one - z)).StoreUnsafe(ref dz, j);
                if (carry) (Vector256.LoadUnsafe(ref dp, j) + gj * (one - z)).StoreUnsafe(ref dp, j);
            }
        }
        if (path != KernelPath.Scalar)
        {
            var one = V128.One;
            for (; j + 4 <= len; j += 4)
            {
                V128 z = Vector128.LoadUnsafe(ref zg, j), t = Vector128.LoadUnsafe(ref tg, j), gj = Vector128.LoadUnsafe(ref gr, j);
                V128 p = Vector128.LoadUnsafe(ref pr, j);
                (gj * z * (one - t * t)).StoreUnsafe(ref dt, j);
                (gj * (t - p) * z * (one - z)).StoreUnsafe(ref dz, j);
                if (carry) (Vector128.LoadUnsafe(ref dp, j) + gj * (one - z)).StoreUnsafe(ref dp, j);
            }
        }
        for (; j < len; j++)
        {
            float z = Unsafe.Add(ref zg, j), t = Unsafe.Add(ref tg, j), gj = Unsafe.Add(ref gr, j), p = Unsafe.Add(ref pr, j);
            Unsafe.Add(ref dt, j) = gj * z * (1f - t * t);
            Unsafe.Add(ref dz, j) = gj * (t - p) * z * (1f - z);
            if (carry) Unsafe.Add(ref dp, j) += gj * (1f - z);
        }
    }

    /// <summary>
    /// The reset-gate backward step of one row, from r (H), d = ∂(r ⊙ hp) and hp = h_{t−1}:
    ///     da_r = d ⊙ hp ⊙ r ⊙ (1 − r)  into dR,   ∂hp += d ⊙ r.
    /// dR may be r itself.
    /// </summary>
    public static void BackwardReset(KernelPath path, ReadOnlySpan<float> r, ReadOnlySpan<float> d, ReadOnlySpan<float> hp,
        Span<float> dR, Span<float> dhp)
    {
        int h = d.Length;
        if (r.Length < h || hp.Length < h || dR.Length < h || dhp.Length < h) ThrowShort();
        ref float rr = ref MemoryMarshal.GetReference(r), dr = ref MemoryMarshal.GetReference(d);
        ref float pr = ref MemoryMarshal.GetReference(hp), da = ref MemoryMarshal.GetReference(dR);
        ref float dp = ref MemoryMarshal.GetReference(dhp);
        nuint j = 0, len = (nuint)h;
        if (path == KernelPath.Vector256)
        {
            var one = V256.One;
            for (; j + 8 <= len; j += 8)
            {
                V256 rv = Vector256.LoadUnsafe(ref rr, j), dv = Vector256.LoadUnsafe(ref dr, j);
                (dv * Vector256.LoadUnsafe(ref pr, j) * rv * (one - rv)).StoreUnsafe(ref da, j);
                (Vector256.LoadUnsafe(ref dp, j) + dv * rv).StoreUnsafe(ref dp, j);
            }
        }
        if (path != KernelPath.Scalar)
        {
            var one = V128.One;
            for (; j + 4 <= len; j += 4)
            {
                V128 rv = Vector128.LoadUnsafe(ref rr, j), dv = Vector128.LoadUnsafe(ref dr, j);
                (dv * Vector128.LoadUnsafe(ref pr, j) * rv * (one - rv)).StoreUnsafe(ref da, j);
                (Vector128.LoadUnsafe(ref dp, j) + dv * rv).StoreUnsafe(ref dp, j);
            }
        }
        for (; j < len; j++)
        {
            float rv = Unsafe.Add(ref rr, j), dv = Unsafe.Add(ref dr, j);
            Unsafe.Add(ref da, j) = dv * Unsafe.Add(ref pr, j) * rv * (1f - rv);
            Unsafe.Add(ref dp, j) += dv * rv;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("GRU kernel: a span is shorter than the row");
}
