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
/// numbers, and per vCPU every timer's CTL/CVAL, the levels last reported, the run state and, with
/// nested virtualisation, what the timers know of its virtual EL2 (<see cref="VirtualEl2State"/>).
/// Serialised as versioned JSON (System.Text.Json source generation: no reflection). What is not
/// the timers' (the guest CPU's CNTKCTL, HCR_EL2...) belongs to the snapshot of the CPU model.
/// </summary>
public sealed partial record TimerSnapshot
{
    /// <summary>
    /// The format version this library writes: 2, the timers of a vCPU as a list indexed by
    /// <see cref="TimerId"/>. It reads version 1 too (SysregGen 0.1.0: two timers per vCPU, and the
    /// CPU model's registers beside them, which <see cref="VcpuSnapshot.Version1CpuState"/> keeps).
    /// </summary>
    public const int CurrentVersion = 2;

    /// <summary>The format version.</summary>
    [JsonRequired]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>CNTFRQ when the snapshot was taken; a VM restores it only with the same counter frequency.</summary>
    [JsonRequired]
    public ulong Frequency { get; init; }

    /// <summary>The host mode the VM was modelled with.</summary>
    [JsonRequired]
    public HostMode HostMode { get; init; }

    /// <summary>
    /// The CPU features the guests are shown, by name as <see cref="SysregFeatures"/> writes them
    /// ("Vhe", "Ecv, Vhe", "None"), so that a snapshot does not depend on the generated bit values.
    /// </summary>
    public string Features { get; init; } = nameof(SysregFeatures.None);

    /// <summary>Whether the vCPUs have virtual EL2 (and so four timers each).</summary>
    public bool NestedVirtualization { get; init; }

    /// <summary>The physical count when the snapshot was taken: a restore moves the offsets by the new host's count minus this (see <see cref="DowntimePolicy"/>).</summary>
    public ulong CapturedAt { get; init; }

    /// <summary>The wall-clock time of the capture, for <see cref="DowntimePolicy.AdvanceByDowntime"/>.</summary>
    public DateTimeOffset CapturedAtUtc { get; init; }

    /// <summary>The VM's virtual counter offset.</summary>
    public ulong VirtualOffset { get; init; }

    /// <summary>The VM's physical counter offset.</summary>
    public ulong PhysicalOffset { get; init; }

    /// <summary>Whether the offsets were pinned by the counter-offset ioctl.</summary>
    public bool OffsetPinned { get; init; }

    /// <summary>Whether a vCPU had run, freezing the interrupt numbers.</summary>
    public bool PpisFrozen { get; init; }

    /// <summary>The timers' interrupt numbers, by <see cref="TimerId"/>.</summary>
    [JsonRequired]
    public IReadOnlyList<int> Ppis { get; init; } = Array.Empty<int>();

    /// <summary>The vCPUs, by id.</summary>
    [JsonRequired]
    public IReadOnlyList<VcpuSnapshot> Vcpus { get; init; } = Array.Empty<VcpuSnapshot>();

    /// <summary>Captures the state of <paramref name="vm"/>. Save it while every vCPU is put (as a VMM does, with the vCPUs paused) or accept that a running one's state is that of some moment in between.</summary>
    /// <param name="vm">The VM.</param>
    /// <param name="clock">The wall clock that stamps the capture (<see cref="TimeProvider.System"/> by default).</param>
    /// <returns>The snapshot.</returns>
    public static TimerSnapshot Capture(VmTimers vm, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return new TimerSnapshot
        {
            CapturedAtUtc = (clock ?? TimeProvider.System).GetUtcNow(),
            Frequency = vm.Frequency,
            HostMode = vm.Options.HostMode,
            Features = vm.Options.Features.ToString(),
            NestedVirtualization = vm.Options.NestedVirtualization,
            CapturedAt = vm.Now,
            VirtualOffset = vm.VirtualOffset,
            PhysicalOffset = vm.PhysicalOffset,
            OffsetPinned = vm.CounterOffsetPinned,
            PpisFrozen = vm.PpisFrozen,
            Ppis = Enumerable.Range(0, VmTimers.DefaultPpis.Count).Select(i => vm.GetTimerIrq((TimerId)i)).ToArray(),
            Vcpus = vm.Vcpus.Select(v => v.Capture()).ToArray(),
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
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "The snapshot is empty.";
            return false;
        }

        snapshot = SnapshotJson.Read(json, out error);
        if (snapshot is null)
        {
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
}
