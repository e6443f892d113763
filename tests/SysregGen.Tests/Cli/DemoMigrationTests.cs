using System.Text.RegularExpressions;
using SysregGen.Cli;
using SysregGen.Cli.Demo;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Workloads;

namespace SysregGen.Tests.Cli;

/// <summary>
/// <c>sysreg demo --migrate-at</c>: the VM moves to a host whose counter has another origin. With
/// <c>pause</c> its guests see exactly the run without migration; with <c>advance</c> they see the
/// run in which the VM stood still for the downtime while time went on.
/// </summary>
public sealed partial class DemoMigrationTests
{
    private const ulong Frequency = 62_500_000;

    /// <summary>What a guest can tell of its run: when (in its time) it read which value, wrote what, took which interrupt.</summary>
    [GeneratedRegex(@"^\[\s*(?<time>[\d.]+ ms)\] (?<vcpu>vcpu\d+)  (?<event>MRS \S+\s+= 0x[0-9a-f]+|MSR \S+, 0x[0-9a-f]+|takes IRQ \d+|  spurious.*)", RegexOptions.Multiline)]
    private static partial Regex GuestEvent();

    private static List<string> GuestVisible(string output) =>
        GuestEvent().Matches(output).Select(m => $"{m.Groups["time"].Value} {m.Groups["vcpu"].Value} {Regex.Replace(m.Groups["event"].Value, @"\s+", " ")}").ToList();

    private static string Sysreg(string args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(Program.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error) == 0, error.ToString());
        return output.ToString();
    }

    private static double Ms(string time) => double.Parse(time.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string> Hosts => new() { "--host nvhe", "--host vhe", "--host vhe-ecv", "--host vhe --nested" };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void WithPauseTheGuestsSeeTheRunWithoutMigration(string host)
    {
        string plain = Sysreg($"demo --vcpus 3 --duration-ms 12 {host}");
        string migrated = Sysreg($"demo --vcpus 3 --duration-ms 12 {host} --migrate-at 5 --downtime 3 --policy pause");

        Assert.Contains("[    5.000000 ms] migration: the VM stops; its timers are captured (downtime 3 ms, policy pause)", migrated, StringComparison.Ordinal);
        Assert.Contains("host whose counter reads 0x5eed00000000; guest time goes on from where it stopped", migrated, StringComparison.Ordinal);
        Assert.True(GuestVisible(plain).Count > 40);
        Assert.Equal(GuestVisible(plain), GuestVisible(migrated));
        Assert.Equal(Interrupts(plain), Interrupts(migrated));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void WithAdvanceTheGuestsSeeTheVmStandStillForTheDowntime(string host)
    {
        string paused = Sysreg($"demo --vcpus 3 --duration-ms 12 {host} --migrate-at 5 --downtime 3 --policy pause");
        string advanced = Sysreg($"demo --vcpus 3 --duration-ms 12 {host} --migrate-at 5 --downtime 3 --policy advance");

        Assert.Contains("[    8.000000 ms] migration: ", advanced, StringComparison.Ordinal);
        Assert.Contains("guest time moved on by 3.000000 ms", advanced, StringComparison.Ordinal);
        List<string> events = GuestVisible(advanced);
        Assert.Equal(GuestVisible(paused).TakeWhile(e => Ms(e) <= 5), events.TakeWhile(e => Ms(e) <= 5));
        Assert.DoesNotContain(events, e => Ms(e) is > 5 and < 8); // the guests did not run in the downtime
        Assert.Contains(events, e => Ms(e) == 8); // the timers that came due in it fire at once

        Assert.Equal(StoodStill(host), events);
    }

    /// <summary>The same VM without migration, stopped at 5 ms for 3 ms: its counter runs on, its guests do not.</summary>
    private static List<string> StoodStill(string host)
    {
        var output = new StringWriter();
        var timeline = new Timeline(output, summaryOnly: false);
        HostMode mode = host.Contains("vhe-ecv", StringComparison.Ordinal) ? HostMode.VheEcv : host.Contains("nvhe", StringComparison.Ordinal) ? HostMode.NonVhe : HostMode.Vhe;
        var options = new VmTimersOptions { HostMode = mode, NestedVirtualization = host.Contains("--nested", StringComparison.Ordinal) };
        var vm = new TicklessVm(3, Frequency, options, timeline, timeline);
        timeline.Vm = vm;
        vm.RunUntil(5 * Frequency / 1000);
        vm.Counter.AdvanceTo(8 * Frequency / 1000);
        vm.RunUntil(12 * Frequency / 1000);
        Timeline.Write([timeline], output);
        return GuestVisible(output.ToString());
    }

    private static string[] Interrupts(string output) => output.Split('\n').Where(l => l.Contains("interrupts taken", StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData("demo --downtime 3", "--downtime and --policy go with --migrate-at")]
    [InlineData("demo --policy advance", "--downtime and --policy go with --migrate-at")]
    [InlineData("demo --migrate-at 12", "--migrate-at must be before the end of the run (--duration-ms 12)")]
    [InlineData("demo --migrate-at 2 --compare", "--compare runs no migration")]
    [InlineData("demo --migrate-at 2 --policy later", "--policy must be one of pause, advance, not 'later'.")]
    public void MigrationOptionsAreChecked(string args, string message)
    {
        var error = new StringWriter();
        Assert.Equal(2, Program.Run(args.Split(' '), new StringWriter(), error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MillisecondsTakeFractions()
    {
        string output = Sysreg("demo --vcpus 1 --duration-ms 2.5 --migrate-at 1.25 --summary-only");
        Assert.Contains("simulated time      2.500000 ms", output, StringComparison.Ordinal);
    }
}
