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
public sealed record TimerSnapshot
{
    /// <summary>The format version this library writes and reads (2: the timers of a vCPU as a list indexed by <see cref="TimerId"/>).</summary>
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
    [JsonRequired]
    public IReadOnlyList<int> Ppis { get; init; } = Array.Empty<int>();

    /// <summary>The vCPUs, by id.</summary>
    [JsonRequired]
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
            Features = vm.Options.Features.ToString(),
            NestedVirtualization = vm.Options.NestedVirtualization,
            CapturedAt = vm.Counter.Now,
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

        try
        {
            snapshot = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.TimerSnapshot);
        }
        catch (JsonException ex)
        {
            // The reader's own position (line, byte), without System.Text.Json's advice to callers.
            string where = ex.LineNumber is long line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
            error = ex.Path is { Length: > 0 } path
                ? $"The snapshot is not a valid snapshot{where}: {path} has the wrong type or is unknown."
                : $"The snapshot is not valid JSON{where}.";
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
        else if (error is null && vm.Options.Features != ParseFeatures())
        {
            error = $"The snapshot's CPU features ({Features}) differ from the VM's ({vm.Options.Features}).";
        }
        else if (error is null && vm.Options.NestedVirtualization != NestedVirtualization)
        {
            error = NestedVirtualization
                ? "The snapshot's vCPUs have virtual EL2; the VM's do not."
                : "The VM's vCPUs have virtual EL2; the snapshot's do not.";
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
            vcpus[i].Restore(Vcpus[i]);
        }

        return true;
    }

    private SysregFeatures? ParseFeatures() =>
        Features is not null && !Features.Any(char.IsDigit) && Enum.TryParse(Features, ignoreCase: false, out SysregFeatures features) ? features : null;

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

        if (ParseFeatures() is null)
        {
            return $"The snapshot's CPU features '{Features}' are not feature names this library knows.";
        }

        if (Ppis is null || Ppis.Count != VmTimers.DefaultPpis.Count || Ppis.Any(p => p is < 16 or > 31))
        {
            return "The snapshot's timer interrupts must be four PPIs (16..31).";
        }

        int timers = VmTimers.TimerCountFor(NestedVirtualization);
        if (Ppis.Take(timers).Distinct().Count() != timers)
        {
            return "The snapshot's timers share an interrupt; KVM refuses to run such a VM.";
        }

        if (Vcpus is null)
        {
            return "The snapshot has no vCPU list.";
        }

        for (int i = 0; i < Vcpus.Count; i++)
        {
            if (Vcpus[i] is not { } vcpu)
            {
                return $"vCPU entry {i} is missing.";
            }

            if (vcpu.Validate(i, timers, NestedVirtualization) is { } error)
            {
                return error;
            }

            if ((vcpu.HasRun || vcpu.Loaded) && !PpisFrozen)
            {
                return $"vCPU {i} has run, so the timers' interrupts must be frozen.";
            }
        }

        return null;
    }
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
