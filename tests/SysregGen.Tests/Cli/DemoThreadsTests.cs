using CsCheck;
using SysregGen.Cli;
using SysregGen.Cli.Demo;
using SysregGen.Runtime.Timers;

namespace SysregGen.Tests.Cli;

/// <summary>
/// <c>sysreg demo --threads N</c>: the vCPUs run in N shards on N threads, and the output is byte
/// for byte that of one thread (but for the host time it took), whatever the vCPUs, the host, the
/// threads (more than vCPUs too) and the other options.
/// </summary>
public sealed class DemoThreadsTests
{
    public static TheoryData<int, int, string> Runs => new()
    {
        { 1, 2, "--host nvhe" },
        { 2, 3, "--host nvhe" },
        { 3, 2, "--host nvhe" },
        { 3, 3, "--host vhe --physical-offset 0x100000" },
        { 5, 2, "--host vhe-ecv" },
        { 7, 3, "--host vhe --nested" },
        { 16, 3, "--host nvhe --frequency 1000000" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ShardedOutputIsTheSingleThreadedOutput(int vcpus, int threads, string options)
    {
        string one = Sysreg($"demo --vcpus {vcpus} --duration-ms 25 {options} --threads 1");
        string sharded = Sysreg($"demo --vcpus {vcpus} --duration-ms 25 {options} --threads {threads}");
        Assert.Contains("PPI", one, StringComparison.Ordinal);
        Assert.Equal(one, sharded);
        Assert.Equal(one, Sysreg($"demo --vcpus {vcpus} --duration-ms 25 {options}"));
    }

    [Fact]
    public void SummaryAndComparisonAreTheSameSharded()
    {
        Assert.Equal(Sysreg("demo --vcpus 6 --duration-ms 30 --summary-only"), Sysreg("demo --vcpus 6 --duration-ms 30 --summary-only --threads 4"));
        Assert.Equal(Sysreg("demo --vcpus 4 --compare"), Sysreg("demo --vcpus 4 --compare --threads 2"));
    }

    [Fact]
    public void AnyShardingGivesTheSameRun()
    {
        Gen.Select(Gen.Int[1, 12], Gen.Int[2, 8], Gen.Enum<HostMode>(), Gen.Bool, Gen.Double[0.5, 15], Gen.OneOf(Gen.Const(0UL), Gen.ULong[0, 1UL << 40]))
            .Sample((vcpus, threads, host, nested, ms, offset) =>
            {
                var settings = new DemoSettings(vcpus, ms, 62_500_000, host, SummaryOnly: false, nested, offset);
                Assert.Equal(Demo(settings), Demo(settings with { Threads = threads }));
            }, iter: 60);
    }

    [Theory]
    [InlineData("demo --threads 0", "--threads must be 1..64, not 0.")]
    [InlineData("demo --threads 65", "--threads must be 1..64, not 65.")]
    [InlineData("demo --threads 2 --migrate-at 3", "--migrate-at runs on one thread; drop --threads or --migrate-at")]
    public void ThreadsAreChecked(string args, string message)
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, Program.Run(args.Split(' '), new StringWriter(), error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    private static string Demo(DemoSettings settings)
    {
        var output = new StringWriter();
        DemoSimulation.Run(settings, output);
        return WithoutHostTime(output.ToString());
    }

    private static string Sysreg(string args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(Program.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error) == 0, error.ToString());
        return WithoutHostTime(output.ToString());
    }

    private static string WithoutHostTime(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("host time", StringComparison.Ordinal)));
}
