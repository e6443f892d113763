using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Diagnostics;

namespace SysregGen.Runtime.Timers;

/// <summary>The emulation state machine of KVM's arch_timer.c: levels, host timers, expiries, background wake-ups.</summary>
public sealed partial class VcpuTimers : IHostTimerTarget
{
    /// <summary>Re-evaluates after state changed from outside the guest; returns whether a blocked vCPU must be woken now.</summary>
    private bool ReevaluateLocked(ulong now)
    {
        if (_loaded)
        {
            EmulateAll(now);
            return false;
        }

        return _blocked && !_woken && WakeOrArmBackgroundLocked(now);
    }

    /// <summary>
    /// The blocked vCPU's one background decision: woken at once when a line is asserted or a timer is
    /// due; otherwise the background timer is armed for the earliest expiry among the timers that can
    /// fire, or cancelled when none can. Returns whether the vCPU was woken (the caller notifies,
    /// without the lock).
    /// </summary>
    private bool WakeOrArmBackgroundLocked(ulong now)
    {
        bool due = false;
        foreach (TimerContext t in _timers)
        {
            due |= t.Level || t.ShouldFire(now);
        }

        if (due)
        {
            _woken = true;
            _background.Cancel();
            return true;
        }

        if (EarliestDeadline(now) is UInt128 deadline)
        {
            _background.Arm(deadline);
            if (TimerDiagnostics.Events)
            {
                TimerEventSource.Log.BackgroundArmed(Id, deadline > ulong.MaxValue ? ulong.MaxValue : (ulong)deadline);
            }
        }
        else
        {
            _background.Cancel();
        }

        return false;
    }

    /// <param name="thread">The calling thread's managed id.</param>
    private void PutLocked(int thread)
    {
        // Requests are handled here, under the lock that keeps other threads from adding one, so
        // no expiry of the loaded period is left behind.
        if (_loaded && _owner == thread)
        {
            HandleRequests();
        }

        _loaded = false;
        _owner = 0;
        foreach (TimerContext t in _timers)
        {
            t.HostTimer.Cancel(thread);
        }
    }

    private void EmulateAll(ulong now)
    {
        foreach (TimerContext t in _timers)
        {
            Emulate(t, now, t.Offset);
        }
    }

    /// <summary>
    /// <c>timer_emulate</c>: the line follows should_fire (raised or lowered); a timer that can fire
    /// but has not yet gets a host timer for its deadline. Unlike v5.x-v6.14 KVM this does not return
    /// early after a level change, so re-programming an asserted timer into the future re-arms it.
    /// </summary>
    /// <param name="t">The timer.</param>
    /// <param name="now">The physical count the access sampled.</param>
    /// <param name="offset">The timer's offset (<see cref="TimerContext.Offset"/>), which the caller has at hand.</param>
    private void Emulate(TimerContext t, ulong now, ulong offset)
    {
        // Only the owner emulates a loaded vCPU, so the host timer is told the thread it runs on.
        Debug.Assert(_loaded && IsOwner, "Only a loaded vCPU is emulated, on its own thread.");
        int thread = _owner;

        // One offset (KVM's timer_get_offset) serves every decision of the access.
        bool conditionMet = t.ConditionMet(now, offset);
        bool canFire = t.CanFire;
        if ((canFire && conditionMet) != t.Level)
        {
            UpdateIrq(t, canFire && conditionMet);
        }

        if (!canFire || conditionMet)
        {
            t.HostTimer.Cancel(thread);
        }
        else
        {
            t.HostTimer.Arm(t.DeadlineFrom(now, offset), thread);
        }
    }

    /// <summary><c>kvm_timer_update_irq</c>: records the level and tells the interrupt controller.</summary>
    private void UpdateIrq(TimerContext t, bool level)
    {
        t.Level = level;
        Vm.InterruptController?.SetLevel(Id, t.Ppi, level);
        if (TimerDiagnostics.Measuring(TimerMetrics.LevelChanges) || TimerDiagnostics.Events)
        {
            ReportLevelChange(t, level);
        }
    }

    /// <summary>The level change, to a listener: out of line, so the trap path that inlines <see cref="UpdateIrq"/> carries only the checks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportLevelChange(TimerContext t, bool level)
    {
        if (TimerDiagnostics.Measuring(TimerMetrics.LevelChanges))
        {
            TimerMetrics.LevelChanges.Add(1);
        }

        if (TimerDiagnostics.Events)
        {
            TimerEventSource.Log.LevelChanged(Id, t.Ppi, level);
        }
    }

    /// <summary>
    /// <c>kvm_hrtimer_expire</c>: a running vCPU's timer is due. An early expiry re-arms for the rest;
    /// a due one only ever raises the line, and only if the timer still should fire (the host timer
    /// may race with a guest write that disabled it).
    /// </summary>
    internal void OnTimerExpired(TimerId timer)
    {
        if (IsOwner)
        {
            HandleRequestsIfAny();
            Expire(_timers[(int)timer]);
            return;
        }

        using (EnterLocked())
        {
            if (!_loaded)
            {
                return;
            }

            // Loaded on another thread: its owner handles the expiry before the guest runs on.
            Request(1 << (int)timer);
        }

        Kick();
    }

    /// <summary>The expiry itself, on the owner's thread.</summary>
    private void Expire(TimerContext t)
    {
        if (!_loaded || !t.CanFire)
        {
            return;
        }

        ulong now = Vm.Now;
        if (!t.ConditionMet(now))
        {
            t.HostTimer.Arm(t.DeadlineFrom(now));
            return;
        }

        if (!t.Level)
        {
            UpdateIrq(t, true);
        }
    }

    /// <summary>
    /// <c>kvm_bg_timer_expire</c>: a blocked vCPU's background timer fired. Early: re-arm for the
    /// earliest remaining expiry. Due: wake the vCPU. It never changes guest-visible state; the lines
    /// are re-evaluated when the vCPU is loaded again.
    /// </summary>
    private void OnBackgroundExpired()
    {
        using (EnterLocked())
        {
            if (!_blocked || _woken)
            {
                return;
            }

            bool woken = WakeOrArmBackgroundLocked(Vm.Now);
            if (TimerDiagnostics.Events)
            {
                TimerEventSource.Log.BackgroundExpired(Id, early: !woken);
            }

            if (!woken)
            {
                return;
            }
        }

        // As on the trap path: Add costs a call even with no listener, and a blocked vCPU wakes once a period.
        if (TimerDiagnostics.Measuring(TimerMetrics.Wakeups))
        {
            TimerMetrics.Wakeups.Add(1);
        }

        NotifyWake();
    }

    /// <summary>The vCPU is its background timer's target.</summary>
    void IHostTimerTarget.OnHostTimerExpired() => OnBackgroundExpired();

    private void NotifyWake()
    {
        if (TimerDiagnostics.Events)
        {
            TimerEventSource.Log.Wake(Id);
        }

        WakeCallback?.Invoke(this);
    }

    /// <summary><c>kvm_timer_earliest_exp</c>, as an absolute deadline: the soonest any timer that can fire meets its condition; null when none can fire.</summary>
    private UInt128? EarliestDeadline(ulong now)
    {
        UInt128? earliest = null;
        foreach (TimerContext t in _timers)
        {
            if (t.CanFire)
            {
                UInt128 deadline = t.DeadlineFrom(now);
                if (earliest is null || deadline < earliest)
                {
                    earliest = deadline;
                }
            }
        }

        return earliest;
    }
}
