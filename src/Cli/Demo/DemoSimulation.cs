using System;
using System.Globalization;
using System.IO;
using System.Linq;
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
        timeline.Counter = vm.Counter;

        ulong end = (ulong)Math.Min(settings.DurationMs * settings.Frequency / 1000.0, ulong.MaxValue / 2);
        timeline.Header(settings, end);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        // A summary-only run of a big simulation prints nothing for a while: show how far it is.
        string total = settings.DurationMs.ToString(CultureInfo.InvariantCulture);
        vm.RunUntil(end, now => progress?.Report($"demo: {timeline.Format(now)} of {total} ms simulated"));

        timeline.Statistics.Interrupts = vm.Guests.Sum(g => g.Interrupts);
        timeline.Statistics.SimulatedSeconds = vm.Counter.Now / (double)settings.Frequency;
        timeline.Summary(vm.Guests, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return timeline.Statistics;
    }
}
