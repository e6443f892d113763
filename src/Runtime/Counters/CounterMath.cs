using System;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// Exact conversions between counter cycles and time. KVM's <c>cyc2ns</c> multiplies in 64 bits and
/// can overflow for a compare value far in the future (a known source of short hrtimers); these use
/// 128-bit arithmetic and saturate instead.
/// </summary>
public static class CounterMath
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Nanoseconds for a number of cycles at <paramref name="frequency"/> Hz, rounded down.</summary>
    /// <param name="cycles">The cycles.</param>
    /// <param name="frequency">The counter frequency in Hz.</param>
    /// <returns>The duration in nanoseconds; exact for any 64-bit cycle count.</returns>
    public static UInt128 CyclesToNanoseconds(ulong cycles, ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        return (UInt128)cycles * NanosecondsPerSecond / frequency;
    }

    /// <summary>Cycles elapsed in <paramref name="nanoseconds"/>, rounded down.</summary>
    /// <param name="nanoseconds">The duration.</param>
    /// <param name="frequency">The counter frequency in Hz.</param>
    /// <returns>The cycles.</returns>
    public static UInt128 NanosecondsToCycles(UInt128 nanoseconds, ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        return nanoseconds * frequency / NanosecondsPerSecond;
    }

    /// <summary>Cycles elapsed in <paramref name="ticks"/> of a clock running at <paramref name="tickFrequency"/>, rounded down.</summary>
    /// <param name="ticks">The elapsed clock ticks.</param>
    /// <param name="tickFrequency">The clock's frequency in Hz.</param>
    /// <param name="frequency">The counter frequency in Hz.</param>
    /// <returns>The cycles, saturated to 64 bits.</returns>
    public static ulong TicksToCycles(ulong ticks, ulong tickFrequency, ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tickFrequency);
        UInt128 cycles = (UInt128)ticks * frequency / tickFrequency;
        return cycles > ulong.MaxValue ? ulong.MaxValue : (ulong)cycles;
    }

    /// <summary>The shortest <see cref="TimeSpan"/> that covers <paramref name="cycles"/>, rounded up to a whole tick, saturated at <paramref name="max"/>.</summary>
    /// <param name="cycles">The cycles to wait.</param>
    /// <param name="frequency">The counter frequency in Hz.</param>
    /// <param name="max">The longest wait to return.</param>
    /// <returns>The wait.</returns>
    public static TimeSpan CyclesToTimeSpanCeiling(UInt128 cycles, ulong frequency, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        UInt128 scaled = cycles * (ulong)TimeSpan.TicksPerSecond;
        UInt128 ticks = (scaled + frequency - 1) / frequency;
        return ticks >= (UInt128)max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
