using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>AtomicFile: a writer that fails leaves the previous file as it was and no temporary file behind.</summary>
public class AtomicFileTests
{
    [Test]
    public void An_exception_inside_the_writer_keeps_the_previous_file_and_leaves_no_temporary()
    {
        string dir = CliRunner.TempDir(), path = Path.Combine(dir, "out.txt");
        AtomicFile.WriteAllText(path, "good");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half of the new"u8);
            throw new InvalidOperationException("writer failed");
        }));
        Assert.That(File.ReadAllText(path), Is.EqualTo("good"));
        Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }), "no temporary file left");
    }

    [Test]
    public void A_failing_first_write_creates_no_file()
    {
        string dir = CliRunner.TempDir(), path = Path.Combine(dir, "new.txt");
        Assert.Throws<IOException>(() => AtomicFile.WriteText(path, w => { w.Write("partial"); throw new IOException("disk full"); }));
        Assert.That(Directory.GetFiles(dir), Is.Empty);
    }

    [Test]
    public void A_successful_write_replaces_the_file_and_leaves_no_temporary()
    {
        string dir = CliRunner.TempDir(), path = Path.Combine(dir, "out.txt");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
    }

    [Test]
    public void Writing_over_a_directory_is_an_input_error()
    {
        string dir = CliRunner.TempDir();
        Assert.Throws<InputException>(() => AtomicFile.WriteAllText(dir, "x"));
    }
}
