namespace Lisor.Pure.Common;

/// <summary>
/// The one exception type for bad input: a file, option or value the user gave that we cannot use.
/// It names where the problem is (file and line, or the option) and what it is. The command line
/// prints it as one stderr line and exits with code 2; library users can catch it alone.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>The file (as the user named it), or null when the problem is not in a file.</summary>
    public string? File { get; }
    /// <summary>1-based line number, or 0 when no line applies.</summary>
    public int Line { get; }
    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>A problem in <paramref name="file"/> at 1-based <paramref name="line"/> (0: no line; a null file: no file).</summary>
    public InputException(string? file, int line, string problem, Exception? inner = null)
        : base(Format(file, line, problem), inner)
    {
        File = file; Line = line; Problem = problem;
    }

    /// <summary>A problem not tied to a file (an option value, a usage error).</summary>
    public InputException(string problem) : this(null, 0, problem) { }

    /// <summary>
    /// A bad value of one or more settings: <paramref name="problem"/> names them through the function it is given,
    /// so the message names the library's concepts (<see cref="Setting.ToString"/>) and <see cref="Describe"/> lets a
    /// front end name them its own way.
    /// </summary>
    public InputException(SettingProblem problem) : this(null, 0, problem) { }

    /// <summary>A problem in <paramref name="file"/> (at 1-based <paramref name="line"/>, 0: none) that names settings, as above.</summary>
    public InputException(string? file, int line, SettingProblem problem) : this(file, line, problem(s => s.ToString())) => _problem = problem;

    private readonly SettingProblem? _problem;

    /// <summary>
    /// The message with every setting it names written by <paramref name="name"/> (the CLI passes its flags);
    /// <see cref="Exception.Message"/> when the problem names no setting.
    /// </summary>
    public string Describe(Func<Setting, string> name) => _problem is null ? Message : Format(File, Line, _problem(name));

    private static string Format(string? file, int line, string problem)
        => file is null ? problem : line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}";
}
