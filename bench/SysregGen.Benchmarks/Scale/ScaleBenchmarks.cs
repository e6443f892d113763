using BenchmarkDotNet.Attributes;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// Issue 5, item 4: N vCPUs (1, 100, 10,000, 100,000) each running a 1 kHz periodic EL1 physical
/// timer through trap-and-emulate on the manual counter (<see cref="PeriodicVm"/>). Figures are per
/// timer cycle (one tick of one vCPU); cycles per second of host time = 1 s / the mean. The baseline
/// is the bare event loop (<see cref="BareTimerLoop"/>) for the same N; issue 12's growth target
/// compares the runtime's rows at 100,000 and 100 vCPUs of one run.
/// </summary>
/// <remarks>
/// Each invocation simulates 100,000 timer cycles, so the figure is per cycle whatever N is: 100
/// simulated seconds of one vCPU, one second of 100 vCPUs, 10 ms of 10,000 vCPUs, one period of
/// 100,000 vCPUs (whose timer state, about 61 MB, no cache holds). A full simulated second of 10,000
/// vCPUs, 10 million cycles, would make one invocation last seconds and the short job minutes. The
/// simulation carries on from one invocation to the next, so every invocation is steady state;
/// <c>--realtime</c> runs one whole simulated second of 10,000 vCPUs outside BenchmarkDotNet to
/// confirm the figure.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class ScaleBenchmarks
{
    public const int CyclesPerInvocation = 100_000;

    private PeriodicVm _vm = null!;
    private BareTimerLoop _bare = null!;

    [Params(1, 100, 10_000, 100_000)]
    public int Vcpus { get; set; }

    private int Periods => CyclesPerInvocation / Vcpus;

    [GlobalSetup(Target = nameof(Runtime))]
    public void SetupRuntime()
    {
        _vm = new PeriodicVm(Vcpus);
        Check(_vm.RunPeriods(Periods), "runtime");
    }

    [GlobalSetup(Target = nameof(BareLoop))]
    public void SetupBare()
    {
        _bare = new BareTimerLoop(Vcpus);
        Check(_bare.RunPeriods(Periods), "bare loop");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CyclesPerInvocation, Description = "Bare event loop (floor)")]
    public long BareLoop() => _bare.RunPeriods(Periods);

    [Benchmark(OperationsPerInvoke = CyclesPerInvocation, Description = "Runtime: trap-and-emulate 1 kHz tick")]
    public long Runtime() => _vm.RunPeriods(Periods);

    private static void Check(long cycles, string what)
    {
        if (cycles != CyclesPerInvocation)
        {
            throw new InvalidOperationException($"The {what} ran {cycles} timer cycles in a window, not {CyclesPerInvocation}.");
        }
    }
}
