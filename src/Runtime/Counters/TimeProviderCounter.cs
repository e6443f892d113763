using System;
using System.Threading;

namespace SysregGen.Runtime.Counters;

/// <summary>
/// A system counter that follows a <see cref="TimeProvider"/> at a chosen frequency: the count is the
/// time elapsed since the counter was created, converted exactly. Host timers are the provider's
/// timers, so a <c>FakeTimeProvider</c> drives it deterministically in tests.
/// </summary>
public sealed class TimeProviderCounter : SystemCounter
{
    // A .NET timer cannot wait longer than about 49.7 days; a farther deadline is reached by
    // re-arming when the timer fires early, as KVM re-arms an hrtimer that expired too soon.
    private static readonly TimeSpan s_longestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _time;
    private readonly ulong _frequency;
    private readonly long _start;
    private readonly ulong _startCount;

    /// <summary>Creates a counter that starts at <paramref name="startCount"/> now.</summary>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> for real time.</param>
    /// <param name="frequency">CNTFRQ in Hz.</param>
    /// <param name="startCount">The count at creation.</param>
    public TimeProviderCounter(TimeProvider time, ulong frequency = 1_000_000_000, ulong startCount = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        _time = time;
        _frequency = frequency;
        _start = time.GetTimestamp();
        _startCount = startCount;
    }

    /// <inheritdoc/>
    public override ulong Frequency => _frequency;

    /// <inheritdoc/>
    public override ulong Now
    {
        get
        {
            long elapsed = Math.Max(0, _time.GetTimestamp() - _start);
            ulong cycles = CounterMath.TicksToCycles((ulong)elapsed, (ulong)_time.TimestampFrequency, _frequency);
            return _startCount + cycles < _startCount ? ulong.MaxValue : _startCount + cycles;
        }
    }

    /// <inheritdoc/>
    public override HostTimer CreateTimer(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new Timer(this, callback);
    }

    private sealed class Timer : HostTimer
    {
        private readonly TimeProviderCounter _counter;
        private readonly Action _callback;
        private readonly ITimer _timer;
        private readonly Lock _lock = new();
        private UInt128? _deadline;

        public Timer(TimeProviderCounter counter, Action callback)
        {
            _counter = counter;
            _callback = callback;
            _timer = counter._time.CreateTimer(static state => ((Timer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public override UInt128? Deadline
        {
            get
            {
                lock (_lock)
                {
                    return _deadline;
                }
            }
        }

        public override void Arm(UInt128 deadline)
        {
            lock (_lock)
            {
                _deadline = deadline;
                ulong now = _counter.Now;
                UInt128 wait = deadline > now ? deadline - now : 0;
                _timer.Change(CounterMath.CyclesToTimeSpanCeiling(wait, _counter._frequency, s_longestWait), Timeout.InfiniteTimeSpan);
            }
        }

        public override void Cancel()
        {
            lock (_lock)
            {
                _deadline = null;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                _timer.Dispose();
            }
        }

        private void Fire()
        {
            lock (_lock)
            {
                if (_deadline is null)
                {
                    return;
                }

                if (_deadline > _counter.Now)
                {
                    // Early (the longest .NET wait, or rounding): wait for the rest.
                    Arm(_deadline.Value);
                    return;
                }

                _deadline = null;
            }

            _callback();
        }
    }
}
