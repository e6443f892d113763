using SysregGen.Registers;

namespace SysregGen.Runtime.Timers;

/// <summary>How the host kernel runs: at EL1 beside a small EL2 hypervisor, or in EL2 itself (VHE), and whether its CPU lets it offset the physical counter.</summary>
public enum HostMode
{
    /// <summary>A non-VHE host (HCR_EL2.E2H = 0): the host owns the EL1 physical timer, so the guest's is trapped and emulated.</summary>
    NonVhe,

    /// <summary>A VHE host (HCR_EL2.E2H = 1): the host uses the EL2 timers, and the guest's EL1 timers can run directly, unless a physical offset must be emulated.</summary>
    Vhe,

    /// <summary>A VHE host on a CPU with FEAT_ECV, whose CNTPOFF_EL2 applies the VM's physical offset in hardware: the EL1 physical timer runs directly whatever the offset.</summary>
    VheEcv,
}

/// <summary>
/// The CNTHCTL_EL2 value the hypervisor programs when it enters and leaves a guest, as modern KVM
/// does, and KVM's timer map: which timers a real host runs in hardware. Fed to
/// <see cref="TrapDecisions.Decide"/>, the CNTHCTL_EL2 value says exactly which guest accesses reach
/// the trap handlers.
/// </summary>
public static class WorldSwitch
{
    /// <summary>
    /// CNTHCTL_EL2 while the guest runs.
    /// Non-VHE (<c>__timer_enable_traps</c>): EL1PCEN clear, so every CNTP_* access traps; EL1PCTEN
    /// set, so CNTPCT reads directly, unless the VM has a physical offset, which only emulation can apply.
    /// VHE (<c>timer_set_traps</c>): nothing traps (EL1PTEN and EL1PCTEN set in the E2H layout), unless
    /// a physical offset needs emulating on a CPU without FEAT_ECV's CNTPOFF_EL2; with it, ECV is set
    /// (<c>kvm_timer_init_vhe</c>) and the offset is applied in hardware.
    /// </summary>
    /// <param name="mode">The host mode.</param>
    /// <param name="physicalOffset">The VM's physical counter offset.</param>
    /// <returns>The value, in the layout HCR_EL2.E2H selects for <paramref name="mode"/>.</returns>
    public static Cnthctl GuestEntry(HostMode mode, ulong physicalOffset)
    {
        bool trapCounter = physicalOffset != 0;
        if (mode == HostMode.NonVhe)
        {
            Cnthctl.E2H0 value = Host(mode).AsE2H0.WithEl1pcen(false).WithEl1pcten(!trapCounter);
            return value;
        }

        bool hasCntpoff = mode == HostMode.VheEcv;
        bool trapPhysical = trapCounter && !hasCntpoff;
        Cnthctl.E2H1 vhe = Host(mode).AsE2H1.WithEl1pten(!trapPhysical).WithEl1pcten(!trapPhysical);
        return hasCntpoff ? vhe.WithEcv(true) : vhe;
    }

    /// <summary>
    /// CNTHCTL_EL2 while the host runs. Non-VHE (<c>__timer_disable_traps</c>): EL1PCTEN and EL1PCEN
    /// set, so the host kernel at EL1 reaches its physical timer and counter. VHE: the host's EL0
    /// may read both counters and use neither EL1 timer's registers directly (the host kernel at EL2
    /// uses the EL2 timers; EL0 timer access is the kernel's choice and off here).
    /// </summary>
    /// <param name="mode">The host mode.</param>
    /// <returns>The value.</returns>
    public static Cnthctl Host(HostMode mode) => mode == HostMode.NonVhe
        ? Cnthctl.Reset.AsE2H0.WithEl1pcen(true).WithEl1pcten(true)
        : Cnthctl.Reset.AsE2H1.WithEl0pcten(true).WithEl0vcten(true).WithEl1pten(true).WithEl1pcten(true);

    /// <summary>The effective HCR_EL2.E2H while a guest runs on a host of <paramref name="mode"/>; TGE is 0 for a guest.</summary>
    /// <param name="mode">The host mode.</param>
    /// <returns>E2H.</returns>
    public static bool GuestE2H(HostMode mode) => mode != HostMode.NonVhe;

    /// <summary>
    /// Whether a real host runs the timer in hardware while the vCPU is loaded: KVM's <c>timer_map</c>
    /// "direct" timers. Without nested virtualisation: the virtual timer always; the EL1 physical timer
    /// on a VHE host that need not emulate a physical offset (none, or CNTPOFF_EL2 applies it). With it
    /// (a guest hypervisor), the hardware's EL1 timers carry the EL2 timers while the vCPU is in its
    /// hypervisor context and the EL1 timers while it runs the hypervisor's guest; the others are
    /// emulated. (KVM supports nested virtualisation on VHE hosts only; on a non-VHE host this model
    /// gives only the virtual slot to hardware.) This model backs every timer with host timers, so the
    /// guest sees the same behaviour either way; the map decides only what a real host would trap.
    /// </summary>
    /// <param name="mode">The host mode.</param>
    /// <param name="timer">The timer.</param>
    /// <param name="physicalOffset">The VM's physical counter offset.</param>
    /// <param name="nested">Whether the VM's vCPUs have virtual EL2.</param>
    /// <param name="inHypContext">Whether the vCPU runs its guest hypervisor (virtual EL2, or its host EL0) rather than that hypervisor's guest.</param>
    /// <returns>True for a hardware-backed ("direct") timer, false for one KVM emulates with an hrtimer.</returns>
    public static bool IsDirect(HostMode mode, TimerId timer, ulong physicalOffset, bool nested = false, bool inHypContext = false)
    {
        (TimerId virtualSlot, TimerId physicalSlot) = nested && inHypContext
            ? (TimerId.HypVirtual, TimerId.HypPhysical)
            : (TimerId.Virtual, TimerId.Physical);
        bool physicalDirect = mode != HostMode.NonVhe && (physicalOffset == 0 || mode == HostMode.VheEcv);
        return timer == virtualSlot || (timer == physicalSlot && physicalDirect);
    }
}
