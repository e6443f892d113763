namespace SysregGen.Simulation.Cpu;

/// <summary>
/// The CPU model's own state, to carry across a timer snapshot (<see cref="GuestCpu.Capture"/>,
/// <see cref="GuestCpu.Restore"/>). The guest hypervisor's offsets are the timers' (they travel in the
/// runtime's snapshot); everything else the trap decision reads is here.
/// </summary>
/// <param name="El">The exception level.</param>
/// <param name="Hcr">HCR_EL2 in force.</param>
/// <param name="Cntkctl">CNTKCTL_EL1.</param>
/// <param name="Cnthctl">CNTHCTL_EL2 as set (the guest hypervisor's, or the host's override), or null when it follows the world switch.</param>
/// <param name="Cntfrq">CNTFRQ_EL0 as the guest's highest EL programmed it, or null for the counter's frequency (as firmware programs it).</param>
public sealed record GuestCpuState(int El, ulong Hcr, ulong Cntkctl, ulong? Cnthctl, ulong? Cntfrq = null);
