using System.Collections.Generic;
using SysregGen.Runtime.Interrupts;

namespace SysregGen.Simulation.Replay;

/// <summary>An interrupt controller that keeps what the trace format asks about: each line's reported level and its raises.</summary>
internal sealed class ReplayInterruptController : IVirtualInterruptController
{
    private readonly Dictionary<(int, int), bool> _levels = new();
    private readonly Dictionary<(int, int), int> _raises = new();

    public void SetLevel(int vcpu, int intid, bool level)
    {
        _levels[(vcpu, intid)] = level;
        if (level)
        {
            _raises[(vcpu, intid)] = Raises(vcpu, intid) + 1;
        }
    }

    /// <summary>After a snapshot the controller carries on (it is copied with the VM), so the restore's report of a line is no raise unless it is news.</summary>
    public void SyncLevel(int vcpu, int intid, bool level)
    {
        if (level != Level(vcpu, intid))
        {
            SetLevel(vcpu, intid, level);
        }
    }

    public bool Level(int vcpu, int intid) => _levels.TryGetValue((vcpu, intid), out bool l) && l;

    public int Raises(int vcpu, int intid) => _raises.TryGetValue((vcpu, intid), out int n) ? n : 0;

    public ReplayInterruptController Copy()
    {
        var copy = new ReplayInterruptController();
        foreach (KeyValuePair<(int, int), bool> l in _levels)
        {
            copy._levels.Add(l.Key, l.Value);
        }

        foreach (KeyValuePair<(int, int), int> r in _raises)
        {
            copy._raises.Add(r.Key, r.Value);
        }

        return copy;
    }
}
