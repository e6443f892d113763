using System;
using System.Threading;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// A system counter that moves only when told to, for tests, trace replay and simulations: every
/// run is reproducible. <see cref="AdvanceTo"/> fires the host timers that fall due, in deadline
/// order (ties in the order they were armed), with <see cref="Now"/> at each timer's deadline while
/// its callback runs.
/// </summary>
/// <remarks>
/// Thread-safe: timers may be armed and cancelled from any thread while another advances the
/// counter. Callbacks run on the advancing thread, outside the counter's lock, so a callback may
/// arm timers. The armed timers sit in a hierarchical timer wheel keyed by absolute count
/// (<see cref="TimerWheel"/>): arming, re-arming and cancelling are O(1) and allocate nothing (the
/// trap path arms and cancels on every timer write), firing is O(1) amortised, and a long advance
/// jumps from one occupied slot to the next.
/// </remarks>
public sealed class ManualCounter : SystemCounter
{
    private readonly Lock _lock = new();
    private readonly ulong _frequency;
    private readonly TimerWheel _wheel;
    private ulong _now;

    /// <summary>Creates a counter at <paramref name="start"/>.</summary>
    /// <param name="frequency">CNTFRQ in Hz; the traces use 62.5 MHz, QEMU's default is 1 GHz.</param>
    /// <param name="start">The initial count.</param>
    public ManualCounter(ulong frequency = 62_500_000, ulong start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        _frequency = frequency;
        _now = start;
        _wheel = new TimerWheel(start);
    }

    /// <inheritdoc/>
    public override ulong Frequency => _frequency;

    /// <inheritdoc/>
    public override ulong Now => Volatile.Read(ref _now);

    /// <summary>The number of armed timers.</summary>
    public int ArmedCount
    {
        get
        {
            lock (_lock)
            {
                return _wheel.Count;
            }
        }
    }

    /// <summary>The earliest armed deadline, or null when no timer is armed.</summary>
    public UInt128? NextDeadline
    {
        get
        {
            lock (_lock)
            {
                return _wheel.Earliest();
            }
        }
    }

    /// <inheritdoc/>
    public override HostTimer CreateTimer(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new WheelTimer(this, callback);
    }

    /// <summary>Moves the counter by <paramref name="cycles"/>, firing due timers.</summary>
    /// <param name="cycles">How far to move.</param>
    /// <exception cref="OverflowException">The counter would pass 2^64 - 1.</exception>
    public void Advance(ulong cycles) => AdvanceTo(checked(Now + cycles));

    /// <summary>Moves the counter to <paramref name="count"/>, firing every timer due by then in deadline order.</summary>
    /// <param name="count">The new count; not below the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below <see cref="Now"/>: the counter never goes backwards.</exception>
    public void AdvanceTo(ulong count)
    {
        ulong now = Now;
        if (count < now)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The system counter never goes backwards; it is at {now}.");
        }

        while (true)
        {
            WheelTimer? timer;
            lock (_lock)
            {
                timer = _wheel.TakeDue(count);
                if (timer is null)
                {
                    if (count > _now)
                    {
                        Volatile.Write(ref _now, count);
                    }

                    return;
                }

                // A timer armed for a count already passed fires at once, without moving time back.
                if ((ulong)timer.Due > _now)
                {
                    Volatile.Write(ref _now, (ulong)timer.Due);
                }
            }

            timer.Callback();
        }
    }

    /// <summary>Moves the counter to the next armed deadline (if it is within the counter's range) and fires what is due there.</summary>
    /// <returns>Whether a deadline was reached.</returns>
    public bool AdvanceToNextDeadline()
    {
        UInt128? next = NextDeadline;
        if (next is not UInt128 deadline || deadline > ulong.MaxValue)
        {
            return false;
        }

        AdvanceTo(Math.Max((ulong)deadline, Now));
        return true;
    }

    internal void Arm(WheelTimer timer, UInt128 deadline)
    {
        lock (_lock)
        {
            // Re-arming forgets the earlier arming: the timer goes to the back of its new deadline's ties.
            if (timer.Where != WheelTimer.Unarmed)
            {
                _wheel.Remove(timer);
            }

            _wheel.Add(timer, deadline);
        }
    }

    internal void Cancel(WheelTimer timer)
    {
        // Most cancels find the timer unarmed; they need not take the lock to learn that.
        if (!timer.IsArmed)
        {
            return;
        }

        lock (_lock)
        {
            if (timer.Where != WheelTimer.Unarmed)
            {
                _wheel.Remove(timer);
            }
        }
    }

    internal UInt128? DeadlineOf(WheelTimer timer)
    {
        lock (_lock)
        {
            return timer.Where == WheelTimer.Unarmed ? null : timer.Due;
        }
    }
}
