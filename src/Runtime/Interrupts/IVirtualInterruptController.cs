using System;

namespace SysregGen.Runtime.Interrupts;

/// <summary>
/// The virtual interrupt controller (a vGIC) as the timers see it: level-sensitive lines. The
/// timers call <see cref="SetLevel"/> only when a line changes, and <see cref="SyncLevel"/> once per
/// line when a snapshot is restored into them, with the vCPU's lock held so that the calls for one
/// vCPU arrive in order; an implementation must not call back into that vCPU's timers.
/// </summary>
public interface IVirtualInterruptController
{
    /// <summary>A timer line changed level.</summary>
    /// <param name="vcpu">The vCPU id.</param>
    /// <param name="intid">The interrupt (a PPI, 16..31).</param>
    /// <param name="level">The new level.</param>
    void SetLevel(int vcpu, int intid, bool level);

    /// <summary>
    /// A timer line's level after a snapshot was restored: a controller restored from the same
    /// snapshot has it already, a new one learns it here (without it, a line that was high at the
    /// capture would stay low in the new VM and its guest could wait in WFI for ever). By default
    /// the level is passed to <see cref="SetLevel"/> when it is high; a controller that counts
    /// changes can tell the two calls apart.
    /// </summary>
    /// <param name="vcpu">The vCPU id.</param>
    /// <param name="intid">The interrupt (a PPI, 16..31).</param>
    /// <param name="level">The line's level.</param>
    void SyncLevel(int vcpu, int intid, bool level)
    {
        if (level)
        {
            SetLevel(vcpu, intid, level);
        }
    }
}

/// <summary>
/// The timer levels as KVM reports them to a userspace interrupt controller in
/// <c>kvm_run-&gt;s.regs.device_irq_level</c>.
/// </summary>
[Flags]
public enum DeviceIrqLevel
{
    /// <summary>No timer line is asserted.</summary>
    None = 0,

    /// <summary>KVM_ARM_DEV_EL1_VTIMER: the virtual timer's line.</summary>
    El1VTimer = 1 << 0,

    /// <summary>KVM_ARM_DEV_EL1_PTIMER: the EL1 physical timer's line.</summary>
    El1PTimer = 1 << 1,
}
