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
        // With --threads, the VM runs as shards of its vCPUs, each with a timeline of its own; the
        // first timeline also writes the header, the notes and the summary.
        int shards = Math.Min(settings.Threads, settings.Vcpus);
        var timelines = new Timeline[shards];
        var vms = new TicklessVm[shards];
        var options = new VmTimersOptions { HostMode = settings.Host, NestedVirtualization = settings.Nested };
        for (int s = 0; s < shards; s++)
        {
            timelines[s] = new Timeline(output, settings.SummaryOnly);
            vms[s] = new TicklessVm(settings.Vcpus, settings.Frequency, options, timelines[s], timelines[s], settings.PhysicalOffset, shard: s, shards: shards);
            timelines[s].Vm = vms[s];
        }

        Timeline timeline = timelines[0];
        ulong end = Cycles(settings.DurationMs, settings.Frequency);
        timeline.Header(settings, end);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        // A summary-only run of a big simulation prints nothing for a while: show how far it is.
        string total = settings.DurationMs.ToString(CultureInfo.InvariantCulture);
        void RunUntil(ulong count)
        {
            // Windows of 10 ms of guest time: the shards meet after each, and their lines are written in one order.
            TicklessVm.RunInStep(vms, count, Math.Max(1, settings.Frequency / 100), _ =>
            {
                Timeline.Write(timelines, output);
                progress?.Report($"demo: {timeline.Format(timeline.Vm.GuestNow)} of {total} ms simulated");
            });
        }

        if (settings.Migration is { } migration)
        {
            // One shard: DemoSettings.Validate refuses --threads with --migrate-at.
            RunUntil(Cycles(migration.AtMs, settings.Frequency));
            vms[0] = Migrate(vms[0], migration, timeline);
        }

        // The end is in the guests' time; after a migration the host's counter has another origin.
        RunUntil(end + vms[0].Vm.VirtualOffset);

        DemoStatistics statistics = DemoStatistics.Sum(timelines.Select(t => t.Statistics));
        TicklessGuest[] guests = vms.SelectMany(vm => vm.Guests).OrderBy(g => g.Cpu.Timers.Id).ToArray();
        statistics.Interrupts = guests.Sum(g => g.Interrupts);
        statistics.SimulatedSeconds = vms[0].GuestNow / (double)settings.Frequency;
        timeline.Summary(guests, System.Diagnostics.Stopwatch.GetElapsedTime(started), statistics);
        return statistics;
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
