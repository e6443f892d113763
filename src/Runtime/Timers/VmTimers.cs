using System;
using System.Collections.Generic;
using System.Threading;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;

namespace SysregGen.Runtime.Timers;

/// <summary>How a VM's timers are set up.</summary>
public sealed record VmTimersOptions
{
    /// <summary>The host the model mirrors; it decides which accesses trap and which timers a real host runs directly.</summary>
    public HostMode HostMode { get; init; } = HostMode.NonVhe;

    /// <summary>The CPU's optional features the guests are shown (FEAT_VHE by default, as on the CPUs KVM targets); the host's own are in <see cref="HostMode"/>.</summary>
    public SysregFeatures Features { get; init; } = SysregFeatures.Vhe;

    /// <summary>
    /// Whether the vCPUs have virtual EL2 (KVM's <c>KVM_ARM_VCPU_HAS_EL2</c>): each runs a guest
    /// hypervisor and has four timers, the EL2 virtual and physical timers beside the EL1 ones.
    /// </summary>
    public bool NestedVirtualization { get; init; }
}

/// <summary>
/// What KVM keeps per VM for the timers (<c>arch_timer_vm_data</c>): the virtual and physical
/// counter offsets every vCPU shares, the timers' interrupt numbers, and the counter. Creates the
/// vCPUs' <see cref="VcpuTimers"/>.
/// </summary>
/// <remarks>
/// Locking: VM-wide settings change under the VM's lock; vCPUs read the offsets without it (64-bit
/// reads are atomic). A vCPU's own state is guarded by its own lock; the VM lock is never taken
/// while a vCPU lock is held.
/// </remarks>
public sealed class VmTimers
{
    /// <summary>KVM's default interrupt numbers, indexed by <see cref="TimerId"/>: physical 30, virtual 27, EL2 virtual 28, EL2 physical 26.</summary>
    public static readonly IReadOnlyList<int> DefaultPpis = new[] { 30, 27, 28, 26 };

    /// <summary>The most vCPUs a VM has: KVM's <c>KVM_MAX_VCPUS</c> on arm64 (512).</summary>
    public const int MaxVcpus = 512;

    private readonly Lock _lock = new();
    private readonly List<VcpuTimers> _vcpus = new();
    private readonly int[] _ppis = { 30, 27, 28, 26 };
    private ulong _virtualOffset;
    private ulong _physicalOffset;
    private bool _offsetPinned;
    private bool _ppisFrozen;

    /// <summary>The counter, when it is confined to one thread: every call that may arm or cancel a host timer is checked against it first, so one from another thread changes nothing.</summary>
    private readonly ManualCounter? _confinedCounter;

    /// <summary>The counter when it is a <see cref="ManualCounter"/> (sealed), which <see cref="Now"/> reads without a virtual call.</summary>
    private readonly ManualCounter? _manualCounter;

    /// <summary>Creates the timer state of a VM.</summary>
    /// <param name="counter">The system counter.</param>
    /// <param name="interruptController">The in-kernel interrupt controller the timers drive, or null for a userspace one (read <see cref="VcpuTimers.DeviceIrqLevel"/>).</param>
    /// <param name="options">The host mode and CPU features.</param>
    public VmTimers(SystemCounter counter, IVirtualInterruptController? interruptController = null, VmTimersOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counter);
        Counter = counter;
        _manualCounter = counter as ManualCounter;
        _confinedCounter = _manualCounter is { Threading: ManualCounterThreading.Confined } ? _manualCounter : null;
        InterruptController = interruptController;
        Options = options ?? new VmTimersOptions();
    }

    /// <summary>The system counter.</summary>
    public SystemCounter Counter { get; }

    /// <summary>
    /// The counter's value, as <see cref="Counter"/> reads it: the trap path samples it once per
    /// access, and a manual counter's is a field read the JIT inlines instead of a virtual call.
    /// </summary>
    internal ulong Now => _manualCounter is { } manual ? manual.Now : Counter.Now;

    /// <summary>The in-kernel interrupt controller, if any.</summary>
    public IVirtualInterruptController? InterruptController { get; }

    /// <summary>The setup.</summary>
    public VmTimersOptions Options { get; }

    /// <summary>CNTFRQ_EL0 as guests read it: the counter's frequency.</summary>
    public ulong Frequency => Counter.Frequency;

    /// <summary>The number of timers each vCPU has (KVM's <c>nr_timers</c>): the virtual and EL1 physical timers, and with nested virtualisation the EL2 virtual and physical timers too.</summary>
    public int TimerCount => TimerCountFor(Options.NestedVirtualization);

    /// <summary>The virtual counter offset: CNTVCT = CNTPCT - offset, for every vCPU.</summary>
    public ulong VirtualOffset => Volatile.Read(ref _virtualOffset);

    /// <summary>The physical counter offset guests see (0 unless userspace set one).</summary>
    public ulong PhysicalOffset => Volatile.Read(ref _physicalOffset);

    /// <summary>Whether the offsets were pinned by <see cref="SetCounterOffset"/>, after which one-reg writes of the counters are ignored.</summary>
    public bool CounterOffsetPinned
    {
        get
        {
            lock (_lock)
            {
                return _offsetPinned;
            }
        }
    }

    /// <summary>Whether a vCPU has run, which freezes the interrupt numbers.</summary>
    public bool PpisFrozen
    {
        get
        {
            lock (_lock)
            {
                return _ppisFrozen;
            }
        }
    }

    /// <summary>The vCPUs, in creation order (their ids).</summary>
    public IReadOnlyList<VcpuTimers> Vcpus
    {
        get
        {
            lock (_lock)
            {
                return _vcpus.ToArray();
            }
        }
    }

    /// <summary>
    /// Creates a vCPU's timers. While the VM is being built (no vCPU has run yet) and unless userspace
    /// pinned the offsets, this restarts the VM's virtual counter at 0 for every vCPU (virtual offset =
    /// the current count) and gives guests the raw physical counter, as KVM's
    /// <c>kvm_timer_vcpu_init</c> does. A vCPU hot-added to a VM that has run keeps the VM's offsets:
    /// KVM would restart every running vCPU's virtual counter there (its known quirk), which no guest
    /// survives gracefully; pinning the offsets (<see cref="SetCounterOffset"/>) avoids it on KVM too.
    /// </summary>
    /// <returns>The new vCPU's timers, with id = the number of vCPUs created before it.</returns>
    /// <exception cref="InvalidOperationException">The VM already has <see cref="MaxVcpus"/> vCPUs.</exception>
    public VcpuTimers CreateVcpu()
    {
        lock (_lock)
        {
            if (_vcpus.Count == MaxVcpus)
            {
                throw new InvalidOperationException($"A VM has at most {MaxVcpus} vCPUs (KVM_MAX_VCPUS).");
            }

            if (!_offsetPinned && !_ppisFrozen)
            {
                Volatile.Write(ref _virtualOffset, Now);
                Volatile.Write(ref _physicalOffset, 0);
            }

            var vcpu = new VcpuTimers(this, _vcpus.Count);
            _vcpus.Add(vcpu);
            return vcpu;
        }
    }

    /// <summary>
    /// The VM-wide part of the offset a timer sees (KVM's <c>vm_offset</c>): the virtual offset for the
    /// virtual timer, the physical offset for the others. With nested virtualisation every timer uses
    /// the physical offset, and the guest hypervisor's CNTVOFF_EL2 is the virtual timer's vCPU part
    /// (<see cref="VcpuTimers.OffsetFor"/>).
    /// </summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The offset.</returns>
    public ulong OffsetFor(TimerId timer) => timer == TimerId.Virtual && !Options.NestedVirtualization ? VirtualOffset : PhysicalOffset;

    /// <summary>The number of timers of a vCPU with or without virtual EL2.</summary>
    /// <param name="nested">Whether the VM has nested virtualisation.</param>
    /// <returns>4 or 2.</returns>
    public static int TimerCountFor(bool nested) => nested ? 4 : 2;

    /// <summary>The interrupt of a timer.</summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The PPI.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the four timers.</exception>
    public int GetTimerIrq(TimerId timer) => (uint)timer < (uint)_ppis.Length
        ? Volatile.Read(ref _ppis[(int)timer])
        : throw new ArgumentOutOfRangeException(nameof(timer), timer, "The timers are Physical, Virtual, HypVirtual and HypPhysical.");

    /// <summary>
    /// Sets a timer's interrupt for every vCPU (KVM_ARM_VCPU_TIMER_CTRL SET), with KVM's checks in
    /// KVM's order: an in-kernel interrupt controller is needed; the number must be a PPI (16..31);
    /// the numbers are frozen once a vCPU has run; the timer must exist. Whether the timers' numbers
    /// are distinct is checked when a vCPU first runs, as KVM does. A failed call changes nothing.
    /// </summary>
    /// <param name="timer">The timer (the attribute: KVM_ARM_VCPU_TIMER_IRQ_VTIMER is <see cref="TimerId.Virtual"/>…).</param>
    /// <param name="ppi">The interrupt number.</param>
    /// <returns><see cref="KvmResult.InvalidArgument"/> without an in-kernel controller or for a number that is not a PPI;
    /// <see cref="KvmResult.Busy"/> once a vCPU has run; <see cref="KvmResult.NoSuchAttribute"/> for an unknown timer.</returns>
    public KvmResult SetTimerIrq(TimerId timer, int ppi)
    {
        if (InterruptController is null || ppi is < 16 or > 31)
        {
            return KvmResult.InvalidArgument;
        }

        lock (_lock)
        {
            if (_ppisFrozen)
            {
                return KvmResult.Busy;
            }

            if ((uint)timer >= (uint)_ppis.Length)
            {
                return KvmResult.NoSuchAttribute;
            }

            Volatile.Write(ref _ppis[(int)timer], ppi);
            return KvmResult.Ok;
        }
    }

    /// <summary>KVM_GET_DEVICE_ATTR of a timer interrupt; works without an in-kernel controller.</summary>
    /// <param name="timer">The attribute.</param>
    /// <param name="ppi">The interrupt number.</param>
    /// <returns><see cref="KvmResult.NoSuchAttribute"/> for an unknown timer.</returns>
    public KvmResult TryGetTimerIrq(TimerId timer, out int ppi)
    {
        bool known = (uint)timer < (uint)_ppis.Length;
        ppi = known ? GetTimerIrq(timer) : 0;
        return known ? KvmResult.Ok : KvmResult.NoSuchAttribute;
    }

    /// <summary>KVM_HAS_DEVICE_ATTR of a timer interrupt.</summary>
    /// <param name="timer">The attribute.</param>
    /// <returns><see cref="KvmResult.Ok"/> for the four timers, <see cref="KvmResult.NoSuchAttribute"/> otherwise.</returns>
    public static KvmResult HasTimerIrq(TimerId timer) =>
        (uint)timer <= (uint)TimerId.HypPhysical ? KvmResult.Ok : KvmResult.NoSuchAttribute;

    /// <summary>
    /// KVM_ARM_SET_COUNTER_OFFSET: both guest counters become CNTPCT - <paramref name="offset"/>, and
    /// later one-reg writes of the counters are ignored.
    /// </summary>
    /// <param name="offset">The offset.</param>
    /// <param name="reserved">The ioctl's reserved field; must be 0.</param>
    /// <returns><see cref="KvmResult.InvalidArgument"/> for a non-zero reserved field; <see cref="KvmResult.Busy"/> while a vCPU is loaded (running) or blocked in WFI (KVM returns EBUSY while any vCPU ioctl, KVM_RUN included, is in flight).</returns>
    public KvmResult SetCounterOffset(ulong offset, ulong reserved = 0)
    {
        if (reserved != 0)
        {
            return KvmResult.InvalidArgument;
        }

        CheckCounterThread();
        VcpuTimers[] vcpus;
        lock (_lock)
        {
            // The VM lock, then a vCPU's: never the other way round.
            foreach (VcpuTimers vcpu in _vcpus)
            {
                if (vcpu.IsLoaded || vcpu.IsBlocked)
                {
                    return KvmResult.Busy;
                }
            }

            _offsetPinned = true;
            Volatile.Write(ref _virtualOffset, offset);
            Volatile.Write(ref _physicalOffset, offset);
            vcpus = _vcpus.ToArray();
        }

        foreach (VcpuTimers vcpu in vcpus)
        {
            vcpu.Reevaluate();
        }

        return KvmResult.Ok;
    }

    /// <summary>
    /// Sets the virtual offset (a TIMER_CNT write, or a VM created with a given CNTVOFF); ignored once
    /// pinned. Every vCPU's counter moves: loaded vCPUs re-evaluate their lines and host timers, blocked
    /// ones re-arm their background timers.
    /// </summary>
    /// <param name="offset">The offset.</param>
    public void SetVirtualOffset(ulong offset) => SetOffset(ref _virtualOffset, offset);

    /// <summary>Sets the physical offset (a PTIMER_CNT write); ignored once pinned. vCPUs re-evaluate as for <see cref="SetVirtualOffset"/>.</summary>
    /// <param name="offset">The offset.</param>
    public void SetPhysicalOffset(ulong offset) => SetOffset(ref _physicalOffset, offset);

    private void SetOffset(ref ulong field, ulong offset)
    {
        CheckCounterThread();
        VcpuTimers[] vcpus;
        lock (_lock)
        {
            if (_offsetPinned || Volatile.Read(ref field) == offset)
            {
                return;
            }

            Volatile.Write(ref field, offset);
            vcpus = _vcpus.ToArray();
        }

        // Outside the VM lock: a vCPU lock is never taken under it.
        foreach (VcpuTimers vcpu in vcpus)
        {
            vcpu.Reevaluate();
        }
    }

    /// <summary>Checks, before anything changes, that the calling thread may arm and cancel host timers on a confined counter.</summary>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    internal void CheckCounterThread()
    {
        if (_confinedCounter is { } counter)
        {
            counter.CheckThread(CurrentThread.Id);
        }
    }

    /// <summary>As <see cref="CheckCounterThread()"/>, for a caller that knows its managed thread id (a loaded vCPU's owner).</summary>
    /// <param name="thread">The calling thread's managed id.</param>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    internal void CheckCounterThread(int thread) => _confinedCounter?.CheckThread(thread);

    /// <summary>
    /// The first run of a vCPU (<c>kvm_timer_enable</c>): the timers' interrupts must be distinct, and
    /// from then on they are frozen.
    /// </summary>
    /// <returns><see cref="KvmResult.InvalidArgument"/> when two timers share an interrupt.</returns>
    internal KvmResult EnableTimers()
    {
        lock (_lock)
        {
            for (int i = 0; i < TimerCount; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (_ppis[i] == _ppis[j])
                    {
                        return KvmResult.InvalidArgument;
                    }
                }
            }

            _ppisFrozen = true;
            return KvmResult.Ok;
        }
    }

    /// <summary>Restores VM-wide state from a snapshot.</summary>
    internal void Restore(ulong virtualOffset, ulong physicalOffset, bool pinned, bool frozen, IReadOnlyList<int> ppis)
    {
        lock (_lock)
        {
            _virtualOffset = virtualOffset;
            _physicalOffset = physicalOffset;
            _offsetPinned = pinned;
            _ppisFrozen = frozen;
            for (int i = 0; i < _ppis.Length; i++)
            {
                _ppis[i] = ppis[i];
            }
        }
    }
}
