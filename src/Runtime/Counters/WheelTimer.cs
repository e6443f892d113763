using System;
using System.Threading;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// A <see cref="ManualCounter"/>'s host timer, and its own node in the counter's
/// <see cref="TimerWheel"/>: the list links live in the timer, so arming, re-arming and cancelling
/// move it between lists without allocating.
/// </summary>
internal sealed class WheelTimer(ManualCounter counter, IHostTimerTarget target) : HostTimer
{
    /// <summary>Where the timer is: <see cref="Unarmed"/>, a wheel slot (level * 64 + index), <see cref="TimerWheel.DueList"/> or <see cref="TimerWheel.FarList"/>. Written under the counter's lock.</summary>
    public int Where = Unarmed;

    public const int Unarmed = -1;

    /// <summary>The deadline it is armed for; may pass 2^64 - 1 (<see cref="TimerWheel.FarList"/>).</summary>
    public UInt128 Due;

    /// <summary>The list's links: each list is circular, so the head's <see cref="Prev"/> is its tail.</summary>
    public WheelTimer? Next;

    public WheelTimer? Prev;

    /// <summary>A confined counter's request for this timer that has not reached the wheel yet (<see cref="StagedArming"/>).</summary>
    public Staging Staged;

    /// <summary>The deadline of a staged arming.</summary>
    public UInt128 StagedDue;

    /// <summary>The place of the timer's last request in the counter's staging queue.</summary>
    public long StagedOrder;

    public ManualCounter Counter { get; } = counter;

    /// <summary>What the expiry calls, outside the counter's lock.</summary>
    public IHostTimerTarget Target { get; } = target;

    public bool IsArmed => Volatile.Read(ref Where) != Unarmed;

    public override UInt128? Deadline => Counter.DeadlineOf(this);

    public override void Arm(UInt128 deadline) => Counter.Arm(this, deadline);

    public override void Cancel() => Counter.Cancel(this);

    internal override void Arm(UInt128 deadline, int currentThread) => Counter.Arm(this, deadline, currentThread);

    internal override void Cancel(int currentThread) => Counter.Cancel(this, currentThread);
}
