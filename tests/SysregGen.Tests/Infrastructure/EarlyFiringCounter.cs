using SysregGen.Runtime.Counters;

namespace SysregGen.Tests.Infrastructure;

/// <summary>
/// A manual counter whose host timers fire <c>early</c> cycles before their deadline when the
/// deadline is far enough away, as an hrtimer can after a clock adjustment: the runtime must treat
/// such an expiry as early and re-arm for the rest.
/// </summary>
internal sealed class EarlyFiringCounter(ManualCounter inner, ulong early) : SystemCounter
{
    public ManualCounter Inner { get; } = inner;

    public ulong Early { get; } = early;

    public override ulong Frequency => Inner.Frequency;

    public override ulong Now => Inner.Now;

    public override HostTimer CreateTimer(Action callback) => new Timer(this, Inner.CreateTimer(callback));

    private sealed class Timer(EarlyFiringCounter counter, HostTimer inner) : HostTimer
    {
        public override UInt128? Deadline => inner.Deadline;

        public override void Arm(UInt128 deadline) =>
            inner.Arm(deadline > counter.Now + (UInt128)counter.Early + 1 ? deadline - counter.Early : deadline);

        public override void Cancel() => inner.Cancel();
    }
}
