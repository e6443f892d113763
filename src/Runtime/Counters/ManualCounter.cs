using System;
using System.Collections.Generic;
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
/// arm timers. Armed timers sit in a binary heap: arming and expiry cost O(log n) in the number of
/// armed timers, which keeps a simulation of many vCPUs cheap.
/// </remarks>
public sealed class ManualCounter : SystemCounter
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<Entry, (UInt128 Deadline, long Sequence)> _armed = new();
    private readonly ulong _frequency;
    private ulong _now;
    private long _sequence;
    private int _live;

    /// <summary>Creates a counter at <paramref name="start"/>.</summary>
    /// <param name="frequency">CNTFRQ in Hz; the traces use 62.5 MHz, QEMU's default is 1 GHz.</param>
    /// <param name="start">The initial count.</param>
    public ManualCounter(ulong frequency = 62_500_000, ulong start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        _frequency = frequency;
        _now = start;
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
                return _live;
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
                return PeekLive(out Entry? entry, out UInt128 deadline) ? deadline : null;
            }
        }
    }

    /// <inheritdoc/>
    public override HostTimer CreateTimer(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new Timer(this, callback);
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
            Timer timer;
            lock (_lock)
            {
                if (!PeekLive(out Entry? entry, out UInt128 deadline) || deadline > count)
                {
                    break;
                }

                _armed.Dequeue();
                timer = entry!.Timer;
                timer.ArmedEntry = null;
                _live--;
                if ((ulong)deadline > _now)
                {
                    Volatile.Write(ref _now, (ulong)deadline);
                }
            }

            timer.Callback();
        }

        lock (_lock)
        {
            if (count > _now)
            {
                Volatile.Write(ref _now, count);
            }
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

    private bool PeekLive(out Entry? entry, out UInt128 deadline)
    {
        // Cancelled and re-armed timers leave stale entries behind; they are dropped here.
        while (_armed.TryPeek(out entry, out (UInt128 Deadline, long Sequence) key))
        {
            if (entry.Timer.ArmedEntry == entry)
            {
                deadline = key.Deadline;
                return true;
            }

            _armed.Dequeue();
        }

        deadline = default;
        return false;
    }

    private void Arm(Timer timer, UInt128 deadline)
    {
        lock (_lock)
        {
            if (timer.ArmedEntry is null)
            {
                _live++;
            }

            var entry = new Entry(timer, deadline);
            timer.ArmedEntry = entry;
            _armed.Enqueue(entry, (deadline, _sequence++));
            if (_armed.Count > 64 && _armed.Count > 4 * _live)
            {
                Compact();
            }
        }
    }

    private void Cancel(Timer timer)
    {
        lock (_lock)
        {
            if (timer.ArmedEntry is not null)
            {
                timer.ArmedEntry = null;
                _live--;
            }
        }
    }

    private void Compact()
    {
        var live = new List<(Entry, (UInt128, long))>(_live);
        while (_armed.TryDequeue(out Entry? entry, out (UInt128, long) key))
        {
            if (entry.Timer.ArmedEntry == entry)
            {
                live.Add((entry, key));
            }
        }

        _armed.EnqueueRange(live);
    }

    private sealed class Entry(Timer timer, UInt128 deadline)
    {
        public Timer Timer { get; } = timer;

        public UInt128 Deadline { get; } = deadline;
    }

    private sealed class Timer(ManualCounter counter, Action callback) : HostTimer
    {
        public Action Callback { get; } = callback;

        /// <summary>The heap entry that is current for this timer; guarded by the counter's lock.</summary>
        public Entry? ArmedEntry { get; set; }

        public override UInt128? Deadline
        {
            get
            {
                lock (counter._lock)
                {
                    return ArmedEntry?.Deadline;
                }
            }
        }

        public override void Arm(UInt128 deadline) => counter.Arm(this, deadline);

        public override void Cancel() => counter.Cancel(this);
    }
}
