using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>
/// manifest.json of a resumable output folder (format <c>lisor-manifest</c> version 1): what kind of run
/// wrote the folder and, in a fixed order, every setting its results depend on — options as the command
/// line names them, and a SHA-256 content hash of each data set. A rerun into the folder resumes only
/// when its manifest is the same; otherwise it stops with the first difference
/// ("--epochs was 1, now 40"), or, when asked to restart, removes the old results first. The thread
/// count is not a setting: results do not depend on it.
/// </summary>
internal sealed class RunManifest
{
    public const string FileName = "manifest.json";
    public const string Format = "lisor-manifest";
    public const int Version = 1;

    private readonly List<(string Key, string Value)> _settings = [];

    /// <summary>What wrote the folder: sweep, text, tomita or reproduce.</summary>
    public string Run { get; }

    /// <summary>The settings in the order they are compared and written.</summary>
    public IReadOnlyList<(string Key, string Value)> Settings => _settings;

    public RunManifest(string run) => Run = run;

    /// <summary>Adds a setting (the key as the command line names it).</summary>
    public RunManifest Add(string key, string value)
    {
        _settings.Add((key, value));
        return this;
    }

    public RunManifest Add(string key, int value) => Add(key, value.ToString(CultureInfo.InvariantCulture));
    public RunManifest Add(string key, ulong value) => Add(key, value.ToString(CultureInfo.InvariantCulture));
    public RunManifest Add(string key, double value) => Add(key, value.ToString("R", CultureInfo.InvariantCulture));
    public RunManifest Add(string key, bool value) => Add(key, value ? "yes" : "no");
    public RunManifest Add(string key, IEnumerable<string> values) => Add(key, string.Join(",", values));

    /// <summary>A data set: "N examples, sha256 H" with H over every example's "label TAB tokens (space-separated) LF".</summary>
    public RunManifest AddData(string key, IReadOnlyList<LabeledSequence> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in data)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(e.Label));
            hash.AppendData("\t"u8);
            for (int t = 0; t < e.Tokens.Length; t++)
            {
                if (t > 0) hash.AppendData(" "u8);
                hash.AppendData(Encoding.UTF8.GetBytes(e.Tokens[t]));
            }
            hash.AppendData("\n"u8);
        }
        return Add(key, $"{data.Count.ToString(CultureInfo.InvariantCulture)} examples, sha256 {Convert.ToHexStringLower(hash.GetHashAndReset())}");
    }

    /// <summary>A file given by an option: "sha256 H" of its bytes, or "none" when the option is not given.</summary>
    public RunManifest AddFile(string key, string? path)
    {
        if (path is null) return Add(key, "none");
        using var stream = File.OpenRead(path);
        return Add(key, "sha256 " + Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>The training options (the cell and the seed are the caller's: they vary per model).</summary>
    public RunManifest AddTraining(TrainingOptions t, string prefix = "")
        => Add(prefix + "--hidden", t.Hidden).Add(prefix + "--layers", t.Layers).Add(prefix + "--embed", t.Embed)
            .AddFile(prefix + "--vectors", t.VectorsPath).Add(prefix + "--min-count", t.MinCount).Add(prefix + "--epochs", t.Epochs)
            .Add(prefix + "--batch", t.Batch).Add(prefix + "--lr", t.LearningRate).Add(prefix + "--clip", t.Clip)
            .Add(prefix + "--patience", t.Patience).Add(prefix + "--positive", t.Positive ?? "default")
            .Add(prefix + "--step-loss", t.StepLoss).Add(prefix + "--plateau", t.PlateauPatience).Add(prefix + "--plateau-delta", t.PlateauDelta);

    /// <summary>The text experiment's options (<see cref="TextExperimentOptions"/>), as `text` names them.</summary>
    public RunManifest AddOptions(TextExperimentOptions o, string prefix = "")
        => Add(prefix + "--cells", o.Cells).Add(prefix + "--trials", o.Trials).Add(prefix + "--clusters", o.Clusters)
            .AddTraining(o.Training, prefix).Add(prefix + "--missing", o.Missing == Automata.MissingPolicy.Stay ? "stay" : "dead")
            .Add(prefix + "--learn-on", o.LearnOn).Add(prefix + "--transductive", o.Transductive).Add(prefix + "--raw-words", !o.AsRnnReads)
            .Add(prefix + "--position-scale", o.PositionScale).Add(prefix + "--restarts", o.Restarts)
            .Add(prefix + "--select", o.Selection == RestartSelection.Fidelity ? "fidelity" : "inertia")
            .Add(prefix + "--standardise", o.Standardise).Add(prefix + "--labels", o.Labels == StateLabelRule.Vote ? "vote" : "centre");

    /// <summary>
    /// The first difference from <paramref name="earlier"/> (the manifest found in the folder), as
    /// "--epochs was 1, now 40", or null when the two are the same.
    /// </summary>
    public string? FirstDifference(RunManifest earlier)
    {
        if (earlier.Run != Run) return $"the folder holds a {Excerpt.Plain(earlier.Run)} run, this is a {Run} run";
        var before = earlier._settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        foreach (var (key, value) in _settings)
        {
            if (!before.TryGetValue(key, out string? old)) return $"{key} was not recorded, now {value}";
            if (old != value) return $"{key} was {Excerpt.Plain(old)}, now {value}";
        }
        var now = _settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, old) in earlier._settings)
            if (!now.Contains(key)) return $"{Excerpt.Plain(key)} was {Excerpt.Plain(old)}, now not a setting";
        return null;
    }

    /// <summary>
    /// Claims <paramref name="dir"/> for this run before any result is written. With <paramref name="restart"/>,
    /// <paramref name="clear"/> first removes whatever an earlier run left. Otherwise the folder's manifest must be
    /// the same as this one (the run resumes), or absent from a folder without results (<paramref name="holdsResults"/>);
    /// anything else — another setting, a manifest missing beside old results, an unreadable one — is an
    /// <see cref="InputException"/> naming manifest.json and the first difference, and nothing is touched.
    /// Then this manifest is written (atomically).
    /// </summary>
    public void Claim(string dir, bool restart, Func<bool> holdsResults, Action clear)
    {
        string path = Path.Combine(dir, FileName);
        const string hint = "; use --restart to start afresh";
        if (restart) clear();
        else if (File.Exists(path))
        {
            string? difference;
            try { difference = FirstDifference(Read(path)); }
            catch (InputException e) { throw new InputException(e.File, e.Line, e.Problem + hint); }
            if (difference is null) return;
            throw new InputException(path, 0, difference + hint);
        }
        else if (holdsResults())
            throw new InputException(path, 0, "missing, but the folder holds results of unknown settings" + hint);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, ToJson());
    }

    /// <summary>Deletes the files of <paramref name="dir"/> (not below it) whose names match <paramref name="ours"/>.</summary>
    public static void DeleteOurs(string dir, Func<string, bool> ours)
    {
        if (!Directory.Exists(dir)) return;
        foreach (string file in Directory.EnumerateFiles(dir))
            if (ours(Path.GetFileName(file))) File.Delete(file);
    }

    /// <summary>True when <paramref name="dir"/> holds a file whose name matches <paramref name="ours"/>.</summary>
    public static bool HoldsAny(string dir, Func<string, bool> ours)
        => Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(f => ours(Path.GetFileName(f)));

    /// <summary>The file text: one setting per line.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JsonOptions.Indented.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("run", Run);
            w.WriteStartObject("settings");
            foreach (var (key, value) in _settings) w.WriteString(key, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Reads a manifest; anything malformed is an <see cref="InputException"/> with file and line.</summary>
    public static RunManifest Read(string path)
    {
        var root = LocatedJson.Parse(File.ReadAllBytes(path), path);
        root.Object("the manifest");
        if (root.Required("format", "the manifest").String("format") != Format) throw root.Error($"not a {Format} file");
        int version = root.Required("version", "the manifest").Int("version");
        if (version != Version) throw root.Error($"version {version} is not supported (expected {Version})");
        var manifest = new RunManifest(root.Required("run", "the manifest").String("run"));
        foreach (var (key, value) in root.Required("settings", "the manifest").Object("settings"))
            manifest.Add(key, value.String(Excerpt.Plain(key)));   // (the file's key names its bad value: shown bounded)
        return manifest;
    }
}
