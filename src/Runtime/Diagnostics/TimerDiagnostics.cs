using System;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace SysregGen.Runtime.Diagnostics;

/// <summary>
/// Whether anybody listens, as the runtime's call sites ask it: <see cref="TimerEventSource"/> enabled,
/// or a <see cref="TimerMetrics"/> instrument. Each answer also honours .NET's own feature switches,
/// <c>System.Diagnostics.Tracing.EventSource.IsSupported</c> and <c>System.Diagnostics.Metrics.Meter.IsSupported</c>
/// (the MSBuild properties <c>EventSourceSupport</c> and <c>MetricsSupport</c>, off by default under
/// Native AOT). With a switch off nothing can listen anyway, so the answer is the same; but the switch
/// is read once into a static readonly field, which the optimizing JIT treats as a constant, so the
/// checks, and the code that keeps their arguments alive, leave the trap path altogether.
/// </summary>
internal static class TimerDiagnostics
{
    /// <summary>The runtime-configuration name of .NET's switch for event sources (MSBuild: EventSourceSupport).</summary>
    public const string EventSourceSwitch = "System.Diagnostics.Tracing.EventSource.IsSupported";

    /// <summary>The runtime-configuration name of .NET's switch for metrics (MSBuild: MetricsSupport).</summary>
    public const string MeterSwitch = "System.Diagnostics.Metrics.Meter.IsSupported";

    private static readonly bool s_eventsSupported = IsSupported(EventSourceSwitch);

    private static readonly bool s_metricsSupported = IsSupported(MeterSwitch);

    /// <summary>Whether <see cref="TimerEventSource.Log"/> has a listener.</summary>
    public static bool Events
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_eventsSupported && TimerEventSource.Log.IsEnabled();
    }

    /// <summary>Whether <paramref name="instrument"/> has a listener.</summary>
    /// <param name="instrument">One of <see cref="TimerMetrics"/>' instruments.</param>
    /// <returns>Whether to record a measurement.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Measuring(Instrument instrument) => s_metricsSupported && instrument.Enabled;

    /// <summary>A feature switch as .NET reads it: on unless the application's runtime configuration turns it off.</summary>
    private static bool IsSupported(string feature) => !AppContext.TryGetSwitch(feature, out bool supported) || supported;
}
