using System;
using System.Collections.Generic;

namespace SysregGen.Simulation.Replay;

/// <summary>A place where the model did not do what the trace recorded.</summary>
/// <param name="File">The trace file.</param>
/// <param name="Line">The line of the event.</param>
/// <param name="Case">The case.</param>
/// <param name="Expected">What the trace says.</param>
/// <param name="Got">What the model did.</param>
public sealed record ReplayMismatch(string File, int Line, string Case, string Expected, string Got)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Case}: expected {Expected}, got {Got}";
}

/// <summary>A case the replay options do not apply to.</summary>
/// <param name="File">The trace file.</param>
/// <param name="Line">The line of its config.</param>
/// <param name="Case">The case.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record ReplaySkip(string File, int Line, string Case, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Case}: skipped: {Reason}";
}

/// <summary>The outcome of replaying traces.</summary>
public sealed class ReplayResult
{
    /// <summary>Cases replayed.</summary>
    public int Cases { get; internal set; }

    /// <summary>Events replayed.</summary>
    public int Events { get; internal set; }

    /// <summary>Every mismatch, in file order.</summary>
    public List<ReplayMismatch> Mismatches { get; } = new();

    /// <summary>The cases the options made inapplicable, in file order, with why (they count in <see cref="Cases"/>, not in <see cref="Events"/>).</summary>
    public List<ReplaySkip> Skipped { get; } = new();

    /// <summary>Adds another result's counts and mismatches.</summary>
    /// <param name="other">The other result.</param>
    public void Add(ReplayResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Cases += other.Cases;
        Events += other.Events;
        Mismatches.AddRange(other.Mismatches);
        Skipped.AddRange(other.Skipped);
    }
}

/// <summary>
/// Replays timer traces against the runtime, through public APIs only, as an emulator would drive
/// it: each vCPU's guest accesses go through its <see cref="Cpu.GuestCpu"/> (the trap decision, then
/// a direct access, or a trap the runtime emulates through the generated dispatcher); trap/notrap
/// lines are checked against the trap decision and the syndrome it gives; hypervisor events call
/// load/put/block/reset/one-reg/snapshot.
/// </summary>
public static class TraceReplayer
{
    /// <summary>Replays every case of a parsed trace.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="options">The host mode and nesting; the defaults replay every case as recorded.</param>
    /// <returns>The counts, mismatches and skipped cases.</returns>
    public static ReplayResult Replay(TraceFile trace, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        options ??= new ReplayOptions();
        var result = new ReplayResult();
        foreach (TraceCase c in trace.Cases)
        {
            result.Cases++;
            CaseSetup setup = CaseSetup.For(c, options);
            if (setup.SkipReason is { } reason)
            {
                result.Skipped.Add(new ReplaySkip(trace.Path, c.Line, c.Config.Case, reason));
                continue;
            }

            if (new CaseRun(trace.Path, c, setup, result).Run() is { } skipped)
            {
                result.Skipped.Add(new ReplaySkip(trace.Path, c.Line, c.Config.Case, skipped));
                continue;
            }

            foreach (TraceEvent e in c.Events)
            {
                // Reconfigurations are config lines, not events.
                result.Events += e.Kind == TraceEventKind.Config ? 0 : 1;
            }
        }

        return result;
    }
}
