using System;
using System.Threading;

using SysregGen.Runtime.Counters;

namespace SysregGen.Benchmarks.Counters;

/// <summary>
/// The baseline for the timer wheel: <see cref="ManualCounter"/> as it was before issue 12, with its
/// armed timers in an intrusive binary heap (O(log n) arm, cancel and fire), kept here only so the
/// benchmarks measure the wheel against it in the same run. Every run is reproducible. <see cref="AdvanceTo"/> fires the host timers that fall due, in deadline
/// order (ties in the order they were armed), with <see cref="Now"/> at each timer's deadline while
/// its callback runs.
/// </summary>
/// <remarks>
/// Thread-safe: timers may be armed and cancelled from any thread while another advances the
/// counter. Callbacks run on the advancing thread, outside the counter's lock, so a callback may
/// arm timers. The armed timers form an intrusive binary heap: each timer knows its slot, so arming
/// moves it in place and cancelling removes it, in O(log n), with no allocation and no stale entry
/// left behind (the trap path arms and cancels on every timer write).
/// </remarks>
public sealed class HeapCounter : SystemCounter
{
    private readonly Lock _lock = new();
    private readonly ulong _frequency;
    private Timer[] _heap = new Timer[16];
    private int _count;
    private long _sequence;
    private ulong _now;

    /// <summary>Creates a counter at <paramref name="start"/>.</summary>
    /// <param name="frequency">CNTFRQ in Hz; the traces use 62.5 MHz, QEMU's default is 1 GHz.</param>
    /// <param name="start">The initial count.</param>
    public HeapCounter(ulong frequency = 62_500_000, ulong start = 0)
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
                return _count;
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
                return _count == 0 ? null : _heap[0].Due;
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
                if (_count == 0 || _heap[0].Due > count)
                {
                    if (count > _now)
                    {
                        Volatile.Write(ref _now, count);
                    }

                    return;
                }

                timer = _heap[0];
                RemoveAt(0);
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

    private void Arm(Timer timer, UInt128 deadline)
    {
        lock (_lock)
        {
            timer.Due = deadline;
            timer.Sequence = _sequence++;
            if (timer.Slot < 0)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, _count * 2);
                }

                Place(timer, _count++);
                SiftUp(timer.Slot);
            }
            else
            {
                // Re-arming moves the timer in place: up for an earlier deadline, down for a later one.
                SiftUp(timer.Slot);
                SiftDown(timer.Slot);
            }
        }
    }

    private void Cancel(Timer timer)
    {
        // Most cancels find the timer unarmed; they need not take the lock to learn that.
        if (Volatile.Read(ref timer.Slot) < 0)
        {
            return;
        }

        lock (_lock)
        {
            if (timer.Slot >= 0)
            {
                RemoveAt(timer.Slot);
            }
        }
    }

    private void RemoveAt(int slot)
    {
        _heap[slot].Slot = -1;
        int last = --_count;
        Timer moved = _heap[last];
        _heap[last] = null!;
        if (slot != last)
        {
            Place(moved, slot);
            SiftUp(slot);
            if (moved.Slot == slot)
            {
                SiftDown(slot);
            }
        }
    }

    private void SiftUp(int slot)
    {
        Timer timer = _heap[slot];
        while (slot > 0)
        {
            int parent = (slot - 1) >> 1;
            if (!Before(timer, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], slot);
            slot = parent;
        }

        Place(timer, slot);
    }

    private void SiftDown(int slot)
    {
        Timer timer = _heap[slot];
        while (true)
        {
            int child = (2 * slot) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Before(_heap[child], timer))
            {
                break;
            }

            Place(_heap[child], slot);
            slot = child;
        }

        Place(timer, slot);
    }

    private void Place(Timer timer, int slot)
    {
        _heap[slot] = timer;
        Volatile.Write(ref timer.Slot, slot);
    }

    /// <summary>Deadline order; ties in the order the timers were armed.</summary>
    private static bool Before(Timer a, Timer b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    private sealed class Timer(HeapCounter counter, Action callback) : HostTimer
    {
        /// <summary>The timer's index in the heap, or -1 when it is not armed; written under the counter's lock.</summary>
        public int Slot = -1;

        public UInt128 Due;

        public long Sequence;

        public Action Callback { get; } = callback;

        public override UInt128? Deadline
        {
            get
            {
                lock (counter._lock)
                {
                    return Slot < 0 ? null : Due;
                }
            }
        }

        public override void Arm(UInt128 deadline) => counter.Arm(this, deadline);

        public override void Cancel() => counter.Cancel(this);
    }
}
