using System.Text;
using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Clustering;

public class PointFilesTests
{
    private static string Temp(string name) => Path.Combine(CliRunner.TempDir(), name);

    [Test]
    public void Npy_float32_round_trips()
    {
        string path = Temp("p.npy");
        float[] values = [1.5f, -2, 3.25f, float.Epsilon, 0, 1e30f];
        Npy.Write(path, values, 3, 2);
        var (read, rows, cols) = Npy.Read(path);
        Assert.That((rows, cols), Is.EqualTo((3, 2)));
        Assert.That(read, Is.EqualTo(values));
        Assert.That((new FileInfo(path).Length - 6 * 4) % 64, Is.EqualTo(0)); // the data starts 64-byte aligned
    }

    // A .npy file written by hand: version 1.0 header around the given dict, then the raw bytes.
    private static string Handmade(string dict, byte[] data, byte major = 1)
    {
        string path = Temp("h.npy");
        var header = dict + new string(' ', 64 - (10 + dict.Length + 1) % 64) + "\n";
        using var s = File.Create(path);
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        if (major == 1) s.Write(BitConverter.GetBytes((ushort)header.Length));
        else s.Write(BitConverter.GetBytes((uint)header.Length));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(data);
        return path;
    }

    [Test]
    public void Npy_reads_float64_and_big_endian_and_version_2()
    {
        var doubles = new[] { 0.5, -1.25, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray();
        var (a, r, c) = Npy.Read(Handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles));
        Assert.That((a, r, c), Is.EqualTo((new[] { 0.5f, -1.25f, 3f, 4f }, 2, 2)));

        var big = new[] { 1f, 2f }.SelectMany(v => BitConverter.GetBytes(v).Reverse()).ToArray();
        (a, r, c) = Npy.Read(Handmade("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", big, major: 2));
        Assert.That((a, r, c), Is.EqualTo((new[] { 1f, 2f }, 1, 2)));
    }

    // A float64 value float32 cannot hold is named as such, not as the ∞ it would become; a float64 ∞ stays ∞ (for the fit's message).
    [TestCase(1e300, "point 2 has a value outside float32's range (1E+300, beyond ±3.4028235E+38) in dimension 1")]
    [TestCase(-4e38, "point 2 has a value outside float32's range (-4E+38, beyond ±3.4028235E+38) in dimension 1")]
    public void Npy_float64_beyond_float32_is_refused_naming_the_point(double value, string problem)
    {
        var doubles = new[] { 0.5, -1.25, value, 4 }.SelectMany(BitConverter.GetBytes).ToArray();
        string path = Handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles);
        var e = Assert.Throws<InputException>(() => Npy.Read(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: {problem}"));
        doubles = new[] { 0.5, double.PositiveInfinity, 3.4e38, 4 }.SelectMany(BitConverter.GetBytes).ToArray();
        var (a, _, _) = Npy.Read(Handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles));
        Assert.That(a, Is.EqualTo(new[] { 0.5f, float.PositiveInfinity, 3.4e38f, 4f }));
    }

    [TestCase("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", 16, "dtype")]
    [TestCase("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }", 16, "dtype '|O' is not supported")]
    [TestCase("{'descr': 'O', 'fortran_order': False, 'shape': (2, 2), }", 16, "dtype 'O' is not supported")]
    [TestCase("{'descr': '<f', 'fortran_order': False, 'shape': (2, 2), }", 16, "dtype '<f' is not supported")]
    [TestCase("{'descr': '', 'fortran_order': False, 'shape': (2, 2), }", 16, "dtype '' is not supported")]
    [TestCase("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16, "Fortran")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 16, "2-D")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 1), }", 16, "2-D")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 12, "truncated")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 20, "trailing")]
    [TestCase("{'descr': '<f4', 'shape': (2, 2), }", 16, "malformed")]
    public void Npy_bad_files_are_located_errors(string dict, int bytes, string problem)
    {
        string path = Handmade(dict, new byte[bytes]);
        var e = Assert.Throws<InputException>(() => Npy.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(problem));
    }

    [Test]
    public void Npy_missing_or_not_npy_is_an_error()
    {
        string path = Temp("nope.npy");
        Assert.That(Assert.Throws<InputException>(() => Npy.Read(path))!.Message, Does.Contain("no such file"));
        File.WriteAllText(path, "1,2,3\n");
        Assert.That(Assert.Throws<InputException>(() => Npy.Read(path))!.Message, Does.Contain("magic"));
    }

    [Test]
    public void Csv_reads_rows_skipping_header_comments_and_blank_lines()
    {
        string path = Temp("p.csv");
        File.WriteAllText(path, "x,y\n# a comment\n1, 2\n\n-3.5,4e1\r\n");
        var (v, r, c) = PointsCsv.Read(path);
        Assert.That((v, r, c), Is.EqualTo((new[] { 1f, 2f, -3.5f, 40f }, 2, 2)));
    }

    [TestCase("1,2\n3\n", 2, "expected 2 values")]
    [TestCase("1,2\n3,abc\n", 2, "'abc' is not a number")]
    [TestCase("1,2\n3,NaN\n", 2, "not a finite number")]
    [TestCase("# only a comment\n", 0, "no points")]
    // a header with fewer or more names than the rows have columns (the first was taken without comment)
    [TestCase("a,b\n1,2,3\n4,5,6\n", 1, "the header names 2 columns, the first row (line 2) has 3 values")]
    [TestCase("# points\nx,y,z,w\n\n1,2,3\n", 2, "the header names 4 columns, the first row (line 4) has 3 values")]
    [TestCase("name\n1,2\n", 1, "the header names 1 column, the first row (line 2) has 2 values")]
    public void Csv_errors_name_the_line(string text, int line, string problem)
    {
        string path = Temp("bad.csv");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InputException>(() => PointsCsv.Read(path));
        Assert.That(e!.Line, Is.EqualTo(line));
        Assert.That(e.Message, Does.Contain(problem));
    }

    [Test]
    public void Csv_without_a_header_and_with_a_matching_one_read_the_same()
    {
        string path = Temp("h.csv");
        File.WriteAllText(path, "1,2,3\n4,5,6\n");
        var plain = PointsCsv.Read(path);
        File.WriteAllText(path, "a, b ,c\n1,2,3\n4,5,6\n");
        var headed = PointsCsv.Read(path);
        Assert.That((plain.Values, plain.Rows, plain.Cols), Is.EqualTo((new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3)));
        Assert.That((headed.Values, headed.Rows, headed.Cols), Is.EqualTo((plain.Values, plain.Rows, plain.Cols)));
        File.WriteAllText(path, "7\n8\n");   // one column, no header
        Assert.That(PointsCsv.Read(path).Cols, Is.EqualTo(1));
    }

    [Test]
    public void Sequences_file_round_trips_and_rejects_bad_lines()
    {
        string path = Temp("s.tsv");
        PointSequences.Write(path, new[] { 0, 0, 1 }, new[] { 1, 2, 1 });
        var (s, j) = PointSequences.Read(path);
        Assert.That((s, j), Is.EqualTo((new[] { 0, 0, 1 }, new[] { 1, 2, 1 })));
        File.WriteAllText(path, "0\t1\n0\t0\n");
        var e = Assert.Throws<InputException>(() => PointSequences.Read(path));
        Assert.That(e!.Message, Does.Contain(":2:").And.Contain("step"));
        File.WriteAllText(path, "0 1\n");
        Assert.That(Assert.Throws<InputException>(() => PointSequences.Read(path))!.Line, Is.EqualTo(1));
    }
}
