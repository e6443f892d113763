using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Reflection;
using System.Runtime.Loader;
using SysregGen.Registers;
using SysregGen.Runtime.Diagnostics;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>The trace points and counters an operator sees: emulated accesses, level changes, the background timer's life, wakes.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class ObservabilityTests
{
    [Fact]
    public void TracePointsReportAccessesLevelsAndTheBackgroundTimer()
    {
        using var listener = new Listener();
        var t = new TestVm();
        int vcpu = t.Vcpu.Id;
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpTvalEl0, 0x100);
        t.Write(SysregAccessor.CntpCtlEl0, 0x1);
        t.Vcpu.Block();
        t.Counter.AdvanceTo(0x1100);

        // Other tests run in parallel and emit too: look only at this vCPU's events after this VM began.
        var mine = listener.Events.Where(e => e.Payload is { Count: > 0 } p && p[0] is int id && id == vcpu).ToList();
        Assert.Contains(mine, e => e.EventName == nameof(TimerEventSource.EmulatedAccess) && (string)e.Payload![1]! == "Physical.Tval" && (bool)e.Payload[2]!);
        Assert.Contains(mine, e => e.EventName == nameof(TimerEventSource.BackgroundArmed) && (ulong)e.Payload![1]! == 0x1100);
        Assert.Contains(mine, e => e.EventName == nameof(TimerEventSource.BackgroundExpired) && !(bool)e.Payload![1]!);
        Assert.Contains(mine, e => e.EventName == nameof(TimerEventSource.Wake));
        Assert.Contains(mine, e => e.EventName == nameof(TimerEventSource.LevelChanged) && (int)e.Payload![1]! == 30 && (bool)e.Payload[2]!);
    }

    [Fact]
    public void CountersCountTrapsLevelChangesAndWakeups()
    {
        var totals = new Dictionary<string, long>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TimerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        meters.Start();

        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpTvalEl0, 0x100);
        t.Write(SysregAccessor.CntpCtlEl0, 0x1);
        t.Vcpu.Block();
        t.Counter.AdvanceTo(0x1100);

        // Parallel tests add to the same process-wide counters, so these are lower bounds.
        lock (totals)
        {
            Assert.True(totals.GetValueOrDefault("sysreggen.timer.traps") >= 2);
            Assert.True(totals.GetValueOrDefault("sysreggen.timer.level_changes") >= 1);
            Assert.True(totals.GetValueOrDefault("sysreggen.timer.wakeups") >= 1);
        }
    }

    [Fact]
    public void WithDotNetsFeatureSwitchesOffTheRuntimeNeverAsksForListeners()
    {
        // This process's copy of the runtime has read the switches (on) and keeps them; Meter and
        // EventSource have read them too, once, when the first of each was created.
        Assert.Equal(TimerMetrics.Traps.Enabled, TimerDiagnostics.Measuring(TimerMetrics.Traps));
        Assert.Equal(TimerEventSource.Log.IsEnabled(), TimerDiagnostics.Events);

        const string Events = TimerDiagnostics.EventSourceSwitch;
        const string Metrics = TimerDiagnostics.MeterSwitch;
        bool eventsBefore = !AppContext.TryGetSwitch(Events, out bool events) || events;
        bool metricsBefore = !AppContext.TryGetSwitch(Metrics, out bool metered) || metered;
        AppContext.SetSwitch(Events, false);
        AppContext.SetSwitch(Metrics, false);
        var context = new AssemblyLoadContext("feature switches off", isCollectible: true);
        try
        {
            // A second copy of the assembly reads the switches afresh, as an application built
            // with EventSourceSupport and MetricsSupport off does at start-up.
            Assembly copy = context.LoadFromAssemblyPath(typeof(TimerDiagnostics).Assembly.Location);
            Type diagnostics = copy.GetType(typeof(TimerDiagnostics).FullName!, throwOnError: true)!;
            Type metrics = copy.GetType(typeof(TimerMetrics).FullName!, throwOnError: true)!;
            var traps = (Instrument)metrics.GetField(nameof(TimerMetrics.Traps))!.GetValue(null)!;

            // The instrument has a listener: the runtime's answer is no only because of the switch.
            using var meters = new MeterListener { InstrumentPublished = (i, l) => l.EnableMeasurementEvents(i) };
            meters.Start();
            Assert.True(traps.Enabled);
            const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            Assert.False((bool)diagnostics.GetMethod(nameof(TimerDiagnostics.Measuring), Static)!.Invoke(null, [traps])!);

            // A second event source of the same name cannot be enabled in this process, so the event
            // side is checked where it is decided: the switch as read.
            Assert.False((bool)diagnostics.GetField("s_eventsSupported", Static)!.GetValue(null)!);
            Assert.False((bool)diagnostics.GetProperty(nameof(TimerDiagnostics.Events), Static)!.GetValue(null)!);
        }
        finally
        {
            AppContext.SetSwitch(Events, eventsBefore);
            AppContext.SetSwitch(Metrics, metricsBefore);
            context.Unload();
        }
    }

    private sealed class Listener : EventListener
    {
        private readonly List<EventWrittenEventArgs> _events = new();

        public IReadOnlyList<EventWrittenEventArgs> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToList();
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "SysregGen-Timers")
            {
                EnableEvents(source, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }
}
