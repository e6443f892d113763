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
    /// place. A loaded vCPU's lines are computed from its timers (the snapshot's levels are not
    /// trusted) and its host timers restart; a put or blocked vCPU's lines are as they were last
    /// reported (they are re-evaluated when it next runs, as in KVM), and a blocked one is woken if a
    /// timer is due, or its background timer armed. The interrupt controller is told every line
    /// (<see cref="Interrupts.IVirtualInterruptController.SyncLevel"/>).
    /// </summary>
    internal void Restore(VcpuSnapshot s)
    {
        bool wake;
        lock (_lock)
        {
            ulong now = Vm.Counter.Now;
            _virtualEl2 = s.VirtualEl2 ?? default;
            _hasRun = s.HasRun;
            _blocked = s.Blocked;
            _woken = s.Woken;
            _loaded = s.Loaded;
            _background.Cancel();
            for (int i = 0; i < _timers.Length; i++)
            {
                TimerContext t = _timers[i];
                t.HostTimer.Cancel();
                t.SetState(s.Timers[i].Ctl, s.Timers[i].Cval);
                t.Level = _loaded ? t.ShouldFire(now) : s.Timers[i].Level;
                Vm.InterruptController?.SyncLevel(Id, t.Ppi, t.Level);
            }

            wake = ReevaluateLocked(now);
        }

        if (wake)
        {
            NotifyWake();
        }
    }
}
