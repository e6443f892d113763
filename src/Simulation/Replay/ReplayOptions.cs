using SysregGen.Runtime.Timers;

namespace SysregGen.Simulation.Replay;

/// <summary>
/// How traces are replayed (docs/trace-format.md, "Version 2"). Neither option may change what a
/// guest sees; they change how the host under the hypervisor under test is built, or add a guest
/// hypervisor between the two.
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>
    /// The real host (<c>--host</c>). It applies where the config's EL2 registers belong to a guest
    /// hypervisor: <c>el</c> 2 cases, host EL0 cases (E2H = TGE = 1) and, with <see cref="Nested"/>,
    /// every case; there it defaults to <see cref="HostMode.Vhe"/> (KVM runs guest hypervisors on VHE
    /// hosts). In any other case the config's EL2 registers are the host's own, so the config implies
    /// the mode (E2H = 1: VHE), and a host that contradicts it makes the case skipped.
    /// </summary>
    public HostMode? Host { get; init; }

    /// <summary>
    /// Runs each case of <c>el</c> 0 or 1 under a guest hypervisor at virtual EL2 whose HCR_EL2,
    /// CNTHCTL_EL2 and CNTVOFF_EL2 are the config's (<c>--nested</c>). Cases with hypervisor events
    /// (load, put, one-reg, snapshot…) are skipped: they are about the hypervisor under test itself.
    /// </summary>
    public bool Nested { get; init; }

    /// <summary>
    /// The VM's counter offset when a guest hypervisor runs (the hypervisor under test's choice, not
    /// zero, so that the test sees it is invisible to the guest): <c>cnt</c> is the count the guest
    /// hypervisor reads as its physical count, the host's being that plus this offset.
    /// </summary>
    public ulong GuestHypervisorVmOffset { get; init; } = 0x0000_0123_4567_8000;
}
