using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SysregGen.Simulation.Workloads;

/// <summary>Running a VM split into shards on several threads, in step.</summary>
public sealed partial class TicklessVm
{
    /// <summary>
    /// Runs the shards of one VM (<see cref="TicklessVm(int, ulong, Runtime.Timers.VmTimersOptions, Runtime.Interrupts.IVirtualInterruptController, IGuestObserver, ulong, ulong, int, int)"/>),
    /// each with its own counter, on threads of their own, through the same windows of
    /// <paramref name="window"/> cycles until <paramref name="end"/>; after each window, once every
    /// shard has reached its end, <paramref name="afterWindow"/> runs on the calling thread, so it
    /// can merge what the shards report. A window holds every event of each count in it: a count's
    /// expiries and the guests' runs at that count are never split between windows.
    /// </summary>
    /// <param name="shards">The shards, whose counters are at the same count.</param>
    /// <param name="end">The physical count to stop at.</param>
    /// <param name="window">The cycles of a window, at least 1.</param>
    /// <param name="afterWindow">Called with the count each window ends at.</param>
    public static void RunInStep(IReadOnlyList<TicklessVm> shards, ulong end, ulong window, Action<ulong> afterWindow)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(afterWindow);
        ArgumentOutOfRangeException.ThrowIfZero(window);
        var options = new ParallelOptions { MaxDegreeOfParallelism = shards.Count };
        ulong now = shards[0].Counter.Now;
        do
        {
            now = now < end && end - now > window ? now + window : Math.Max(end, now);
            ulong until = now;
            if (shards.Count == 1)
            {
                shards[0].RunUntil(until);
            }
            else
            {
                Parallel.For(0, shards.Count, options, s => shards[s].RunUntil(until));
            }

            afterWindow(until);
        }
        while (now < end);
    }
}
