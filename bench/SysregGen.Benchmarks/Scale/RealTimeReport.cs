using System.Diagnostics;
using System.Globalization;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// <c>--realtime [N] [ms]</c>: one whole simulated second (or <c>ms</c> milliseconds)
/// of N vCPUs (10,000 by default) at 1 kHz, as issue 5 states the target, timed once with a
/// stopwatch after at least a second of warm-up. Not a BenchmarkDotNet run; it confirms
/// <see cref="ScaleBenchmarks"/>' per-cycle figure end to end, and with other N shows how the cost
/// per cycle grows.
/// </summary>
internal static class RealTimeReport
{
    public static int Run(int count, int milliseconds = 1000)
    {
        var vm = new PeriodicVm(count);

        // Warm up for at least a second of host time, so tiered compilation has finished (a run of
        // few cycles would otherwise be timed in unoptimised code).
        var warmup = Stopwatch.StartNew();
        do
        {
            vm.RunPeriods(Math.Max(10, milliseconds / 10));
        }
        while (warmup.Elapsed < TimeSpan.FromSeconds(1));

        int gen0 = GC.CollectionCount(0);
        int gen2 = GC.CollectionCount(2);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long cycles = vm.RunPeriods(milliseconds);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        double seconds = clock.Elapsed.TotalSeconds;
        CultureInfo c = CultureInfo.InvariantCulture;
        const string counter = "manual counter";
        Console.WriteLine(string.Create(c, $"{milliseconds:N0} simulated ms of {count:N0} vCPUs at 1 kHz (trap-and-emulate, {counter}, one thread):"));
        Console.WriteLine(string.Create(c, $"  timer cycles       {cycles:N0}"));
        Console.WriteLine(string.Create(c, $"  host time          {seconds:F3} s ({seconds * 1000 / milliseconds:F3}x real time; below 1 is faster)"));
        Console.WriteLine(string.Create(c, $"  cycles per second  {cycles / seconds:N0}"));
        Console.WriteLine(string.Create(c, $"  per cycle          {seconds * 1e9 / cycles:F1} ns, {allocated / (double)cycles:F1} B allocated"));
        Console.WriteLine(string.Create(c, $"  GCs                gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}"));
        Console.WriteLine(string.Create(c, $"  target >= 10,000,000 cycles/s: {(cycles / seconds >= 10_000_000 ? "met" : "MISSED")}"));
        return 0;
    }
}
