using BenchmarkDotNet.Running;

namespace SysregGen.Benchmarks;

/// <summary>The benchmark suite of issue 5; BenchmarkDotNet's arguments (<c>--filter '*' --job short</c>) pick what runs.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
