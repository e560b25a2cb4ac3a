using Lisor.Pure.Cli;

// The command-line entry point: everything happens in CommandLine.Run, which tests call in-process.
Console.OutputEncoding = new System.Text.UTF8Encoding(false);
return CommandLine.Run(args, Console.Out, Console.Error);
