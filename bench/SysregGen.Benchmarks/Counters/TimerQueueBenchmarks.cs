using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SysregGen.Runtime.Counters;

namespace SysregGen.Benchmarks.Counters;

/// <summary>
/// Issue 12: the manual counter's timer wheel against the binary heap it replaced
/// (<see cref="HeapCounter"/>, the baseline), with N timers armed. "Tick": N periodic timers, their
/// deadlines spread over the period, each re-armed one period on by its own callback; figures are
/// per fired timer. "Arm + cancel": what a trapped timer write does to the queue (arm one timer a
/// period ahead, then cancel it) with the N others armed: the heap's best case, a leaf. "Arm +
/// cancel, earliest": the same for a deadline before every other, the heap's worst case, its root.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TimerQueueBenchmarks
{
    private const ulong Period = 62_500;
    private const int FiresPerInvocation = 100_000;

    private HeapCounter _heap = null!;
    private ManualCounter _wheel = null!;
    private HostTimer _heapProbe = null!;
    private HostTimer _wheelProbe = null!;

    [Params(100, 10_000, 100_000)]
    public int Timers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _heap = new HeapCounter();
        _wheel = new ManualCounter();
        Populate(_heap, () => _heap.Now);
        Populate(_wheel, () => _wheel.Now);
        _heapProbe = _heap.CreateTimer(static () => { });
        _wheelProbe = _wheel.CreateTimer(static () => { });
    }

    [BenchmarkCategory("Tick"), Benchmark(Baseline = true, OperationsPerInvoke = FiresPerInvocation, Description = "Heap")]
    public ulong HeapTick()
    {
        _heap.AdvanceTo(_heap.Now + Window);
        return _heap.Now;
    }

    [BenchmarkCategory("Tick"), Benchmark(OperationsPerInvoke = FiresPerInvocation, Description = "Wheel")]
    public ulong WheelTick()
    {
        _wheel.AdvanceTo(_wheel.Now + Window);
        return _wheel.Now;
    }

    [BenchmarkCategory("Arm + cancel"), Benchmark(Baseline = true, Description = "Heap")]
    public UInt128? HeapArmCancel()
    {
        _heapProbe.Arm((UInt128)_heap.Now + Period + 1);
        _heapProbe.Cancel();
        return _heapProbe.Deadline;
    }

    [BenchmarkCategory("Arm + cancel"), Benchmark(Description = "Wheel")]
    public UInt128? WheelArmCancel()
    {
        _wheelProbe.Arm((UInt128)_wheel.Now + Period + 1);
        _wheelProbe.Cancel();
        return _wheelProbe.Deadline;
    }

    [BenchmarkCategory("Arm + cancel, earliest"), Benchmark(Baseline = true, Description = "Heap")]
    public UInt128? HeapArmCancelEarliest()
    {
        _heapProbe.Arm((UInt128)_heap.Now + 1);
        _heapProbe.Cancel();
        return _heapProbe.Deadline;
    }

    [BenchmarkCategory("Arm + cancel, earliest"), Benchmark(Description = "Wheel")]
    public UInt128? WheelArmCancelEarliest()
    {
        _wheelProbe.Arm((UInt128)_wheel.Now + 1);
        _wheelProbe.Cancel();
        return _wheelProbe.Deadline;
    }

    /// <summary>The counter time in which the N timers fire <see cref="FiresPerInvocation"/> times.</summary>
    private ulong Window => (ulong)FiresPerInvocation * Period / (ulong)Timers;

    private void Populate(SystemCounter counter, Func<ulong> now)
    {
        for (int i = 0; i < Timers; i++)
        {
            HostTimer? timer = null;
            timer = counter.CreateTimer(() => timer!.Arm((UInt128)now() + Period));
            timer.Arm(((ulong)i + 1) * Period / (ulong)Timers);
        }
    }
}
