using System.Reflection;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// The command-line front door: finds the command, parses the common options, runs it, and turns
/// errors into the exit codes of the contract — 0 success, 2 bad usage or input (one stderr line,
/// no stack trace), 1 anything else.
/// </summary>
internal static class CommandLine
{
    /// <summary>The order commands are listed in by --help (the order of docs/cli.md).</summary>
    public static readonly string[] Order =
        ["demo", "data", "train", "extract", "cluster", "classify", "predict", "sweep", "reproduce", "text", "check", "bench"];

    /// <summary>The options every command takes.</summary>
    public static readonly OptionSpec[] CommonOptions =
    [
        new("--seed", "N", "1", "all randomness (data, initialisation, shuffling, clustering) flows from it"),
        new("--threads", "N", "all cores", "worker threads; results do not depend on it"),
        OptionSpec.Flag("--json", "the last line of stdout is one JSON object summarising the result"),
        OptionSpec.Flag("--quiet", "no progress output"),
        OptionSpec.Flag("--help", "print this command's options and exit"),
    ];

    /// <summary>Every command, in <see cref="Order"/>.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } = Sorted(
    [
        new DemoCommand(), new DataCommand(), new TrainCommand(), new ExtractCommand(), new ClusterCommand(), new ClassifyCommand(),
        new PredictCommand(), new SweepCommand(), new ReproduceCommand(), new TextCommand(), new CheckCommand(), new BenchCommand(),
    ]);

    // (listed above, not found by reflection, so a trimmed native AOT build keeps every command; a test
    // checks that the list names every ICommand of the assembly)
    private static List<ICommand> Sorted(ICommand[] found)
    {
        int Rank(ICommand c) { int i = Array.IndexOf(Order, c.Name); return i < 0 ? Order.Length : i; }
        return found.OrderBy(Rank).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Runs one invocation with the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs one invocation with the given streams (<paramref name="stdin"/>: null for the console's); returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        try
        {
            if (args.Length == 0)
            {
                PrintCommandList(stdout);
                stderr.WriteLine("error: no command given (the commands are listed above)");   // exit 2: one error line, as for any bad usage
                return 2;
            }
            // `help`, `--help`, `-h`: the command list; `help CMD`: that command's options, as `CMD --help` prints them.
            // Nothing may follow but one command's name, and nothing may follow --version.
            bool help = args[0] is "--help" or "-h" or "help";
            int taken = help ? 2 : args[0] == "--version" ? 1 : args.Length;
            if (args.Length > taken)
                throw new InputException($"unexpected argument {Excerpt.Quoted(args[taken])} after {Excerpt.Quoted(args[taken - 1])} (see 'Lisor.Pure --help')");
            if (help && args.Length == 1)
            {
                PrintCommandList(stdout);
                return 0;
            }
            if (help)
            {
                var asked = Find(args[1]);
                PrintCommandHelp(asked, asked.Options.Concat(CommonOptions), stdout);
                return 0;
            }
            if (args[0] == "--version")
            {
                stdout.WriteLine($"Lisor.Pure {Version}");
                return 0;
            }
            var command = Find(args[0]);
            var specs = command.Options.Concat(CommonOptions).ToList();
            var options = ParsedOptions.Parse(command.Name, args[1..], specs, command.Arguments);
            if (options.Flag("--help"))
            {
                PrintCommandHelp(command, specs, stdout);
                return 0;
            }
            int threads = options.Int("--threads", Environment.ProcessorCount, min: 1, max: 1024);
            var context = new CommandContext(stdout, stderr,
                seed: options.ULong("--seed", 1),
                threads: threads,
                json: options.Flag("--json"),
                quiet: options.Flag("--quiet") || options.Flag("--json"),
                stdin: stdin,
                progressInPlace: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
            int previousThreads = Parallelism.Threads;
            Parallelism.Threads = threads;
            try { return command.Run(options, context); }
            finally { Parallelism.Threads = previousThreads; }
        }
        catch (InputException e)
        {
            stderr.WriteLine(ErrorLine.Format(SettingFlags.Message(e)));
            return 2;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine(ErrorLine.Format("cancelled"));
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(ErrorLine.Format(e.Message));
            return 1;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine(ErrorLine.Format($"{CommandName(args)}out of memory; use smaller sizes (--hidden, --layers, --batch, --embed) or less data"));
            return 1;
        }
        catch (ArgumentException e)
        {
            // an engine precondition the command's own checks did not catch: still one clean line
            stderr.WriteLine(ErrorLine.Format($"{CommandName(args)}cannot go on: {SettingFlags.Message(e)}"));
            return 1;
        }
        catch (Exception e)
        {
            stderr.WriteLine(ErrorLine.Format($"internal failure: {e.GetType().Name}: {e.Message}"));
            return 1;
        }
    }

    private static ICommand Find(string name)
        => Commands.FirstOrDefault(c => c.Name == name)
           ?? throw new InputException($"unknown command {Excerpt.Quoted(name)}{ParsedOptions.DidYouMean(name, Commands.Select(c => c.Name))} (see 'Lisor.Pure --help')");

    private static string CommandName(string[] args) => args.Length > 0 ? args[0] + ": " : "";

    private static void PrintCommandList(TextWriter w)
    {
        w.WriteLine($"Lisor.Pure {Version} — learn finite state automata from gated RNNs (LISOR, Hou & Zhou).");
        w.WriteLine();
        w.WriteLine("usage: Lisor.Pure <command> [options]     (Lisor.Pure <command> --help for its options)");
        w.WriteLine();
        w.WriteLine("commands:");
        foreach (var c in Commands) w.WriteLine($"  {c.Name,-10} {c.Summary}");
        w.WriteLine();
        w.WriteLine("options every command takes: --seed N (1), --threads N (all cores), --json, --quiet, --help");
        w.WriteLine("--version prints the version.");
    }

    private static void PrintCommandHelp(ICommand c, IEnumerable<OptionSpec> specs, TextWriter w)
    {
        w.WriteLine($"usage: Lisor.Pure {c.Usage}");
        w.WriteLine();
        w.WriteLine(c.Summary);
        w.WriteLine();
        w.WriteLine("options:");
        foreach (var s in specs)
        {
            string left = s.IsFlag ? s.Name : $"{s.Name} {s.Value}";
            string def = s.Default is null ? "" : $" (default: {s.Default})";
            w.WriteLine($"  {left,-26} {s.Help}{def}");
        }
    }
}
