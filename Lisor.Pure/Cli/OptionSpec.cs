namespace Lisor.Pure.Cli;

/// <summary>One option a command accepts: its name (with dashes), the placeholder of its value
/// (null for a flag), its default as shown in --help, and one line of help.</summary>
internal sealed record OptionSpec(string Name, string? Value, string? Default, string Help)
{
    /// <summary>An option without a value (its presence means true).</summary>
    public static OptionSpec Flag(string name, string help) => new(name, null, null, help);
    public bool IsFlag => Value is null;
}
