using System.Buffers.Binary;
using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Training;

/// <summary>
/// The model file (little-endian binary, one file):
/// <code>
///   "LISORMDL"                 8 bytes, magic
///   version                    uint32 (= 1)
///   file length                int64, the whole file in bytes (catches truncation)
///   cell kind                  string (int32 UTF-8 byte count, then the bytes)
///   hidden, layers             int32, int32
///   input kind, input size     int32 (0 one-hot, 1 embedding, 2 fixed vectors), int32 X
///   vocabulary                 int32 V, then V strings (id order; id 0 is &lt;unk&gt;)
///   classes                    int32 C, then C strings; int32 positive class index (−1: none)
///   fixed vectors              int32 count (V·X for fixed vectors, else 0), then that many float32
///   parameters                 int32 P, then P float32 (the flat buffer of Network)
///   checksum                   uint32 CRC-32 of every byte before it
/// </code>
/// Floats are stored bit for bit, so a loaded model computes exactly what the saved one did.
/// </summary>
internal static class ModelFile
{
    public static ReadOnlySpan<byte> Magic => "LISORMDL"u8;
    public const uint Version = 1;
    private const int HeaderBytes = 8 + 4 + 8;

    public static void Save(Model model, string path)
    {
        var net = model.Network;
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(Version); w.Write(0L);
            WriteString(w, net.CellKind);
            w.Write(net.Hidden); w.Write(net.Layers);
            w.Write((int)net.Input); w.Write(net.InputSize);
            w.Write(model.Vocabulary.Count);
            foreach (var s in model.Vocabulary.Symbols) WriteString(w, s);
            w.Write(model.Classes.Count);
            foreach (var c in model.Classes) WriteString(w, c);
            w.Write(model.PositiveClass);
            WriteFloats(w, net.FixedTable ?? []);
            WriteFloats(w, model.Weights);
        }
        long length = body.Length + 4;
        byte[] bytes = body.ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12, 8), length);
        uint crc = Crc32.Compute(bytes);
        AtomicFile.Write(path, s =>
        {
            s.Write(bytes);
            Span<byte> tail = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(tail, crc);
            s.Write(tail);
        });
    }

    public static Model Load(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a model file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        byte[] bytes = File.ReadAllBytes(path);
        int magicBytes = Math.Min(bytes.Length, Magic.Length);
        if (!bytes.AsSpan(0, magicBytes).SequenceEqual(Magic[..magicBytes]))
            throw new InputException(path, 0, "not a Lisor.Pure model file (bad magic; expected 'LISORMDL')");
        if (bytes.Length < HeaderBytes + 4) throw new InputException(path, 0, $"truncated: {bytes.Length} bytes, shorter than any model file");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version > Version) throw new InputException(path, 0, $"model format version {version} is newer than this program's {Version}; upgrade Lisor.Pure");
        if (version == 0) throw new InputException(path, 0, "model format version 0 is invalid");
        long declared = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        if (bytes.Length < declared) throw new InputException(path, 0, $"truncated: {bytes.Length} of {declared} bytes");
        if (bytes.Length > declared) throw new InputException(path, 0, $"{bytes.Length - declared} unexpected bytes after the {declared}-byte model");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        uint actual = Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4));
        if (stored != actual) throw new InputException(path, 0, $"checksum mismatch (stored {stored:x8}, computed {actual:x8}): the file is corrupted");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, HeaderBytes, bytes.Length - HeaderBytes - 4), Encoding.UTF8);
            string cell = ReadString(r);
            int hidden = r.ReadInt32(), layers = r.ReadInt32();
            var input = (InputKind)r.ReadInt32();
            int inputSize = r.ReadInt32();
            var symbols = new string[Count(r, 1 << 26)];
            for (int i = 0; i < symbols.Length; i++) symbols[i] = ReadString(r);
            var classes = new string[Count(r, 1 << 20)];
            for (int i = 0; i < classes.Length; i++) classes[i] = ReadString(r);
            int positive = r.ReadInt32();
            float[] fixedTable = ReadFloats(r);
            float[] weights = ReadFloats(r);
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("extra bytes before the checksum");
            if (!Enum.IsDefined(input)) throw new InvalidDataException($"unknown input kind {(int)input}");
            if (positive < -1 || positive >= classes.Length) throw new InvalidDataException($"positive class {positive} out of range");
            // Every layer has ≥ H biases, layer 0 has X·H input weights and the head H·C weights, so sizes
            // that do not fit the stored parameters are corrupt: refuse them before allocating that much.
            long p = weights.Length;
            if (hidden < 1 || layers < 1 || inputSize < 1 || (long)layers * hidden > p || (long)inputSize * hidden > p || (long)hidden * classes.Length > p)
                throw new InvalidDataException($"sizes (hidden {hidden}, layers {layers}, input {inputSize}) do not fit the {p} stored parameters");
            var net = new Network(cell, hidden, layers, classes.Length, symbols.Length, input, inputSize,
                input == InputKind.FixedVectors ? fixedTable : null);
            if (input != InputKind.FixedVectors && fixedTable.Length != 0) throw new InvalidDataException("fixed vectors without fixed-vector input");
            if (weights.Length != net.ParameterCount)
                throw new InvalidDataException($"{weights.Length} parameters, the network needs {net.ParameterCount}");
            return new Model(net, weights, Vocabulary.FromSymbols(symbols), classes, positive);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or InputException)
        {
            throw new InputException(path, 0, $"inconsistent model file: {e.Message}");
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        w.Write(b.Length); w.Write(b);
    }

    private static string ReadString(BinaryReader r)
    {
        int n = Count(r, 1 << 20);
        var b = r.ReadBytes(n);
        if (b.Length != n) throw new EndOfStreamException();
        return new UTF8Encoding(false, true).GetString(b);
    }

    private static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> values)
    {
        w.Write(values.Length);
        foreach (float v in values) w.Write(v);
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        int n = Count(r, int.MaxValue / 4);
        if ((long)n * 4 > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadSingle();
        return values;
    }

    private static int Count(BinaryReader r, int max)
    {
        int n = r.ReadInt32();
        // Every counted item takes at least one byte, so a count beyond the bytes left is corrupt (and never allocated).
        if (n < 0 || n > max || n > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException($"count {n} out of range");
        return n;
    }
}
