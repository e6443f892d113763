using SysregGen.Registers;
using SysregGen.Runtime.Timers;

namespace SysregGen.Simulation.Cpu;

/// <summary>Carrying accesses out: the timers' registers through the vCPU's timers, the CPU's own registers here, and the virtual EL2 state the timers follow.</summary>
public sealed partial class GuestCpu
{
    /// <summary>The guest hypervisor's CNTVOFF_EL2 (virtual EL2 only; the timers hold it, as KVM's timer contexts point at it).</summary>
    /// <exception cref="System.InvalidOperationException">The vCPU has no virtual EL2: its virtual offset is the VM's (<see cref="VmTimers.SetVirtualOffset"/>).</exception>
    public ulong Cntvoff
    {
        get => Timers.VirtualEl2.Cntvoff;
        set => SyncVirtualEl2(RequireVirtualEl2() with { Cntvoff = value });
    }

    /// <summary>The guest hypervisor's CNTPOFF_EL2 (virtual EL2 only), which offsets the EL1 physical counter and timer when CNTHCTL_EL2.ECV is set (FEAT_ECV) and the vCPU is not in its host.</summary>
    /// <exception cref="System.InvalidOperationException">The vCPU has no virtual EL2.</exception>
    public ulong Cntpoff
    {
        get => Timers.VirtualEl2.Cntpoff;
        set => SyncVirtualEl2(RequireVirtualEl2() with { Cntpoff = value });
    }

    /// <summary>
    /// Performs an access on the register it reaches: a timer register through the vCPU's timers (as
    /// the hardware would, or as the host emulates it when <paramref name="hostTrap"/> is its
    /// syndrome), any other register here.
    /// </summary>
    private GuestAccessResult Perform(SysregAccessor accessor, Sysreg reached, bool isWrite, ulong value, int rt, int rt2, uint? hostTrap)
    {
        ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);
        AccessOutcome outcome;
        if (SysregCatalog.Get(reached).Timer is not null)
        {
            var access = new SysregAccess(info.Encoding, isWrite, value, rt, info.Kind == AccessorKind.AArch32Wide ? rt2 : -1);
            outcome = hostTrap is null ? Timers.AccessDirect(ref access, accessor) : Timers.HandleTrap(ref access, accessor);
            value = access.Value;
        }
        else
        {
            bool narrow = info.Kind == AccessorKind.AArch32; // MRC/MCR move a 32-bit register
            value = narrow ? (uint)value : value;
            outcome = AccessOwnRegister(reached, isWrite, ref value);
            value = narrow ? (uint)value : value;
        }

        if (outcome == AccessOutcome.Handled)
        {
            return GuestAccessResult.Completed(value, hostTrap);
        }

        // What nothing handles is an UNDEF, taken where an UNDEFINED instruction at this EL would be.
        TrapControls controls = TrapControls;
        return GuestAccessResult.Undefined(_el == 0 ? TrapDecisions.UndefinedTarget(0, in controls) : _el);
    }

    /// <summary>
    /// The registers that are the CPU's rather than the timers': CNTFRQ_EL0 (firmware's value, written
    /// only at the highest EL), CNTKCTL_EL1 and, with virtual EL2, the guest hypervisor's CNTHCTL_EL2, CNTVOFF_EL2
    /// and CNTPOFF_EL2 (KVM keeps them in the vCPU's register file, its sys_regs.c emulates them).
    /// </summary>
    private AccessOutcome AccessOwnRegister(Sysreg register, bool isWrite, ref ulong value)
    {
        if (register == Sysreg.Cntfrq)
        {
            // The trap decision let only the highest EL (EL2: this model has no EL3) write it; the
            // value is software's, the counter's rate does not change.
            if (isWrite)
            {
                _cntfrq = Registers.Cntfrq.Reset.ApplyWrite(value).Raw;
            }
            else
            {
                value = _cntfrq;
            }

            return AccessOutcome.Handled;
        }

        if (register == Sysreg.Cntkctl)
        {
            if (isWrite)
            {
                Cntkctl = value;
            }
            else
            {
                value = _cntkctl;
            }

            return AccessOutcome.Handled;
        }

        if (!HasVirtualEl2)
        {
            // The EL2 registers a vCPU without virtual EL2 never owns, and the secure timers.
            return AccessOutcome.Undefined;
        }

        switch (register)
        {
            case Sysreg.Cnthctl:
                if (isWrite)
                {
                    Cnthctl = Cnthctl.FromRaw(value);
                }
                else
                {
                    value = Cnthctl.Raw;
                }

                return AccessOutcome.Handled;
            case Sysreg.Cntvoff:
                if (isWrite)
                {
                    Cntvoff = value;
                }
                else
                {
                    value = Cntvoff;
                }

                return AccessOutcome.Handled;
            case Sysreg.Cntpoff:
                if (isWrite)
                {
                    Cntpoff = value;
                }
                else
                {
                    value = Cntpoff;
                }

                return AccessOutcome.Handled;
            default:
                return AccessOutcome.Undefined;
        }
    }

    /// <summary>A CNTHCTL_EL2 write of the guest hypervisor: the bits of the layout its E2H selects that the CPU's features define.</summary>
    private Cnthctl WriteCnthctl(ulong written)
    {
        Cnthctl old = _cnthctl ?? Cnthctl.Reset;
        return E2H
            ? old.AsE2H1.ApplyWrite(written, Features)
            : old.AsE2H0.ApplyWrite(written, Features);
    }

    private VirtualEl2State RequireVirtualEl2() => HasVirtualEl2
        ? Timers.VirtualEl2
        : throw new System.InvalidOperationException("The vCPU has no virtual EL2: its virtual offset is the VM's, and it has no CNTPOFF_EL2.");

    /// <summary>Tells the timers what they follow of the virtual EL2 after any change of the EL, HCR_EL2, CNTHCTL_EL2 or the offsets.</summary>
    private void SyncVirtualEl2() => SyncVirtualEl2(Timers.VirtualEl2);

    private void SyncVirtualEl2(VirtualEl2State state)
    {
        if (!HasVirtualEl2)
        {
            return;
        }

        bool cntpoffApplies = (Features & SysregFeatures.Ecv) != 0 && Cnthctl.AsE2H0.Ecv && !(E2H && Tge);
        Timers.SetVirtualEl2(state with { InHypContext = InHypContext, E2H = E2H, CntpoffApplies = cntpoffApplies });
    }
}
