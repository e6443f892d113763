using System.Diagnostics;
using System.Globalization;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// <c>--realtime [N]</c>: one whole simulated second of N vCPUs (10,000 by default) at 1 kHz, as
/// issue 5 states the target, timed once with a stopwatch after a 10 ms warm-up. Not a
/// BenchmarkDotNet run; it confirms <see cref="ScaleBenchmarks"/>' per-cycle figure end to end.
/// </summary>
internal static class RealTimeReport
{
    public static int Run(int count, bool prototypeCounter = false)
    {
        var vm = new PeriodicVm(count, prototypeCounter);
        vm.RunPeriods(10);
        int gen0 = GC.CollectionCount(0);
        int gen2 = GC.CollectionCount(2);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long cycles = vm.RunPeriods(1000);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        double seconds = clock.Elapsed.TotalSeconds;
        CultureInfo c = CultureInfo.InvariantCulture;
        string counter = prototypeCounter ? "the proposed indexed-heap counter" : "manual counter";
        Console.WriteLine(string.Create(c, $"One simulated second of {count:N0} vCPUs at 1 kHz (trap-and-emulate, {counter}, one thread):"));
        Console.WriteLine(string.Create(c, $"  timer cycles       {cycles:N0}"));
        Console.WriteLine(string.Create(c, $"  host time          {seconds:F3} s ({seconds:F3}x real time; below 1 is faster)"));
        Console.WriteLine(string.Create(c, $"  cycles per second  {cycles / seconds:N0}"));
        Console.WriteLine(string.Create(c, $"  per cycle          {seconds * 1e9 / cycles:F1} ns, {allocated / (double)cycles:F1} B allocated"));
        Console.WriteLine(string.Create(c, $"  GCs                gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}"));
        Console.WriteLine(string.Create(c, $"  target >= 10,000,000 cycles/s: {(cycles / seconds >= 10_000_000 ? "met" : "MISSED")}"));
        return 0;
    }
}
