using System.Globalization;
using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Cli;

public class SixDecimalsTests
{
    private static string General(float x) => x.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Ours(float x)
    {
        var o = new StringBuilder();
        SixDecimals.Append(o, x);
        return o.ToString();
    }

    // Every 997th float of [0, 1] by bit pattern (about a million), and the ones the two roundings turn on: the values
    // j/2^k whose decimals end in a 5 right after the 7th significant digit (ties of the first rounding), the
    // neighbours of d·10^−7 and of (d + ½)·10^−6 (the second rounding's edges), and the ends of the range.
    [Test]
    public void Gives_the_general_formatters_text_on_a_sample_of_floats_and_at_the_rounding_edges()
    {
        var cases = new List<float>();
        for (int bits = 0; bits <= 0x3F800000; bits += 997) cases.Add(BitConverter.Int32BitsToSingle(bits));
        for (int k = 1; k <= 40; k++)
            for (long j = 1; j < 1L << Math.Min(k, 16); j += Math.Max(1, (1L << Math.Min(k, 16)) / 4096)) cases.Add((float)(j / Math.Pow(2, k)));
        for (int d = 0; d <= 10_000_000; d += 37)
            foreach (double edge in new[] { d * 1e-7, (d + 0.5) * 1e-6 })
            {
                float f = (float)edge;
                cases.AddRange([f, MathF.BitDecrement(f), MathF.BitIncrement(f)]);
            }
        cases.AddRange([0f, float.Epsilon, 1f, MathF.BitDecrement(1f), 5e-7f, 4.9999995e-7f, 9.999999e-8f, 1e-7f, 0.5f]);
        int checkedCount = 0;
        foreach (float x in cases)
        {
            if (!(x >= 0f && x <= 1f)) continue;
            Assert.That(Ours(x), Is.EqualTo(General(x)), $"x = {x:R} (bits 0x{BitConverter.SingleToInt32Bits(x):X8})");
            checkedCount++;
        }
        Assert.That(checkedCount, Is.GreaterThan(1_500_000));
    }

    [Test]
    public void Values_outside_0_1_negative_zero_and_NaN_take_the_general_formatter()
    {
        foreach (float x in new[] { -0f, -1e-9f, 1.0000001f, 2.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0.75f })
            Assert.That(Ours(x), Is.EqualTo(General(x)), $"x = {x:R}");
    }

    // Every float of [0, 1], 1 065 353 217 of them (about 2 minutes on two cores): run with
    //   dotnet test -c Release --filter "Name=Every_float_in_0_1"
    [Test, Explicit("every float of [0, 1]: minutes")]
    public void Every_float_in_0_1()
    {
        const int last = 0x3F800000, chunks = 1024;
        long mismatches = 0;
        Parallel.For(0, chunks, c =>
        {
            var o = new StringBuilder();
            for (long b = (long)c * (last + 1) / chunks; b < (long)(c + 1) * (last + 1) / chunks; b++)
            {
                float x = BitConverter.Int32BitsToSingle((int)b);
                o.Clear();
                SixDecimals.Append(o, x);
                if (!o.Equals(General(x))) Interlocked.Increment(ref mismatches);
            }
        });
        Assert.That(mismatches, Is.Zero);
    }
}
