using System;
using System.Globalization;
using System.IO;
using System.Linq;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Workloads;

namespace SysregGen.Cli.Demo;

/// <summary>
/// <c>sysreg demo</c>: a <see cref="TicklessVm"/> whose every trap, emulated access, line change and
/// background wake-up the <see cref="Timeline"/> prints.
/// </summary>
internal static class DemoSimulation
{
    public static DemoStatistics Run(DemoSettings settings, TextWriter output, TerminalProgress? progress = null)
    {
        var timeline = new Timeline(output, settings.SummaryOnly);
        var options = new VmTimersOptions { HostMode = settings.Host, NestedVirtualization = settings.Nested };
        var vm = new TicklessVm(settings.Vcpus, settings.Frequency, options, timeline, timeline, settings.PhysicalOffset);
        timeline.Vm = vm;

        ulong end = Cycles(settings.DurationMs, settings.Frequency);
        timeline.Header(settings, end);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        // A summary-only run of a big simulation prints nothing for a while: show how far it is.
        string total = settings.DurationMs.ToString(CultureInfo.InvariantCulture);
        void Report(ulong _) => progress?.Report($"demo: {timeline.Format(timeline.Vm.GuestNow)} of {total} ms simulated");
        if (settings.Migration is { } migration)
        {
            vm.RunUntil(Cycles(migration.AtMs, settings.Frequency), Report);
            vm = Migrate(vm, migration, timeline);
        }

        // The end is in the guests' time; after a migration the host's counter has another origin.
        vm.RunUntil(end + vm.Vm.VirtualOffset, Report);

        timeline.Statistics.Interrupts = vm.Guests.Sum(g => g.Interrupts);
        timeline.Statistics.SimulatedSeconds = vm.GuestNow / (double)settings.Frequency;
        timeline.Summary(vm.Guests, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return timeline.Statistics;
    }

    private static ulong Cycles(double ms, ulong frequency) => (ulong)Math.Min(ms * frequency / 1000.0, ulong.MaxValue / 4);

    /// <summary>Stops the VM with every guest in WFI, and carries it over to a host whose counter has another origin.</summary>
    private static TicklessVm Migrate(TicklessVm source, DemoMigration migration, Timeline timeline)
    {
        ulong stopped = source.GuestNow;
        TicklessVm destination = source.CreateMigrationTarget(DemoMigration.DestinationOrigin, timeline, timeline);
        timeline.Note($"migration: the VM stops; its timers are captured (downtime {Ms(migration.DowntimeMs)} ms, policy {migration.PolicyName})");
        timeline.Vm = destination;
        var restore = new RestoreOptions { Policy = migration.Policy, Downtime = TimeSpan.FromMilliseconds(migration.DowntimeMs) };
        int bytes = destination.ReceiveFrom(source, restore);
        string time = destination.GuestNow == stopped ? "guest time goes on from where it stopped" : $"guest time moved on by {timeline.Format(destination.GuestNow - stopped)}";
        timeline.Note($"migration: {bytes}-byte snapshot restored on a host whose counter reads 0x{DemoMigration.DestinationOrigin:x}; {time}");
        return destination;
    }

    private static string Ms(double ms) => ms.ToString(CultureInfo.InvariantCulture);
}
