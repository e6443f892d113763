using System;
using SysregGen.Runtime.Snapshots;

namespace SysregGen.Runtime.Timers;

/// <summary>Capture and restore of a vCPU's timer state, for <see cref="TimerSnapshot"/>.</summary>
public sealed partial class VcpuTimers
{
    internal VcpuSnapshot Capture()
    {
        lock (_lock)
        {
            var timers = new TimerContextSnapshot[_timers.Length];
            for (int i = 0; i < timers.Length; i++)
            {
                TimerContext t = _timers[i];
                timers[i] = new TimerContextSnapshot { Ctl = t.Ctl, Cval = t.Cval, Level = t.Level };
            }

            return new VcpuSnapshot
            {
                Id = Id,
                Timers = timers,
                Loaded = _loaded,
                Blocked = _blocked,
                Woken = _woken,
                HasRun = _hasRun,
                VirtualEl2 = Vm.Options.NestedVirtualization ? _virtualEl2 : null,
            };
        }
    }

    /// <summary>Restores validated state captured by <see cref="Capture"/>; reports no level change, and restarts the host timers the run state implies.</summary>
    internal void Restore(VcpuSnapshot s)
    {
        lock (_lock)
        {
            for (int i = 0; i < _timers.Length; i++)
            {
                TimerContextSnapshot saved = s.Timers[i];
                _timers[i].SetState(saved.Ctl, saved.Cval);
                _timers[i].Level = saved.Level;
            }

            _virtualEl2 = s.VirtualEl2 ?? default;
            _hasRun = s.HasRun;
            _loaded = false;
            _blocked = s.Blocked;
            _woken = s.Woken;
            ulong now = Vm.Counter.Now;
            if (s.Loaded)
            {
                // Start the host timers without touching the lines: the levels were restored as reported.
                _loaded = true;
                foreach (TimerContext t in _timers)
                {
                    ArmOrCancel(t, now);
                }
            }
            else if (_blocked && !_woken && EarliestDeadline(now) is UInt128 deadline)
            {
                _background.Arm(deadline);
            }
        }
    }
}
