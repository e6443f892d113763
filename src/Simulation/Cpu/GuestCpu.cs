using System;
using SysregGen.Registers;
using SysregGen.Runtime.Timers;

namespace SysregGen.Simulation.Cpu;

/// <summary>
/// The guest CPU of one vCPU as a hypervisor's CPU model sees it: the exception level it runs at,
/// whether its EL1 is AArch32, the HCR_EL2 and CNTHCTL_EL2 in force while it runs, and its own
/// CNTKCTL_EL1. It decides each system-register access as the architecture does
/// (<see cref="Decide"/>) and carries it out (<see cref="Execute"/>): a direct access, an UNDEF, a
/// trap to the guest's own EL1, or a trap to EL2 that the vCPU's timers emulate (KVM's part).
/// </summary>
/// <remarks>
/// A hypervisor keeps this state in its vCPU, not in its timer code, so it lives here rather than in
/// <see cref="VcpuTimers"/>. Like a vCPU's registers, it belongs to the thread that runs the vCPU:
/// the class is not thread-safe; the timers it reaches take their own lock.
/// </remarks>
public sealed class GuestCpu
{
    /// <summary>HCR_EL2.RW (bit 31): EL1 is AArch64.</summary>
    public const ulong HcrRw = 1UL << 31;

    /// <summary>HCR_EL2.TGE (bit 27): the host's EL0 runs under EL2 (with E2H: a VHE host's user space).</summary>
    public const ulong HcrTge = 1UL << 27;

    /// <summary>HCR_EL2.E2H (bit 34): the EL2 host extensions (VHE).</summary>
    public const ulong HcrE2H = 1UL << 34;

    private int _el = 1;
    private ulong _cntkctl;

    /// <summary>Creates the CPU model of a vCPU whose timers are <paramref name="timers"/>: at EL1, AArch64, under the HCR_EL2 and CNTHCTL_EL2 its host programs.</summary>
    /// <param name="timers">The vCPU's timers.</param>
    public GuestCpu(VcpuTimers timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        Timers = timers;
        Hcr = HcrRw | (WorldSwitch.GuestE2H(timers.Vm.Options.HostMode) ? HcrE2H : 0);
    }

    /// <summary>The vCPU's timers, which emulate the accesses that trap to EL2.</summary>
    public VcpuTimers Timers { get; }

    /// <summary>The exception level the guest's accesses are made at: 0 or 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 or 1 (a guest without virtual EL2 never runs at EL2).</exception>
    public int El
    {
        get => _el;
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)value, 1u, nameof(El));
            _el = value;
        }
    }

    /// <summary>HCR_EL2 while the guest runs; only RW, TGE and E2H matter to the timers. By default: RW set, and E2H on a VHE host (it stays set while a guest runs), TGE clear.</summary>
    public ulong Hcr { get; set; }

    /// <summary>HCR_EL2.E2H.</summary>
    public bool E2H => (Hcr & HcrE2H) != 0;

    /// <summary>HCR_EL2.TGE.</summary>
    public bool Tge => (Hcr & HcrTge) != 0;

    /// <summary>Whether EL1 is AArch32 (HCR_EL2.RW clear): its EL0 checks then make accesses UNDEFINED instead of trapping to EL1.</summary>
    public bool El1IsAArch32 => (Hcr & HcrRw) == 0;

    /// <summary>The guest's CNTKCTL_EL1; a write keeps only the bits the architecture defines for the CPU's features.</summary>
    public ulong Cntkctl
    {
        get => _cntkctl;
        set => _cntkctl = Registers.Cntkctl.Reset.ApplyWrite(value, Timers.Vm.Options.Features).Raw;
    }

    /// <summary>A CNTHCTL_EL2 value to use instead of what the host's world switch programs (a hypervisor that programs its own, or a recorded configuration); null for the world switch's.</summary>
    public Cnthctl? CnthctlOverride { get; set; }

    /// <summary>CNTHCTL_EL2 while the guest runs: <see cref="CnthctlOverride"/>, or what <see cref="WorldSwitch.GuestEntry"/> programs for the host mode.</summary>
    public Cnthctl Cnthctl => CnthctlOverride ?? WorldSwitch.GuestEntry(Timers.Vm.Options.HostMode, Timers.Vm.PhysicalOffset, Timers.Vm.Options.Features);

    /// <summary>The trap controls in force while the guest runs.</summary>
    public TrapControls TrapControls => new()
    {
        E2H = E2H,
        Tge = Tge,
        Cnthctl = Cnthctl.Raw,
        Cntkctl = _cntkctl,
        Features = Timers.Vm.Options.Features,
    };

    /// <summary>
    /// What the architecture does with an access at <see cref="El"/> before any register changes:
    /// it completes, traps (with the syndrome the trap reports), or is UNDEFINED. An AArch32 EL1 has
    /// no trap for its EL0 checks and takes an UNDEF.
    /// </summary>
    /// <param name="accessor">The encoding the instruction uses.</param>
    /// <param name="isWrite">True for MSR/MCR/MCRR.</param>
    /// <param name="rt">The transfer register, for the syndrome.</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR.</param>
    /// <returns>The decision and its syndrome.</returns>
    public GuestTrap Decide(SysregAccessor accessor, bool isWrite, int rt = 0, int rt2 = 1)
    {
        TrapControls controls = TrapControls;
        TrapDecision decision = TrapDecisions.Decide(accessor, isWrite, _el, in controls);
        return decision.Outcome switch
        {
            TrapOutcome.Trap when decision.TargetEl == 1 && El1IsAArch32 => GuestTrap.Undefined(1),
            TrapOutcome.Trap => new GuestTrap(TrapOutcome.Trap, decision.TargetEl, Esr.ForAccess(accessor.Encoding(), !isWrite, rt, rt2), default),
            TrapOutcome.Undefined => GuestTrap.Undefined(decision.TargetEl),
            _ => new GuestTrap(TrapOutcome.Access, _el, 0, decision.Register),
        };
    }

    /// <summary>
    /// Executes an instruction that accesses a register, as the CPU and the hypervisor together handle
    /// it: <see cref="Decide"/>, then the access itself, an UNDEF, a trap to the guest's own EL1, or a
    /// trap to EL2 that the vCPU's timers emulate (<see cref="VcpuTimers.HandleTrap(ref SysregAccess, SysregAccessor)"/>).
    /// </summary>
    /// <param name="accessor">The encoding the instruction uses.</param>
    /// <param name="isWrite">True for MSR/MCR/MCRR.</param>
    /// <param name="value">For a write, the value (MCR: the 32-bit register; MCRR: Rt2:Rt).</param>
    /// <param name="rt">The transfer register, for the syndrome.</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR.</param>
    /// <returns>What happened and, for a completed read, the value.</returns>
    public GuestAccessResult Execute(SysregAccessor accessor, bool isWrite, ulong value = 0, int rt = 0, int rt2 = 1)
    {
        GuestTrap trap = Decide(accessor, isWrite, rt, rt2);
        ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);
        switch (trap.Outcome)
        {
            case TrapOutcome.Undefined:
                return GuestAccessResult.Undefined(trap.TargetEl);

            case TrapOutcome.Trap when trap.TargetEl == 1:
                // The guest's own kernel takes it.
                return GuestAccessResult.TrappedToGuest(1, trap.Esr);

            case TrapOutcome.Trap:
            {
                // Trap-and-emulate: the hypervisor's timers handle it; anything they do not is an UNDEF
                // injected into the guest's EL1, as KVM does for a trapped register it does not handle.
                var access = new SysregAccess(info.Encoding, isWrite, value, rt, info.Kind == AccessorKind.AArch32Wide ? rt2 : -1);
                return Timers.HandleTrap(ref access, accessor) == AccessOutcome.Handled
                    ? GuestAccessResult.Completed(access.Value, trap.Esr)
                    : GuestAccessResult.Undefined(1);
            }

            default:
                return Direct(trap.Register, info, isWrite, value);
        }
    }

    /// <summary>vCPU reset: CNTKCTL_EL1 becomes 0 and the timers are reset (<see cref="VcpuTimers.Reset"/>).</summary>
    public void Reset()
    {
        _cntkctl = 0;
        Timers.Reset();
    }

    /// <summary>
    /// An access that does not trap reaches the register itself. A real CPU would touch its hardware
    /// timer; this model's timers back every timer the same way (KVM's <c>kvm_arm_timer_read_sysreg</c>),
    /// so direct and emulated accesses behave alike.
    /// </summary>
    private GuestAccessResult Direct(Sysreg reached, in SysregAccessorInfo info, bool isWrite, ulong value)
    {
        if (reached != info.Register)
        {
            // VHE redirection to an EL2 timer (the host's EL0): this VM has no EL2 timers.
            return GuestAccessResult.Undefined(Math.Max(_el, 1));
        }

        bool narrow = info.Kind == AccessorKind.AArch32;
        if (narrow)
        {
            value = (uint)value; // MCR writes a 32-bit register
        }

        AccessOutcome outcome;
        SysregInfo register = SysregCatalog.Get(reached);
        if (register.Timer is TimerId timer && register.TimerRegister is TimerRegister timerRegister)
        {
            outcome = isWrite ? Timers.WriteSysreg(timer, timerRegister, value) : Timers.ReadSysreg(timer, timerRegister, out value);
        }
        else
        {
            outcome = AccessOwnRegister(reached, isWrite, ref value);
        }

        return outcome == AccessOutcome.Handled
            ? GuestAccessResult.Completed(narrow ? (uint)value : value, esr: null)
            : GuestAccessResult.Undefined(Math.Max(_el, 1));
    }

    /// <summary>The registers that are the CPU's rather than the timers': CNTFRQ_EL0 (read-only below the highest EL) and CNTKCTL_EL1.</summary>
    private AccessOutcome AccessOwnRegister(Sysreg register, bool isWrite, ref ulong value)
    {
        switch (register)
        {
            case Sysreg.Cntfrq when !isWrite:
                value = Timers.Vm.Frequency;
                return AccessOutcome.Handled;
            case Sysreg.Cntkctl when isWrite:
                Cntkctl = value;
                return AccessOutcome.Handled;
            case Sysreg.Cntkctl:
                value = _cntkctl;
                return AccessOutcome.Handled;
            default:
                // A CNTFRQ write, and the EL2 registers a guest without virtual EL2 never owns.
                return AccessOutcome.Undefined;
        }
    }
}
