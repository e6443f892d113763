using BenchmarkDotNet.Running;
using SysregGen.Benchmarks.Scale;

namespace SysregGen.Benchmarks;

/// <summary>
/// The benchmark suite of issue 5. With BenchmarkDotNet's arguments (<c>--filter '*' --job short</c>)
/// it runs the benchmarks; <c>--memory</c> prints the bytes of timer state per vCPU for 10,000
/// vCPUs, and <c>--realtime</c> simulates one full second of 10,000 vCPUs at 1 kHz and prints how
/// it compares with real time. Neither of those two is a BenchmarkDotNet run.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--memory", ..])
        {
            return MemoryReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
        }

        if (args is ["--realtime", ..])
        {
            return RealTimeReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
