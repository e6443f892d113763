using System.Diagnostics;
using System.Globalization;
using SysregGen.Benchmarks.Infrastructure;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// <c>--memory [N]</c>: the bytes of timer state per vCPU, for N vCPUs (10,000 by default). Not a
/// BenchmarkDotNet run: heap sizes are read with <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// and <see cref="GC.GetTotalMemory(bool)"/> (after a full collection) before and after.
/// </summary>
/// <remarks>
/// Three figures: what <see cref="VmTimers.CreateVcpu"/> allocates; what stays live once every vCPU
/// exists; and what stays live in steady state, after one simulated second of the 1 kHz workload of
/// <see cref="PeriodicVm"/> with every vCPU blocked in WFI and its background timer armed (this one
/// includes the manual counter's timer wheel). Everything the harness itself needs (the arrays, the run
/// queue, the wake delegate) is allocated before the first reading.
/// </remarks>
internal static class MemoryReport
{
    public static int Run(int count)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of vCPUs must be positive.");
        }

        uint ctlRead = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 0);
        uint ctlWrite = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: false, rt: 1);
        uint tvalWrite = Esr.ForAccess(SysregAccessor.CntpTvalEl0.Encoding(), isRead: false, rt: 2);
        var registers = new ulong[31];
        var vcpus = new VcpuTimers[count];
        var runnable = new Queue<VcpuTimers>(count);
        Action<VcpuTimers> wake = runnable.Enqueue;
        var vgic = new CountingInterruptController();

        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var counter = new ManualCounter(PeriodicVm.Frequency);
        PeriodicVm.CreateVcpus(counter, vgic, vcpus, wake);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long created = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        // Boot and one simulated second of the 1 kHz tick, as PeriodicVm runs it.
        for (int i = 0; i < count; i++)
        {
            Program(vcpus[i], Math.Max(1, (ulong)(i + 1) * PeriodicVm.Period / (ulong)count), first: true);
        }

        ulong end = PeriodicVm.Frequency;
        long cycles = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            while (runnable.TryDequeue(out VcpuTimers? vcpu))
            {
                Program(vcpu, PeriodicVm.Period, first: false);
                cycles++;
            }

            if (counter.NextDeadline is not UInt128 next || next > end)
            {
                counter.AdvanceTo(end);
                break;
            }

            counter.AdvanceTo((ulong)next);
        }

        clock.Stop();
        long steady = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        GC.KeepAlive(vcpus);
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Timer state per vCPU, {count:N0} vCPUs (manual counter, non-VHE host, EL1 physical timer at 1 kHz):"));
        Console.WriteLine(string.Create(c, $"  allocated by CreateVcpu             {allocated / (double)count,8:F1} B"));
        Console.WriteLine(string.Create(c, $"  live after CreateVcpu               {created / (double)count,8:F1} B"));
        Console.WriteLine(string.Create(c, $"  live in steady state (after 1 s)    {steady / (double)count,8:F1} B   ({cycles:N0} timer cycles in {clock.Elapsed.TotalSeconds:F2} s of host time)"));
        Console.WriteLine(string.Create(c, $"  manual counter: {counter.ArmedCount:N0} armed host timers"));
        Console.WriteLine(string.Create(c, $"  target <= 1024 B per vCPU: {(Math.Max(created, steady) / (double)count <= 1024 ? "met" : "MISSED")}"));
        return 0;

        void Program(VcpuTimers vcpu, ulong tval, bool first)
        {
            vcpu.Unblock();
            vcpu.Load();
            if (!first)
            {
                vcpu.HandleTrap(ctlRead, registers);
                registers[1] = CntpCtl.EnableMask | CntpCtl.ImaskMask;
                vcpu.HandleTrap(ctlWrite, registers);
            }

            registers[2] = tval;
            vcpu.HandleTrap(tvalWrite, registers);
            registers[1] = CntpCtl.EnableMask;
            vcpu.HandleTrap(ctlWrite, registers);
            vcpu.Block();
        }
    }
}
