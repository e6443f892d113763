namespace SysregGen.Runtime.Counters;

/// <summary>Which threads may use a <see cref="ManualCounter"/>, and so whether it needs a lock.</summary>
public enum ManualCounterThreading
{
    /// <summary>
    /// Any thread may arm and cancel its timers, read them and advance it, at any time: every such
    /// call takes the counter's lock (tests that race threads, a host advancing time on a clock thread).
    /// </summary>
    Shared,

    /// <summary>
    /// One thread at a time, with no lock: the thread that created the counter, until another calls
    /// <see cref="ManualCounter.MoveToCurrentThread"/>. A call that changes or reads its timers from
    /// any other thread throws <see cref="System.InvalidOperationException"/> before touching them;
    /// <see cref="SystemCounter.Now"/> may be read anywhere. This is KVM's per-CPU hrtimer base: the
    /// thread that runs the vCPUs owns their host timers, so a trapped access re-arms one with plain
    /// stores (a simulation, a single-threaded emulator, a shard of a sharded run).
    /// </summary>
    Confined,
}
