using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using SysregGen.Benchmarks.Dispatch;
using SysregGen.Benchmarks.Infrastructure;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Diagnostics;
using SysregGen.Runtime.Timers;

namespace SysregGen.Benchmarks.AccessPath;

/// <summary>
/// Issue 5, item 2: the emulated access path of a loaded vCPU on a non-VHE host, with the manual
/// counter. One operation is three trapped accesses, from the ESR and the guest's registers to the
/// level update and the host-timer re-arm: MSR CNTP_TVAL_EL0 (1 ms ahead: the line is lowered and
/// the host timer armed), MRS CNTP_CTL_EL0, MSR CNTP_CVAL_EL0 (in the past: the line is raised and
/// the host timer cancelled). Figures are per access.
/// </summary>
/// <remarks>
/// The baseline is the floor: the generated decode and dispatch of the same three syndromes to a
/// handler that does nothing (<see cref="BenchHandler"/>). The ratio of the full path to it is what
/// the emulation adds to dispatch. The bound is the same decode and dispatch to the least emulation
/// of the same accesses (<see cref="MinimalTimers"/>): what any runtime must at least pay, so the full
/// path's ratio to it is what this runtime's ownership, nesting and diagnostics cost. Both kinds of
/// manual counter are measured: a confined one (the simulator's: one thread uses it, host timers are
/// re-armed without a lock) and a shared one (any thread may arm while another advances, under the
/// counter's lock).
/// </remarks>
[MemoryDiagnoser]
public class AccessPathBenchmarks
{
    /// <summary>.NET's switches for event sources and metrics, as a runtimeconfig.json names them.</summary>
    internal const string EventSourceSwitch = "System.Diagnostics.Tracing.EventSource.IsSupported";

    /// <inheritdoc cref="EventSourceSwitch"/>
    internal const string MeterSwitch = "System.Diagnostics.Metrics.Meter.IsSupported";

    private const int Accesses = 3;
    private const ulong Frequency = 62_500_000;

    private readonly ulong[] _registers = new ulong[31];
    private ManualCounter _counter = null!;
    private VcpuTimers _vcpu = null!;
    private MinimalTimers _minimal = null!;
    private CountingInterruptController _vgic = null!;
    private uint _tvalWrite;
    private uint _ctlRead;
    private uint _cvalWrite;

    /// <summary>The counter's threading; the profile loop and <see cref="AccessPathAnalysis"/> use the default.</summary>
    [Params(ManualCounterThreading.Confined, ManualCounterThreading.Shared)]
    public ManualCounterThreading Threading { get; set; } = ManualCounterThreading.Confined;

    /// <summary>
    /// False: the process runs as an application built with EventSourceSupport and MetricsSupport off,
    /// whose trap path has no listener checks (docs/runtime.md, "Observability"). Each case runs in a
    /// process of its own, and the switches are set before the runtime first reads them.
    /// </summary>
    [Params(true, false)]
    public bool Diagnostics { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        if (!Diagnostics)
        {
            AppContext.SetSwitch(EventSourceSwitch, false);
            AppContext.SetSwitch(MeterSwitch, false);
        }

        _counter = new ManualCounter(Frequency, 1_000_000, Threading);
        _vgic = new CountingInterruptController();
        var vm = new VmTimers(_counter, _vgic, new VmTimersOptions { HostMode = HostMode.NonVhe });
        _vcpu = vm.CreateVcpu();
        _minimal = new MinimalTimers(_counter, _vgic, vm.OffsetFor(TimerId.Physical));
        if (_vcpu.Load() != Runtime.KvmResult.Ok)
        {
            throw new InvalidOperationException("The vCPU did not load.");
        }

        _tvalWrite = Esr.ForAccess(SysregAccessor.CntpTvalEl0.Encoding(), isRead: false, rt: 1);
        _ctlRead = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 2);
        _cvalWrite = Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: false, rt: 3);
        _registers[1] = Frequency / 1000;   // TVAL: 1 ms from now
        _registers[3] = 0;                  // CVAL: long past

        // The guest enables the timer once (MSR CNTP_CTL_EL0, X4 = ENABLE).
        _registers[4] = CntpCtl.EnableMask;
        uint enable = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: false, rt: 4);
        Expect(_vcpu.HandleTrap(enable, _registers) == AccessOutcome.Handled, "CTL write");
        Expect(MinimalTrap(enable, _registers) == AccessOutcome.Handled, "CTL write (bound)");
        Verify();
        Expect(TrapsCounted() == (Diagnostics ? 1 : 0), Diagnostics ? "a listener counts a trap" : "no trap is counted with metrics off");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Accesses, Description = "Floor: generated decode + dispatch, no-op handler")]
    public ulong DispatchOnly()
    {
        var handler = new BenchHandler();
        ulong sum = Dispatch(ref handler, _tvalWrite) + Dispatch(ref handler, _ctlRead) + Dispatch(ref handler, _cvalWrite);
        return sum ^ handler.Checksum;
    }

    [Benchmark(OperationsPerInvoke = Accesses, Description = "VcpuTimers.HandleTrap(esr, registers)")]
    public ulong HandleTrapFromEsr()
    {
        Span<ulong> registers = _registers;
        _vcpu.HandleTrap(_tvalWrite, registers);
        _vcpu.HandleTrap(_ctlRead, registers);
        _vcpu.HandleTrap(_cvalWrite, registers);
        return registers[2];
    }

    [Benchmark(OperationsPerInvoke = Accesses, Description = "VcpuTimers.HandleTrap(ref access), pre-decoded")]
    public ulong HandleTrapDecoded()
    {
        var tval = new SysregAccess(SysregAccessor.CntpTvalEl0.Encoding(), isWrite: true, Frequency / 1000, rt: 1);
        var ctl = new SysregAccess(SysregAccessor.CntpCtlEl0.Encoding(), isWrite: false, 0, rt: 2);
        var cval = new SysregAccess(SysregAccessor.CntpCvalEl0.Encoding(), isWrite: true, 0, rt: 3);
        _vcpu.HandleTrap(ref tval);
        _vcpu.HandleTrap(ref ctl);
        _vcpu.HandleTrap(ref cval);
        return ctl.Value;
    }

    [Benchmark(OperationsPerInvoke = Accesses, Description = "Bound: least emulation (MinimalTimers), from the ESR")]
    public ulong MinimalFromEsr()
    {
        Span<ulong> registers = _registers;
        MinimalTrap(_tvalWrite, registers);
        MinimalTrap(_ctlRead, registers);
        MinimalTrap(_cvalWrite, registers);
        return registers[2];
    }

    [Benchmark(OperationsPerInvoke = Accesses, Description = "Bound: least emulation (MinimalTimers), pre-decoded")]
    public ulong MinimalDecoded()
    {
        var tval = new SysregAccess(SysregAccessor.CntpTvalEl0.Encoding(), isWrite: true, Frequency / 1000, rt: 1);
        var ctl = new SysregAccess(SysregAccessor.CntpCtlEl0.Encoding(), isWrite: false, 0, rt: 2);
        var cval = new SysregAccess(SysregAccessor.CntpCvalEl0.Encoding(), isWrite: true, 0, rt: 3);
        MinimalAccess(ref tval);
        MinimalAccess(ref ctl);
        MinimalAccess(ref cval);
        return ctl.Value;
    }

    /// <summary>A trap as <see cref="VcpuTimers.HandleTrap(ulong, Span{ulong})"/> takes it, to the least emulation.</summary>
    private AccessOutcome MinimalTrap(ulong esr, Span<ulong> registers)
    {
        SysregAccess.TryDecode(esr, out SysregAccess access);
        GuestRegisters.Load(ref access, registers);
        AccessOutcome outcome = MinimalAccess(ref access);
        if (outcome == AccessOutcome.Handled)
        {
            GuestRegisters.Store(in access, registers);
        }

        return outcome;
    }

    /// <summary>One counter sample per access, as the runtime takes.</summary>
    private AccessOutcome MinimalAccess(ref SysregAccess access)
    {
        MinimalTimers.Handler handler = _minimal.At(_counter.Now);
        return SysregDispatcher.Dispatch(ref handler, ref access);
    }

    private ulong Dispatch(ref BenchHandler handler, ulong esr)
    {
        SysregAccess.TryDecode(esr, out SysregAccess access);
        if (access.IsWrite)
        {
            access.Value = _registers[access.Rt];
        }

        SysregDispatcher.Dispatch(ref handler, ref access);
        return access.Value;
    }

    /// <summary>One round must do what the benchmark claims, through the runtime and through the bound: lower the line and arm, read ENABLE, raise the line and cancel.</summary>
    private void Verify()
    {
        VerifyRound("runtime", esr => _vcpu.HandleTrap(esr, _registers), () => (_vcpu.Physical.Level, _vcpu.Physical.HostTimerDeadline is not null));
        VerifyRound("bound", esr => MinimalTrap(esr, _registers), () => (_minimal.PhysicalLevel, _minimal.PhysicalDeadline is not null));
    }

    private void VerifyRound(string who, Func<uint, AccessOutcome> trap, Func<(bool Level, bool Armed)> physical)
    {
        long raised = _vgic.Raised;
        long lowered = _vgic.Lowered;
        trap(_tvalWrite);
        Expect(physical() == (false, true), who + ": TVAL write lowers the line and arms the host timer");
        trap(_ctlRead);
        Expect(_registers[2] == CntpCtl.EnableMask, who + ": CTL read returns ENABLE");
        trap(_cvalWrite);
        Expect(physical() == (true, false), who + ": CVAL write raises the line and cancels the host timer");
        Expect(_vgic.Raised == raised + 1 && _vgic.Lowered == lowered + 1, who + ": one level change each way per round");
    }

    /// <summary>The traps a metrics listener sees of one CTL read; it listens only for the read, so the measured path has no listener.</summary>
    private long TrapsCounted()
    {
        long traps = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == TimerMetrics.Traps)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => traps += value);
        listener.Start();
        _vcpu.HandleTrap(_ctlRead, _registers);
        return traps;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Access-path setup: " + what + " failed.");
        }
    }
}
