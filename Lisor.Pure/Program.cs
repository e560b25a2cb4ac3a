using Lisor.Pure.Cli;

// The command-line entry point: everything happens in CommandLine.Run, which tests call in-process.
Console.OutputEncoding = new System.Text.UTF8Encoding(false);
// A failing standard error (2>/dev/full, a full disk under a log) must not end the run, nor make the line that reports an
// error throw in turn (the runtime would abort, exit 134): its writes are dropped, and the exit code still tells.
Console.SetError(new BestEffortWriter(Console.Error));
return CommandLine.Run(args, Console.Out, Console.Error);
