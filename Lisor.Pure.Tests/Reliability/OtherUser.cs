using System.Diagnostics;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>
/// Runs the built program as the user nobody (uid and gid 65534, through setpriv): what a test running as root needs to
/// meet a permission it would otherwise override (root reads and writes every file). Null where that cannot be done:
/// not root, Windows, no setpriv, or a program nobody cannot start.
/// </summary>
internal static class OtherUser
{
    private static readonly Lazy<bool> Possible = new(() =>
        !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess && Child(["--version"])?.ExitCode == 0);

    /// <summary>The command line run as nobody, who is allowed to create files in <paramref name="dir"/> (made 0777); null when not possible here.</summary>
    public static CliRunner.Result? Run(string dir, string[] args)
    {
        if (OperatingSystem.IsWindows() || !Possible.Value) return null;
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        return Child(args);
    }

    private static CliRunner.Result? Child(string[] args)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", StandardStreamTests.ProgramDll(), .. args])
            start.ArgumentList.Add(a);
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        try
        {
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return new CliRunner.Result(p.ExitCode, stdout.Result, stderr);
        }
        catch (System.ComponentModel.Win32Exception) { return null; }   // no setpriv
    }
}
