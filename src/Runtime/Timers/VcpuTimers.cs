using System;
using System.Threading;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// A vCPU's timers (KVM's <c>arch_timer_cpu</c>): one <see cref="TimerContext"/> per timer, indexed
/// by <see cref="TimerId"/>, the host timers that raise their lines on time, and the background timer
/// that wakes the vCPU from WFI.
/// </summary>
/// <remarks>
/// <para>Life cycle, as in KVM: <see cref="Load"/> when the vCPU is scheduled in (levels are
/// re-evaluated, host timers started), <see cref="Put"/> when it is scheduled out (host timers
/// stopped), <see cref="Block"/> on WFI (put, and one background timer armed for the earliest
/// expiry), <see cref="Unblock"/> when it wakes.</para>
/// <para>The class is split by job: this file has the state and the life cycle; the emulation state
/// machine (<c>timer_emulate</c>, expiries) is in VcpuTimers.Emulation.cs, the register accesses and
/// trap handlers in VcpuTimers.Sysregs.cs, one-reg in Userspace/ and snapshots in Snapshots/.</para>
/// <para>Threads (VcpuTimers.Ownership.cs, docs/runtime.md): a loaded vCPU belongs to the thread
/// that loaded it, whose calls take no lock; other threads hand it work as requests, and are refused
/// its state (InvalidOperationException) until it is put. A vCPU that is not loaded is shared under
/// its lock. Interrupt-controller calls for a vCPU are made by one thread at a time, in order. The
/// wake and kick callbacks and <see cref="OtherRegisters"/> are called without the lock. The VM lock
/// is never taken while this lock is held.</para>
/// </remarks>
public sealed partial class VcpuTimers
{
    private readonly Lock _lock = new();
    private readonly TimerContext[] _timers;
    private readonly HostTimer _background;
    private volatile bool _loaded;
    private bool _blocked;
    private bool _woken;
    private bool _hasRun;
    private VirtualEl2State _virtualEl2;

    internal VcpuTimers(VmTimers vm, int id)
    {
        Vm = vm;
        Id = id;
        SystemCounter counter = vm.Counter;
        _timers = new TimerContext[vm.TimerCount];
        for (int i = 0; i < _timers.Length; i++)
        {
            _timers[i] = new TimerContext(this, (TimerId)i, counter);
        }

        _background = counter.CreateTimer(this);
    }

    /// <summary>The vCPU's id in its VM.</summary>
    public int Id { get; }

    /// <summary>The VM.</summary>
    public VmTimers Vm { get; }

    /// <summary>The vCPU's timers, indexed by <see cref="TimerId"/>.</summary>
    public ReadOnlySpan<TimerContext> Timers => _timers;

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
            using (EnterToRead())
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
            using (EnterToRead())
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
            using (EnterToRead())
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
            using (EnterToRead())
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
            using (EnterToRead())
            {
                return (Virtual.Level ? DeviceIrqLevel.El1VTimer : 0) | (Physical.Level ? DeviceIrqLevel.El1PTimer : 0);
            }
        }
    }

    /// <summary>A timer context.</summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The context.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The VM has no such timer (the EL2 timers need nested virtualisation).</exception>
    public TimerContext this[TimerId timer] => (uint)timer < (uint)_timers.Length
        ? _timers[(int)timer]
        : throw new ArgumentOutOfRangeException(nameof(timer), timer, "Without nested virtualisation a vCPU has the virtual and EL1 physical timers only.");

    /// <summary>
    /// Whether a real host would run <paramref name="timer"/> in hardware while this vCPU is loaded
    /// (KVM's timer map, <see cref="WorldSwitch.IsDirect"/>); this model backs it with a host timer either way.
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <returns>True for a "direct" timer.</returns>
    public bool IsHardwareBacked(TimerId timer) =>
        WorldSwitch.IsDirect(Vm.Options.HostMode, timer, Vm.PhysicalOffset, Vm.Options.NestedVirtualization, VirtualEl2.InHypContext);

    /// <summary>
    /// Schedules the vCPU in (<c>kvm_timer_vcpu_load</c>): cancels the background timer, re-evaluates
    /// every line from the current state and starts the host timers. The first load of any vCPU checks
    /// and freezes the VM's interrupt numbers.
    /// </summary>
    /// <returns><see cref="KvmResult.InvalidArgument"/> when the timers' interrupts are not distinct (the vCPU stays put).</returns>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread.</exception>
    public KvmResult Load()
    {
        // _hasRun is written under the lock (below, and by a restore); read without it, a stale
        // false at worst asks the VM again to check and freeze its interrupts, which is idempotent.
        if (!Volatile.Read(ref _hasRun))
        {
            KvmResult enabled = Vm.EnableTimers();
            if (enabled != KvmResult.Ok)
            {
                return enabled;
            }
        }

        int thread = CurrentThread.Id;
        if (_owner == thread)
        {
            // Loading a running vCPU is a re-evaluation point all the same (as put + load would be),
            // so afterwards the lines always match the state.
            Vm.CheckCounterThread(thread);
            HandleRequests();
            EmulateAll(Vm.Now);
            return KvmResult.Ok;
        }

        using (EnterLocked(thread))
        {
            if (_loaded)
            {
                throw new InvalidOperationException($"vCPU {Id} is loaded on another thread; put it there before loading it here.");
            }

            // From here the vCPU's state belongs to this thread: requests left from an earlier
            // run are stale, since every line is re-evaluated now.
            _hasRun = true;
            _blocked = false;
            _background.Cancel();
            Volatile.Write(ref _requests, 0);
            _loaded = true;
            _owner = thread;
            EmulateAll(Vm.Now);
            return KvmResult.Ok;
        }
    }

    /// <summary>Schedules the vCPU out (<c>kvm_timer_vcpu_put</c>): stops the host timers. Lines keep their levels.</summary>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread.</exception>
    public void Put()
    {
        int thread = CurrentThread.Id;
        using (EnterShared(thread))
        {
            PutLocked(thread);
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
        int thread = CurrentThread.Id;
        using (EnterShared(thread))
        {
            PutLocked(thread);
            _blocked = true;
            _woken = false;
            wakeNow = WakeOrArmBackgroundLocked(Vm.Now);
        }

        if (wakeNow)
        {
            NotifyWake();
        }
    }

    /// <summary>The vCPU stops blocking (<c>kvm_timer_unblocking</c>): the background timer is cancelled. Load it to run it.</summary>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread.</exception>
    public void Unblock()
    {
        using (Enter())
        {
            _blocked = false;
            _background.Cancel();
        }
    }

    /// <summary>
    /// vCPU reset (<c>kvm_timer_vcpu_reset</c>): every CTL becomes 0 (disabled, unmasked; CVAL keeps
    /// its value), every line goes low and every host timer is cancelled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread.</exception>
    public void Reset()
    {
        using (Enter())
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
        }
    }

    /// <summary>
    /// After a VM-wide offset change: a loaded vCPU's lines and host timers are re-evaluated; a blocked
    /// one's background timer is re-armed for the moved deadline (KVM leaves it until the vCPU runs,
    /// which can wake it late when the offset brings a deadline closer).
    /// </summary>
    internal void Reevaluate()
    {
        if (IsOwner)
        {
            EmulateAll(Vm.Now);
            return;
        }

        bool wake = false;
        bool kick = false;
        using (EnterLocked())
        {
            if (_loaded)
            {
                // Loaded on another thread: its owner re-evaluates before the guest runs on.
                Request(ReevaluateRequest);
                kick = true;
            }
            else
            {
                wake = ReevaluateLocked(Vm.Now);
            }
        }

        if (kick)
        {
            Kick();
        }

        if (wake)
        {
            NotifyWake();
        }
    }
}
