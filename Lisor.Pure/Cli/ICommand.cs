namespace Lisor.Pure.Cli;

/// <summary>
/// One command of the command line (docs/cli.md). A new command is one new file plus one entry in
/// <see cref="CommandLine.Commands"/>; <see cref="CommandLine.Order"/> fixes the order --help lists them in.
/// </summary>
internal interface ICommand
{
    /// <summary>The word that selects the command (e.g. "train").</summary>
    string Name { get; }
    /// <summary>A one-line description for the command list.</summary>
    string Summary { get; }
    /// <summary>The usage line shown by --help, without the program name (e.g. "train --train F --valid F ...").</summary>
    string Usage { get; }
    /// <summary>The command's own options; the common ones (--seed, --threads, --json, --quiet, --help) are added by the runner.</summary>
    IReadOnlyList<OptionSpec> Options { get; }
    /// <summary>How many words that are not options the command takes after its name (bench: the benchmark's name);
    /// any further word is refused, so that nothing the user typed is silently dropped.</summary>
    int Arguments => 0;
    /// <summary>Runs the command; returns the exit code. Bad input is reported by throwing <see cref="Common.InputException"/>.</summary>
    int Run(ParsedOptions options, CommandContext context);
}
