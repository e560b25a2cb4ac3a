using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<float>;
using V256 = System.Runtime.Intrinsics.Vector256<float>;

namespace Lisor.Pure.Kernels;

/// <summary>
/// The gate backward steps of the MGU (<see cref="Cells.Mgu"/>) for one row of H units, vectorised (its state update
/// h = hp + f ⊙ (h̃ − hp) has the GRU's form: <see cref="GruKernels.Update"/>). As in <see cref="LstmKernels"/>, each
/// formula uses separate multiplies and adds in one fixed order, so Vector256, Vector128 and the scalar reference give
/// the same bits. A row's gates are [f | h̃] (2H), its gradients [∂f, then da_f | da_h].
/// </summary>
internal static class MguKernels
{
    /// <summary>
    /// The first backward step of one row, H = g.Length, from its gates [f | h̃], g = ∂L/∂h_t and hp = h_{t−1}:
    ///     da_h = g ⊙ f ⊙ (1 − h̃²),  ∂f = g ⊙ (h̃ − hp)   into dGates [∂f | da_h]
    ///     ∂hp += g ⊙ (1 − f)   (skipped when dhp is empty: the first step)
    /// </summary>
    public static void BackwardUpdate(KernelPath path, ReadOnlySpan<float> gates, ReadOnlySpan<float> g, ReadOnlySpan<float> hp,
        Span<float> dGates, Span<float> dhp)
    {
        int h = g.Length;
        bool carry = !dhp.IsEmpty;
        if (gates.Length < 2 * h || hp.Length < h || dGates.Length < 2 * h || (carry && dhp.Length < h)) ThrowShort();
        ref float fg = ref MemoryMarshal.GetReference(gates), tg = ref Unsafe.Add(ref fg, h);
        ref float df = ref MemoryMarshal.GetReference(dGates), dt = ref Unsafe.Add(ref df, h);
        ref float gr = ref MemoryMarshal.GetReference(g), pr = ref MemoryMarshal.GetReference(hp);
        ref float dp = ref carry ? ref MemoryMarshal.GetReference(dhp) : ref df;   // (not touched when !carry)
        nuint j = 0, len = (nuint)h;
        if (path == KernelPath.Vector256)
        {
            var one = V256.One;
            for (; j + 8 <= len; j += 8)
            {
                V256 f = Vector256.LoadUnsafe(ref fg, j), t = Vector256.LoadUnsafe(ref tg, j), gj = Vector256.LoadUnsafe(ref gr, j);
                (gj * f * (one - t * t)).StoreUnsafe(ref dt, j);
                (gj * (t - Vector256.LoadUnsafe(ref pr, j))).StoreUnsafe(ref df, j);
                if (carry) (Vector256.LoadUnsafe(ref dp, j) + gj * (one - f)).StoreUnsafe(ref dp, j);
            }
        }
        if (path != KernelPath.Scalar)
        {
            var one = V128.One;
            for (; j + 4 <= len; j += 4)
            {
                V128 f = Vector128.LoadUnsafe(ref fg, j), t = Vector128.LoadUnsafe(ref tg, j), gj = Vector128.LoadUnsafe(ref gr, j);
                (gj * f * (one - t * t)).StoreUnsafe(ref dt, j);
                (gj * (t - Vector128.LoadUnsafe(ref pr, j))).StoreUnsafe(ref df, j);
                if (carry) (Vector128.LoadUnsafe(ref dp, j) + gj * (one - f)).StoreUnsafe(ref dp, j);
            }
        }
        for (; j < len; j++)
        {
            float f = Unsafe.Add(ref fg, j), t = Unsafe.Add(ref tg, j), gj = Unsafe.Add(ref gr, j);
            Unsafe.Add(ref dt, j) = gj * f * (1f - t * t);
            Unsafe.Add(ref df, j) = gj * (t - Unsafe.Add(ref pr, j));
            if (carry) Unsafe.Add(ref dp, j) += gj * (1f - f);
        }
    }

    /// <summary>
    /// The forget-gate step of one row, from f (H), hp = h_{t−1} and d = ∂(f ⊙ hp) (empty at the first step, which has none):
    ///     ∂f += d ⊙ hp,  ∂hp += d ⊙ f   (when d is given), then  da_f = ∂f ⊙ (f ⊙ (1 − f))   in dF (∂f in, da_f out).
    /// </summary>
    public static void BackwardGate(KernelPath path, ReadOnlySpan<float> f, ReadOnlySpan<float> hp, ReadOnlySpan<float> d,
        Span<float> dF, Span<float> dhp)
    {
        int h = dF.Length;
        bool recurrent = !d.IsEmpty;
        if (f.Length < h || (recurrent && (hp.Length < h || d.Length < h || dhp.Length < h))) ThrowShort();
        ref float fr = ref MemoryMarshal.GetReference(f), da = ref MemoryMarshal.GetReference(dF);
        ref float pr = ref recurrent ? ref MemoryMarshal.GetReference(hp) : ref da;   // (not read when !recurrent)
        ref float dr = ref recurrent ? ref MemoryMarshal.GetReference(d) : ref da;
        ref float dp = ref recurrent ? ref MemoryMarshal.GetReference(dhp) : ref da;
        nuint j = 0, len = (nuint)h;
        if (path == KernelPath.Vector256)
        {
            var one = V256.One;
            for (; j + 8 <= len; j += 8)
            {
                V256 fv = Vector256.LoadUnsafe(ref fr, j), a = Vector256.LoadUnsafe(ref da, j);
                if (recurrent)
                {
                    V256 dv = Vector256.LoadUnsafe(ref dr, j);
                    a += dv * Vector256.LoadUnsafe(ref pr, j);
                    (Vector256.LoadUnsafe(ref dp, j) + dv * fv).StoreUnsafe(ref dp, j);
                }
                (a * (fv * (one - fv))).StoreUnsafe(ref da, j);
            }
        }
        if (path != KernelPath.Scalar)
        {
            var one = V128.One;
            for (; j + 4 <= len; j += 4)
            {
                V128 fv = Vector128.LoadUnsafe(ref fr, j), a = Vector128.LoadUnsafe(ref da, j);
                if (recurrent)
                {
                    V128 dv = Vector128.LoadUnsafe(ref dr, j);
                    a += dv * Vector128.LoadUnsafe(ref pr, j);
                    (Vector128.LoadUnsafe(ref dp, j) + dv * fv).StoreUnsafe(ref dp, j);
                }
                (a * (fv * (one - fv))).StoreUnsafe(ref da, j);
            }
        }
        for (; j < len; j++)
        {
            float fv = Unsafe.Add(ref fr, j), a = Unsafe.Add(ref da, j);
            if (recurrent)
            {
                float dv = Unsafe.Add(ref dr, j);
                a += dv * Unsafe.Add(ref pr, j);
                Unsafe.Add(ref dp, j) += dv * fv;
            }
            Unsafe.Add(ref da, j) = a * (fv * (1f - fv));
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShort() => throw new ArgumentException("MGU kernel: a span is shorter than the row");
}
