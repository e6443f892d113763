using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using SysregGen.Registers;
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

    /// <summary>
    /// For a snapshot read from format version 1 only: the CPU model's registers that version kept
    /// beside the timers (they are the CPU model's now, not the runtime's; restore them there). Not written.
    /// </summary>
    [JsonIgnore]
    public Version1CpuState? Version1CpuState { get; init; }

    /// <summary>Why the entry cannot be restored into a VM whose vCPUs have <paramref name="timerCount"/> timers (and virtual EL2 when <paramref name="nested"/>) and <paramref name="features"/>, or null.</summary>
    internal string? Validate(int index, int timerCount, bool nested, SysregFeatures features)
    {
        if (Id != index)
        {
            return $"vcpus[{index}].id: the entry has id {Id}; vCPUs are listed by id from 0.";
        }

        if (Timers is null || Timers.Count != timerCount)
        {
            return $"vcpus[{index}].timers: a vCPU has {timerCount} timers here.";
        }

        for (int i = 0; i < Timers.Count; i++)
        {
            if (Timers[i] is not { } timer)
            {
                return $"vcpus[{index}].timers[{i}]: the {(TimerId)i} timer is missing.";
            }

            if ((timer.Ctl & ~TimerContext.StoredCtlMask) != 0)
            {
                return $"vcpus[{index}].timers[{i}].ctl: 0x{timer.Ctl:x} has bits other than ENABLE and IMASK (ISTATUS is computed, the rest is RES0).";
            }
        }

        if (VirtualEl2.HasValue != nested)
        {
            return nested ? $"vcpus[{index}].virtualEl2: missing, but the vCPU has virtual EL2." : $"vcpus[{index}].virtualEl2: present, but the vCPU has no virtual EL2.";
        }

        if (VirtualEl2 is { CntpoffApplies: true } && (features & SysregFeatures.Ecv) == 0)
        {
            return $"vcpus[{index}].virtualEl2.cntpoffApplies: CNTPOFF_EL2 cannot apply without FEAT_ECV.";
        }

        if (Version1CpuState is { } cpu && ValidateVersion1(cpu, features) is { } field)
        {
            return $"vcpus[{index}].{field}";
        }

        return Loaded && Blocked ? $"vcpus[{index}].blocked: a vCPU cannot be both loaded and blocked." : null;
    }

    /// <summary>Version 1 kept the CPU model's CNTKCTL_EL1 and CNTHCTL_EL2: their RES0 bits must be clear.</summary>
    private static string? ValidateVersion1(Version1CpuState cpu, SysregFeatures features)
    {
        ulong res0 = cpu.Cntkctl & Cntkctl.Res0For(features);
        if (res0 != 0)
        {
            return $"cntkctl: 0x{cpu.Cntkctl:x} sets RES0 bits 0x{res0:x}.";
        }

        ulong cnthctlRes0 = cpu.E2H ? Cnthctl.E2H1.Res0For(features) : Cnthctl.E2H0.Res0For(features);
        return cpu.CnthctlOverride is ulong cnthctl && (cnthctl & cnthctlRes0) != 0
            ? $"cnthctlOverride: 0x{cnthctl:x} sets RES0 bits 0x{cnthctl & cnthctlRes0:x} (E2H = {(cpu.E2H ? 1 : 0)})."
            : null;
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

/// <summary>The CPU model's state a version-1 snapshot kept per vCPU.</summary>
/// <param name="Cntkctl">CNTKCTL_EL1.</param>
/// <param name="E2H">The effective HCR_EL2.E2H while the guest ran.</param>
/// <param name="Tge">The effective HCR_EL2.TGE.</param>
/// <param name="El1IsAArch32">Whether EL1 was AArch32.</param>
/// <param name="CnthctlOverride">The CNTHCTL_EL2 set instead of the world switch's, if any.</param>
public sealed record Version1CpuState(ulong Cntkctl, bool E2H, bool Tge, bool El1IsAArch32, ulong? CnthctlOverride);
