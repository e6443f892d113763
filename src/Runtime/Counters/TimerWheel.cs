using System;
using System.Numerics;
using System.Threading;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// The armed timers of a <see cref="ManualCounter"/>: a hierarchical timer wheel keyed by absolute
/// count, with exact deadlines. Not thread-safe: a shared counter's lock guards it, a confined
/// counter's thread owns it.
/// </summary>
/// <remarks>
/// <para>Eleven levels of 64 slots cover the 64-bit count, 6 bits a level. A timer due at d sits at
/// the level of the highest 6-bit group in which d differs from the wheel's base (a count no later
/// than any timer in the wheel), in the slot of d's group there. So a level's timers all share the
/// base's groups above it, every timer of a level is due before every timer of the next level up,
/// and within a level the slots are in deadline order: the earliest timer is in the lowest occupied
/// slot of the lowest occupied level, which two bit scans find (an occupancy bitmap per level, and
/// one of the occupied levels). A level-0 slot holds one deadline. A higher slot is cascaded when
/// the base reaches it: its timers move down a level or more, each timer at most ten times in its
/// life, and time jumps straight to the next occupied slot, never walking empty ones.</para>
/// <para>Each slot is an intrusive circular doubly linked list, appended at the tail, so timers of
/// equal deadline (always in one slot) stay in the order they were armed, through cascades too.
/// Timers due by the base (armed for a count already passed, or cascaded down to it) wait in the due
/// list, sorted by deadline then arming. Deadlines past 2^64 - 1 never arrive and wait in the far
/// list.</para>
/// </remarks>
internal sealed class TimerWheel
{
    /// <summary>The list of timers due by the base, in firing order.</summary>
    public const int DueList = Levels * Slots;

    /// <summary>The list of timers due past 2^64 - 1, unordered.</summary>
    public const int FarList = DueList + 1;

    private const int Bits = 6;
    private const int Slots = 1 << Bits;
    private const int Levels = (64 + Bits - 1) / Bits;

    private readonly WheelTimer?[] _lists = new WheelTimer?[FarList + 1];
    private readonly ulong[] _occupied = new ulong[Levels];
    private int _occupiedLevels;
    private ulong _base;

    public TimerWheel(ulong start) => _base = start;

    public int Count { get; private set; }

    public void Add(WheelTimer timer, UInt128 due)
    {
        timer.Due = due;
        if (due > ulong.MaxValue)
        {
            Append(timer, FarList);
        }
        else if ((ulong)due <= _base)
        {
            InsertDue(timer);
        }
        else
        {
            Place(timer, (ulong)due);
        }

        Count++;
    }

    public void Remove(WheelTimer timer)
    {
        int list = timer.Where;
        if (timer.Next == timer)
        {
            _lists[list] = null;
            if (list < DueList)
            {
                int level = list >> Bits;
                if ((_occupied[level] &= ~(1UL << (list & (Slots - 1)))) == 0)
                {
                    _occupiedLevels &= ~(1 << level);
                }
            }
        }
        else
        {
            timer.Prev!.Next = timer.Next;
            timer.Next!.Prev = timer.Prev;
            if (_lists[list] == timer)
            {
                _lists[list] = timer.Next;
            }
        }

        timer.Next = timer.Prev = null;
        Volatile.Write(ref timer.Where, WheelTimer.Unarmed);
        Count--;
    }

    /// <summary>Takes the first timer due by <paramref name="limit"/> off the wheel; if none is, moves the base to the limit.</summary>
    public WheelTimer? TakeDue(ulong limit)
    {
        while (true)
        {
            if (_lists[DueList] is { } first)
            {
                // Every timer in the wheel is due after the base, so after every due-list timer.
                if (first.Due > limit)
                {
                    return null;
                }

                Remove(first);
                return first;
            }

            if (_occupiedLevels == 0)
            {
                MoveBase(limit);
                return null;
            }

            int level = BitOperations.TrailingZeroCount(_occupiedLevels);
            int index = BitOperations.TrailingZeroCount(_occupied[level]);
            ulong start = SlotStart(level, index);
            if (start > limit)
            {
                MoveBase(limit);
                return null;
            }

            _base = start;
            Cascade(level, index);
        }
    }

    /// <summary>The earliest deadline, or null. Cascades toward it (the base moves, the counter's time does not).</summary>
    public UInt128? Earliest()
    {
        while (true)
        {
            if (_lists[DueList] is { } first)
            {
                return first.Due;
            }

            if (_occupiedLevels == 0)
            {
                return EarliestFar();
            }

            int level = BitOperations.TrailingZeroCount(_occupiedLevels);
            int index = BitOperations.TrailingZeroCount(_occupied[level]);
            ulong start = SlotStart(level, index);
            if (level == 0)
            {
                return start;
            }

            _base = start;
            Cascade(level, index);
        }
    }

    /// <summary>Moves the base to <paramref name="count"/>, before every timer in the wheel.</summary>
    private void MoveBase(ulong count)
    {
        if (count <= _base)
        {
            return;
        }

        // Only the slot the new base falls in, at the level where it leaves the old one, changes
        // place: its timers now share that group with the base. Lower levels are empty, since
        // their timers would be due before the count.
        int level = LevelOf(count);
        int index = (int)(count >> (Bits * level)) & (Slots - 1);
        _base = count;
        if ((_occupied[level] & (1UL << index)) != 0)
        {
            Cascade(level, index);
        }
    }

    /// <summary>Re-places a slot's timers against the base, which has reached the slot, keeping their order.</summary>
    private void Cascade(int level, int index)
    {
        int list = (level << Bits) | index;
        WheelTimer head = _lists[list]!;
        _lists[list] = null;
        if ((_occupied[level] &= ~(1UL << index)) == 0)
        {
            _occupiedLevels &= ~(1 << level);
        }

        WheelTimer timer = head;
        bool last;
        do
        {
            WheelTimer next = timer.Next!;
            last = next == head;
            ulong due = (ulong)timer.Due;
            if (due == _base)
            {
                // The due list is empty here (it is drained before the base moves), so appending keeps its order.
                Append(timer, DueList);
            }
            else
            {
                Place(timer, due);
            }

            timer = next;
        }
        while (!last);
    }

    private void Place(WheelTimer timer, ulong due)
    {
        int level = LevelOf(due);
        int index = (int)(due >> (Bits * level)) & (Slots - 1);
        Append(timer, (level << Bits) | index);
        _occupied[level] |= 1UL << index;
        _occupiedLevels |= 1 << level;
    }

    /// <summary>The level of the highest 6-bit group in which <paramref name="due"/> differs from the base.</summary>
    private int LevelOf(ulong due) => (63 - BitOperations.LeadingZeroCount(due ^ _base)) / Bits;

    /// <summary>The first count of a slot: the base's groups above the level, then the slot's index.</summary>
    private ulong SlotStart(int level, int index)
    {
        int shift = Bits * level;
        ulong above = level == Levels - 1 ? 0 : _base >> (shift + Bits) << (shift + Bits);
        return above | ((ulong)index << shift);
    }

    private void Append(WheelTimer timer, int list)
    {
        if (_lists[list] is { } head)
        {
            WheelTimer tail = head.Prev!;
            tail.Next = timer;
            timer.Prev = tail;
            timer.Next = head;
            head.Prev = timer;
        }
        else
        {
            timer.Next = timer.Prev = timer;
            _lists[list] = timer;
        }

        Volatile.Write(ref timer.Where, list);
    }

    /// <summary>
    /// A deadline the base has passed: into the due list after every timer due no later, so ties
    /// keep the arming order. Rare (a count already passed, or armed between a
    /// <see cref="Earliest"/> and the advance), and the list short, so the walk from the tail is cheap.
    /// </summary>
    private void InsertDue(WheelTimer timer)
    {
        WheelTimer? head = _lists[DueList];
        if (head is null || head.Prev!.Due <= timer.Due)
        {
            Append(timer, DueList);
            return;
        }

        WheelTimer after = head.Prev!;
        while (after != head && after.Due > timer.Due)
        {
            after = after.Prev!;
        }

        if (after.Due > timer.Due)
        {
            // Before every timer: the new head.
            Append(timer, DueList);
            _lists[DueList] = timer;
            return;
        }

        timer.Prev = after;
        timer.Next = after.Next;
        after.Next!.Prev = timer;
        after.Next = timer;
        Volatile.Write(ref timer.Where, DueList);
    }

    private UInt128? EarliestFar()
    {
        if (_lists[FarList] is not { } head)
        {
            return null;
        }

        UInt128 earliest = head.Due;
        for (WheelTimer timer = head.Next!; timer != head; timer = timer.Next!)
        {
            earliest = timer.Due < earliest ? timer.Due : earliest;
        }

        return earliest;
    }
}
