using CsCheck;
using SysregGen.Runtime.Counters;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The manual counter's timer wheel against the simplest correct timer queue, a list searched for
/// the earliest (deadline, arming) pair, over random arm, cancel and advance sequences: same timers
/// fired in the same order, each with the same <see cref="ManualCounter.Now"/>, and the same
/// <see cref="ManualCounter.NextDeadline"/>, count and deadlines after every step.
/// </summary>
public sealed class TimerWheelPropertyTests
{
    private const int Timers = 8;

    private enum Op
    {
        Arm,
        Cancel,
        Advance,
        AdvanceToNext,
    }

    private enum Due
    {
        Near,       // within a few level-0 slots
        Tie,        // one of three counts shared by every timer
        Far,        // up to 2^44 ahead: cascades through the upper levels
        Past,       // already passed
        Beyond,     // past 2^64 - 1: never fires
        Max,        // 2^64 - 1
        Anywhere,   // any 64-bit count
    }

    /// <summary>What a timer's callback does: arm (or cancel) a timer, itself included, a few times.</summary>
    private readonly record struct Plan(int Target, bool Cancel, ulong Delta);

    private static readonly Gen<(Op Op, int Timer, Due Due, ulong Value)> s_step =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, Timers - 1], Gen.Enum<Due>(), Gen.OneOf(Gen.ULong, Gen.ULong[0, 200], Gen.ULong[0, 1UL << 44]));

    private static readonly Gen<Plan> s_plan =
        Gen.Select(Gen.Int[-1, Timers - 1], Gen.Bool, Gen.OneOf(Gen.ULong[1, 100], Gen.ULong[1, 1UL << 30])).Select((t, c, d) => new Plan(t, c, d));

    private static readonly Gen<ulong> s_start = Gen.OneOf(Gen.Const(0UL), Gen.ULong[0, 1UL << 40], Gen.Const(ulong.MaxValue - 5000), Gen.ULong);

    /// <param name="threading">The counter's kind.</param>
    /// <param name="lookEveryStep">Whether the timers are looked at after every step; otherwise only after
    /// advances, so a confined counter's staged arms and cancels pile up between them.</param>
    [Theory]
    [InlineData(ManualCounterThreading.Shared, true)]
    [InlineData(ManualCounterThreading.Confined, true)]
    [InlineData(ManualCounterThreading.Confined, false)]
    public void TheWheelFiresWhatAReferenceQueueFires(ManualCounterThreading threading, bool lookEveryStep)
    {
        Gen.Select(s_start, s_plan.Array[Timers], s_step.Array[1, 80]).Sample((start, plans, steps) =>
        {
            var wheel = new WheelClock(start, plans, threading);
            var reference = new ReferenceClock(start, plans);
            UInt128 tie = (UInt128)start + 1000;
            foreach ((Op op, int timer, Due due, ulong value) in steps)
            {
                foreach (IClock clock in new IClock[] { wheel, reference })
                {
                    ulong now = clock.Now;
                    switch (op)
                    {
                        case Op.Arm:
                            clock.Arm(timer, due switch
                            {
                                Due.Near => (UInt128)now + (value % 200),
                                Due.Tie => tie + (value % 3 * 64),
                                Due.Far => (UInt128)now + (value % (1UL << 44)),
                                Due.Past => now - Math.Min(now, value % 100),
                                Due.Beyond => (UInt128)ulong.MaxValue + 1 + (value % 1000),
                                Due.Max => ulong.MaxValue,
                                _ => value,
                            });
                            break;
                        case Op.Cancel:
                            clock.Cancel(timer);
                            break;
                        case Op.Advance:
                            clock.AdvanceTo(now + Math.Min(ulong.MaxValue - now, due == Due.Far ? value : value % 300));
                            break;
                        default:
                            if (clock.Next is UInt128 next && next <= ulong.MaxValue)
                            {
                                clock.AdvanceTo(Math.Max((ulong)next, now));
                            }

                            break;
                    }
                }

                Assert.Equal(reference.Fired, wheel.Fired);
                Assert.Equal(reference.Now, wheel.Now);
                if (!lookEveryStep && op is Op.Arm or Op.Cancel)
                {
                    continue;
                }

                Assert.Equal(reference.Count, wheel.Count);
                for (int i = 0; i < Timers; i++)
                {
                    Assert.Equal(reference.DeadlineOf(i), wheel.DeadlineOf(i));
                }

                // Asked last: the wheel cascades toward the answer, which must change nothing the reference sees.
                Assert.Equal(reference.Next, wheel.Next);
            }
        }, iter: 3000);
    }

    [Fact]
    public void ALongJumpFiresEveryTimerOnceAtItsDeadlineInOrder()
    {
        var counter = new ManualCounter(start: 5);
        var fired = new List<(int, ulong)>();
        var deadlines = new ulong[] { 1UL << 63, 70, 70, 4096, 4095, 1UL << 36, (1UL << 36) + 1, ulong.MaxValue, 6 };
        var timers = new HostTimer[deadlines.Length];
        for (int i = 0; i < deadlines.Length; i++)
        {
            int id = i;
            timers[i] = counter.CreateTimer(() => fired.Add((id, counter.Now)));
            timers[i].Arm(deadlines[i]);
        }

        HostTimer never = counter.CreateTimer(() => Assert.Fail("a deadline past 2^64 - 1 fired"));
        never.Arm((UInt128)ulong.MaxValue + 1);
        Assert.Equal((UInt128)6, counter.NextDeadline);
        counter.AdvanceTo(ulong.MaxValue);
        Assert.Equal(new[] { (8, 6UL), (1, 70UL), (2, 70UL), (4, 4095UL), (3, 4096UL), (5, 1UL << 36), (6, (1UL << 36) + 1), (0, 1UL << 63), (7, ulong.MaxValue) }, fired);
        Assert.Equal(1, counter.ArmedCount);
        Assert.Equal((UInt128)ulong.MaxValue + 1, counter.NextDeadline);
    }

    private interface IClock
    {
        ulong Now { get; }

        UInt128? Next { get; }

        int Count { get; }

        void Arm(int timer, UInt128 deadline);

        void Cancel(int timer);

        void AdvanceTo(ulong count);

        UInt128? DeadlineOf(int timer);
    }

    /// <summary>The callbacks both clocks run: record the timer and the time, then follow the timer's plan, at most three times.</summary>
    private abstract class Recorder(Plan[] plans) : IClock
    {
        private readonly int[] _actions = new int[Timers];

        public List<(int Timer, ulong Now)> Fired { get; } = new();

        public abstract ulong Now { get; }

        public abstract UInt128? Next { get; }

        public abstract int Count { get; }

        public abstract void Arm(int timer, UInt128 deadline);

        public abstract void Cancel(int timer);

        public abstract void AdvanceTo(ulong count);

        public abstract UInt128? DeadlineOf(int timer);

        protected void Fire(int timer)
        {
            Fired.Add((timer, Now));
            Plan plan = plans[timer];
            if (plan.Target < 0 || _actions[timer]++ >= 3)
            {
                return;
            }

            if (plan.Cancel)
            {
                Cancel(plan.Target);
            }
            else
            {
                Arm(plan.Target, (UInt128)Now + plan.Delta);
            }
        }
    }

    private sealed class WheelClock : Recorder
    {
        private readonly ManualCounter _counter;
        private readonly HostTimer[] _timers = new HostTimer[Timers];

        public WheelClock(ulong start, Plan[] plans, ManualCounterThreading threading)
            : base(plans)
        {
            _counter = new ManualCounter(62_500_000, start, threading);
            for (int i = 0; i < Timers; i++)
            {
                int id = i;
                _timers[i] = _counter.CreateTimer(() => Fire(id));
            }
        }

        public override ulong Now => _counter.Now;

        public override UInt128? Next => _counter.NextDeadline;

        public override int Count => _counter.ArmedCount;

        public override void Arm(int timer, UInt128 deadline) => _timers[timer].Arm(deadline);

        public override void Cancel(int timer) => _timers[timer].Cancel();

        public override void AdvanceTo(ulong count) => _counter.AdvanceTo(count);

        public override UInt128? DeadlineOf(int timer) => _timers[timer].Deadline;
    }

    /// <summary>The earliest (deadline, arming sequence) fires first, at max(now, deadline).</summary>
    private sealed class ReferenceClock(ulong start, Plan[] plans) : Recorder(plans)
    {
        private readonly List<(int Timer, UInt128 Due, long Sequence)> _armed = new();
        private ulong _now = start;
        private long _sequence;

        public override ulong Now => _now;

        public override UInt128? Next => _armed.Count == 0 ? null : _armed.Min(a => a.Due);

        public override int Count => _armed.Count;

        public override void Arm(int timer, UInt128 deadline)
        {
            Cancel(timer);
            _armed.Add((timer, deadline, _sequence++));
        }

        public override void Cancel(int timer) => _armed.RemoveAll(a => a.Timer == timer);

        public override void AdvanceTo(ulong count)
        {
            while (_armed.Count > 0)
            {
                var first = _armed.MinBy(a => (a.Due, a.Sequence));
                if (first.Due > count)
                {
                    break;
                }

                _armed.Remove(first);
                _now = Math.Max(_now, (ulong)first.Due);
                Fire(first.Timer);
            }

            _now = Math.Max(_now, count);
        }

        public override UInt128? DeadlineOf(int timer)
        {
            foreach ((int t, UInt128 due, _) in _armed)
            {
                if (t == timer)
                {
                    return due;
                }
            }

            return null;
        }
    }
}
