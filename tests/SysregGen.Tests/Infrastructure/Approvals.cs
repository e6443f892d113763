using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace SysregGen.Tests.Infrastructure;

/// <summary>
/// Approval (snapshot) testing with Verify's conventions, kept small because Verify itself cannot be
/// restored here: the approved text lives in <c>{Class}.{Method}.verified.cs</c> (or
/// <c>{Class}.{Method}#{name}.verified.cs</c> for one of several) beside the test file; a mismatch
/// writes <c>*.received.cs</c> next to it and fails with a diff. Accept a change by renaming the
/// received file over the verified one, or run once with SYSREGGEN_ACCEPT=1.
/// Moving to Verify later is one line per call: <c>return Verifier.Verify(text)</c>.
/// </summary>
internal static class Approvals
{
    public static void Verify(
        string actual,
        string? name = null,
        [CallerFilePath] string testFile = "",
        [CallerMemberName] string method = "",
        string extension = "cs")
    {
        string directory = Path.GetDirectoryName(SourcePath(testFile))!;
        string typeName = Path.GetFileNameWithoutExtension(testFile);
        string stem = Path.Combine(directory, $"{typeName}.{method}{(name is null ? "" : "#" + name)}");
        string verifiedPath = $"{stem}.verified.{extension}";
        string receivedPath = $"{stem}.received.{extension}";

        string normalized = Normalize(actual);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == normalized)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        if (Environment.GetEnvironmentVariable("SYSREGGEN_ACCEPT") == "1")
        {
            File.WriteAllText(verifiedPath, normalized, new UTF8Encoding(false));
            return;
        }

        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(false));
        throw new XunitException(verified is null
            ? $"No approved snapshot yet: review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)}."
            : $"The output differs from {Path.GetFileName(verifiedPath)} (received: {receivedPath}):\n{Diff(verified, normalized)}");
    }

    /// <summary>
    /// The test file on disk. A deterministic (CI) build maps source paths to "/_/"; map them back to
    /// the repository, as Verify does with the project directory it records at build time.
    /// </summary>
    private static string SourcePath(string callerPath)
    {
        if (File.Exists(callerPath) || !callerPath.StartsWith("/_/", StringComparison.Ordinal))
        {
            return callerPath;
        }

        return Path.Combine(Repository.Root, callerPath["/_/".Length..]);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>A short line diff: the first differing region with a little context.</summary>
    internal static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        int endA = a.Length - 1, endB = b.Length - 1;
        while (endA >= first && endB >= first && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var sb = new StringBuilder();
        sb.AppendLine($"@@ line {first + 1} @@");
        for (int i = Math.Max(0, first - 2); i < first; i++)
        {
            sb.AppendLine("  " + a[i]);
        }

        for (int i = first; i <= endA && i < first + 40; i++)
        {
            sb.AppendLine("- " + a[i]);
        }

        for (int i = first; i <= endB && i < first + 40; i++)
        {
            sb.AppendLine("+ " + b[i]);
        }

        return sb.ToString();
    }
}
