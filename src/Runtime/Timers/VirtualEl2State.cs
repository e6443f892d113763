namespace SysregGen.Runtime.Timers;

/// <summary>
/// What KVM's timer code reads of a vCPU's virtual EL2 under nested virtualisation: whether the vCPU
/// is in its guest hypervisor's context (<c>is_hyp_ctxt</c>: at virtual EL2, or at EL0 of a VHE
/// guest hypervisor's host, E2H = TGE = 1), that hypervisor's HCR_EL2.E2H, its CNTVOFF_EL2 (the
/// virtual timer's <c>vcpu_offset</c>), and its CNTPOFF_EL2 with whether it applies (FEAT_ECV,
/// CNTHCTL_EL2.ECV set, and not in the host). The CPU model owns HCR_EL2 and CNTHCTL_EL2 and keeps
/// this up to date (<see cref="VcpuTimers.SetVirtualEl2(VirtualEl2State)"/>); the offsets are stored here, as KVM's
/// timer contexts point into the vCPU's register file.
/// </summary>
/// <param name="InHypContext">The vCPU runs its guest hypervisor rather than that hypervisor's guest.</param>
/// <param name="E2H">The guest hypervisor's HCR_EL2.E2H.</param>
/// <param name="Cntvoff">The guest hypervisor's CNTVOFF_EL2.</param>
/// <param name="Cntpoff">The guest hypervisor's CNTPOFF_EL2.</param>
/// <param name="CntpoffApplies">Whether CNTPOFF_EL2 offsets the EL1 physical timer and counter.</param>
public readonly record struct VirtualEl2State(bool InHypContext, bool E2H, ulong Cntvoff, ulong Cntpoff, bool CntpoffApplies);
