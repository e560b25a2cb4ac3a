using System.Buffers.Binary;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Mutates valid TSV, model and FSA files (seeded) and proves the loaders either succeed or throw
/// <see cref="InputException"/> — never another exception type. Model mutations are tried twice:
/// as they are (the checksum catches them) and with the length and CRC fixed, so the parser behind
/// the checksum is reached too.
/// </summary>
public class LoaderFuzzTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void BuildFixtures()
    {
        Fixtures.Get();
        _dir = CliRunner.TempDir();
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs <paramref name="cases"/> mutations of <paramref name="valid"/> through <paramref name="load"/>; returns the failures.</summary>
    private static List<string> Fuzz(byte[] valid, int cases, ulong seed, Func<byte[], byte[]> fix, Action<byte[]> load)
    {
        var rng = new Rng(seed);
        var failures = new List<string>();
        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = fix(Mutator.Mutate(valid, rng, out string kind));
            try { load(bytes); }
            catch (InputException) { }
            catch (Exception e)
            {
                if (failures.Count < 10) failures.Add($"case {i} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }
        return failures;
    }

    private static byte[] AsIs(byte[] b) => b;

    /// <summary>Rewrites the model header's length field and the trailing CRC so only the body is wrong.</summary>
    private static byte[] FixLengthAndChecksum(byte[] b)
    {
        if (b.Length < 24 || !b.AsSpan(0, 8).SequenceEqual("LISORMDL"u8)) return b;
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(12, 8), b.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(b.Length - 4), Crc32.Compute(b.AsSpan(0, b.Length - 4)));
        return b;
    }

    [Test]
    public void Mutated_tsv_files_only_ever_throw_InputException()
    {
        var lines = File.ReadAllLines(Fixtures.Get().Train).Take(40);
        byte[] valid = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        string path = Path.Combine(_dir, "fuzz.tsv");
        var failures = Fuzz(valid, 3000, 11, AsIs, b => { File.WriteAllBytes(path, b); Tsv.Read(path); });
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Mutated_model_files_only_ever_throw_InputException()
    {
        byte[] valid = File.ReadAllBytes(Fixtures.Get().Model);
        string path = Path.Combine(_dir, "fuzz.lisor");
        void Load(byte[] b) { File.WriteAllBytes(path, b); Model.Load(path); }
        var failures = Fuzz(valid, 1500, 12, AsIs, Load);
        failures.AddRange(Fuzz(valid, 2500, 13, FixLengthAndChecksum, Load));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Mutated_fsa_files_only_ever_throw_InputException()
    {
        byte[] valid = File.ReadAllBytes(Fixtures.Get().Fsa);
        var failures = Fuzz(valid, 3500, 14, AsIs, b => FsaJson.Parse(b, "fuzz.json"));
        string path = Path.Combine(_dir, "fuzz.json");
        failures.AddRange(Fuzz(valid, 500, 15, AsIs, b => { File.WriteAllBytes(path, b); FsaJson.Load(path); }));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void The_unmutated_files_load()
    {
        var f = Fixtures.Get();
        Assert.DoesNotThrow(() => Tsv.Read(f.Train));
        Assert.DoesNotThrow(() => Model.Load(f.Model));
        Assert.DoesNotThrow(() => FsaJson.Load(f.Fsa));
        Assert.That(FixLengthAndChecksum(File.ReadAllBytes(f.Model)), Is.EqualTo(File.ReadAllBytes(f.Model)), "the fixer changes nothing on a valid file");
    }
}
