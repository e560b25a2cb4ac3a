using System.Globalization;
using System.Text;

namespace Lisor.Pure.Common;

/// <summary>
/// A probability as <c>predict</c>'s files show it, the text of <c>float.ToString("0.000000", InvariantCulture)</c>,
/// without the general formatter (in a profile of <c>predict</c> on task 000 it took a fifth of the process). For a
/// custom format that formatter first rounds a float to 7 significant digits (to nearest, ties to even), then rounds
/// those digits to the format's 6 decimals (a first dropped digit ≥ 5 rounds up). Both roundings are done here
/// exactly on the float's value x = m·2^−s, in integers. Values outside [0, 1], −0 and NaN go to the general
/// formatter. Checked against it on every float in [0, 1] (the explicit test SixDecimalsTests.Every_float_in_0_1).
/// </summary>
internal static class SixDecimals
{
    /// <summary>Appends x with 6 decimals, as <c>x.ToString("0.000000", CultureInfo.InvariantCulture)</c>.</summary>
    public static void Append(StringBuilder o, float x)
    {
        if (!(x >= 0f && x <= 1f) || float.IsNegative(x))
        {
            o.Append(x.ToString("0.000000", CultureInfo.InvariantCulture));
            return;
        }
        int micro = Micros(x);   // 0 … 1 000 000
        Span<char> text = stackalloc char[8];
        text[0] = (char)('0' + micro / 1_000_000);
        text[1] = '.';
        for (int i = 7, rest = micro % 1_000_000; i >= 2; i--, rest /= 10) text[i] = (char)('0' + rest % 10);
        o.Append(text);
    }

    /// <summary>x in [0, 1] rounded as the format rounds it, in millionths.</summary>
    internal static int Micros(float x)
    {
        // x = m·2^−s exactly (s ≥ 23 for x ≤ 1; subnormals have s = 149)
        int bits = BitConverter.SingleToInt32Bits(x), exponent = bits >>> 23;
        ulong m = (uint)(bits & 0x7FFFFF) | (exponent == 0 ? 0U : 0x800000U);
        int s = exponent == 0 ? 149 : 150 - exponent;
        // below 10^−7 the 7-digit value is at most 1.000000·10^−7, which the 6 decimals round to 0
        // (m < 2^24 and 10^7 < 2^24, so m·10^7 < 2^48 ≤ 2^s when s ≥ 48)
        if (m == 0 || s >= 48 || m * 10_000_000UL < 1UL << s) return 0;
        // the decimal exponent e: 10^e ≤ x < 10^(e+1), −7 ≤ e ≤ 0, i.e. the largest e with m·10^−e ≥ 2^s
        int e = 0;
        ulong tenToMinusE = 1;
        while (m * tenToMinusE < 1UL << s) { e--; tenToMinusE *= 10; }
        // R = x·10^(6−e) rounded to an integer, ties to even: the 7 significant digits (10^7 when they carry over)
        UInt128 scaled = (UInt128)m * PowersOfTen[6 - e];
        UInt128 r = scaled >> s, remainder = scaled - (r << s), half = UInt128.One << (s - 1);
        if (remainder > half || (remainder == half && (r & 1) == 1)) r++;
        // R is in units of 10^(e−6); in millionths, rounded half up: divide by 10^−e
        ulong digits = (ulong)r;
        return (int)(digits / tenToMinusE + (tenToMinusE > 1 && digits % tenToMinusE >= tenToMinusE / 2 ? 1UL : 0UL));
    }

    // 10^0 … 10^13 (6 − e for −7 ≤ e ≤ 0)
    private static readonly ulong[] PowersOfTen =
        [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
         100_000_000_000, 1_000_000_000_000, 10_000_000_000_000];
}
