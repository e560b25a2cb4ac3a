using System.Globalization;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Clustering;

public class ClusterCommandTests
{
    private static (string Dir, string Npy) Points(int n = 300, int dim = 3)
    {
        string dir = CliRunner.TempDir();
        string npy = Path.Combine(dir, "points.npy");
        Npy.Write(npy, TestData.Blobs(n, dim, 5, 1), n, dim);
        return (dir, npy);
    }

    [Test]
    public void Cluster_npy_writes_assignments_centres_and_the_json_summary()
    {
        var (dir, npy) = Points();
        string tsv = Path.Combine(dir, "a.tsv"), centres = Path.Combine(dir, "c.npy");
        var r = CliRunner.Run("cluster", "--points", npy, "--clusters", "4", "--assignments", tsv, "--centres", centres, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var json = r.Json();
        Assert.That(json.GetProperty("points").GetInt32(), Is.EqualTo(300));
        Assert.That(json.GetProperty("dim").GetInt32(), Is.EqualTo(3));
        Assert.That(json.GetProperty("clusters").GetInt32(), Is.EqualTo(4));
        Assert.That(json.GetProperty("inertia").GetDouble(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("iterations").GetInt32(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
        var lines = File.ReadAllLines(tsv);
        Assert.That(lines, Has.Length.EqualTo(300));
        Assert.That(lines[7], Does.StartWith("7\t"));
        Assert.That(lines.Select(l => int.Parse(l.Split('\t')[1], CultureInfo.InvariantCulture)), Is.All.InRange(0, 3));
        var (c, rows, cols) = Npy.Read(centres);
        Assert.That((rows, cols, c.Length), Is.EqualTo((4, 3, 12)));
    }

    [Test]
    public void Cluster_csv_and_npy_of_the_same_points_agree()
    {
        var (dir, npy) = Points(100, 2);
        var (v, _, _) = Npy.Read(npy);
        string csv = Path.Combine(dir, "points.csv");
        File.WriteAllLines(csv, Enumerable.Range(0, 100).Select(i =>
            $"{v[2 * i].ToString("R", CultureInfo.InvariantCulture)},{v[2 * i + 1].ToString("R", CultureInfo.InvariantCulture)}"));
        var a = CliRunner.Run("cluster", "--points", npy, "--clusters", "3", "--json");
        var b = CliRunner.Run("cluster", "--points", csv, "--clusters", "3", "--json");
        Assert.That(b.ExitCode, Is.EqualTo(0), b.Err);
        Assert.That(b.Json().GetProperty("inertia").GetDouble(), Is.EqualTo(a.Json().GetProperty("inertia").GetDouble()));
    }

    [Test]
    public void Cluster_kmeansx_reads_the_sequences_file()
    {
        var (dir, npy) = Points(120, 2);
        string seq = Path.Combine(dir, "points.sequences.tsv");
        PointSequences.Write(seq, Enumerable.Range(0, 120).Select(i => i / 10).ToArray(), Enumerable.Range(0, 120).Select(i => i % 10 + 1).ToArray());
        var r = CliRunner.Run("cluster", "--points", npy, "--clusters", "5", "--method", "kmeansx", "--sequences", seq, "--json", "--threads", "1");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("method").GetString(), Is.EqualTo("kmeansx"));
        var missing = CliRunner.Run("cluster", "--points", npy, "--clusters", "5", "--method", "kmeansx");
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Err, Does.Contain("--sequences"));
    }

    [Test]
    public void Cluster_bad_input_exits_2_naming_the_file()
    {
        var (dir, npy) = Points(10, 2);
        var tooMany = CliRunner.Run("cluster", "--points", npy, "--clusters", "11");
        Assert.That(tooMany.ExitCode, Is.EqualTo(2));
        Assert.That(tooMany.Err, Does.Contain(npy).And.Contain("11 clusters"));
        Assert.That(tooMany.Err.Trim().Split('\n'), Has.Length.EqualTo(1));

        string csv = Path.Combine(dir, "nan.csv");
        File.WriteAllText(csv, "1,2\n3,nan\n");
        var nan = CliRunner.Run("cluster", "--points", csv, "--clusters", "1");
        Assert.That(nan.ExitCode, Is.EqualTo(2));
        Assert.That(nan.Err, Does.Contain("nan.csv:2:"));

        string seq = Path.Combine(dir, "short.tsv");
        File.WriteAllText(seq, "0\t1\n");
        var mismatch = CliRunner.Run("cluster", "--points", npy, "--clusters", "2", "--method", "kmeansx", "--sequences", seq);
        Assert.That(mismatch.ExitCode, Is.EqualTo(2));
        Assert.That(mismatch.Err, Does.Contain("short.tsv"));

        string centres = Path.Combine(dir, "never.npy");
        var missing = CliRunner.Run("cluster", "--points", Path.Combine(dir, "absent.npy"), "--clusters", "2", "--centres", centres);
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(File.Exists(centres), Is.False);
    }

    // A .npy of Python objects (dtype '|O', shorter than a float dtype's three characters) is bad input for both
    // commands that read points: exit 2 and one line naming the file and the dtype, not an internal failure.
    [TestCase("cluster", "--points")]
    [TestCase("bench", "--data")]
    public void A_short_npy_dtype_is_refused_naming_the_file_and_the_dtype(string command, string option)
    {
        string path = Path.Combine(CliRunner.TempDir(), "objects.npy");
        const string dict = "{'descr': '|O', 'fortran_order': False, 'shape': (4, 2), }";
        using (var s = File.Create(path))
        {
            s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            string header = dict + new string(' ', 64 - (10 + dict.Length + 1) % 64) + "\n";
            s.Write(BitConverter.GetBytes((ushort)header.Length));
            s.Write(System.Text.Encoding.ASCII.GetBytes(header));
            s.Write(new byte[64]);
        }
        string[] args = command == "cluster" ? ["cluster", option, path, "--clusters", "2"] : ["bench", "kmeans", option, path, "--clusters", "2"];
        var r = CliRunner.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Is.EqualTo($"error: {path}: dtype '|O' is not supported: expected float32 ('<f4') or float64 ('<f8')\n"));
    }

    // Large but finite coordinates: clustered right while their squared distances fit float32 (the inertia a JSON
    // number, the far point alone), refused past the bound with the point and dimension, as a NaN is.
    [Test]
    public void Huge_coordinates_are_clustered_up_to_the_bound_and_refused_beyond_it()
    {
        string dir = CliRunner.TempDir(), fine = Path.Combine(dir, "fine.npy"), big = Path.Combine(dir, "big.npy");
        Npy.Write(fine, [1e18f, 0, -1e18f, 0, 1, 1, 2, 2], 4, 2);
        string tsv = Path.Combine(dir, "a.tsv");
        var r = CliRunner.Run("cluster", "--points", fine, "--clusters", "2", "--json", "--assignments", tsv);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var inertia = r.Json().GetProperty("inertia");
        Assert.That(inertia.ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Number), r.Out);
        // an optimum: one far point alone, the other with (1, 1) and (2, 2) (their mean ±1e18/3): (2/3)·1e36
        Assert.That(inertia.GetDouble(), Is.EqualTo(2.0 / 3 * 1e36).Within(1e-5).Percent);
        var labels = File.ReadAllLines(tsv).Select(l => l.Split('\t')[1]).ToArray();
        Assert.That(labels[2], Is.EqualTo(labels[3]));
        Assert.That(labels.Count(l => l == labels[3]), Is.EqualTo(3), string.Join(" ", labels));

        Npy.Write(big, [1, 1, 1e20f, 0, -1e20f, 0, 2, 2], 4, 2);
        r = CliRunner.Run("cluster", "--points", big, "--clusters", "2", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.StartWith($"error: {big}: point 2 has a value too large to cluster (1E+20) in dimension 1: " +
                                          "with 2 dimensions a value must be within ±3.26E+18"));
        Assert.That(r.Out, Is.Empty);
    }

    // A --data file the fit cannot take is bad input, as it is for `cluster`: exit 2 and the same line, naming the file;
    // also when the bad point lies past the warm-up fit's prefix.
    [TestCase(1)]
    [TestCase(20_000)]
    public void Bench_kmeans_data_with_a_NaN_exits_2_with_the_message_cluster_gives(int point)
    {
        string npy = Path.Combine(CliRunner.TempDir(), "nan.npy");
        var x = new float[2 * 20_000];
        x[2 * (point - 1) + 1] = float.NaN;
        Npy.Write(npy, x, 20_000, 2);
        var cluster = CliRunner.Run("cluster", "--points", npy, "--clusters", "2");
        var bench = CliRunner.Run("bench", "kmeans", "--data", npy, "--clusters", "2");
        Assert.That((bench.ExitCode, cluster.ExitCode), Is.EqualTo((2, 2)), bench.Err);
        Assert.That(bench.Err, Is.EqualTo($"error: {npy}: point {point} has a non-finite value (NaN) in dimension 2\n"));
        Assert.That(bench.Err, Is.EqualTo(cluster.Err));
    }

    [Test]
    public void Bench_kmeans_prints_per_second()
    {
        var r = CliRunner.Run("bench", "kmeans", "--points", "3000", "--dim", "4", "--clusters", "5", "--json", "--threads", "1");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("per_second").GetDouble(), Is.GreaterThan(0));
        Assert.That(r.Json().GetProperty("seconds").GetDouble(), Is.GreaterThan(0));
        var x = CliRunner.Run("bench", "kmeans", "--points", "2000", "--dim", "3", "--clusters", "4", "--method", "kmeansx", "--steps", "10", "--json");
        Assert.That(x.ExitCode, Is.EqualTo(0), x.Err);
    }

    [Test]
    public void Bench_rejects_unknown_names()
    {
        var r = CliRunner.Run("bench", "nothing");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("kmeans"));
        Assert.That(CliRunner.Run("bench").ExitCode, Is.EqualTo(2));
    }
}
