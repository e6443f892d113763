using System.Diagnostics;
using System.Reflection;

namespace SysregGen.Tests.Samples;

/// <summary>The UnicornGuest sample's guest: its source, its committed image, and the command that builds one from the other.</summary>
internal static class GuestImage
{
    public static string Directory => Path.Combine(
        typeof(GuestImage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "samples", "UnicornGuest", "guest");

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Assembles guest.S as guest/guest.S says (as, ld -Ttext=0x40000000, objcopy -O binary) into <paramref name="workDir"/>.</summary>
    /// <returns>The flat image.</returns>
    public static byte[] Build(string workDir)
    {
        string source = Path.Combine(Directory, "guest.S");
        string obj = Path.Combine(workDir, "guest.o"), elf = Path.Combine(workDir, "guest.elf"), bin = Path.Combine(workDir, "guest.bin");
        Run("aarch64-linux-gnu-as", "-o", obj, source);
        Run("aarch64-linux-gnu-ld", "-Ttext=0x40000000", "-o", elf, obj);
        Run("aarch64-linux-gnu-objcopy", "-O", "binary", elf, bin);
        return File.ReadAllBytes(bin);
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {errors}");
    }
}
