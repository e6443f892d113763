using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using SysregGen.Registers;
using SysregGen.Runtime.Timers;

namespace SysregGen.Runtime.Snapshots;

/// <summary>
/// The complete timer state of a VM, for migration and checkpoints: VM-wide offsets and interrupt
/// numbers, and per vCPU both timers' CTL/CVAL, the levels last reported, CNTKCTL and the run state.
/// Serialised as versioned JSON (System.Text.Json source generation: no reflection).
/// </summary>
public sealed record TimerSnapshot
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>CNTFRQ when the snapshot was taken; a VM restores it only with the same counter frequency.</summary>
    public ulong Frequency { get; init; }

    /// <summary>The host mode the VM was modelled with.</summary>
    public HostMode HostMode { get; init; }

    /// <summary>The CPU features, as <see cref="SysregFeatures"/> bits.</summary>
    public ulong Features { get; init; }

    /// <summary>The physical count when the snapshot was taken (for information; time is not rewound on restore).</summary>
    public ulong CapturedAt { get; init; }

    /// <summary>The VM's virtual counter offset.</summary>
    public ulong VirtualOffset { get; init; }

    /// <summary>The VM's physical counter offset.</summary>
    public ulong PhysicalOffset { get; init; }

    /// <summary>Whether the offsets were pinned by the counter-offset ioctl.</summary>
    public bool OffsetPinned { get; init; }

    /// <summary>Whether a vCPU had run, freezing the interrupt numbers.</summary>
    public bool PpisFrozen { get; init; }

    /// <summary>The timers' interrupt numbers, by <see cref="TimerId"/>.</summary>
    public IReadOnlyList<int> Ppis { get; init; } = Array.Empty<int>();

    /// <summary>The vCPUs, by id.</summary>
    public IReadOnlyList<VcpuSnapshot> Vcpus { get; init; } = Array.Empty<VcpuSnapshot>();

    /// <summary>Captures the state of <paramref name="vm"/>.</summary>
    /// <param name="vm">The VM.</param>
    /// <returns>The snapshot.</returns>
    public static TimerSnapshot Capture(VmTimers vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return new TimerSnapshot
        {
            Frequency = vm.Frequency,
            HostMode = vm.Options.HostMode,
            Features = (ulong)vm.Options.Features,
            CapturedAt = vm.Counter.Now,
            VirtualOffset = vm.VirtualOffset,
            PhysicalOffset = vm.PhysicalOffset,
            OffsetPinned = vm.CounterOffsetPinned,
            PpisFrozen = vm.PpisFrozen,
            Ppis = Enumerable.Range(0, VmTimers.DefaultPpis.Count).Select(i => vm.GetTimerIrq((TimerId)i)).ToArray(),
            Vcpus = vm.Vcpus.Select(v => VcpuSnapshot.From(v.Capture())).ToArray(),
        };
    }

    /// <summary>The snapshot as JSON.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, SnapshotJsonContext.Default.TimerSnapshot);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="snapshot">The snapshot, when it is well-formed.</param>
    /// <param name="error">Why it is not.</param>
    /// <returns>Whether the JSON is a snapshot of a version this library reads.</returns>
    public static bool TryParse(string json, out TimerSnapshot? snapshot, out string? error)
    {
        snapshot = null;
        try
        {
            snapshot = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.TimerSnapshot);
        }
        catch (JsonException ex)
        {
            error = $"The snapshot is not valid JSON: {ex.Message}";
            return false;
        }

        if (snapshot is null)
        {
            error = "The snapshot is empty.";
            return false;
        }

        error = snapshot.Validate();
        if (error is not null)
        {
            snapshot = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Restores the snapshot into <paramref name="vm"/>, a VM created for it: with no vCPUs (they are
    /// created) or exactly as many as the snapshot has. Levels are restored as they were reported, so
    /// the interrupt controller hears of no change; host timers restart for the run state each vCPU
    /// was in. Everything is checked before anything changes: on failure the VM is untouched.
    /// </summary>
    /// <param name="vm">The VM to restore into.</param>
    /// <param name="error">Why the snapshot does not fit the VM.</param>
    /// <returns>Whether it was restored.</returns>
    public bool TryRestore(VmTimers vm, out string? error)
    {
        ArgumentNullException.ThrowIfNull(vm);
        error = Validate();
        IReadOnlyList<VcpuTimers> existing = vm.Vcpus;
        if (error is null && vm.Frequency != Frequency)
        {
            error = $"The snapshot was taken at {Frequency} Hz but the VM's counter runs at {vm.Frequency} Hz.";
        }
        else if (error is null && vm.Options.HostMode != HostMode)
        {
            error = $"The snapshot was taken on a {HostMode} host model, the VM is a {vm.Options.HostMode} one.";
        }
        else if (error is null && (ulong)vm.Options.Features != Features)
        {
            error = $"The snapshot's CPU features ({(SysregFeatures)Features}) differ from the VM's ({vm.Options.Features}).";
        }
        else if (error is null && existing.Count != 0 && existing.Count != Vcpus.Count)
        {
            error = $"The snapshot has {Vcpus.Count} vCPUs, the VM {existing.Count}.";
        }
        else if (error is null && existing.Any(v => v.IsLoaded))
        {
            error = "A vCPU of the VM is loaded; put every vCPU before restoring.";
        }

        if (error is not null)
        {
            return false;
        }

        var vcpus = existing.Count == 0 ? Vcpus.Select(_ => vm.CreateVcpu()).ToArray() : existing.ToArray();
        vm.Restore(VirtualOffset, PhysicalOffset, OffsetPinned, PpisFrozen, Ppis);
        for (int i = 0; i < vcpus.Length; i++)
        {
            vcpus[i].Restore(Vcpus[i].ToState());
        }

        return true;
    }

    private string? Validate()
    {
        if (Version != CurrentVersion)
        {
            return $"The snapshot is format version {Version}; this library reads version {CurrentVersion}.";
        }

        if (Frequency == 0)
        {
            return "The snapshot has no counter frequency.";
        }

        if (!Enum.IsDefined(HostMode))
        {
            return $"The snapshot's host mode {(int)HostMode} is unknown.";
        }

        if (Ppis.Count != VmTimers.DefaultPpis.Count || Ppis.Any(p => p is < 16 or > 31))
        {
            return "The snapshot's timer interrupts must be four PPIs (16..31).";
        }

        for (int i = 0; i < Vcpus.Count; i++)
        {
            VcpuSnapshot v = Vcpus[i] ?? new VcpuSnapshot();
            if (Vcpus[i] is null || v.Id != i)
            {
                return $"vCPU entry {i} is missing or has id {v.Id}.";
            }

            if (((v.PhysicalCtl | v.VirtualCtl) & ~TimerContext.StoredCtlMask) != 0)
            {
                return $"vCPU {i}: a timer CTL has bits other than ENABLE and IMASK.";
            }

            if (v.Loaded && v.Blocked)
            {
                return $"vCPU {i} cannot be both loaded and blocked.";
            }
        }

        return null;
    }
}

/// <summary>The timer state of one vCPU in a <see cref="TimerSnapshot"/>.</summary>
public sealed record VcpuSnapshot
{
    /// <summary>The vCPU id.</summary>
    public int Id { get; init; }

    /// <summary>The EL1 physical timer's stored CTL (ENABLE, IMASK).</summary>
    public ulong PhysicalCtl { get; init; }

    /// <summary>The EL1 physical timer's CVAL.</summary>
    public ulong PhysicalCval { get; init; }

    /// <summary>The EL1 physical timer's line, as last reported.</summary>
    public bool PhysicalLevel { get; init; }

    /// <summary>The virtual timer's stored CTL.</summary>
    public ulong VirtualCtl { get; init; }

    /// <summary>The virtual timer's CVAL.</summary>
    public ulong VirtualCval { get; init; }

    /// <summary>The virtual timer's line, as last reported.</summary>
    public bool VirtualLevel { get; init; }

    /// <summary>The guest's CNTKCTL_EL1.</summary>
    public ulong Cntkctl { get; init; }

    /// <summary>Whether the vCPU was loaded.</summary>
    public bool Loaded { get; init; }

    /// <summary>Whether it was blocked in WFI.</summary>
    public bool Blocked { get; init; }

    /// <summary>Whether it had been woken since it blocked.</summary>
    public bool Woken { get; init; }

    /// <summary>Whether it had run.</summary>
    public bool HasRun { get; init; }

    /// <summary>The effective HCR_EL2.E2H while the guest runs.</summary>
    public bool E2H { get; init; }

    /// <summary>The effective HCR_EL2.TGE while the guest runs.</summary>
    public bool Tge { get; init; }

    /// <summary>Whether the guest's EL1 is AArch32.</summary>
    public bool El1IsAArch32 { get; init; }

    /// <summary>The CNTHCTL_EL2 override in force, if any.</summary>
    public ulong? CnthctlOverride { get; init; }

    internal static VcpuSnapshot From(VcpuState s) => new()
    {
        Id = s.Id,
        PhysicalCtl = s.PhysicalCtl, PhysicalCval = s.PhysicalCval, PhysicalLevel = s.PhysicalLevel,
        VirtualCtl = s.VirtualCtl, VirtualCval = s.VirtualCval, VirtualLevel = s.VirtualLevel,
        Cntkctl = s.Cntkctl, Loaded = s.Loaded, Blocked = s.Blocked, Woken = s.Woken, HasRun = s.HasRun,
        E2H = s.E2H, Tge = s.Tge, El1IsAArch32 = s.El1IsAArch32, CnthctlOverride = s.CnthctlOverride,
    };

    internal VcpuState ToState() => new(
        Id, PhysicalCtl, PhysicalCval, PhysicalLevel, VirtualCtl, VirtualCval, VirtualLevel, Cntkctl,
        Loaded, Blocked, Woken, HasRun, E2H, Tge, El1IsAArch32, CnthctlOverride);
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TimerSnapshot))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext
{
}
