using System;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// The system counter the generic timers count against (the host's CNTPCT), and the host timers the
/// hypervisor arms on it. KVM uses the hardware counter and hrtimers; this model injects both, so a
/// test or a simulation can own time (<see cref="ManualCounter"/>) and a live emulator can follow the
/// wall clock (<see cref="TimeProviderCounter"/>).
/// </summary>
public abstract class SystemCounter
{
    /// <summary>The counter frequency in Hz: the value guests read from CNTFRQ_EL0.</summary>
    public abstract ulong Frequency { get; }

    /// <summary>The current physical count.</summary>
    public abstract ulong Now { get; }

    /// <summary>Creates a host timer that calls <paramref name="callback"/> when the counter reaches its deadline.</summary>
    /// <param name="callback">Runs on the thread that observes expiry (the thread advancing a manual counter, or a thread-pool thread).</param>
    /// <returns>An unarmed timer.</returns>
    public abstract HostTimer CreateTimer(Action callback);

    /// <summary>A host timer whose expiry calls <paramref name="target"/>: the runtime's own timers, which are their own targets.</summary>
    /// <param name="target">What the expiry calls.</param>
    /// <returns>An unarmed host timer.</returns>
    internal virtual HostTimer CreateTimer(IHostTimerTarget target) => CreateTimer(target.OnHostTimerExpired);
}

/// <summary>
/// A one-shot host timer armed at an absolute counter value (KVM's hrtimer, in counter cycles
/// rather than nanoseconds, so a far-future compare value never overflows a conversion).
/// </summary>
public abstract class HostTimer : IDisposable
{
    /// <summary>The count at which the timer fires, or null when it is not armed. It may exceed 2^64 - 1:
    /// a deadline past the counter's range, which never arrives.</summary>
    public abstract UInt128? Deadline { get; }

    /// <summary>Arms (or re-arms) the timer; an earlier arming is forgotten.</summary>
    /// <param name="deadline">The absolute physical count to fire at.</param>
    public abstract void Arm(UInt128 deadline);

    /// <summary>Disarms the timer. A callback already running may still complete.</summary>
    public abstract void Cancel();

    /// <summary>
    /// <see cref="Arm(UInt128)"/> from a caller that knows which managed thread it runs on (the owner of a
    /// loaded vCPU, which checked that already): a confined counter then need not read the thread
    /// again, a thread-local read that costs as much as the arming itself.
    /// </summary>
    internal virtual void Arm(UInt128 deadline, int currentThread) => Arm(deadline);

    /// <summary><see cref="Cancel()"/> from a caller that knows which managed thread it runs on (see <see cref="Arm(UInt128, int)"/>).</summary>
    internal virtual void Cancel(int currentThread) => Cancel();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the timer.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Cancel();
        }
    }
}
