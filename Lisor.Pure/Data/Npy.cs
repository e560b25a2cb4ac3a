using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// NumPy <c>.npy</c> files (format versions 1–3): reads 2-D float32 or float64 arrays in C order
/// (little- or big-endian) as float32 rows; writes 2-D float32, little-endian, C order, version 1.0.
/// Layout: magic "\x93NUMPY", major, minor, header length (u16 in v1, u32 in v2/3), an ASCII/UTF-8
/// Python dict literal {'descr': '&lt;f4', 'fortran_order': False, 'shape': (rows, cols), } padded
/// with spaces and '\n' so the data starts at a multiple of 64 bytes, then the raw values.
/// Every problem is an <see cref="InputException"/> naming the file.
/// </summary>
internal static class Npy
{

    /// <summary>Reads a 2-D array [rows, cols] as row-major float32 values.</summary>
    public static (float[] Values, int Rows, int Cols) Read(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a .npy file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static (float[] Values, int Rows, int Cols) Read(Stream stream, string name)
    {
        var prefix = new byte[10];
        if (ReadFully(stream, prefix) < 8 || !FileKind.IsNpy(prefix))
            throw new InputException(name, 0, "not a NumPy .npy file (missing the \\x93NUMPY magic)");
        int major = prefix[6];
        long headerLength;
        if (major == 1) headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8, 2));
        else if (major is 2 or 3)
        {
            var more = new byte[2];
            if (ReadFully(stream, more) < 2) throw new InputException(name, 0, "truncated .npy header");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], more[0], more[1]]);
        }
        else throw new InputException(name, 0, $".npy format version {major}.{prefix[7]} is not supported (1, 2 or 3)");
        if (headerLength > 1 << 20) throw new InputException(name, 0, $".npy header of {headerLength} bytes is implausibly long");
        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) < headerLength) throw new InputException(name, 0, "truncated .npy header");
        string header = Encoding.UTF8.GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, name);

        // A float dtype is exactly three characters: byte order, 'f', size. Anything else, however short
        // (an object array's '|O', 'O', '<f', ''), is refused before a character of it is looked at.
        if (descr.Length != 3 || descr[0] is not ('<' or '>' or '=') || descr[1] != 'f' || descr[2] is not ('4' or '8'))
            throw new InputException(name, 0, $"dtype {Excerpt.Quoted(descr)} is not supported: expected float32 ('<f4') or float64 ('<f8')");
        int size = descr[2] == '4' ? 4 : 8;
        if (fortran) throw new InputException(name, 0, "Fortran-order arrays are not supported: save with numpy.ascontiguousarray(x)");
        if (shape.Length != 2) throw new InputException(name, 0, $"expected a 2-D array (points × dimensions), got shape ({Excerpt.List(shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})");
        long rows = shape[0], cols = shape[1];
        if (rows * cols > Array.MaxLength || rows > int.MaxValue || cols > int.MaxValue)
            throw new InputException(name, 0, $"array of {rows} × {cols} values is too large");
        bool bigEndian = descr[0] == '>';

        var values = new float[rows * cols];
        var buffer = new byte[1 << 16];
        long count = values.LongLength, done = 0;
        while (done < count)
        {
            int want = (int)Math.Min(buffer.Length / size, count - done) * size;
            int got = ReadFully(stream, buffer.AsSpan(0, want));
            if (got < want) throw new InputException(name, 0, $"truncated data: expected {rows} × {cols} values of {size} bytes, the file ends after {done + got / size}");
            for (int o = 0; o < want; o += size, done++)
            {
                var b = buffer.AsSpan(o, size);
                if (size == 4)
                {
                    values[done] = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);
                    continue;
                }
                double d = bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
                values[done] = (float)d;
                // a finite float64 that float32 cannot hold would become ±∞: say so, rather than report an ∞ the file does not hold
                if (float.IsInfinity(values[done]) && double.IsFinite(d))
                    throw new InputException(name, 0, $"point {done / cols + 1} has a value outside float32's range " +
                        $"({d.ToString("R", CultureInfo.InvariantCulture)}, beyond ±{float.MaxValue.ToString(CultureInfo.InvariantCulture)}) in dimension {done % cols + 1}");
            }
        }
        if (stream.ReadByte() >= 0) throw new InputException(name, 0, $"trailing bytes after the {rows} × {cols} values");
        return (values, (int)rows, (int)cols);
    }

    /// <summary>Writes <paramref name="values"/> [rows, cols] (row-major) as a float32 .npy, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, int rows, int cols)
    {
        if ((long)rows * cols != values.Length) throw new ArgumentException($"expected rows·cols = {(long)rows * cols} values, got {values.Length}");
        var copy = values.ToArray();
        AtomicFile.Write(path, s => Write(s, copy, rows, cols));
    }

    /// <summary>Writes a float32 .npy to a stream.</summary>
    public static void Write(Stream stream, float[] values, int rows, int cols)
    {
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        stream.Write(FileKind.NpyMagic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buffer = new byte[1 << 16];
        int at = 0;
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(at, 4), v);
            at += 4;
            if (at == buffer.Length) { stream.Write(buffer); at = 0; }
        }
        stream.Write(buffer.AsSpan(0, at));
    }

    private static (string Descr, bool Fortran, long[] Shape) ParseHeader(string header, string name)
    {
        var descr = Regex.Match(header, @"'descr'\s*:\s*'([^']*)'");
        var fortran = Regex.Match(header, @"'fortran_order'\s*:\s*(True|False)");
        var shape = Regex.Match(header, @"'shape'\s*:\s*\(([^)]*)\)");
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InputException(name, 0, $"malformed .npy header: {Excerpt.Plain(header.Trim())}");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++)
            if (!long.TryParse(dims[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]))
                throw new InputException(name, 0, $"malformed shape {Excerpt.Quoted("(" + shape.Groups[1].Value + ")")} in the .npy header");
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", sizes);
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
