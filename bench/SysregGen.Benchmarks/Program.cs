using BenchmarkDotNet.Running;
using SysregGen.Benchmarks.Infrastructure;
using SysregGen.Benchmarks.Scale;

namespace SysregGen.Benchmarks;

/// <summary>
/// The benchmark suite of issue 5. With BenchmarkDotNet's arguments (<c>--filter '*' --job short</c>)
/// it runs the benchmarks; <c>--memory</c> prints the bytes of timer state per vCPU for 10,000
/// vCPUs, and <c>--realtime</c> simulates one full second of 10,000 vCPUs at 1 kHz and prints how
/// it compares with real time, and <c>--profile &lt;name&gt;</c> loops one benchmark body for a
/// sampling profiler. None of those is a BenchmarkDotNet run.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // BenchmarkDotNet has a --memory switch of its own; this mode is taken only when it comes first and nothing is filtered.
        if (args is ["--memory", ..] && !args.Any(a => a is "--filter" or "-f"))
        {
            return MemoryReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
        }

        if (args is ["--realtime", ..])
        {
            // --realtime [N] [ms] [--threads T] [--heap]: one whole simulated second (or ms) of N vCPUs against the host clock.
            int threadsAt = Array.IndexOf(args, "--threads");
            int threads = threadsAt > 0 && threadsAt + 1 < args.Length ? int.Parse(args[threadsAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            int[] numbers = args.Skip(1).Where((a, i) => i + 1 != threadsAt + 1 && int.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out _))
                .Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return RealTimeReport.Run(numbers.Length > 0 ? numbers[0] : 10_000, numbers.Length > 1 ? numbers[1] : 1000, threads, args.Contains("--heap"));
        }

        if (args is ["--generator-steps", ..])
        {
            return Generator.GeneratorStepsReport.Run();
        }

        if (args is ["--profile", string what, ..])
        {
            return ProfileLoops.Run(what, args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
