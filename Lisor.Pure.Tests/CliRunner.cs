using Lisor.Pure.Cli;

namespace Lisor.Pure.Tests;

/// <summary>Runs the command line in-process and captures what it printed.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        /// <summary>The JSON summary (last stdout line) parsed.</summary>
        public System.Text.Json.JsonElement Json()
        {
            var lines = Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        }
    }

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLine.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A fresh empty folder under the test run's temporary folder.</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lisor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
