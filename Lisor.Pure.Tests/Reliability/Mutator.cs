using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>Seeded byte-level mutations of a valid file: bit flips, truncations, insertions, duplications.</summary>
public static class Mutator
{
    /// <summary>Bytes that matter to our parsers (separators, quotes, brackets, invalid UTF-8, signs).</summary>
    private static readonly byte[] Interesting = "\t\n\r \"{}[],:-0123456789#"u8.ToArray().Concat(new byte[] { 0x00, 0xFF, 0xC3, 0x80, 0xEF, 0x7F }).ToArray();

    /// <summary>One to three mutations of <paramref name="valid"/>; <paramref name="kind"/> says which.</summary>
    public static byte[] Mutate(byte[] valid, Rng rng, out string kind)
    {
        var bytes = new List<byte>(valid);
        var kinds = new List<string>();
        int count = 1 + rng.NextInt(3);
        for (int m = 0; m < count; m++)
        {
            int at = bytes.Count == 0 ? 0 : rng.NextInt(bytes.Count);
            switch (rng.NextInt(5))
            {
                case 0 when bytes.Count > 0:
                    int bit = rng.NextInt(8);
                    bytes[at] ^= (byte)(1 << bit);
                    kinds.Add($"flip@{at}.{bit}");
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    kinds.Add($"truncate@{at}");
                    break;
                case 2:
                    int n = 1 + rng.NextInt(8);
                    for (int i = 0; i < n; i++)
                        bytes.Insert(at, rng.NextInt(2) == 0 ? Interesting[rng.NextInt(Interesting.Length)] : (byte)rng.NextInt(256));
                    kinds.Add($"insert{n}@{at}");
                    break;
                case 3 when bytes.Count > 0:
                    int len = Math.Min(1 + rng.NextInt(16), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, len));
                    kinds.Add($"duplicate{len}@{at}");
                    break;
                default:
                    if (bytes.Count == 0) break;
                    bytes[at] = Interesting[rng.NextInt(Interesting.Length)];
                    kinds.Add($"set@{at}");
                    break;
            }
        }
        kind = string.Join(",", kinds);
        return bytes.ToArray();
    }
}
