using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;

namespace SysregGen.Runtime.Diagnostics;

/// <summary>
/// Trace points like KVM's <c>kvm_timer_*</c> tracepoints: emulated accesses, level changes and the
/// background timer's life. Each call site checks <see cref="EventSource.IsEnabled()"/> first, so
/// they cost a branch when nobody listens, and nothing at all in an application that turns event
/// sources off (the MSBuild property EventSourceSupport). Listen with dotnet-trace (provider
/// "SysregGen-Timers") or an <see cref="EventListener"/>.
/// </summary>
[EventSource(Name = "SysregGen-Timers")]
public sealed class TimerEventSource : EventSource
{
    /// <summary>The single instance.</summary>
    public static readonly TimerEventSource Log = new();

    private TimerEventSource()
    {
    }

    /// <summary>A guest access was emulated (a trap handled, or a direct access served by the model).</summary>
    /// <param name="vcpu">The vCPU.</param>
    /// <param name="register">The timer or register name.</param>
    /// <param name="isWrite">Whether it was a write.</param>
    /// <param name="value">The value read or written.</param>
    [Event(1, Level = EventLevel.Verbose)]
    public void EmulatedAccess(int vcpu, string register, bool isWrite, ulong value) => WriteEvent(1, vcpu, register, isWrite, value);

    /// <summary>A timer line changed level (<c>kvm_timer_update_irq</c>).</summary>
    /// <param name="vcpu">The vCPU.</param>
    /// <param name="intid">The interrupt.</param>
    /// <param name="level">The new level.</param>
    [Event(2, Level = EventLevel.Informational)]
    public void LevelChanged(int vcpu, int intid, bool level) => WriteEvent(2, vcpu, intid, level);

    /// <summary>The background timer of a blocked vCPU was armed.</summary>
    /// <param name="vcpu">The vCPU.</param>
    /// <param name="deadline">The physical count it fires at (saturated to 64 bits).</param>
    [Event(3, Level = EventLevel.Verbose)]
    public void BackgroundArmed(int vcpu, ulong deadline) => WriteEvent(3, vcpu, deadline);

    /// <summary>The background timer expired (<c>kvm_bg_timer_expire</c>); early expiries re-arm.</summary>
    /// <param name="vcpu">The vCPU.</param>
    /// <param name="early">True when it fired before any timer was due and was re-armed.</param>
    [Event(4, Level = EventLevel.Verbose)]
    public void BackgroundExpired(int vcpu, bool early) => WriteEvent(4, vcpu, early);

    /// <summary>A blocked vCPU was woken.</summary>
    /// <param name="vcpu">The vCPU.</param>
    [Event(5, Level = EventLevel.Informational)]
    public void Wake(int vcpu) => WriteEvent(5, vcpu);
}

/// <summary>
/// Counters under the meter "SysregGen.Timers", for dotnet-counters or OpenTelemetry. Measurements
/// are recorded only while an instrument has a listener; an application that turns metrics off (the
/// MSBuild property MetricsSupport) pays nothing for them.
/// </summary>
public static class TimerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "SysregGen.Timers";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Guest timer-register accesses that trapped to the hypervisor and were emulated.</summary>
    public static readonly Counter<long> Traps = s_meter.CreateCounter<long>("sysreggen.timer.traps", description: "Trapped timer-register accesses emulated");

    /// <summary>Timer line changes reported to the interrupt controller.</summary>
    public static readonly Counter<long> LevelChanges = s_meter.CreateCounter<long>("sysreggen.timer.level_changes", description: "Timer line level changes");

    /// <summary>Blocked vCPUs woken by their background timer.</summary>
    public static readonly Counter<long> Wakeups = s_meter.CreateCounter<long>("sysreggen.timer.wakeups", description: "vCPUs woken by a timer");
}
