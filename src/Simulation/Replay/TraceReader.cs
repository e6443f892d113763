using System;
using System.Collections.Generic;

namespace SysregGen.Simulation.Replay;

/// <summary>
/// Reads timer traces (JSON Lines, docs/trace-format.md), strictly: the first malformed line is an
/// error. A well-formed access to a register the model does not know is not malformed: it is read,
/// marked unsupported, and fails only its own case when replayed.
/// </summary>
public static class TraceReader
{
    /// <summary>The counter frequency of a case that does not give one: 62.5 MHz.</summary>
    public const ulong DefaultFrequency = 62_500_000;

    /// <summary>Parses a trace.</summary>
    /// <param name="path">The file name, for messages.</param>
    /// <param name="text">The file's text.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="TraceFormatException">A line is malformed: not JSON, an unknown kind or id, a missing key, a counter going backwards.</exception>
    public static TraceFile Read(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var cases = new List<TraceCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        List<TraceEvent>? events = null;
        TraceConfig? first = null;
        int caseLine = 0;
        int eventCount = 0;
        ulong lastCount = 0;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            TraceEvent e = new TraceLineReader(path, i + 1, line).Read();
            if (e.Kind == TraceEventKind.Meta)
            {
                continue;
            }

            if (e.ConfigLine is { Reset: true } start)
            {
                if (!names.Add(start.Case))
                {
                    throw new TraceFormatException(path, i + 1, $"case '{start.Case}' appears twice in the file");
                }

                if (events is not null)
                {
                    cases.Add(new TraceCase(first!, caseLine, events));
                }

                events = new List<TraceEvent>();
                first = start.ToCaseConfig();
                caseLine = i + 1;
                lastCount = 0;
                continue;
            }

            if (events is null || first is null)
            {
                throw new TraceFormatException(path, i + 1, e.ConfigLine is not null
                    ? "a reconfiguration (\"reset\": false) before any case"
                    : $"a '{KindName(e.Kind)}' line before the first config line");
            }

            if (e.ConfigLine is { } reconfiguration)
            {
                if ((reconfiguration.Vcpus ?? first.Vcpus) != first.Vcpus || (reconfiguration.Frequency ?? first.Frequency) != first.Frequency ||
                    (reconfiguration.AArch32 ?? first.AArch32) != first.AArch32)
                {
                    throw new TraceFormatException(path, i + 1, "a reconfiguration cannot change \"vcpus\", \"cntfrq\" or \"aarch32\"");
                }

                e.Settings = reconfiguration.Settings;
                events.Add(e);
                continue;
            }

            if (e.Vcpu >= first.Vcpus)
            {
                throw new TraceFormatException(path, i + 1, $"vcpu {e.Vcpu} does not exist in a case of {first.Vcpus} vCPU(s)");
            }

            if (e.Count is ulong count)
            {
                if (count < lastCount)
                {
                    throw new TraceFormatException(path, i + 1, $"the counter goes backwards: 0x{count:x} after 0x{lastCount:x}");
                }

                lastCount = count;
            }

            eventCount++;
            events.Add(e);
        }

        if (events is not null)
        {
            cases.Add(new TraceCase(first!, caseLine, events));
        }

        return new TraceFile(path, cases, eventCount);
    }

    internal static string KindName(TraceEventKind kind) => kind switch
    {
        TraceEventKind.NoTrap => "notrap",
        TraceEventKind.SetReg => "set_reg",
        TraceEventKind.GetReg => "get_reg",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
