using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SysregGen.Simulation.Replay;

namespace SysregGen.Cli;

/// <summary><c>sysreg replay FILE...</c>: replays timer traces against the runtime (docs/trace-format.md).</summary>
internal static class ReplayCommand
{
    /// <summary>Replays the files with the default options.</summary>
    public static int Run(IReadOnlyList<string> files, TextWriter output, TextWriter error, TerminalProgress? progress = null) =>
        Run(files, new ReplayOptions(), output, error, progress);

    /// <summary>
    /// Replays the files (a folder stands for the *.jsonl files below it): one line per mismatch, then
    /// the skipped cases, then the summary, to <paramref name="output"/>; malformed or unreadable files
    /// and empty inputs to <paramref name="error"/>. Exits 0 when every event matched, 1 on mismatches,
    /// 2 when a file is malformed or unreadable or there was nothing to replay.
    /// </summary>
    public static int Run(IReadOnlyList<string> files, ReplayOptions options, TextWriter output, TextWriter error, TerminalProgress? progress = null)
    {
        var total = new ReplayResult();
        bool badInput = false;
        using TerminalProgress report = progress ?? TerminalProgress.To(null);
        List<string> traces = Expand(files, error, ref badInput);
        for (int i = 0; i < traces.Count; i++)
        {
            string file = traces[i];
            report.Report($"replay [{i + 1}/{traces.Count}] {file}");
            TraceFile trace;
            try
            {
                trace = TraceReader.Read(file, File.ReadAllText(file));
            }
            catch (TraceFormatException ex)
            {
                error.WriteLine($"{ex.Path}:{ex.LineNumber}: error: {ex.Reason}");
                badInput = true;
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"{file}: error: cannot read the file: {ex.Message}");
                badInput = true;
                continue;
            }

            if (trace.Cases.Count == 0)
            {
                error.WriteLine($"{file}: warning: no cases (an empty trace, or only meta lines)");
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
        if (total.Cases == 0 && !badInput)
        {
            error.WriteLine("replay: error: nothing to replay");
            badInput = true;
        }

        return badInput ? ExitCodes.BadInput : total.Mismatches.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>The files to replay: each file as given, each folder's *.jsonl files (recursively, in ordinal order).</summary>
    private static List<string> Expand(IReadOnlyList<string> paths, TextWriter error, ref bool badInput)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (!Directory.Exists(path))
            {
                files.Add(path); // a missing file is reported when it is read
                continue;
            }

            string[] found = Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            if (found.Length == 0)
            {
                error.WriteLine($"{path}: warning: the folder has no *.jsonl trace files");
            }

            files.AddRange(found);
        }

        return files;
    }
}
