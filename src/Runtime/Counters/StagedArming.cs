using System;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// A confined <see cref="ManualCounter"/>'s arms and cancels, staged. The trap path arms or cancels
/// a host timer on every timer write, often several times between two advances (a guest programs
/// TVAL, then enables the timer; a WFI cancels it), so the counter only records the latest request
/// of each timer, with plain stores, and applies the requests to its wheel when anything looks at the
/// wheel: an advance, the next deadline, the number or the deadline of armed timers. Time moves only
/// in an advance, so no timer can come due while its request waits: each still fires exactly at its
/// deadline. Requests are applied in the order of each timer's last one, so timers of equal deadline
/// keep the order of their last arming, as if each had gone to the wheel at once.
/// </summary>
internal sealed class StagedArming
{
    private Entry[] _entries = new Entry[16];
    private int _count;
    private long _order;

    /// <summary>Stages an arming; it replaces any earlier request of the timer.</summary>
    public void Arm(WheelTimer timer, UInt128 deadline)
    {
        timer.StagedDue = deadline;
        timer.Staged = Staging.Armed;

        // Each arming is queued again, behind every request before it; the timer's earlier
        // entries are skipped when applied, so its last arming decides its place among ties. A
        // timer whose request is already the last one (the guest re-programs the timer it just
        // programmed or cancelled) is already behind every other, and keeps its entry (the last
        // entry is always its timer's latest: nothing is queued after it).
        if (_count == 0 || _entries[_count - 1].Timer != timer)
        {
            Append(timer);
        }
    }

    /// <summary>Stages a cancel; it replaces any earlier request of the timer.</summary>
    public void Cancel(WheelTimer timer)
    {
        if (timer.Staged == Staging.None)
        {
            if (timer.Where == WheelTimer.Unarmed)
            {
                return;
            }

            Append(timer);
        }

        // A cancel's place in the queue does not matter: the timer leaves the wheel.
        timer.Staged = Staging.Cancelled;
    }

    /// <summary>Applies every staged request to the wheel, in order, and forgets them.</summary>
    public void ApplyTo(TimerWheel wheel)
    {
        for (int i = 0; i < _count; i++)
        {
            ref Entry entry = ref _entries[i];
            WheelTimer timer = entry.Timer!;
            long order = entry.Order;
            entry.Timer = null;
            if (order != timer.StagedOrder)
            {
                continue;   // requested again later in the queue
            }

            if (timer.Where != WheelTimer.Unarmed)
            {
                wheel.Remove(timer);
            }

            if (timer.Staged == Staging.Armed)
            {
                wheel.Add(timer, timer.StagedDue);
            }

            timer.Staged = Staging.None;
        }

        _count = 0;
    }

    private void Append(WheelTimer timer)
    {
        if (_count == _entries.Length)
        {
            MakeRoom();
        }

        timer.StagedOrder = ++_order;
        _entries[_count++] = new Entry(timer, _order);
    }

    /// <summary>Drops the entries a later request of their timer replaced (a timer re-armed many times between two advances); grows only when at least half are current.</summary>
    private void MakeRoom()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            Entry entry = _entries[i];
            if (entry.Order == entry.Timer!.StagedOrder)
            {
                _entries[kept++] = entry;
            }
        }

        Array.Clear(_entries, kept, _count - kept);
        _count = kept;
        if (_count * 2 > _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
    }

    private struct Entry(WheelTimer timer, long order)
    {
        public WheelTimer? Timer = timer;

        public readonly long Order = order;
    }
}

/// <summary>A timer's request waiting in a confined counter's <see cref="StagedArming"/>.</summary>
internal enum Staging : byte
{
    /// <summary>None: the wheel says whether and when the timer is armed.</summary>
    None,

    /// <summary>Armed for <see cref="WheelTimer.StagedDue"/>.</summary>
    Armed,

    /// <summary>Cancelled.</summary>
    Cancelled,
}
