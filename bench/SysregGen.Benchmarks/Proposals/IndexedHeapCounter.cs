using SysregGen.Runtime.Counters;

namespace SysregGen.Benchmarks.Proposals;

/// <summary>
/// A prototype of the proposed replacement for <see cref="ManualCounter"/>'s timer queue, to measure
/// what it would change; the runtime is not modified. Same contract (due timers fire in deadline
/// order, ties in arming order, with <see cref="Now"/> at the deadline; callbacks run outside the
/// lock), different structure: an intrusive binary heap of the timers themselves, each knowing its
/// slot, so arming moves the timer in place, cancelling removes it, nothing is allocated and no
/// stale entry is left behind to skip or compact. Cancelling a timer that is not armed (most
/// cancels on the hot path) returns before taking the lock.
/// </summary>
internal sealed class IndexedHeapCounter : SystemCounter
{
    private readonly Lock _lock = new();
    private readonly ulong _frequency;
    private Timer[] _heap = new Timer[16];
    private int _count;
    private long _sequence;
    private ulong _now;

    public IndexedHeapCounter(ulong frequency = 62_500_000, ulong start = 0)
    {
        _frequency = frequency;
        _now = start;
    }

    public override ulong Frequency => _frequency;

    public override ulong Now => Volatile.Read(ref _now);

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

    public override HostTimer CreateTimer(Action callback) => new Timer(this, callback);

    public void AdvanceTo(ulong count)
    {
        if (count < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The counter never goes backwards.");
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
                // A later deadline or a later sequence only ever moves it down; an earlier deadline up.
                SiftUp(timer.Slot);
                SiftDown(timer.Slot);
            }
        }
    }

    private void Cancel(Timer timer)
    {
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
        Timer removed = _heap[slot];
        removed.Slot = -1;
        int last = --_count;
        if (slot != last)
        {
            Timer moved = _heap[last];
            _heap[last] = null!;
            Place(moved, slot);
            SiftUp(slot);
            if (moved.Slot == slot)
            {
                SiftDown(slot);
            }
        }
        else
        {
            _heap[last] = null!;
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
        timer.Slot = slot;
    }

    private static bool Before(Timer a, Timer b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    private sealed class Timer(IndexedHeapCounter counter, Action callback) : HostTimer
    {
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
