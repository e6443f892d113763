using System;
using System.Threading;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Diagnostics;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Userspace;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// A vCPU's timers (KVM's <c>arch_timer_cpu</c>): the virtual and EL1 physical timer contexts, the
/// host timers that raise their lines on time, the background timer that wakes the vCPU from WFI,
/// and the trap handlers the generated dispatcher calls.
/// </summary>
/// <remarks>
/// <para>Life cycle, as in KVM: <see cref="Load"/> when the vCPU is scheduled in (levels are
/// re-evaluated, host timers started), <see cref="Put"/> when it is scheduled out (host timers
/// stopped), <see cref="Block"/> on WFI (put, and one background timer armed for the earliest
/// expiry), <see cref="Unblock"/> when it wakes.</para>
/// <para>Locking: every method takes the vCPU's lock, so host-timer callbacks (which run on other
/// threads) and the vCPU thread's trapped accesses are serialised; interrupt-controller calls are made
/// under it, in order. The wake callback is called without it. The VM lock is never taken while
/// this lock is held.</para>
/// </remarks>
public sealed class VcpuTimers
{
    private readonly Lock _lock = new();
    private readonly TimerContext[] _timers;
    private readonly HostTimer _background;
    private volatile bool _loaded;
    private bool _blocked;
    private bool _woken;
    private bool _hasRun;
    private ulong _cntkctl;
    private Cnthctl? _cnthctlOverride;

    internal VcpuTimers(VmTimers vm, int id)
    {
        Vm = vm;
        Id = id;
        SystemCounter counter = vm.Counter;
        _timers = new TimerContext[VmTimers.TimerCount];
        for (int i = 0; i < _timers.Length; i++)
        {
            TimerId timer = (TimerId)i;
            _timers[i] = new TimerContext(this, timer, counter.CreateTimer(() => OnTimerExpired(timer)));
        }

        _background = counter.CreateTimer(OnBackgroundExpired);
        E2H = WorldSwitch.GuestE2H(vm.Options.HostMode);
    }

    /// <summary>The vCPU's id in its VM.</summary>
    public int Id { get; }

    /// <summary>The VM.</summary>
    public VmTimers Vm { get; }

    /// <summary>The EL1 physical timer (CNTP_*), emulated by trapping on a non-VHE host.</summary>
    public TimerContext Physical => _timers[(int)TimerId.Physical];

    /// <summary>The virtual timer (CNTV_*).</summary>
    public TimerContext Virtual => _timers[(int)TimerId.Virtual];

    /// <summary>Called (without the vCPU's lock) when a blocked vCPU is woken, by its background timer or at once when it blocks with a line asserted. The host should unblock and load it.</summary>
    public Action<VcpuTimers>? WakeCallback { get; set; }

    /// <summary>Whether the vCPU is loaded (running on a host CPU).</summary>
    public bool IsLoaded => _loaded;

    /// <summary>Whether the vCPU is blocked in WFI.</summary>
    public bool IsBlocked
    {
        get
        {
            lock (_lock)
            {
                return _blocked;
            }
        }
    }

    /// <summary>Whether the vCPU has been woken since it last blocked.</summary>
    public bool WokenSinceBlock
    {
        get
        {
            lock (_lock)
            {
                return _woken;
            }
        }
    }

    /// <summary>Whether the vCPU has run (been loaded) at least once, which freezes the VM's interrupt numbers.</summary>
    public bool HasRun
    {
        get
        {
            lock (_lock)
            {
                return _hasRun;
            }
        }
    }

    /// <summary>
    /// While the vCPU is blocked and not yet woken, the physical count its background timer is armed
    /// for (past 2^64 - 1 when the only due timer lies beyond the counter's range); otherwise null.
    /// A host scheduler can use it to tell how long the vCPU may sleep.
    /// </summary>
    public UInt128? BackgroundDeadline
    {
        get
        {
            lock (_lock)
            {
                return _blocked && !_woken ? _background.Deadline : null;
            }
        }
    }

    /// <summary>The timer lines as KVM's run structure reports them to a userspace interrupt controller.</summary>
    public DeviceIrqLevel DeviceIrqLevel
    {
        get
        {
            lock (_lock)
            {
                return (Virtual.Level ? DeviceIrqLevel.El1VTimer : 0) | (Physical.Level ? DeviceIrqLevel.El1PTimer : 0);
            }
        }
    }

    /// <summary>The effective HCR_EL2.E2H while the guest runs (set by the host mode; a replayer may set it).</summary>
    public bool E2H { get; set; }

    /// <summary>The effective HCR_EL2.TGE while the guest runs (0 for a guest).</summary>
    public bool Tge { get; set; }

    /// <summary>Whether the guest's EL1 is AArch32: then its EL0 timer checks (CNTKCTL) make accesses UNDEFINED instead of trapping to EL1.</summary>
    public bool El1IsAArch32 { get; set; }

    /// <summary>The guest's CNTKCTL_EL1.</summary>
    public ulong Cntkctl
    {
        get
        {
            lock (_lock)
            {
                return _cntkctl;
            }
        }

        set
        {
            lock (_lock)
            {
                _cntkctl = Registers.Cntkctl.Reset.ApplyWrite(value, Vm.Options.Features).Raw;
            }
        }
    }

    /// <summary>
    /// CNTHCTL_EL2 while the guest runs: what <see cref="WorldSwitch.GuestEntry"/> programs for the
    /// host mode, unless <see cref="CnthctlOverride"/> is set.
    /// </summary>
    public Cnthctl GuestCnthctl => _cnthctlOverride ?? WorldSwitch.GuestEntry(Vm.Options.HostMode, Vm.PhysicalOffset, Vm.Options.Features);

    /// <summary>A CNTHCTL_EL2 value to use instead of the world-switch model's (a hypervisor that programs its own, or a recorded configuration).</summary>
    public Cnthctl? CnthctlOverride
    {
        get => _cnthctlOverride;
        set => _cnthctlOverride = value;
    }

    /// <summary>
    /// The host's own registers: the trapped accesses this runtime does not emulate (an encoding its
    /// model does not have, or a register that is not a timer's) go to this handler, outside the
    /// vCPU's lock; without one they come back <see cref="AccessOutcome.Unhandled"/>.
    /// </summary>
    public ISysregTrapHandler? OtherRegisters { get; set; }

    /// <summary>The trap controls in force while the guest runs.</summary>
    public TrapControls GuestTrapControls => new()
    {
        E2H = E2H,
        Tge = Tge,
        Cnthctl = GuestCnthctl.Raw,
        Cntkctl = Cntkctl,
        Features = Vm.Options.Features,
    };

    /// <summary>A timer context.</summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The context.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The VM has no such timer (the EL2 timers need nested virtualisation).</exception>
    public TimerContext this[TimerId timer] => (uint)timer < (uint)_timers.Length
        ? _timers[(int)timer]
        : throw new ArgumentOutOfRangeException(nameof(timer), timer, "This VM's vCPUs have the virtual and EL1 physical timers.");

    /// <summary>
    /// Whether a real host would run <paramref name="timer"/> in hardware while this vCPU is loaded
    /// (see <see cref="WorldSwitch.IsDirect"/>); this model backs it with a host timer either way.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <returns>True for a "direct" timer.</returns>
    public bool IsHardwareBacked(TimerId timer) =>
        WorldSwitch.IsDirect(Vm.Options.HostMode, timer, Vm.PhysicalOffset, Vm.Options.Features);

    // ---- world switch and blocking -------------------------------------------------------------

    /// <summary>
    /// Schedules the vCPU in (<c>kvm_timer_vcpu_load</c>): cancels the background timer, re-evaluates
    /// every line from the current state and starts the host timers. The first load of any vCPU checks
    /// and freezes the VM's interrupt numbers.
    /// </summary>
    /// <returns><see cref="KvmResult.InvalidArgument"/> when the timers' interrupts are not distinct (the vCPU stays put).</returns>
    public KvmResult Load()
    {
        if (!HasRun)
        {
            KvmResult enabled = Vm.EnableTimers();
            if (enabled != KvmResult.Ok)
            {
                return enabled;
            }
        }

        lock (_lock)
        {
            if (_loaded)
            {
                // Loading a running vCPU is a re-evaluation point all the same (as put + load would be),
                // so afterwards the lines always match the state.
                EmulateAll(Vm.Counter.Now);
                return KvmResult.Ok;
            }

            _hasRun = true;
            _blocked = false;
            _background.Cancel();
            _loaded = true;
            EmulateAll(Vm.Counter.Now);
            return KvmResult.Ok;
        }
    }

    /// <summary>Schedules the vCPU out (<c>kvm_timer_vcpu_put</c>): stops the host timers. Lines keep their levels.</summary>
    public void Put()
    {
        lock (_lock)
        {
            PutLocked();
        }
    }

    /// <summary>
    /// The vCPU executes WFI and blocks (<c>kvm_timer_blocking</c>): it is put, and one background
    /// timer is armed for the earliest expiry among the timers that can fire; nothing is armed when
    /// none can. A vCPU that blocks while a line is asserted (or a timer is already due) is woken at once.
    /// </summary>
    public void Block()
    {
        bool wakeNow;
        lock (_lock)
        {
            PutLocked();
            _blocked = true;
            _woken = false;
            wakeNow = WakeOrArmBackgroundLocked(Vm.Counter.Now);
        }

        if (wakeNow)
        {
            NotifyWake();
        }
    }

    /// <summary>The vCPU stops blocking (<c>kvm_timer_unblocking</c>): the background timer is cancelled. Load it to run it.</summary>
    public void Unblock()
    {
        lock (_lock)
        {
            _blocked = false;
            _background.Cancel();
        }
    }

    /// <summary>
    /// vCPU reset (<c>kvm_timer_vcpu_reset</c>): both CTLs become 0 (disabled, unmasked; CVAL keeps
    /// its value), both lines go low and every host timer is cancelled.
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (TimerContext t in _timers)
            {
                t.HostTimer.Cancel();
                t.SetState(0, t.Cval);
                if (t.Level)
                {
                    UpdateIrq(t, false);
                }
            }

            _blocked = false;
            _background.Cancel();
            _cntkctl = 0;
        }
    }

    // ---- trapped accesses ----------------------------------------------------------------------

    /// <summary>
    /// Emulates a trapped access the hypervisor has decoded (<see cref="SysregAccess.TryDecode"/>): finds
    /// its accessor and dispatches it through the generated table to the timer handlers. Allocates nothing.
    /// </summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <returns>Handled; Undefined for the caller to inject an UNDEF; Unhandled for a register this runtime does not emulate.</returns>
    public AccessOutcome HandleTrap(ref SysregAccess access) =>
        SysregEncodings.TryFind(access.Encoding, out SysregAccessor accessor)
            ? HandleTrap(ref access, accessor)
            : OtherRegisters?.HandleTrap(ref access) ?? AccessOutcome.Unhandled;

    /// <summary>Emulates a trapped access whose accessor the caller has already found.</summary>
    /// <param name="access">The access; a read's result is left in <see cref="SysregAccess.Value"/>.</param>
    /// <param name="accessor">The accessor of the access's encoding.</param>
    /// <returns>Handled; Undefined for the caller to inject an UNDEF; Unhandled for a register this runtime does not emulate.</returns>
    public AccessOutcome HandleTrap(ref SysregAccess access, SysregAccessor accessor)
    {
        AccessOutcome outcome;
        lock (_lock)
        {
            var handler = new Handler(this, Vm.Counter.Now);
            outcome = SysregDispatcher.Dispatch(ref handler, ref access, accessor);
        }

        if (outcome == AccessOutcome.Handled)
        {
            TimerMetrics.Traps.Add(1);
        }
        else if (outcome == AccessOutcome.Unhandled && OtherRegisters is { } other)
        {
            outcome = other.HandleTrap(ref access);
        }

        return outcome;
    }

    /// <summary>
    /// Emulates a trapped access from its syndrome and the guest's general-purpose registers: reads
    /// Rt (and Rt2 for MCRR) for a write, writes them for a read (MRRC: Rt the low word, Rt2 the high).
    /// </summary>
    /// <param name="esr">The ESR_EL2 of the trap (EC 0x18, 0x03, 0x04, 0x05 or 0x0C).</param>
    /// <param name="registers">The guest's X0..X30 (AArch64) or R0..R14 (AArch32); register 31 of an AArch64 access is XZR.</param>
    /// <returns>Handled; Undefined (a write to a counter, an MCR to a 64-bit register…) for the caller to inject an UNDEF; Unhandled for a register this runtime does not emulate; NotSysregTrap for another exception class.</returns>
    /// <exception cref="ArgumentException">The syndrome names a register beyond <paramref name="registers"/>.</exception>
    public AccessOutcome HandleTrap(ulong esr, Span<ulong> registers)
    {
        if (!SysregAccess.TryDecode(esr, out SysregAccess access))
        {
            return AccessOutcome.NotSysregTrap;
        }

        AccessorKind kind = access.Encoding.Kind;
        bool zeroRegister = kind == AccessorKind.AArch64 && access.Rt == 31;
        if ((!zeroRegister && access.Rt >= registers.Length) || access.Rt2 >= registers.Length)
        {
            throw new ArgumentException($"The syndrome names R{Math.Max(access.Rt, access.Rt2)}, beyond the {registers.Length} registers given.", nameof(registers));
        }

        if (access.IsWrite)
        {
            access.Value = kind switch
            {
                AccessorKind.AArch32Wide => (registers[access.Rt2] << 32) | (uint)registers[access.Rt],
                AccessorKind.AArch32 => (uint)registers[access.Rt],
                _ => zeroRegister ? 0 : registers[access.Rt],
            };
        }

        AccessOutcome outcome = HandleTrap(ref access);
        if (outcome == AccessOutcome.Handled && !access.IsWrite)
        {
            if (kind == AccessorKind.AArch32Wide)
            {
                registers[access.Rt] = (uint)access.Value;
                registers[access.Rt2] = access.Value >> 32;
            }
            else if (!zeroRegister)
            {
                registers[access.Rt] = access.Value;
            }
        }

        return outcome;
    }

    /// <summary>
    /// What the architecture does with a guest's access before any register changes, with the controls
    /// in force (<see cref="GuestTrapControls"/>): it completes, traps (with the syndrome the trap
    /// reports), or is UNDEFINED. An AArch32 EL1 has no trap for its EL0 checks and takes an UNDEF.
    /// </summary>
    /// <param name="accessor">The encoding the instruction uses.</param>
    /// <param name="isWrite">True for MSR/MCR/MCRR.</param>
    /// <param name="el">The guest's exception level, 0 or 1.</param>
    /// <param name="rt">The transfer register, for the syndrome.</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR.</param>
    /// <returns>The decision and its syndrome.</returns>
    public GuestTrap DecideAccess(SysregAccessor accessor, bool isWrite, int el, int rt = 0, int rt2 = 1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)el, 1u, nameof(el));
        TrapControls controls = GuestTrapControls;
        TrapDecision decision = TrapDecisions.Decide(accessor, isWrite, el, in controls);
        return decision.Outcome switch
        {
            TrapOutcome.Trap when decision.TargetEl == 1 && El1IsAArch32 => GuestTrap.Undefined(1),
            TrapOutcome.Trap => new GuestTrap(TrapOutcome.Trap, decision.TargetEl, Esr.ForAccess(accessor.Encoding(), !isWrite, rt, rt2), default),
            TrapOutcome.Undefined => GuestTrap.Undefined(decision.TargetEl),
            _ => new GuestTrap(TrapOutcome.Access, el, 0, decision.Register),
        };
    }

    /// <summary>
    /// A guest instruction that accesses a register, as the CPU and the hypervisor together handle it:
    /// <see cref="DecideAccess"/>, then either the access itself, an UNDEF, a trap to the guest's own
    /// EL1, or a trap to EL2 that this hypervisor emulates through the generated dispatcher.
    /// </summary>
    /// <param name="accessor">The encoding the instruction uses.</param>
    /// <param name="isWrite">True for MSR/MCR/MCRR.</param>
    /// <param name="el">The guest's exception level, 0 or 1.</param>
    /// <param name="value">For a write, the value (MCR: the 32-bit register; MCRR: Rt2:Rt).</param>
    /// <param name="rt">The transfer register, for the syndrome.</param>
    /// <param name="rt2">The second transfer register of MRRC/MCRR.</param>
    /// <returns>What happened and, for a completed read, the value.</returns>
    public GuestAccessResult GuestAccess(SysregAccessor accessor, bool isWrite, int el, ulong value = 0, int rt = 0, int rt2 = 1)
    {
        GuestTrap trap = DecideAccess(accessor, isWrite, el, rt, rt2);
        SysregAccessorInfo info = SysregTable.Get(accessor);
        switch (trap.Outcome)
        {
            case TrapOutcome.Undefined:
                return GuestAccessResult.Undefined(trap.TargetEl);

            case TrapOutcome.Trap when trap.TargetEl == 1:
                // The guest's own kernel takes it.
                return GuestAccessResult.TrappedToGuest(1, trap.Esr);

            case TrapOutcome.Trap:
            {
                var access = new SysregAccess(info.Encoding, isWrite, value, rt, info.Kind == AccessorKind.AArch32Wide ? rt2 : -1);
                return HandleTrap(ref access, accessor) == AccessOutcome.Handled
                    ? GuestAccessResult.Completed(access.Value, trap.Esr)
                    : GuestAccessResult.Undefined(1);
            }

            default:
            {
                // No trap: the access reaches the register directly. A real CPU would touch hardware;
                // here the same contexts serve it, so direct and emulated accesses behave alike.
                if (trap.Register != info.Register)
                {
                    // VHE redirection to an EL2 timer (the host's EL0): this VM has no EL2 timers.
                    return GuestAccessResult.Undefined(trap.TargetEl);
                }

                var access = new SysregAccess(info.Encoding, isWrite, value, rt, info.Kind == AccessorKind.AArch32Wide ? rt2 : -1);
                lock (_lock)
                {
                    var handler = new Handler(this, Vm.Counter.Now);
                    return SysregDispatcher.Dispatch(ref handler, ref access, accessor) == AccessOutcome.Handled
                        ? GuestAccessResult.Completed(access.Value, esr: null)
                        : GuestAccessResult.Undefined(Math.Max(el, 1));
                }
            }
        }
    }

    // ---- userspace -----------------------------------------------------------------------------

    /// <summary>KVM_GET_ONE_REG of a timer register. A CTL read reports ISTATUS as a guest read would.</summary>
    /// <param name="id">A <see cref="KvmRegisterIds"/> value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see cref="KvmResult.NoSuchRegister"/> for an id that is not a timer register.</returns>
    public KvmResult GetOneReg(ulong id, out ulong value)
    {
        lock (_lock)
        {
            ulong now = Vm.Counter.Now;
            value = 0;
            if (!KvmRegisterIds.TryDecode(id, out TimerId timer, out TimerRegister register))
            {
                return KvmResult.NoSuchRegister;
            }

            value = this[timer].Read(register, now);
            return KvmResult.Ok;
        }
    }

    /// <summary>
    /// KVM_SET_ONE_REG of a timer register. CTL loses ISTATUS; TIMER_CNT sets the VM-wide virtual
    /// offset (every vCPU's counter moves) and PTIMER_CNT the physical one, unless the counter offset
    /// was pinned (then the write is ignored, as in KVM). The guest sees the change when the vCPU is
    /// next loaded; a loaded vCPU is re-evaluated at once, as exit, set and re-entry would, and a
    /// blocked one's background timer is re-armed (KVM waits until the vCPU runs, its known limitation).
    /// </summary>
    /// <param name="id">A <see cref="KvmRegisterIds"/> value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see cref="KvmResult.NoSuchRegister"/> for an id that is not a timer register; nothing changes then.</returns>
    public KvmResult SetOneReg(ulong id, ulong value)
    {
        if (!KvmRegisterIds.TryDecode(id, out TimerId timer, out TimerRegister register))
        {
            return KvmResult.NoSuchRegister;
        }

        if (register == TimerRegister.Count)
        {
            ulong offset = Vm.Counter.Now - value;
            if (timer == TimerId.Virtual)
            {
                Vm.SetVirtualOffset(offset);
            }
            else
            {
                Vm.SetPhysicalOffset(offset);
            }

            return KvmResult.Ok;
        }

        bool wake;
        lock (_lock)
        {
            TimerContext t = this[timer];
            if (register == TimerRegister.Ctl)
            {
                t.SetState(value & ~CntpCtl.IstatusMask, t.Cval);
            }
            else
            {
                t.SetState(t.Ctl, value);
            }

            // A put vCPU's lines change at its next load; a blocked one's background timer follows the
            // new deadline at once, so it is neither woken late nor left sleeping past a due timer.
            wake = ReevaluateLocked(Vm.Counter.Now);
        }

        if (wake)
        {
            NotifyWake();
        }

        return KvmResult.Ok;
    }

    /// <summary>
    /// After a VM-wide offset change: a loaded vCPU's lines and host timers are re-evaluated; a blocked
    /// one's background timer is re-armed for the moved deadline (KVM leaves it until the vCPU runs,
    /// which can wake it late when the offset brings a deadline closer).
    /// </summary>
    internal void Reevaluate()
    {
        bool wake;
        lock (_lock)
        {
            wake = ReevaluateLocked(Vm.Counter.Now);
        }

        if (wake)
        {
            NotifyWake();
        }
    }

    /// <summary>Re-evaluates after state changed from outside the guest; returns whether a blocked vCPU must be woken now.</summary>
    private bool ReevaluateLocked(ulong now)
    {
        if (_loaded)
        {
            EmulateAll(now);
            return false;
        }

        return _blocked && !_woken && WakeOrArmBackgroundLocked(now);
    }

    /// <summary>
    /// The blocked vCPU's one background decision: woken at once when a line is asserted or a timer is
    /// due; otherwise the background timer is armed for the earliest expiry among the timers that can
    /// fire, or cancelled when none can. Returns whether the vCPU was woken (the caller notifies,
    /// without the lock).
    /// </summary>
    private bool WakeOrArmBackgroundLocked(ulong now)
    {
        bool due = false;
        foreach (TimerContext t in _timers)
        {
            due |= t.Level || t.ShouldFire(now);
        }

        if (due)
        {
            _woken = true;
            _background.Cancel();
            return true;
        }

        if (EarliestDeadline(now) is UInt128 deadline)
        {
            _background.Arm(deadline);
            if (TimerEventSource.Log.IsEnabled())
            {
                TimerEventSource.Log.BackgroundArmed(Id, deadline > ulong.MaxValue ? ulong.MaxValue : (ulong)deadline);
            }
        }
        else
        {
            _background.Cancel();
        }

        return false;
    }

    // ---- snapshot ------------------------------------------------------------------------------

    internal VcpuState Capture()
    {
        lock (_lock)
        {
            return new VcpuState(Id,
                Physical.Ctl, Physical.Cval, Physical.Level, Virtual.Ctl, Virtual.Cval, Virtual.Level,
                _cntkctl, _loaded, _blocked, _woken, _hasRun, E2H, Tge, El1IsAArch32, _cnthctlOverride?.Raw);
        }
    }

    /// <summary>Restores state captured by <see cref="Capture"/>; reports no level change, and restarts the host timers the run state implies.</summary>
    internal void Restore(VcpuState s)
    {
        lock (_lock)
        {
            Physical.SetState(s.PhysicalCtl, s.PhysicalCval);
            Physical.Level = s.PhysicalLevel;
            Virtual.SetState(s.VirtualCtl, s.VirtualCval);
            Virtual.Level = s.VirtualLevel;
            _cntkctl = s.Cntkctl;
            _hasRun = s.HasRun;
            E2H = s.E2H;
            Tge = s.Tge;
            El1IsAArch32 = s.El1IsAArch32;
            _cnthctlOverride = s.CnthctlOverride is ulong h ? Cnthctl.FromRaw(h) : null;
            _loaded = false;
            _blocked = s.Blocked;
            _woken = s.Woken;
            ulong now = Vm.Counter.Now;
            if (s.Loaded)
            {
                // Start the host timers without touching the lines: the levels were restored as reported.
                _loaded = true;
                foreach (TimerContext t in _timers)
                {
                    ArmOrCancel(t, now);
                }
            }
            else if (_blocked && !_woken && EarliestDeadline(now) is UInt128 deadline)
            {
                _background.Arm(deadline);
            }
        }
    }

    // ---- the emulation state machine (KVM arch_timer.c) ----------------------------------------

    private void PutLocked()
    {
        _loaded = false;
        foreach (TimerContext t in _timers)
        {
            t.HostTimer.Cancel();
        }
    }

    private void EmulateAll(ulong now)
    {
        foreach (TimerContext t in _timers)
        {
            Emulate(t, now);
        }
    }

    /// <summary>
    /// <c>timer_emulate</c>: the line follows should_fire (raised or lowered); a timer that can fire
    /// but has not yet gets a host timer for its deadline. Unlike v5.x-v6.14 KVM this does not return
    /// early after a level change, so re-programming an asserted timer into the future re-arms it.
    /// </summary>
    private void Emulate(TimerContext t, ulong now)
    {
        bool shouldFire = t.ShouldFire(now);
        if (shouldFire != t.Level)
        {
            UpdateIrq(t, shouldFire);
        }

        ArmOrCancel(t, now);
    }

    private static void ArmOrCancel(TimerContext t, ulong now)
    {
        if (!t.CanFire || t.ConditionMet(now))
        {
            t.HostTimer.Cancel();
        }
        else
        {
            t.HostTimer.Arm(t.DeadlineFrom(now));
        }
    }

    /// <summary><c>kvm_timer_update_irq</c>: records the level and tells the interrupt controller.</summary>
    private void UpdateIrq(TimerContext t, bool level)
    {
        t.Level = level;
        Vm.InterruptController?.SetLevel(Id, t.Ppi, level);
        TimerMetrics.LevelChanges.Add(1);
        if (TimerEventSource.Log.IsEnabled())
        {
            TimerEventSource.Log.LevelChanged(Id, t.Ppi, level);
        }
    }

    /// <summary>
    /// <c>kvm_hrtimer_expire</c>: a running vCPU's timer is due. An early expiry re-arms for the rest;
    /// a due one only ever raises the line, and only if the timer still should fire (the host timer
    /// may race with a guest write that disabled it).
    /// </summary>
    private void OnTimerExpired(TimerId timer)
    {
        lock (_lock)
        {
            TimerContext t = _timers[(int)timer];
            if (!_loaded || !t.CanFire)
            {
                return;
            }

            ulong now = Vm.Counter.Now;
            if (!t.ConditionMet(now))
            {
                t.HostTimer.Arm(t.DeadlineFrom(now));
                return;
            }

            if (!t.Level)
            {
                UpdateIrq(t, true);
            }
        }
    }

    /// <summary>
    /// <c>kvm_bg_timer_expire</c>: a blocked vCPU's background timer fired. Early: re-arm for the
    /// earliest remaining expiry. Due: wake the vCPU. It never changes guest-visible state; the lines
    /// are re-evaluated when the vCPU is loaded again.
    /// </summary>
    private void OnBackgroundExpired()
    {
        lock (_lock)
        {
            if (!_blocked || _woken)
            {
                return;
            }

            bool woken = WakeOrArmBackgroundLocked(Vm.Counter.Now);
            if (TimerEventSource.Log.IsEnabled())
            {
                TimerEventSource.Log.BackgroundExpired(Id, early: !woken);
            }

            if (!woken)
            {
                return;
            }
        }

        TimerMetrics.Wakeups.Add(1);
        NotifyWake();
    }

    private void NotifyWake()
    {
        if (TimerEventSource.Log.IsEnabled())
        {
            TimerEventSource.Log.Wake(Id);
        }

        WakeCallback?.Invoke(this);
    }

    /// <summary><c>kvm_timer_earliest_exp</c>, as an absolute deadline: the soonest any timer that can fire meets its condition; null when none can fire.</summary>
    private UInt128? EarliestDeadline(ulong now)
    {
        UInt128? earliest = null;
        foreach (TimerContext t in _timers)
        {
            if (t.CanFire)
            {
                UInt128 deadline = t.DeadlineFrom(now);
                if (earliest is null || deadline < earliest)
                {
                    earliest = deadline;
                }
            }
        }

        return earliest;
    }

    // ---- handlers the generated dispatcher calls (under the lock) ------------------------------

    private AccessOutcome AccessTimer(TimerId timer, TimerRegister register, ref SysregAccess access, ulong now)
    {
        if ((uint)timer >= (uint)_timers.Length)
        {
            // The EL2 timers exist only for nested virtualisation (KVM's access_hv_timer UNDEFs too).
            return AccessOutcome.Undefined;
        }

        TimerContext t = _timers[(int)timer];
        if (access.IsWrite)
        {
            if (!t.Write(register, access.Value, now))
            {
                return AccessOutcome.Undefined;
            }

            if (_loaded)
            {
                Emulate(t, now);
            }
        }
        else
        {
            access.Value = t.Read(register, now);
        }

        if (TimerEventSource.Log.IsEnabled())
        {
            TimerEventSource.Log.EmulatedAccess(Id, timer + "." + register, access.IsWrite, access.Value);
        }

        return AccessOutcome.Handled;
    }

    private AccessOutcome AccessRegister(Sysreg register, ref SysregAccess access)
    {
        switch (register)
        {
            case Sysreg.Cntfrq when !access.IsWrite:
                access.Value = Vm.Frequency;
                return AccessOutcome.Handled;
            case Sysreg.Cntkctl when access.IsWrite:
                _cntkctl = Registers.Cntkctl.FromRaw(_cntkctl).ApplyWrite(access.Value, Vm.Options.Features).Raw;
                return AccessOutcome.Handled;
            case Sysreg.Cntkctl:
                access.Value = _cntkctl;
                return AccessOutcome.Handled;
            case Sysreg.Cntfrq:
                // Only the highest EL may write CNTFRQ.
                return AccessOutcome.Undefined;
            default:
                // The EL2 registers, which a guest without nested virtualisation never owns.
                return AccessOutcome.Undefined;
        }
    }

    /// <summary>The dispatcher's handler: a struct, so the generic dispatch is specialised and calls it directly.</summary>
    private readonly struct Handler(VcpuTimers vcpu, ulong now) : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
    {
        public AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access) =>
            vcpu.AccessTimer(timer, timerRegister, ref access, now);

        public AccessOutcome AccessRegister(Sysreg sysreg, ref SysregAccess access) =>
            vcpu.AccessRegister(sysreg, ref access);
    }
}
