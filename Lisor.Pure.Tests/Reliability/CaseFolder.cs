using System.Text;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>A fresh folder for one bad-input case: the bad files it writes and the outputs it must not create.</summary>
public sealed class CaseFolder
{
    public string Dir { get; } = CliRunner.TempDir();
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
}
