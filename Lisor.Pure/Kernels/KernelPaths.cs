using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lisor.Pure.Kernels;

/// <summary>An instruction-set path of the kernels: plain scalar code, 128-bit vectors, or 256-bit vectors with FMA.</summary>
public enum KernelPath
{
    /// <summary>Portable scalar code (runs everywhere).</summary>
    Scalar,
    /// <summary>Cross-platform <see cref="Vector128{T}"/> code (SSE on x86, AdvSimd on Arm).</summary>
    Vector128,
    /// <summary><see cref="Vector256{T}"/> code with fused multiply-add (x86 with AVX2 and FMA).</summary>
    Vector256,
}

/// <summary>
/// The catalog of kernel paths: which ones this CPU runs, and the one the public kernels
/// (<see cref="Vec"/>, <see cref="Gemm"/>) dispatch to. Tests and the `check` command call every
/// supported path explicitly through the path-taking overloads.
/// </summary>
internal static class KernelPaths
{
    /// <summary>Every path, supported here or not, from the simplest to the widest.</summary>
    public static IReadOnlyList<KernelPath> All { get; } = new[] { KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256 };

    /// <summary>The paths this CPU can run.</summary>
    public static IReadOnlyList<KernelPath> Supported { get; } = SupportedPaths();

    /// <summary>The widest supported path: the one the public kernels use. A static readonly field, so the JIT folds the dispatch.</summary>
    public static readonly KernelPath Best =
        IsSupported(KernelPath.Vector256) ? KernelPath.Vector256
        : IsSupported(KernelPath.Vector128) ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary>
    /// Whether this process runs 512-bit vectors in hardware (AVX-512 under the JIT; a native build only when compiled for
    /// it): not a path of its own — the Vector256 path's products (<see cref="GemmWideTile"/>), element-wise loops
    /// (<see cref="VecDriver"/>) and nearest-centre tile (<see cref="Tile512"/>) then do two 256-bit vectors' work per
    /// instruction, with the same bits.
    /// </summary>
    public static readonly bool Has512 = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && IsSupported(KernelPath.Vector256);

    // (a plain loop, not LINQ: this runs in the static constructor on the first kernel call, inside timed runs,
    // and LINQ over an enum would be compiled there)
    private static KernelPath[] SupportedPaths()
    {
        KernelPath[] all = [KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256];
        int count = 0;
        foreach (var path in all) if (IsSupported(path)) count++;
        var paths = new KernelPath[count];
        count = 0;
        foreach (var path in all) if (IsSupported(path)) paths[count++] = path;
        return paths;
    }

    /// <summary>Whether this CPU runs <paramref name="path"/> in hardware.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        KernelPath.Vector256 => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>Throws unless this CPU runs <paramref name="path"/>: forcing an unsupported path would run in slow software emulation.</summary>
    internal static void Require(KernelPath path)
    {
        if (!IsSupported(path)) ThrowUnsupported(path);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowUnsupported(KernelPath path)
        => throw new PlatformNotSupportedException($"kernel path {path} is not supported on this CPU");
}
