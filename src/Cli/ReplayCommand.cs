using System;
using System.Collections.Generic;
using System.IO;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Replay;

namespace SysregGen.Cli;

/// <summary><c>sysreg replay FILE...</c>: replays timer traces against the runtime (docs/trace-format.md).</summary>
internal static class ReplayCommand
{
    /// <summary>Exit code: every event matched.</summary>
    public const int Matched = 0;

    /// <summary>Exit code: some event did not match.</summary>
    public const int Mismatched = 1;

    /// <summary>Exit code: a file could not be read or is not a trace.</summary>
    public const int Malformed = 2;

    /// <summary>Replays the files; prints one line per mismatch and the summary to <paramref name="output"/>, malformed files to <paramref name="error"/>.</summary>
    public static int Run(IReadOnlyList<string> files, TextWriter output, TextWriter error, TerminalProgress? progress = null) =>
        Run(files, new ReplayOptions(), output, error, progress);

    /// <summary>Replays the files with <paramref name="options"/>; skipped cases are listed after the mismatches.</summary>
    public static int Run(IReadOnlyList<string> files, ReplayOptions options, TextWriter output, TextWriter error, TerminalProgress? progress = null)
    {
        var total = new ReplayResult();
        bool malformed = false;
        using TerminalProgress report = progress ?? TerminalProgress.To(null);
        for (int i = 0; i < files.Count; i++)
        {
            string file = files[i];
            report.Report($"replay [{i + 1}/{files.Count}] {file}");
            TraceFile trace;
            try
            {
                trace = TraceReader.Read(file, File.ReadAllText(file));
            }
            catch (TraceFormatException ex)
            {
                error.WriteLine($"{ex.Path}:{ex.LineNumber}: error: {ex.Reason}");
                malformed = true;
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"{file}: error: cannot read the file: {ex.Message}");
                malformed = true;
                continue;
            }

            ReplayResult result = TraceReplayer.Replay(trace, options);
            foreach (ReplayMismatch mismatch in result.Mismatches)
            {
                output.WriteLine(mismatch);
            }

            total.Add(result);
        }

        foreach (ReplaySkip skip in total.Skipped)
        {
            output.WriteLine(skip);
        }

        string skipped = total.Skipped.Count > 0 ? $", {total.Skipped.Count} skipped" : "";
        output.WriteLine($"replay: {total.Cases} cases, {total.Events} events, {total.Mismatches.Count} mismatches{skipped}");
        return malformed ? Malformed : total.Mismatches.Count > 0 ? Mismatched : Matched;
    }

    /// <summary>Parses <c>--host</c>: nvhe, vhe or vhe-ecv, in any case.</summary>
    internal static HostMode? ParseHost(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        switch (text.ToLowerInvariant())
        {
            case "nvhe":
                return HostMode.NonVhe;
            case "vhe":
                return HostMode.Vhe;
            case "vhe-ecv":
                return HostMode.VheEcv;
            default:
                result.AddError($"--host must be nvhe, vhe or vhe-ecv, not '{text}'.");
                return null;
        }
    }
}
