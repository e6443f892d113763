namespace SysregGen.Runtime.Counters;

/// <summary>
/// What a host timer's expiry calls, as an object rather than a delegate: the runtime's own timers
/// (a <see cref="Timers.TimerContext"/>, a vCPU's background timer) are their own targets, so a vCPU
/// carries no delegate and closure per timer (256 of its 866 bytes, by <c>--memory</c>), and an expiry touches
/// the timer's context directly instead of two objects more (a cache miss each at 100,000 vCPUs).
/// </summary>
internal interface IHostTimerTarget
{
    /// <summary>The host timer expired; called as a <see cref="SystemCounter.CreateTimer(System.Action)"/> callback is.</summary>
    void OnHostTimerExpired();
}
