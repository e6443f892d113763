using SysregGen.Runtime.Snapshots;

namespace SysregGen.Runtime.Timers;

/// <summary>Capture and restore of a vCPU's timer state, for <see cref="TimerSnapshot"/>.</summary>
public sealed partial class VcpuTimers
{
    internal VcpuSnapshot Capture()
    {
        using (Enter())
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
    /// place. Each line starts as the snapshot says it was reported, and the interrupt controller is
    /// told so (<see cref="Interrupts.IVirtualInterruptController.SyncLevel"/>). Then a loaded vCPU is
    /// re-evaluated, as at a load: its lines follow its timers (a level the timers do not justify is
    /// lowered, a timer that came due during the downtime raises its line, once, each a change
    /// reported as such) and its host timers restart. A put or blocked vCPU's lines stay as last
    /// reported until it next runs, as in KVM; a blocked one is woken if a timer is due, or its
    /// background timer armed.
    /// </summary>
    internal void Restore(VcpuSnapshot s)
    {
        bool wake;
        using (Enter())
        {
            ulong now = Vm.Now;
            _virtualEl2 = s.VirtualEl2 ?? default;
            _hasRun = s.HasRun;
            _blocked = s.Blocked;
            _woken = s.Woken;
            _loaded = s.Loaded;
            _owner = s.Loaded ? CurrentThread.Id : 0;    // a restored running vCPU runs on the restoring thread
            System.Threading.Volatile.Write(ref _requests, 0);
            _background.Cancel();
            for (int i = 0; i < _timers.Length; i++)
            {
                TimerContext t = _timers[i];
                t.HostTimer.Cancel();
                t.SetState(s.Timers[i].Ctl, s.Timers[i].Cval);
                t.Level = s.Timers[i].Level;
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
