using SysregGen.Runtime.Interrupts;

namespace SysregGen.Tests.Infrastructure;

/// <summary>An interrupt controller that records every level change it is told of, checking that it is told only of changes.</summary>
internal sealed class RecordingInterruptController : IVirtualInterruptController
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(int Vcpu, int Intid), bool> _levels = new();
    private readonly Dictionary<(int Vcpu, int Intid), int> _raises = new();

    public List<(int Vcpu, int Intid, bool Level)> Changes { get; } = new();

    /// <summary>Calls that did not change the line: each one is a bug in the timers.</summary>
    public int RedundantCalls { get; private set; }

    public void SetLevel(int vcpu, int intid, bool level)
    {
        lock (_lock)
        {
            if (_levels.TryGetValue((vcpu, intid), out bool old) ? old == level : !level)
            {
                RedundantCalls++;
            }

            _levels[(vcpu, intid)] = level;
            if (level)
            {
                _raises[(vcpu, intid)] = Raises(vcpu, intid) + 1;
            }

            Changes.Add((vcpu, intid, level));
        }
    }

    /// <summary>A restore told the controller a line's level: it is not a change the timers made, so it is neither recorded nor counted.</summary>
    public void SyncLevel(int vcpu, int intid, bool level)
    {
        lock (_lock)
        {
            _levels[(vcpu, intid)] = level;
        }
    }

    public bool Level(int vcpu, int intid)
    {
        lock (_lock)
        {
            return _levels.TryGetValue((vcpu, intid), out bool level) && level;
        }
    }

    /// <summary>A controller that carries on from this one's state (for a VM restored from a snapshot).</summary>
    public RecordingInterruptController Copy()
    {
        lock (_lock)
        {
            var copy = new RecordingInterruptController { RedundantCalls = RedundantCalls };
            foreach (var l in _levels)
            {
                copy._levels[l.Key] = l.Value;
            }

            foreach (var r in _raises)
            {
                copy._raises[r.Key] = r.Value;
            }

            copy.Changes.AddRange(Changes);
            return copy;
        }
    }

    public int Raises(int vcpu, int intid)
    {
        lock (_lock)
        {
            return _raises.TryGetValue((vcpu, intid), out int n) ? n : 0;
        }
    }
}
