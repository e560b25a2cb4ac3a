using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>A fresh folder for one bad-input case: the bad files it writes and the outputs it must not create.</summary>
public sealed class CaseFolder
{
    public string Dir { get; } = CliRunner.TempDir();
    private readonly List<IDisposable> _open = [];
    public Fixtures.Files F { get; } = Fixtures.Get();

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to a file in the folder; returns its path.</summary>
    public string Text(string name, string text) => Bytes(name, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes raw bytes to a file in the folder; returns its path.</summary>
    public string Bytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A sub-folder that exists.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Dir, name)).FullName;

    /// <summary>A path in the folder that does not exist (an output, or a missing input).</summary>
    public string Path_(string name) => Path.Combine(Dir, name);

    /// <summary>The fixture model's bytes, changed by <paramref name="change"/>, as a new file.</summary>
    public string Model(string name, Func<byte[], byte[]> change) => Bytes(name, change(File.ReadAllBytes(F.Model)));

    /// <summary>The common training arguments with a replaced training file.</summary>
    public string[] Train(string trainFile, params string[] more)
        => ["train", "--train", trainFile, "--valid", F.Valid, "--cell", "srn", "--hidden", "4", "--layers", "1",
            "--epochs", "1", "--out", Path_("model.lisor"), .. more];

    /// <summary>The common extraction arguments with a replaced model and data file.</summary>
    public string[] Extract(string model, string data, params string[] more)
        => ["extract", "--model", model, "--data", data, "--clusters", "3", "--out", Path_("fsa.json"), .. more];

    /// <summary>The common classify arguments (with --predictions, which must not be written).</summary>
    public string[] Classify(string fsa, string data, params string[] more)
        => ["classify", "--fsa", fsa, "--data", data, "--predictions", Path_("predictions.tsv"), .. more];

    /// <summary>A character device like /dev/null (1, 3) made in the folder with mknod, so a test that went
    /// wrong would replace only its own node; where mknod is not allowed, /dev/null itself (the tests then
    /// also check it is still a character device).</summary>
    public string CharDevice(string name)
    {
        string path = Path_(name);
        if (Tool.Run("mknod", path, "c", "1", "3") && PathStatus.Of(path, follow: false).Kind == PathKind.CharDevice) return path;
        // Hand out the system's /dev/null only when the policy surely refuses it (a regression must not replace it).
        try { OutputPolicy.Check("/dev/null"); }
        catch (InputException) { return "/dev/null"; }
        throw new InvalidOperationException("the output policy accepts /dev/null; not running a command on it");
    }

    /// <summary>True when <see cref="CharDevice"/> could make a node of its own here.</summary>
    public bool OwnDevices => CharDevice(".probe-device") != "/dev/null";

    /// <summary>A FIFO (named pipe) made with mkfifo.</summary>
    public string Fifo(string name)
    {
        string path = Path_(name);
        if (!Tool.Run("mkfifo", path)) throw new InvalidOperationException("mkfifo failed");
        return path;
    }

    /// <summary>A Unix domain socket bound to a path in the folder; it stays open (closing it would remove the node).</summary>
    public string Socket(string name)
    {
        string path = Path_(name);
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        _open.Add(socket);
        return path;
    }

    /// <summary>A symbolic link named <paramref name="name"/> pointing at <paramref name="target"/> (which may not exist).</summary>
    public string Symlink(string name, string target) => File.CreateSymbolicLink(Path_(name), target).FullName;

    /// <summary>A hard link named <paramref name="name"/> to the existing file <paramref name="target"/>.</summary>
    public string HardLink(string name, string target)
    {
        string path = Path_(name);
        if (!Tool.Run("ln", target, path)) throw new InvalidOperationException("ln failed");
        return path;
    }

    /// <summary>A copy of the fixture model whose weights are NaN, saved through the real writer (valid checksum).</summary>
    public string NaNModel(string name)
    {
        var model = Lisor.Pure.Training.Model.Load(F.Model);
        Array.Fill(model.Weights, float.NaN);
        string path = Path_(name);
        model.Save(path);
        return path;
    }
}

/// <summary>Runs a small system tool (mknod, mkfifo, ln) and says whether it succeeded.</summary>
internal static class Tool
{
    public static bool Run(string tool, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var p = System.Diagnostics.Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
