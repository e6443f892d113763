using SysregGen.Benchmarks.Counters;
using SysregGen.Benchmarks.Infrastructure;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// A VM of N vCPUs on the manual counter whose guests each run a 1 kHz periodic tick on the EL1
/// physical timer, trapped and emulated (a non-VHE host), the way Linux's arch timer driver does it.
/// One timer cycle of one vCPU: the background timer expires, the vCPU is woken, unblocked and
/// loaded (the line is raised), the guest takes the interrupt (MRS CNTP_CTL_EL0 to check ISTATUS,
/// MSR CNTP_CTL_EL0 to mask it: the line is lowered), programs the next tick (MSR CNTP_TVAL_EL0,
/// MSR CNTP_CTL_EL0 to enable and unmask: the host timer is armed) and executes WFI (the vCPU is put
/// and blocks, its background timer armed). Four traps, each through
/// <see cref="VcpuTimers.HandleTrap(ulong, Span{ulong})"/>.
/// </summary>
/// <remarks>
/// The vCPUs' ticks are spread evenly over the period (vCPU i first fires (i + 1) / N of a period
/// in), so every window of whole periods holds exactly one cycle per vCPU per period, and the loop
/// advances the counter from one deadline to the next, as a host scheduler would. A run queue holds
/// the woken vCPUs, so a step costs nothing per idle vCPU. A VM has at most
/// <see cref="VmTimers.MaxVcpus"/> vCPUs, so N vCPUs are that many VMs' worth on one host counter.
/// A shard (<c>--threads</c>) is the vCPUs i with i mod shards = shard, with their own counter: the
/// shards' cycles add up to the whole's, each tick at the same count.
/// </remarks>
internal sealed class PeriodicVm
{
    public const ulong Frequency = 62_500_000;
    public const ulong Period = Frequency / 1000;

    /// <summary>The guest's trapped accesses: MRS X0, CNTP_CTL_EL0; MSR CNTP_CTL_EL0, X1; MSR CNTP_TVAL_EL0, X2.</summary>
    internal static readonly uint CtlRead = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 0);

    internal static readonly uint CtlWrite = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: false, rt: 1);

    internal static readonly uint TvalWrite = Esr.ForAccess(SysregAccessor.CntpTvalEl0.Encoding(), isRead: false, rt: 2);

    private readonly SystemCounter _counter;
    private readonly Func<UInt128?> _nextDeadline;
    private readonly Action<ulong> _advanceTo;
    private readonly Action? _moveToCurrentThread;
    private readonly VcpuTimers[] _vcpus;
    private readonly Queue<VcpuTimers> _runnable;
    private readonly ulong[] _registers = new ulong[31];

    /// <param name="vcpus">N.</param>
    /// <param name="shard">Which shard of the N vCPUs this is.</param>
    /// <param name="shards">How many shards the N vCPUs are split into.</param>
    /// <param name="heap">Run on the binary-heap counter of before the timer wheel (<see cref="HeapCounter"/>), the baseline.</param>
    public PeriodicVm(int vcpus, int shard = 0, int shards = 1, bool heap = false)
    {
        if (heap)
        {
            var counter = new HeapCounter(Frequency);
            (_counter, _nextDeadline, _advanceTo) = (counter, () => counter.NextDeadline, counter.AdvanceTo);
        }
        else
        {
            // Confined: a shard's counter is used by one thread at a time, so its timers take no lock.
            var counter = new ManualCounter(Frequency, 0, ManualCounterThreading.Confined);
            _moveToCurrentThread = counter.MoveToCurrentThread;
            (_counter, _nextDeadline, _advanceTo) = (counter, () => counter.NextDeadline, counter.AdvanceTo);
        }

        Vgic = new CountingInterruptController();
        int mine = (vcpus - shard + shards - 1) / shards;
        _runnable = new Queue<VcpuTimers>(mine);
        _vcpus = new VcpuTimers[mine];
        CreateVcpus(_counter, Vgic, _vcpus, _runnable.Enqueue);

        // Boot: every guest programs its first tick, spread over the first period, and waits for it.
        for (int j = 0; j < mine; j++)
        {
            ulong i = (ulong)((j * shards) + shard);
            Run(_vcpus[j], boot: true, tval: Math.Max(1, (i + 1) * Period / (ulong)vcpus));
        }
    }

    public int VcpuCount => _vcpus.Length;

    public CountingInterruptController Vgic { get; }

    /// <summary>Timer interrupts the guests have taken.</summary>
    public long Cycles { get; private set; }

    /// <summary>Simulates <paramref name="periods"/> milliseconds: N x periods timer cycles.</summary>
    /// <returns>The cycles run.</returns>
    public long RunPeriods(int periods)
    {
        _moveToCurrentThread?.Invoke();
        long before = Cycles;
        ulong end = checked(Now + ((ulong)periods * Period));
        while (true)
        {
            while (_runnable.TryDequeue(out VcpuTimers? vcpu))
            {
                Run(vcpu, boot: false, tval: Period);
            }

            if (NextDeadline is not UInt128 next || next > end)
            {
                AdvanceTo(end);
                return Cycles - before;
            }

            AdvanceTo((ulong)next);
        }
    }

    private ulong Now => _counter.Now;

    private UInt128? NextDeadline => _nextDeadline();

    private void AdvanceTo(ulong count) => _advanceTo(count);

    /// <summary>The guest runs from its wake-up to its next WFI.</summary>
    private void Run(VcpuTimers vcpu, bool boot, ulong tval)
    {
        vcpu.Unblock();
        if (vcpu.Load() != KvmResult.Ok)
        {
            throw new InvalidOperationException("A vCPU did not load.");
        }

        Span<ulong> x = _registers;
        if (!boot)
        {
            // The timer interrupt: the line was raised at load. Check ISTATUS, mask.
            vcpu.HandleTrap(CtlRead, x);
            if ((x[0] & CntpCtl.IstatusMask) == 0 || !vcpu.Physical.Level)
            {
                throw new InvalidOperationException($"vCPU {vcpu.Id} woke without its timer condition met.");
            }

            Cycles++;
            x[1] = CntpCtl.EnableMask | CntpCtl.ImaskMask;
            vcpu.HandleTrap(CtlWrite, x);
        }

        // The next tick: TVAL, then enable and unmask.
        x[2] = tval;
        vcpu.HandleTrap(TvalWrite, x);
        x[1] = CntpCtl.EnableMask;
        vcpu.HandleTrap(CtlWrite, x);

        // WFI.
        vcpu.Block();
    }

    /// <summary>
    /// Fills <paramref name="vcpus"/> with non-VHE vCPUs on one host counter: a VM has at most
    /// <see cref="VmTimers.MaxVcpus"/> vCPUs, so N vCPUs are that many VMs' worth.
    /// </summary>
    internal static void CreateVcpus(SystemCounter counter, CountingInterruptController vgic, VcpuTimers[] vcpus, Action<VcpuTimers> wake)
    {
        VmTimers? vm = null;
        for (int j = 0; j < vcpus.Length; j++)
        {
            if (j % VmTimers.MaxVcpus == 0)
            {
                vm = new VmTimers(counter, vgic, new VmTimersOptions { HostMode = HostMode.NonVhe });
            }

            vcpus[j] = vm!.CreateVcpu();
            vcpus[j].WakeCallback = wake;
        }
    }
}

/// <summary>
/// The floor for <see cref="ScaleBenchmarks"/>: the same N periodic ticks with nothing emulated, a
/// binary heap of deadlines and a level flag per vCPU. Per cycle: take the earliest deadline, raise
/// and lower the line, queue the next tick. What any simulator of N timers must at least do.
/// </summary>
internal sealed class BareTimerLoop
{
    private readonly PriorityQueue<int, ulong> _deadlines;
    private readonly bool[] _level;
    private ulong _now;

    public BareTimerLoop(int vcpus)
    {
        _deadlines = new PriorityQueue<int, ulong>(vcpus);
        _level = new bool[vcpus];
        for (int i = 0; i < vcpus; i++)
        {
            // As PeriodicVm's boot: no tick at count 0, which would fire twice in the first period.
            _deadlines.Enqueue(i, Math.Max(1, (ulong)(i + 1) * PeriodicVm.Period / (ulong)vcpus));
        }
    }

    public long Cycles { get; private set; }

    public long RunPeriods(int periods)
    {
        long before = Cycles;
        ulong end = _now + ((ulong)periods * PeriodicVm.Period);
        while (_deadlines.TryPeek(out int vcpu, out ulong deadline) && deadline <= end)
        {
            _deadlines.Dequeue();
            _now = deadline;
            _level[vcpu] = true;
            Cycles++;
            _level[vcpu] = false;
            _deadlines.Enqueue(vcpu, deadline + PeriodicVm.Period);
        }

        _now = end;
        return Cycles - before;
    }
}
