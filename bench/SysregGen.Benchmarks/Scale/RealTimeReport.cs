using System.Diagnostics;
using System.Globalization;

namespace SysregGen.Benchmarks.Scale;

/// <summary>
/// <c>--realtime [N] [ms] [--threads T] [--heap]</c>: one whole simulated second (or <c>ms</c>
/// milliseconds) of N vCPUs (10,000 by default) at 1 kHz, as issue 5 states the target, timed once
/// with a stopwatch after at least a second of warm-up. Not a BenchmarkDotNet run; it confirms
/// <see cref="ScaleBenchmarks"/>' per-cycle figure end to end, and with other N shows how the cost
/// per cycle grows. With T threads the vCPUs are split into T shards, each with its own counter on
/// its own thread, all running the same 10 ms windows of guest time in step; the counts printed
/// are the same as with one. <c>--heap</c> runs on the binary-heap counter the timer wheel replaced.
/// </summary>
internal static class RealTimeReport
{
    /// <summary>Guest time the shards run between two meetings.</summary>
    private const int WindowMs = 10;

    public static int Run(int count, int milliseconds = 1000, int threads = 1, bool heap = false)
    {
        threads = Math.Clamp(threads, 1, count);
        PeriodicVm[] shards = Enumerable.Range(0, threads).Select(s => new PeriodicVm(count, s, threads, heap)).ToArray();

        // Warm up for at least a second of host time, so tiered compilation has finished (a run of
        // few cycles would otherwise be timed in unoptimised code).
        var warmup = Stopwatch.StartNew();
        do
        {
            RunPeriods(shards, Math.Max(10, milliseconds / 10));
        }
        while (warmup.Elapsed < TimeSpan.FromSeconds(1));

        int gen0 = GC.CollectionCount(0);
        int gen2 = GC.CollectionCount(2);
        long raised = shards.Sum(s => s.Vgic.Raised);
        long lowered = shards.Sum(s => s.Vgic.Lowered);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long cycles = RunPeriods(shards, milliseconds);
        clock.Stop();
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        raised = shards.Sum(s => s.Vgic.Raised) - raised;
        lowered = shards.Sum(s => s.Vgic.Lowered) - lowered;

        double seconds = clock.Elapsed.TotalSeconds;
        CultureInfo c = CultureInfo.InvariantCulture;
        string counter = heap ? "binary-heap counter (baseline)" : "manual counter";
        string how = threads == 1 ? "one thread" : $"{threads} threads";
        Console.WriteLine(string.Create(c, $"{milliseconds:N0} simulated ms of {count:N0} vCPUs at 1 kHz (trap-and-emulate, {counter}, {how}):"));
        Console.WriteLine(string.Create(c, $"  timer cycles       {cycles:N0} ({raised:N0} lines raised, {lowered:N0} lowered)"));
        Console.WriteLine(string.Create(c, $"  host time          {seconds:F3} s ({seconds * 1000 / milliseconds:F3}x real time; below 1 is faster)"));
        Console.WriteLine(string.Create(c, $"  cycles per second  {cycles / seconds:N0}"));
        Console.WriteLine(string.Create(c, $"  per cycle          {seconds * 1e9 / cycles:F1} ns, {allocated / (double)cycles:F1} B allocated"));
        // On a shared machine the host time includes waiting for a core; the CPU time does not.
        Console.WriteLine(string.Create(c, $"  CPU per cycle      {cpu.TotalSeconds * 1e9 / cycles:F1} ns (every thread's CPU time; {cpu.TotalSeconds / seconds:F2} cores busy on average)"));
        Console.WriteLine(string.Create(c, $"  GCs                gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}"));
        Console.WriteLine(string.Create(c, $"  target >= 10,000,000 cycles/s: {(cycles / seconds >= 10_000_000 ? "met" : "MISSED")}"));
        return 0;
    }

    /// <summary>Runs every shard through the same windows of guest time, in parallel, meeting after each.</summary>
    private static long RunPeriods(PeriodicVm[] shards, int periods)
    {
        if (shards.Length == 1)
        {
            return shards[0].RunPeriods(periods);
        }

        long cycles = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = shards.Length };
        for (int done = 0; done < periods; done += WindowMs)
        {
            int window = Math.Min(WindowMs, periods - done);
            Parallel.For(0, shards.Length, options, s => Interlocked.Add(ref cycles, shards[s].RunPeriods(window)));
        }

        return cycles;
    }
}
