using System.Diagnostics;
using System.Globalization;
using SysregGen.Benchmarks.AccessPath;
using SysregGen.Benchmarks.Dispatch;
using SysregGen.Benchmarks.Generator;

namespace SysregGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--profile &lt;access|access-bound|dispatch|generator-edit&gt; [seconds]</c>: runs one benchmark's
/// body in a loop for a few seconds outside BenchmarkDotNet, so a sampling profiler can attach to a
/// plain process, or two builds can be compared in alternating runs. Run it with
/// <c>DOTNET_TC_CallCountingDelayMs=0</c>: without it, the methods the loop calls were seen to stay in
/// Tier 0 for the whole run (the JIT's summary showed no Tier 1 code for them after 4 seconds), and
/// the figures were those of unoptimised code. docs/benchmarks.md shows the commands.
/// </summary>
internal static class ProfileLoops
{
    public static int Run(string what, double seconds)
    {
        Func<ulong> body;
        int operations;
        switch (what)
        {
            case "access" or "access-bound":
            {
                // As the process is configured: a runtimeconfig.json with the diagnostics switches off
                // runs the loop as AccessPathBenchmarks' Diagnostics = false does.
                bool diagnostics = !AppContext.TryGetSwitch(AccessPathBenchmarks.MeterSwitch, out bool metrics) || metrics;
                var bench = new AccessPathBenchmarks { Diagnostics = diagnostics };
                bench.Setup();
                body = what == "access" ? bench.HandleTrapFromEsr : bench.MinimalFromEsr;
                operations = 3;
                break;
            }

            case "dispatch":
            {
                var bench = new DispatchBenchmarks();
                bench.Setup();
                body = bench.Generated;
                operations = TrapMix.Length;
                break;
            }

            case "generator-edit":
            {
                var bench = new GeneratorBenchmarks();
                bench.Setup();
                body = () => (ulong)bench.EditOneSpecSynthetic().GetHashCode();
                operations = 1;
                break;
            }

            default:
                Console.Error.WriteLine("--profile takes access, access-bound, dispatch or generator-edit.");
                return 2;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") is null)
        {
            Console.Error.WriteLine("--profile: DOTNET_TC_CallCountingDelayMs is not set; the loop's callees may stay in Tier 0 and the figure be that of unoptimised code (set it to 0).");
        }

        long iterations = 0;
        ulong sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 64; i++)
            {
                sink ^= body();
            }

            iterations += 64;
        }

        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {iterations * operations:N0} operations in {clock.Elapsed.TotalSeconds:F2} s, {clock.Elapsed.TotalNanoseconds / (iterations * operations):F1} ns each (sink {sink & 1})"));
        return 0;
    }
}
