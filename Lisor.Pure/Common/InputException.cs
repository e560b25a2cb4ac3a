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

    public InputException(string? file, int line, string problem, Exception? inner = null)
        : base(Format(file, line, problem), inner)
    {
        File = file; Line = line; Problem = problem;
    }

    /// <summary>A problem not tied to a file (an option value, a usage error).</summary>
    public InputException(string problem) : this(null, 0, problem) { }

    private static string Format(string? file, int line, string problem)
        => file is null ? problem : line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}";
}
