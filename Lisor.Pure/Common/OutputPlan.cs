namespace Lisor.Pure.Common;

/// <summary>
/// Every file a command reads and writes, declared before any work starts, checked together, and written
/// all-or-nothing at the end. A command declares its inputs and all its outputs (secondary ones too),
/// calls <see cref="Check"/> before it loads or computes anything, and writes its results inside
/// <see cref="Commit"/>:
/// <code>
/// var plan = new OutputPlan().Input(dataPath, "--data").Output(outPath, "--out").Output(dotPath, "--dot");
/// plan.Check();                      // bad paths: InputException (exit 2), nothing created
/// … compute …
/// plan.Commit(() => { FsaJson.Save(fsa, outPath); AtomicFile.WriteAllText(dotPath, dot); });
/// </code>
/// <see cref="Check"/> applies <see cref="OutputPolicy"/> to each output and refuses an output that is
/// the same file as an input or as another output, by file identity (device and inode: hard links and
/// symbolic links count, whatever the spelling of the path). <see cref="Commit"/> stages every write of
/// its action in an <see cref="OutputTransaction"/> and renames them all at the end; a write to a path
/// that was not declared is a programming error.
/// <para>A command that writes results while it works, so that a rerun can resume (<c>sweep</c>, <c>text</c>), declares
/// those files too — every one its options will make: each model, each FSA of each trial — and runs its work inside
/// <see cref="Work{T}"/>. Each <see cref="AtomicFile"/> write made there outside a commit must then be a declared output
/// and is checked again, just before it is written, against the inputs (a long run may end hours after the first check).</para>
/// </summary>
internal sealed class OutputPlan
{
    private readonly List<(string Path, string Option)> _inputs = [];
    private readonly List<(string Path, string Option)> _outputs = [];
    private readonly HashSet<(string Path, string Option)> _declared = [];
    private Dictionary<string, ResolvedOutput>? _checked;
    private Dictionary<string, (string Path, string Option)>? _inputKeys;
    private static readonly AsyncLocal<OutputPlan?> Working = new();

    /// <summary>Declares an input file (null: the option was not given).</summary>
    public OutputPlan Input(string? path, string option)
    {
        if (path is not null) _inputs.Add((path, option));
        _checked = null;
        return this;
    }

    /// <summary>Declares an output file (null: the option was not given). Declaring the same path for the same option
    /// again is one output (a list of cells may name one twice); the same file for two options is refused by <see cref="Check"/>.</summary>
    public OutputPlan Output(string? path, string option)
    {
        if (path is not null && _declared.Add((path, option))) _outputs.Add((path, option));
        _checked = null;
        return this;
    }

    /// <summary>Declares the files <paramref name="names"/> a command writes into the folder <paramref name="folder"/>.</summary>
    public OutputPlan Folder(string folder, string option, params string[] names)
    {
        foreach (string name in names) Output(System.IO.Path.Combine(folder, name), option);
        return this;
    }

    /// <summary>Declares the files at <paramref name="paths"/> (each in or below the folder given as <paramref name="option"/>).</summary>
    public OutputPlan Outputs(IEnumerable<string> paths, string option)
    {
        foreach (string path in paths) Output(path, option);
        return this;
    }

    /// <summary>Checks every declared path; throws <see cref="InputException"/> for the first bad one. Creates nothing.</summary>
    public void Check()
    {
        var inputs = new Dictionary<string, (string Path, string Option)>(StringComparer.Ordinal);
        foreach (var (path, option) in _inputs)
            if (OutputPolicy.InputKey(path, option) is { } key) inputs.TryAdd(key, (path, option));

        var byKey = new Dictionary<string, ResolvedOutput>(StringComparer.Ordinal);
        var byPath = new Dictionary<string, ResolvedOutput>(PathComparer);
        foreach (var (path, option) in _outputs)
        {
            var output = OutputPolicy.Resolve(path, option);
            if (inputs.TryGetValue(output.Key, out var input))
                throw OutputPolicy.Refuse(path, option, $"is the input {input.Option} '{input.Path}'; refusing to overwrite an input");
            if (byKey.TryGetValue(output.Key, out var other))
                throw OutputPolicy.Refuse(path, option, $"is the same file as {other.Option} '{other.Path}'; each output needs its own file");
            byKey[output.Key] = output;
            byPath[System.IO.Path.GetFullPath(path)] = output;
        }
        _checked = byPath;
        _inputKeys = inputs;
    }

    /// <summary>
    /// Runs <paramref name="work"/> (after <see cref="Check"/>, if not done yet). Every <see cref="AtomicFile"/> write it makes
    /// outside a commit must be a declared output, and is checked again just before it is written: the output policy, and
    /// that it is not (now) one of the inputs. A write to an undeclared path is a programming error.
    /// </summary>
    public T Work<T>(Func<T> work)
    {
        if (_checked is null) Check();
        var previous = Working.Value;
        Working.Value = this;
        try { return work(); }
        finally { Working.Value = previous; }
    }

    /// <summary>The plan whose <see cref="Work{T}"/> is running on this flow, if any.</summary>
    internal static OutputPlan? Current => Working.Value;

    /// <summary>A write of <paramref name="path"/> during <see cref="Work{T}"/>: the declared output, checked again now.</summary>
    internal ResolvedOutput ResolveWrite(string path)
    {
        if (!_checked!.TryGetValue(System.IO.Path.GetFullPath(path), out var declared))
            throw new InvalidOperationException($"'{path}' is written but was not declared as an output");
        var now = OutputPolicy.Resolve(declared.Path, declared.Option);
        if (_inputKeys!.TryGetValue(now.Key, out var input))
            throw OutputPolicy.Refuse(declared.Path, declared.Option, $"is the input {input.Option} '{input.Path}'; refusing to overwrite an input");
        return now;
    }

    /// <summary>Creates the folders the outputs need (for commands that write into them while they work).</summary>
    public void CreateFolders()
    {
        if (_checked is null) Check();
        foreach (var output in _checked!.Values)
            foreach (string folder in output.FoldersToCreate)
                Directory.CreateDirectory(folder);
    }

    /// <summary>Checks the paths again, runs <paramref name="write"/>, whose <see cref="AtomicFile"/> writes are staged,
    /// then commits them all at once; on any failure no output has changed and no temporary file is left.</summary>
    public void Commit(Action write)
    {
        Check();   // again: a long run (a sweep) may end hours after the first check, and paths can change meanwhile
        var declared = _checked!;
        using var transaction = new OutputTransaction(path =>
            declared.TryGetValue(System.IO.Path.GetFullPath(path), out var output)
                ? output
                : throw new InvalidOperationException($"'{path}' is written but was not declared as an output"));
        transaction.Run(write);
        transaction.Commit();
    }

    private static StringComparer PathComparer
        => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
