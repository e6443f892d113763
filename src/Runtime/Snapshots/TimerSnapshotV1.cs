using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using SysregGen.Runtime.Timers;

namespace SysregGen.Runtime.Snapshots;

/// <summary>
/// Format version 1 (SysregGen 0.1.0), read and turned into the current form: the two timers of a
/// vCPU as named fields, the CPU features as the bits that version's generated enum had (FEAT_ECV 1,
/// FEAT_RME 2, FEAT_VHE 4), and the CPU model's registers beside the timers.
/// </summary>
internal sealed record TimerSnapshotV1
{
    [JsonRequired]
    public int Version { get; init; }

    [JsonRequired]
    public ulong Frequency { get; init; }

    [JsonRequired]
    public HostMode HostMode { get; init; }

    public ulong Features { get; init; }

    public ulong CapturedAt { get; init; }

    public ulong VirtualOffset { get; init; }

    public ulong PhysicalOffset { get; init; }

    public bool OffsetPinned { get; init; }

    public bool PpisFrozen { get; init; }

    [JsonRequired]
    public IReadOnlyList<int> Ppis { get; init; } = Array.Empty<int>();

    [JsonRequired]
    public IReadOnlyList<Vcpu> Vcpus { get; init; } = Array.Empty<Vcpu>();

    /// <summary>The snapshot in the current form (validated afterwards, as any other).</summary>
    public TimerSnapshot ToCurrent() => new()
    {
        Version = TimerSnapshot.CurrentVersion,
        Frequency = Frequency,
        HostMode = HostMode,
        Features = FeatureNames(Features),
        CapturedAt = CapturedAt,
        VirtualOffset = VirtualOffset,
        PhysicalOffset = PhysicalOffset,
        OffsetPinned = OffsetPinned,
        PpisFrozen = PpisFrozen,
        Ppis = Ppis,
        Vcpus = Vcpus?.Select(v => v?.ToCurrent()!).ToArray()!,
    };

    /// <summary>Version 1's feature bits by name; an unknown bit gives a name the validation rejects.</summary>
    private static string FeatureNames(ulong bits)
    {
        var names = new List<string>();
        foreach ((ulong bit, string name) in new[] { (1UL, "Ecv"), (2UL, "Rme"), (4UL, "Vhe") })
        {
            if ((bits & bit) != 0)
            {
                names.Add(name);
            }
        }

        return (bits & ~7UL) != 0 ? $"0x{bits:x}" : names.Count == 0 ? "None" : string.Join(", ", names);
    }

    /// <summary>A version-1 vCPU entry.</summary>
    internal sealed record Vcpu
    {
        [JsonRequired]
        public int Id { get; init; }

        public ulong PhysicalCtl { get; init; }

        public ulong PhysicalCval { get; init; }

        public bool PhysicalLevel { get; init; }

        public ulong VirtualCtl { get; init; }

        public ulong VirtualCval { get; init; }

        public bool VirtualLevel { get; init; }

        public ulong Cntkctl { get; init; }

        public bool Loaded { get; init; }

        public bool Blocked { get; init; }

        public bool Woken { get; init; }

        public bool HasRun { get; init; }

        public bool E2H { get; init; }

        public bool Tge { get; init; }

        public bool El1IsAArch32 { get; init; }

        public ulong? CnthctlOverride { get; init; }

        public VcpuSnapshot ToCurrent() => new()
        {
            Id = Id,
            Timers = new[]
            {
                new TimerContextSnapshot { Ctl = PhysicalCtl, Cval = PhysicalCval, Level = PhysicalLevel },
                new TimerContextSnapshot { Ctl = VirtualCtl, Cval = VirtualCval, Level = VirtualLevel },
            },
            Loaded = Loaded,
            Blocked = Blocked,
            Woken = Woken,
            HasRun = HasRun,
            Version1CpuState = new Version1CpuState(Cntkctl, E2H, Tge, El1IsAArch32, CnthctlOverride),
        };
    }
}
