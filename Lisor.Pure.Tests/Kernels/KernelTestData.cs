using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>Shared inputs of the kernel tests: the paths this CPU runs, the lengths to try, and guarded buffers.</summary>
public static class KernelTestData
{
    /// <summary>Every path this CPU runs (the unsupported ones cannot be forced without emulation).</summary>
    public static IEnumerable<KernelPath> Paths => KernelPaths.Supported;

    /// <summary>0 … 4 × widest vector (8 floats) + 3, then a few odd and large lengths.</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 4 * 8 + 4).Concat([63, 65, 100, 1000]);

    /// <summary>
    /// Every supported path × every row length 0 … 4 × widest vector + 3, then 63, 256 and 1000: each vector
    /// width and every tail (the cells' element-wise kernels).
    /// </summary>
    public static IEnumerable<TestCaseData> PathsAndRowLengths()
    {
        foreach (var path in Paths)
            foreach (int h in Enumerable.Range(0, 4 * 8 + 4).Concat([63, 256, 1000]))
                yield return new TestCaseData(path, h);
    }

    /// <summary>Fails at the first element whose bits differ (so −0 ≠ +0 and NaN payloads count).</summary>
    public static void AssertSameBits(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        for (int j = 0; j < expected.Length; j++)
            if (BitConverter.SingleToInt32Bits(actual[j]) != BitConverter.SingleToInt32Bits(expected[j]))
                Assert.Fail($"{what}[{j}]: {actual[j]:R}, expected {expected[j]:R}");
    }

    /// <summary>Uniform values in [lo, hi).</summary>
    public static float[] Random(Rng rng, int n, float lo = -2f, float hi = 2f)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.NextFloat();
        return a;
    }
}

/// <summary>
/// A buffer with sentinel guard elements on both sides of the <see cref="Span"/> a kernel may touch;
/// <see cref="AssertGuardsIntact"/> proves the kernel wrote nothing outside it.
/// </summary>
public sealed class Guarded
{
    private const int Guard = 9;
    private const float Sentinel = -12345.5f;
    private readonly float[] _buffer;
    public int Length { get; }

    public Guarded(ReadOnlySpan<float> values)
    {
        Length = values.Length;
        _buffer = new float[values.Length + 2 * Guard];
        _buffer.AsSpan().Fill(Sentinel);
        values.CopyTo(_buffer.AsSpan(Guard));
    }

    public Span<float> Span => _buffer.AsSpan(Guard, Length);

    public float[] ToArray() => Span.ToArray();

    public void AssertGuardsIntact()
    {
        for (int i = 0; i < Guard; i++)
        {
            Assert.That(_buffer[i], Is.EqualTo(Sentinel), "guard before the span was written");
            Assert.That(_buffer[Guard + Length + i], Is.EqualTo(Sentinel), "guard after the span was written");
        }
    }
}
