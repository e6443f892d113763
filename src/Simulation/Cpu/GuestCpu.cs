using System;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;

namespace SysregGen.Simulation.Cpu;

/// <summary>
/// The guest CPU of one vCPU as a hypervisor's CPU model sees it: the exception level it runs at,
/// the HCR_EL2 and CNTHCTL_EL2 its accesses are decided by, and its own CNTKCTL_EL1. On a VM with
/// nested virtualisation the vCPU runs a guest hypervisor at virtual EL2: HCR_EL2, CNTHCTL_EL2,
/// CNTVOFF_EL2 and CNTPOFF_EL2 are then that hypervisor's virtual registers, and the vCPU runs at EL2
/// (the hypervisor) or at EL1/EL0 (its guest). <see cref="Decide"/> gives the architecture's answer to
/// an access; <see cref="Execute"/> carries it out: a direct access, an UNDEF, a trap to the guest's
/// own EL1 or (nested) to its hypervisor at virtual EL2, or a trap to the real EL2 that the vCPU's
/// timers emulate (KVM's part).
/// </summary>
/// <remarks>
/// A hypervisor keeps this state in its vCPU, not in its timer code, so it lives here rather than in
/// <see cref="VcpuTimers"/>. Like a vCPU's registers, it belongs to the thread that runs the vCPU:
/// the class is not thread-safe; the timers it reaches take their own lock.
/// </remarks>
public sealed partial class GuestCpu
{
    /// <summary>HCR_EL2.RW (bit 31): EL1 is AArch64.</summary>
    public const ulong HcrRw = 1UL << 31;

    /// <summary>HCR_EL2.TGE (bit 27): EL0 runs in the EL2 host (with E2H: a VHE hypervisor's user space).</summary>
    public const ulong HcrTge = 1UL << 27;

    /// <summary>HCR_EL2.E2H (bit 34): the EL2 host extensions (VHE).</summary>
    public const ulong HcrE2H = 1UL << 34;

    private int _el;
    private ulong _hcr;
    private ulong _cntkctl;
    private ulong _cntfrq;
    private Cnthctl? _cnthctl;

    /// <summary>
    /// Creates the CPU model of a vCPU whose timers are <paramref name="timers"/>. Without nested
    /// virtualisation it runs at EL1, AArch64, under the HCR_EL2 and CNTHCTL_EL2 its host programs; with
    /// it, a guest hypervisor runs at virtual EL2 with its HCR_EL2 and CNTHCTL_EL2 at their reset values.
    /// </summary>
    /// <param name="timers">The vCPU's timers.</param>
    public GuestCpu(VcpuTimers timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        Timers = timers;
        HasVirtualEl2 = timers.Vm.Options.NestedVirtualization;
        _cntfrq = timers.Vm.Frequency; // as firmware programs it
        _el = HasVirtualEl2 ? 2 : 1;
        _hcr = HcrRw | (!HasVirtualEl2 && WorldSwitch.GuestE2H(timers.Vm.Options.HostMode) ? HcrE2H : 0);

        // A vCPU that has run (or was restored) has a virtual EL2 view its CPU state set: a new model
        // over it must not replace that view with the reset state before Restore brings the state back.
        if (!timers.HasRun)
        {
            SyncVirtualEl2();
        }
    }

    /// <summary>The vCPU's timers, which emulate the accesses that trap to EL2.</summary>
    public VcpuTimers Timers { get; }

    /// <summary>Whether the vCPU has virtual EL2: it runs a guest hypervisor (the VM's <see cref="VmTimersOptions.NestedVirtualization"/>).</summary>
    public bool HasVirtualEl2 { get; }

    /// <summary>The exception level the guest's accesses are made at: 0 or 1, or 2 (the guest hypervisor) with virtual EL2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Above 1 without virtual EL2, or above 2.</exception>
    public int El
    {
        get => _el;
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)value, HasVirtualEl2 ? 2u : 1u, nameof(El));
            _el = value;
            SyncVirtualEl2();
        }
    }

    /// <summary>
    /// The HCR_EL2 the guest's accesses are decided by; only RW, TGE and E2H matter to the timers.
    /// Without virtual EL2 it is the host's while the guest runs (by default RW, and E2H on a VHE host,
    /// which stays set while a guest runs); a host never runs a guest with TGE set. With virtual EL2 it
    /// is the guest hypervisor's own (TGE with E2H makes EL0 its host's user space).
    /// </summary>
    /// <exception cref="ArgumentException">TGE set for a vCPU without virtual EL2.</exception>
    public ulong Hcr
    {
        get => _hcr;
        set
        {
            if (!HasVirtualEl2 && (value & HcrTge) != 0)
            {
                throw new ArgumentException("A host never runs a guest with HCR_EL2.TGE set; a guest's own host EL0 needs virtual EL2 (nested virtualisation).", nameof(value));
            }

            _hcr = value;
            SyncVirtualEl2();
        }
    }

    /// <summary>HCR_EL2.E2H.</summary>
    public bool E2H => (_hcr & HcrE2H) != 0;

    /// <summary>HCR_EL2.TGE.</summary>
    public bool Tge => (_hcr & HcrTge) != 0;

    /// <summary>Whether EL1 is AArch32 (HCR_EL2.RW clear): its EL0 checks then make accesses UNDEFINED instead of trapping to EL1.</summary>
    public bool El1IsAArch32 => (_hcr & HcrRw) == 0;

    /// <summary>Whether an access now is in the guest hypervisor's context (KVM's <c>is_hyp_ctxt</c>): at virtual EL2, or at EL0 of its host (E2H = TGE = 1).</summary>
    public bool InHypContext => HasVirtualEl2 && (_el == 2 || (_el == 0 && E2H && Tge));

    /// <summary>The guest's CNTKCTL_EL1; a write keeps only the bits the architecture defines for the CPU's features.</summary>
    public ulong Cntkctl
    {
        get => _cntkctl;
        set => _cntkctl = Registers.Cntkctl.Reset.ApplyWrite(value, Features).Raw;
    }

    /// <summary>
    /// The CNTHCTL_EL2 the guest's accesses are decided by. Without virtual EL2: what the host's world
    /// switch programs (<see cref="WorldSwitch.GuestEntry"/>), unless set (a hypervisor that programs
    /// its own, or a recorded configuration). With virtual EL2: the guest hypervisor's register (reset
    /// 0x3); a write keeps the bits the layout in force (its E2H) and the CPU's features define.
    /// </summary>
    public Cnthctl Cnthctl
    {
        get => _cnthctl ?? (HasVirtualEl2 ? Cnthctl.Reset : WorldSwitch.GuestEntry(Timers.Vm.Options.HostMode, Timers.Vm.PhysicalOffset));
        set
        {
            _cnthctl = HasVirtualEl2 ? WriteCnthctl(value.Raw) : value;
            SyncVirtualEl2();
        }
    }

    /// <summary>The trap controls the guest's accesses are decided by.</summary>
    public TrapControls TrapControls => new()
    {
        E2H = E2H,
        Tge = Tge,
        Cnthctl = Cnthctl.Raw,
        Cntkctl = _cntkctl,
        Features = Features,
    };

    /// <summary>The CPU features the guest is shown.</summary>
    public SysregFeatures Features => Timers.Vm.Options.Features;

    /// <summary>
    /// What the architecture does with an access at <see cref="El"/> before any register changes:
    /// it completes (on the register it reaches, after VHE redirection), traps (with the syndrome the
    /// trap reports), or is UNDEFINED. An AArch32 EL1 has no trap for its EL0 checks and takes an UNDEF.
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
            TrapOutcome.Trap => new GuestTrap(TrapOutcome.Trap, decision.TargetEl, Syndrome(accessor, isWrite, rt, rt2), default),
            TrapOutcome.Undefined => GuestTrap.Undefined(decision.TargetEl),
            _ => new GuestTrap(TrapOutcome.Access, _el, 0, decision.Register),
        };
    }

    /// <summary>
    /// Executes an instruction that accesses a register, as the CPU and the hypervisor together handle
    /// it: <see cref="Decide"/>, then the access itself, an UNDEF, or a trap. A trap to EL1 goes to
    /// the guest's own kernel. A trap to EL2 goes to the guest hypervisor (nested: forwarded with the
    /// same syndrome) or, without one, to the host, whose timers emulate it
    /// (<see cref="VcpuTimers.HandleTrap(ref SysregAccess, SysregAccessor)"/>). An access the guest may
    /// make can still trap to the host for its own reasons (an offset it must apply, or, under nested
    /// virtualisation, an EL2 register of the guest hypervisor): the host emulates it and the guest
    /// sees the same result; <see cref="GuestAccessResult.Emulated"/> tells.
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
        switch (trap.Outcome)
        {
            case TrapOutcome.Undefined:
                return GuestAccessResult.Undefined(trap.TargetEl);

            case TrapOutcome.Trap when trap.TargetEl == 1 || HasVirtualEl2:
                // The guest's own kernel, or its hypervisor at virtual EL2 (the host forwards the trap).
                return GuestAccessResult.TrappedToGuest(trap.TargetEl, trap.Esr);

            case TrapOutcome.Trap:
                // Trap-and-emulate: the host's timers handle it; anything they do not is an UNDEF injected
                // into the guest's EL1, as KVM does for a trapped register it does not handle.
                return Perform(accessor, SysregTable.Get(accessor).Register, isWrite, value, rt, rt2, trap.Esr);

            default:
                uint? hostTrap = HostTraps(accessor, isWrite) ? Syndrome(accessor, isWrite, rt, rt2) : null;
                return Perform(accessor, trap.Register, isWrite, value, rt, rt2, hostTrap);
        }
    }

    /// <summary>
    /// vCPU reset: CNTKCTL_EL1 becomes 0, the timers are reset (<see cref="VcpuTimers.Reset"/>) and, with
    /// virtual EL2, the guest hypervisor's CNTHCTL_EL2 returns to its reset value and its offsets to 0.
    /// The execution state (<see cref="El"/>, <see cref="Hcr"/>) is left as it is, for the caller to set.
    /// </summary>
    public void Reset()
    {
        // The timers first: once every timer is disabled, moving the offsets back cannot raise a line.
        Timers.Reset();
        _cntkctl = 0;
        if (HasVirtualEl2)
        {
            _cnthctl = null;
            Timers.SetVirtualEl2(Timers.VirtualEl2 with { Cntvoff = 0, Cntpoff = 0 });
            SyncVirtualEl2();
        }
    }

    /// <summary>The CPU model's own state (the timers' is in their snapshot).</summary>
    /// <returns>The state.</returns>
    public GuestCpuState Capture() => new(_el, _hcr, _cntkctl, _cnthctl?.Raw, _cntfrq);

    /// <summary>Restores state captured by <see cref="Capture"/> (on a CPU of a VM restored from the same timer snapshot).</summary>
    /// <param name="state">The state.</param>
    /// <exception cref="System.ArgumentException">The state needs virtual EL2 (EL2, or TGE) and this vCPU has none, or its EL is not one; nothing changes then.</exception>
    public void Restore(GuestCpuState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if ((uint)state.El > (HasVirtualEl2 ? 2u : 1u) || (!HasVirtualEl2 && (state.Hcr & HcrTge) != 0))
        {
            throw new ArgumentException($"The state (EL{state.El}, HCR_EL2 0x{state.Hcr:x}) needs virtual EL2, which this vCPU does not have.", nameof(state));
        }

        _el = state.El;
        _hcr = state.Hcr;
        Cntkctl = state.Cntkctl;
        _cnthctl = state.Cnthctl is ulong raw ? Cnthctl.FromRaw(raw) : null;
        _cntfrq = state.Cntfrq ?? Timers.Vm.Frequency;
        SyncVirtualEl2();
    }

    private static uint Syndrome(SysregAccessor accessor, bool isWrite, int rt, int rt2) =>
        Esr.ForAccess(accessor.Encoding(), !isWrite, rt, rt2);

    /// <summary>
    /// Under nested virtualisation, whether the real host takes a trap for an access the guest may make
    /// (without nested virtualisation the controls in force are the host's, so <see cref="Decide"/>
    /// already says). FEAT_NV makes the guest hypervisor's accesses to EL2 registers and to the
    /// _EL02/_EL12 aliases trap, since it really runs at EL1; any other access traps when the CNTHCTL_EL2
    /// the host's world switch programs makes it, at the EL the vCPU really runs at.
    /// </summary>
    private bool HostTraps(SysregAccessor accessor, bool isWrite)
    {
        if (!HasVirtualEl2)
        {
            return false;
        }

        ref readonly SysregAccessorInfo info = ref SysregTable.Get(accessor);
        if (_el == 2 && info.Kind == AccessorKind.AArch64 && info.Encoding.Op1 is 4 or 5)
        {
            return true;
        }

        VmTimers vm = Timers.Vm;
        var host = new TrapControls
        {
            E2H = WorldSwitch.GuestE2H(vm.Options.HostMode),
            Cnthctl = WorldSwitch.GuestEntry(vm.Options.HostMode, vm.PhysicalOffset).Raw,
            Cntkctl = _cntkctl,
            Features = Features,
        };
        TrapDecision decision = TrapDecisions.Decide(accessor, isWrite, Math.Min(_el, 1), in host);
        return decision.Outcome == TrapOutcome.Trap && decision.TargetEl == 2;
    }
}
