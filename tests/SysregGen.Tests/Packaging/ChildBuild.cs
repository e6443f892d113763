using System.Diagnostics;

namespace SysregGen.Tests.Packaging;

/// <summary>
/// Runs the dotnet CLI in a child process, as a user would from a shell, for the tests that build
/// outside the test's own build: the sample from the packages, the README walk-through in a copy of
/// the repository.
/// </summary>
internal static class ChildBuild
{
    /// <summary>The dotnet executable: the host running this test when the SDK says which, else the one on PATH; null when there is none.</summary>
    public static string? Dotnet { get; } = FindDotnet();

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/> and fails the test if it does not exit 0.</summary>
    /// <param name="directory">The working directory.</param>
    /// <param name="arguments">The arguments, as typed in a shell (no quoting beyond what the CLI parses).</param>
    /// <param name="packages">A NuGet package folder to restore into instead of the user's.</param>
    /// <returns>Standard output and standard error.</returns>
    public static string Run(string directory, string arguments, string? packages = null)
    {
        (int exitCode, string output) = TryRun(directory, arguments, packages);
        Assert.True(exitCode == 0, $"dotnet {arguments} in {directory} exited {exitCode}:\n{output}");
        return output;
    }

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>.</summary>
    /// <returns>The exit code, and standard output and standard error.</returns>
    public static (int ExitCode, string Output) TryRun(string directory, string arguments, string? packages = null)
    {
        Assert.True(Dotnet is not null, "no dotnet executable");
        var start = new ProcessStartInfo(Dotnet, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // A child build must not inherit the test host's MSBuild, test-platform or snapshot-accepting
        // settings, and must not leave MSBuild nodes behind holding its output open.
        foreach (string key in start.Environment.Keys.Where(IsInherited).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (packages is not null)
        {
            // Every restore honours NUGET_PACKAGES (dotnet run has no --packages): the child sees
            // only what comes from its feed, never a copy cached by an earlier build.
            start.Environment["NUGET_PACKAGES"] = packages;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {arguments} timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Copies a folder tree, leaving out build output (bin, obj) and what .gitignore keeps out of the repository.</summary>
    public static void CopyTree(string from, string to)
    {
        string[] skipped = ["bin", "obj", ".git", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea"];
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(skipped.Contains) || relative.Contains(".received.", StringComparison.Ordinal))
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static bool IsInherited(string key) =>
        key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key is "DOTNET_HOST_PATH" or "SYSREGGEN_ACCEPT";

    private static string? FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } host && File.Exists(host))
        {
            return host;
        }

        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that runs the dotnet CLI in a child process; skipped, saying why, where there is none.</summary>
public sealed class ChildBuildFactAttribute : FactAttribute
{
    public ChildBuildFactAttribute()
    {
        if (ChildBuild.Dotnet is null)
        {
            Skip = "No dotnet executable: neither DOTNET_HOST_PATH nor PATH leads to one, so this test cannot build in a child process.";
        }
    }
}
