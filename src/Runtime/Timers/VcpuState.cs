namespace SysregGen.Runtime.Timers;

/// <summary>The complete timer state of one vCPU, as captured for a snapshot.</summary>
internal sealed record VcpuState(
    int Id,
    ulong PhysicalCtl,
    ulong PhysicalCval,
    bool PhysicalLevel,
    ulong VirtualCtl,
    ulong VirtualCval,
    bool VirtualLevel,
    ulong Cntkctl,
    bool Loaded,
    bool Blocked,
    bool Woken,
    bool HasRun,
    bool E2H,
    bool Tge,
    bool El1IsAArch32,
    ulong? CnthctlOverride);
