using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Inputs that are pipes — a FIFO, or the /dev/fd/N a shell's process substitution <c>--data &lt;(grep … f.tsv)</c> passes —
/// give their bytes once. A command must read each such input once, from its first byte, and do what it does with the
/// same bytes in a regular file. (Looking at a file's first bytes to name a file given to the wrong option used to read
/// them from the pipe first: `predict` then answered for the lines after the first 256 bytes, `classify` and `extract`
/// failed on a line cut in two, and a FIFO whose writer had gone left the second open waiting for ever.)
/// </summary>
[NonParallelizable]
public class PipedInputTests
{
    [OneTimeSetUp]
    public void BuildFixtures() => Fixtures.Get();

    /// <summary>
    /// Runs the command while a writer feeds <paramref name="bytes"/> into <paramref name="fifo"/>, then the writer is
    /// through. A command that does not finish in 60 s (it opened the FIFO a second time, after the writer had closed it)
    /// fails the test; the FIFO is then opened once more for writing, so that the waiting open returns.
    /// </summary>
    private static CliRunner.Result WithFifo(string fifo, byte[] bytes, params string[] args)
    {
        var writer = Task.Run(() =>
        {
            try { using var f = new FileStream(fifo, FileMode.Open, FileAccess.Write); f.Write(bytes); }
            catch (IOException) { }   // the reader closed before the end (the test then fails on the command's result)
        });
        var run = Task.Run(() => CliRunner.Run(args));
        if (!run.Wait(TimeSpan.FromSeconds(60)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail($"{args[0]} did not finish reading the FIFO {fifo}: it opened it more than once");
        }
        Assert.That(writer.Wait(TimeSpan.FromSeconds(60)), Is.True, "the writer never finished: the command did not read the FIFO");
        return run.Result;
    }

    // The run, once it is known to have succeeded.
    private static CliRunner.Result Ok(CliRunner.Result run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Err);
        return run;
    }

    [Test]
    public void Predict_reads_data_and_a_model_from_fifos_as_from_files()
    {
        var c = new CaseFolder();
        Ok(CliRunner.Run("predict", "--model", c.F.Model, "--data", c.F.Test, "--out", c.Path_("file.tsv"), "--quiet"));
        Ok(WithFifo(c.Fifo("data"), File.ReadAllBytes(c.F.Test),
            "predict", "--model", c.F.Model, "--data", c.Path_("data"), "--out", c.Path_("fifo-data.tsv"), "--quiet"));
        Assert.That(File.ReadAllBytes(c.Path_("fifo-data.tsv")), Is.EqualTo(File.ReadAllBytes(c.Path_("file.tsv"))), "every line answered");
        Ok(WithFifo(c.Fifo("model"), File.ReadAllBytes(c.F.Model),
            "predict", "--model", c.Path_("model"), "--data", c.F.Test, "--out", c.Path_("fifo-model.tsv"), "--quiet"));
        Assert.That(File.ReadAllBytes(c.Path_("fifo-model.tsv")), Is.EqualTo(File.ReadAllBytes(c.Path_("file.tsv"))));
    }

    [Test]
    public void Classify_reads_an_fsa_and_data_from_fifos_as_from_files()
    {
        var c = new CaseFolder();
        var file = Ok(CliRunner.Run("classify", "--fsa", c.F.Fsa, "--data", c.F.Test, "--json", "--quiet"));
        var data = Ok(WithFifo(c.Fifo("data"), File.ReadAllBytes(c.F.Test), "classify", "--fsa", c.F.Fsa, "--data", c.Path_("data"), "--json", "--quiet"));
        var fsa = Ok(WithFifo(c.Fifo("fsa"), File.ReadAllBytes(c.F.Fsa), "classify", "--fsa", c.Path_("fsa"), "--data", c.F.Test, "--json", "--quiet"));
        foreach (var piped in new[] { data, fsa })
            foreach (string key in new[] { "examples", "accuracy" })
                Assert.That(piped.Json().GetProperty(key).ToString(), Is.EqualTo(file.Json().GetProperty(key).ToString()), key);
    }

    [Test]
    public void Extract_reads_its_data_from_a_fifo_as_from_a_file()
    {
        var c = new CaseFolder();
        Ok(CliRunner.Run("extract", "--model", c.F.Model, "--data", c.F.Valid, "--out", c.Path_("file.json"), "--quiet"));
        Ok(WithFifo(c.Fifo("valid"), File.ReadAllBytes(c.F.Valid),
            "extract", "--model", c.F.Model, "--data", c.Path_("valid"), "--out", c.Path_("fifo.json"), "--quiet"));
        // the same FSA (the file names the data it was learned from: compare what it is, not where it came from)
        var a = Lisor.Pure.Automata.FsaJson.Load(c.Path_("file.json"));
        var b = Lisor.Pure.Automata.FsaJson.Load(c.Path_("fifo.json"));
        Assert.That(Lisor.Pure.Automata.Equivalence.Check(a, b).Equivalent, Is.True);
        Assert.That(b.StateCount, Is.EqualTo(a.StateCount));
    }

    [Test]
    public void Cluster_tells_npy_from_csv_by_content_in_a_fifo_and_in_a_file_of_any_name()
    {
        var c = new CaseFolder();
        var rng = new Lisor.Pure.Tensors.Rng(3);
        var values = new float[60 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.NextDouble() + (i / 4 % 3) * 5;
        string npy = c.Path_("points.npy");
        Npy.Write(npy, values, 60, 4);
        File.Copy(npy, c.Path_("points.dat"));
        string csv = c.Text("points.csv", string.Concat(Enumerable.Range(0, 60).Select(r =>
            string.Join(",", values.Skip(4 * r).Take(4).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n")));
        string[] Cluster(string points) => ["cluster", "--points", points, "--clusters", "3", "--json", "--quiet"];
        var file = Ok(CliRunner.Run(Cluster(npy)));
        var runs = new[]
        {
            CliRunner.Run(Cluster(c.Path_("points.dat"))),                            // .npy bytes under another name
            CliRunner.Run(Cluster(csv)),
            WithFifo(c.Fifo("npy"), File.ReadAllBytes(npy), Cluster(c.Path_("npy"))),
            WithFifo(c.Fifo("csv"), File.ReadAllBytes(csv), Cluster(c.Path_("csv"))),
        };
        foreach (var r in runs)
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
            foreach (string key in new[] { "points", "dim", "inertia" })
                Assert.That(r.Json().GetProperty(key).ToString(), Is.EqualTo(file.Json().GetProperty(key).ToString()), key);
        }
    }
}
