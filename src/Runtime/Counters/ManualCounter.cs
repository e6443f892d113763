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
/// <see cref="ManualCounterThreading.Shared"/> (the default): timers may be armed and cancelled from
/// any thread while another advances the counter. Callbacks run on the advancing thread, outside the
/// counter's lock, so a callback may arm timers. <see cref="ManualCounterThreading.Confined"/>: one
/// thread at a time uses it, without a lock, and stages arms and cancels until something looks at
/// the timers (<see cref="StagedArming"/>). The armed timers sit in a hierarchical timer wheel
/// keyed by absolute count (<see cref="TimerWheel"/>): arming, re-arming and cancelling are O(1) and allocate nothing (the
/// trap path arms and cancels on every timer write), firing is O(1) amortised, and a long advance
/// jumps from one occupied slot to the next.
/// </remarks>
public sealed class ManualCounter : SystemCounter
{
    /// <summary>The lock of a shared counter; null for a confined one.</summary>
    private readonly Lock? _lock;

    /// <summary>A confined counter's staged arms and cancels; null for a shared one, which applies them at once under its lock.</summary>
    private readonly StagedArming? _staged;
    private readonly ulong _frequency;
    private readonly TimerWheel _wheel;
    private ulong _now;

    /// <summary>The managed thread id of the thread a confined counter belongs to.</summary>
    private volatile int _thread;

    /// <summary>Creates a counter at <paramref name="start"/> that any thread may use (<see cref="ManualCounterThreading.Shared"/>).</summary>
    /// <param name="frequency">CNTFRQ in Hz; the traces use 62.5 MHz, QEMU's default is 1 GHz.</param>
    /// <param name="start">The initial count.</param>
    public ManualCounter(ulong frequency = 62_500_000, ulong start = 0)
        : this(frequency, start, ManualCounterThreading.Shared)
    {
    }

    /// <summary>Creates a counter at <paramref name="start"/>.</summary>
    /// <param name="frequency">CNTFRQ in Hz; the traces use 62.5 MHz, QEMU's default is 1 GHz.</param>
    /// <param name="start">The initial count.</param>
    /// <param name="threading">Which threads may use it; a confined counter belongs to the calling thread.</param>
    public ManualCounter(ulong frequency, ulong start, ManualCounterThreading threading)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        if (threading is not (ManualCounterThreading.Shared or ManualCounterThreading.Confined))
        {
            throw new ArgumentOutOfRangeException(nameof(threading), threading, "A counter is Shared or Confined.");
        }

        _frequency = frequency;
        _now = start;
        _wheel = new TimerWheel(start);
        _lock = threading == ManualCounterThreading.Shared ? new Lock() : null;
        _staged = _lock is null ? new StagedArming() : null;
        _thread = CurrentThread.Id;
    }

    /// <summary>Which threads may use the counter.</summary>
    public ManualCounterThreading Threading => _lock is null ? ManualCounterThreading.Confined : ManualCounterThreading.Shared;

    /// <inheritdoc/>
    public override ulong Frequency => _frequency;

    /// <inheritdoc/>
    public override ulong Now => Volatile.Read(ref _now);

    /// <summary>The number of armed timers.</summary>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    public int ArmedCount
    {
        get
        {
            using (Enter())
            {
                _staged?.ApplyTo(_wheel);
                return _wheel.Count;
            }
        }
    }

    /// <summary>The earliest armed deadline, or null when no timer is armed.</summary>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    public UInt128? NextDeadline
    {
        get
        {
            using (Enter())
            {
                _staged?.ApplyTo(_wheel);
                return _wheel.Earliest();
            }
        }
    }

    /// <inheritdoc/>
    public override HostTimer CreateTimer(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new WheelTimer(this, new CallbackTarget(callback));
    }

    /// <inheritdoc/>
    internal override HostTimer CreateTimer(IHostTimerTarget target) => new WheelTimer(this, target);

    /// <summary>Moves the counter by <paramref name="cycles"/>, firing due timers.</summary>
    /// <param name="cycles">How far to move.</param>
    /// <exception cref="OverflowException">The counter would pass 2^64 - 1.</exception>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    public void Advance(ulong cycles) => AdvanceTo(checked(Now + cycles));

    /// <summary>Moves the counter to <paramref name="count"/>, firing every timer due by then in deadline order.</summary>
    /// <param name="count">The new count; not below the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below <see cref="Now"/>: the counter never goes backwards.</exception>
    /// <exception cref="InvalidOperationException">The counter is confined to another thread.</exception>
    public void AdvanceTo(ulong count)
    {
        ulong now = Now;
        if (count < now)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The system counter never goes backwards; it is at {now}.");
        }

        int thread = CurrentThreadIfConfined;
        while (true)
        {
            WheelTimer? timer;
            using (Enter(thread))
            {
                _staged?.ApplyTo(_wheel);
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

            timer.Target.OnHostTimerExpired();
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

    /// <summary>
    /// Hands a confined counter to the calling thread, which alone may use it from now on (a shard
    /// of a sharded run moving to whichever pool thread runs its next window). The caller orders it
    /// after the previous thread's last use (a join, a task's completion), as for any hand-over of
    /// unsynchronised state. A shared counter belongs to every thread; for it this does nothing.
    /// </summary>
    public void MoveToCurrentThread() => _thread = CurrentThread.Id;

    internal void Arm(WheelTimer timer, UInt128 deadline) => Arm(timer, deadline, CurrentThreadIfConfined);

    /// <summary>Arms a timer for a caller on managed thread <paramref name="currentThread"/> (see <see cref="HostTimer.Arm(UInt128, int)"/>).</summary>
    internal void Arm(WheelTimer timer, UInt128 deadline, int currentThread)
    {
        if (_staged is { } staged)
        {
            CheckThread(currentThread);
            staged.Arm(timer, deadline);
            return;
        }

        lock (_lock!)
        {
            // Re-arming forgets the earlier arming: the timer goes to the back of its new deadline's ties.
            if (timer.Where != WheelTimer.Unarmed)
            {
                _wheel.Remove(timer);
            }

            _wheel.Add(timer, deadline);
        }
    }

    internal void Cancel(WheelTimer timer) => Cancel(timer, CurrentThreadIfConfined);

    /// <summary>Cancels a timer for a caller on managed thread <paramref name="currentThread"/> (see <see cref="HostTimer.Arm(UInt128, int)"/>).</summary>
    internal void Cancel(WheelTimer timer, int currentThread)
    {
        if (_staged is { } staged)
        {
            CheckThread(currentThread);
            staged.Cancel(timer);
            return;
        }

        // Most cancels find the timer unarmed; a shared counter's need not take the lock to learn that.
        if (!timer.IsArmed)
        {
            return;
        }

        lock (_lock!)
        {
            if (timer.Where != WheelTimer.Unarmed)
            {
                _wheel.Remove(timer);
            }
        }
    }

    internal UInt128? DeadlineOf(WheelTimer timer)
    {
        using (Enter())
        {
            _staged?.ApplyTo(_wheel);
            return timer.Where == WheelTimer.Unarmed ? null : timer.Due;
        }
    }

    /// <summary>The calling thread's managed id for a confined counter's check; a shared counter checks nothing.</summary>
    private int CurrentThreadIfConfined => _lock is null ? CurrentThread.Id : 0;

    /// <summary>Takes a shared counter's lock; checks that a confined counter is on its own thread.</summary>
    /// <exception cref="InvalidOperationException">A confined counter is used from a thread it does not belong to.</exception>
    private Entry Enter() => Enter(CurrentThreadIfConfined);

    /// <summary>As <see cref="Enter()"/>, for a caller that is on managed thread <paramref name="currentThread"/>.</summary>
    private Entry Enter(int currentThread)
    {
        Lock? held = _lock;
        if (held is null)
        {
            CheckThread(currentThread);
            return default;
        }

        held.Enter();
        return new Entry(held);
    }

    /// <summary>For a confined counter: throws unless <paramref name="currentThread"/> is the thread it belongs to.</summary>
    /// <exception cref="InvalidOperationException">It belongs to another thread.</exception>
    internal void CheckThread(int currentThread)
    {
        if (_lock is null && _thread != currentThread)
        {
            ThrowNotOwner();
        }
    }

    private void ThrowNotOwner() => throw new InvalidOperationException(
        $"This ManualCounter is confined to managed thread {_thread}; use it there, call MoveToCurrentThread after that thread is done with it, or create it with ManualCounterThreading.Shared.");

    /// <summary>The shared counter's lock, released when the scope ends; a confined counter's entry holds nothing.</summary>
    private readonly struct Entry(Lock? held) : IDisposable
    {
        public void Dispose() => held?.Exit();
    }

    /// <summary>A callback of <see cref="CreateTimer(Action)"/> as a target.</summary>
    private sealed class CallbackTarget(Action callback) : IHostTimerTarget
    {
        public void OnHostTimerExpired() => callback();
    }
}
