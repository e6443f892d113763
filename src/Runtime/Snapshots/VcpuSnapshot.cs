using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using SysregGen.Runtime.Timers;

namespace SysregGen.Runtime.Snapshots;

/// <summary>The timer state of one vCPU in a <see cref="TimerSnapshot"/>.</summary>
public sealed record VcpuSnapshot
{
    /// <summary>The vCPU id.</summary>
    [JsonRequired]
    public int Id { get; init; }

    /// <summary>Each timer's state, indexed by <see cref="TimerId"/>.</summary>
    [JsonRequired]
    public IReadOnlyList<TimerContextSnapshot> Timers { get; init; } = Array.Empty<TimerContextSnapshot>();

    /// <summary>Whether the vCPU was loaded.</summary>
    public bool Loaded { get; init; }

    /// <summary>Whether it was blocked in WFI.</summary>
    public bool Blocked { get; init; }

    /// <summary>Whether it had been woken since it blocked.</summary>
    public bool Woken { get; init; }

    /// <summary>Whether it had run.</summary>
    public bool HasRun { get; init; }

    /// <summary>What the timers knew of the vCPU's virtual EL2, with nested virtualisation; null without.</summary>
    public VirtualEl2State? VirtualEl2 { get; init; }

    /// <summary>Why the entry cannot be restored into a VM whose vCPUs have <paramref name="timerCount"/> timers (and virtual EL2 when <paramref name="nested"/>), or null.</summary>
    internal string? Validate(int index, int timerCount, bool nested)
    {
        if (Id != index)
        {
            return $"vCPU entry {index} has id {Id}.";
        }

        if (Timers is null || Timers.Count != timerCount)
        {
            return $"vCPU {index} must have {timerCount} timers.";
        }

        for (int i = 0; i < Timers.Count; i++)
        {
            if (Timers[i] is not { } timer)
            {
                return $"vCPU {index}: timer {(TimerId)i} is missing.";
            }

            if ((timer.Ctl & ~TimerContext.StoredCtlMask) != 0)
            {
                return $"vCPU {index}: the {(TimerId)i} timer's CTL has bits other than ENABLE and IMASK.";
            }
        }

        if (VirtualEl2.HasValue != nested)
        {
            return nested ? $"vCPU {index} has virtual EL2 but no virtualEl2 state." : $"vCPU {index} has virtualEl2 state but no virtual EL2.";
        }

        return Loaded && Blocked ? $"vCPU {index} cannot be both loaded and blocked." : null;
    }
}

/// <summary>One timer's state in a <see cref="VcpuSnapshot"/>.</summary>
public sealed record TimerContextSnapshot
{
    /// <summary>The stored CTL bits (ENABLE, IMASK).</summary>
    [JsonRequired]
    public ulong Ctl { get; init; }

    /// <summary>The compare value.</summary>
    [JsonRequired]
    public ulong Cval { get; init; }

    /// <summary>The line, as last reported to the interrupt controller.</summary>
    public bool Level { get; init; }
}
