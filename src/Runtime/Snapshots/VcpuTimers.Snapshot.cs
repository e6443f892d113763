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

    /// <summary>
    /// Restores validated state captured by <see cref="Capture"/>, with the VM's offsets already in
    /// place. The levels start as they were reported; then a loaded vCPU is re-evaluated (its lines
    /// follow its timers, its host timers restart) and a blocked one is woken if a timer is due, or its
    /// background timer armed.
    /// </summary>
    internal void Restore(VcpuSnapshot s)
    {
        bool wake = false;
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
            _loaded = s.Loaded;
            _background.Cancel();
            wake = ReevaluateLocked(Vm.Counter.Now);
        }

        if (wake)
        {
            NotifyWake();
        }
    }
}
