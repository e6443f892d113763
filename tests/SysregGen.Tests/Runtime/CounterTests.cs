using Microsoft.Extensions.Time.Testing;
using SysregGen.Runtime.Counters;

namespace SysregGen.Tests.Runtime;

/// <summary>The counters and host timers the timers run on, and exact cycle arithmetic.</summary>
public sealed class CounterTests
{
    [Fact]
    public void ManualCounterFiresDueTimersInDeadlineOrderAtTheirDeadlines()
    {
        var counter = new ManualCounter(1_000_000);
        var fired = new List<(string, ulong)>();
        HostTimer a = counter.CreateTimer(() => fired.Add(("a", counter.Now)));
        HostTimer b = counter.CreateTimer(() => fired.Add(("b", counter.Now)));
        HostTimer c = counter.CreateTimer(() => fired.Add(("c", counter.Now)));
        a.Arm(300);
        b.Arm(100);
        c.Arm(100);
        c.Arm(200);
        counter.AdvanceTo(250);
        Assert.Equal(new[] { ("b", 100UL), ("c", 200UL) }, fired);
        Assert.Equal(250UL, counter.Now);
        Assert.Equal((UInt128)300, counter.NextDeadline);
        a.Cancel();
        counter.AdvanceTo(1000);
        Assert.Equal(2, fired.Count);
        Assert.Null(a.Deadline);
        Assert.Equal(0, counter.ArmedCount);
    }

    [Fact]
    public void ManualCounterNeverGoesBackwardsAndNeverReachesDeadlinesPastItsRange()
    {
        var counter = new ManualCounter(start: 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.AdvanceTo(9));
        HostTimer far = counter.CreateTimer(() => Assert.Fail("a deadline past 2^64 - 1 fired"));
        far.Arm((UInt128)ulong.MaxValue + 5);
        counter.AdvanceTo(ulong.MaxValue);
        Assert.False(counter.AdvanceToNextDeadline());
        Assert.Throws<OverflowException>(() => counter.Advance(1));
    }

    [Fact]
    public void ACallbackMayArmTimersThatFallDueInTheSameAdvance()
    {
        var counter = new ManualCounter();
        var times = new List<ulong>();
        HostTimer? periodic = null;
        periodic = counter.CreateTimer(() =>
        {
            times.Add(counter.Now);
            if (times.Count < 5)
            {
                periodic!.Arm(counter.Now + 10);
            }
        });
        periodic.Arm(10);
        counter.AdvanceTo(1000);
        Assert.Equal(new ulong[] { 10, 20, 30, 40, 50 }, times);
    }

    [Fact]
    public void TimeProviderCounterCountsAtItsFrequency()
    {
        var time = new FakeTimeProvider();
        var counter = new TimeProviderCounter(time, frequency: 62_500_000, startCount: 5);
        Assert.Equal(5UL, counter.Now);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(5UL + 62_500, counter.Now);
        time.Advance(TimeSpan.FromDays(400));
        Assert.Equal(5UL + 62_500 + 400UL * 86_400 * 62_500_000, counter.Now);
    }

    [Fact]
    public void TimeProviderTimersFireOnTimeAndRearmForFarDeadlines()
    {
        var time = new FakeTimeProvider();
        var counter = new TimeProviderCounter(time, frequency: 1_000_000_000);
        int fired = 0;
        HostTimer timer = counter.CreateTimer(() => fired++);

        timer.Arm(1_000);
        time.Advance(TimeSpan.FromTicks(9));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        Assert.Null(timer.Deadline);

        // 60 days is past the longest wait a .NET timer takes: it fires early and re-arms for the rest.
        ulong sixtyDays = 60UL * 86_400 * 1_000_000_000;
        timer.Arm(counter.Now + sixtyDays);
        time.Advance(TimeSpan.FromDays(50));
        Assert.Equal(1, fired);
        Assert.NotNull(timer.Deadline);
        time.Advance(TimeSpan.FromDays(10));
        Assert.Equal(2, fired);

        timer.Arm(counter.Now + 100);
        timer.Cancel();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, fired);
    }

    [Theory]
    [InlineData(ulong.MaxValue, 1_000_000_000UL)]
    [InlineData(ulong.MaxValue, 62_500_000UL)]
    [InlineData(ulong.MaxValue, 24_000_000UL)]
    [InlineData(1UL << 63, 19_200_000UL)]
    public void CycleConversionsAreExactForHugeValues(ulong cycles, ulong frequency)
    {
        UInt128 ns = CounterMath.CyclesToNanoseconds(cycles, frequency);
        Assert.Equal((UInt128)cycles * 1_000_000_000 / frequency, ns);
        Assert.True(ns > ulong.MaxValue || frequency >= 1_000_000_000, "a 64-bit multiply would have overflowed here");
        UInt128 back = CounterMath.NanosecondsToCycles(ns, frequency);
        Assert.True(back <= cycles && cycles - back <= frequency / 1_000_000_000 + 1);
        TimeSpan wait = CounterMath.CyclesToTimeSpanCeiling(cycles, frequency, TimeSpan.MaxValue);
        Assert.True(wait.Ticks > 0);
        Assert.Equal(TimeSpan.FromDays(1), CounterMath.CyclesToTimeSpanCeiling(cycles, frequency, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void TimeSpansRoundUpSoATimerNeverFiresEarly()
    {
        // 1 cycle at 62.5 MHz is 16 ns: less than a 100 ns tick, rounded up to one tick.
        Assert.Equal(TimeSpan.FromTicks(1), CounterMath.CyclesToTimeSpanCeiling(1, 62_500_000, TimeSpan.MaxValue));
        Assert.Equal(TimeSpan.FromTicks(2), CounterMath.CyclesToTimeSpanCeiling(7, 62_500_000, TimeSpan.MaxValue));
    }
}
