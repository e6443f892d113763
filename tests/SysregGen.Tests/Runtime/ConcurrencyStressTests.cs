using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// Host-timer expiries race the vCPU thread's trapped accesses, as hrtimer callbacks race guest
/// exits in KVM. The interrupt controller below checks, at every call and under the vCPU's lock,
/// that the line it is told of is what the timer's state asks for at that moment: a raise when the
/// timer should fire, a lowering when it should not, and never a call that changes nothing. At the
/// end the line must match the state, so no level change was lost.
/// </summary>
public sealed class ConcurrencyStressTests
{
    [Fact]
    public void ExpiriesRacingRegisterAccessesLoseAndInventNoLevelChange()
    {
        const int operationsPerThread = 500_000;
        var counter = new ManualCounter(1_000_000_000);
        var checker = new CheckingController(counter);
        var vm = new VmTimers(counter, checker, new VmTimersOptions { HostMode = HostMode.NonVhe });
        VcpuTimers vcpu = vm.CreateVcpu();
        checker.Vcpu = vcpu;
        Assert.Equal(KvmResult.Ok, vcpu.Load());

        using var start = new Barrier(2);
        var clock = new Thread(() =>
        {
            start.SignalAndWait();
            var random = new Random(1);
            for (int i = 0; i < operationsPerThread; i++)
            {
                counter.Advance((ulong)random.Next(0, 64));
            }
        });

        clock.Start();
        start.SignalAndWait();
        var random = new Random(2);
        var guest = new GuestCpu(vcpu);
        int accesses = 0;
        for (int i = 0; i < operationsPerThread; i++)
        {
            bool physical = random.Next(2) == 0;
            SysregAccessor ctl = physical ? SysregAccessor.CntpCtlEl0 : SysregAccessor.CntvCtlEl0;
            SysregAccessor tval = physical ? SysregAccessor.CntpTvalEl0 : SysregAccessor.CntvTvalEl0;
            SysregAccessor cval = physical ? SysregAccessor.CntpCvalEl0 : SysregAccessor.CntvCvalEl0;
            checker.AccessStartedAt = counter.Now;
            GuestAccessResult r = random.Next(6) switch
            {
                0 => guest.Execute(tval, isWrite: true, value: (ulong)random.Next(-50, 400)),
                1 => guest.Execute(ctl, isWrite: true, value: (ulong)random.Next(0, 4)),
                2 => guest.Execute(cval, isWrite: true, value: counter.Now + (ulong)random.Next(0, 300)),
                3 => guest.Execute(ctl, isWrite: false),
                4 => guest.Execute(tval, isWrite: false),
                _ => guest.Execute(SysregAccessor.CntvctEl0, isWrite: false),
            };
            Assert.Equal(GuestAccessOutcome.Completed, r.Outcome);
            accesses++;
        }

        clock.Join();
        Assert.Equal(operationsPerThread, accesses);
        Assert.Empty(checker.Violations);

        // Quiescent: host timers armed after the clock thread's last advance fire at the next one;
        // then every line is what its timer asks for (nothing was lost on the way).
        counter.AdvanceTo(counter.Now);
        Assert.Empty(checker.Violations);
        foreach (TimerContext t in new[] { vcpu.Physical, vcpu.Virtual })
        {
            Assert.Equal(t.ShouldFire(counter.Now), t.Level);
            Assert.Equal(t.Level, checker.Level(t.Ppi));
        }

        Assert.True(checker.Raises > 1000, $"only {checker.Raises} raises: the race was not exercised");
    }

    private sealed class CheckingController(ManualCounter counter) : IVirtualInterruptController
    {
        private readonly bool[] _lines = new bool[32];

        public VcpuTimers? Vcpu { get; set; }

        /// <summary>The count just before the guest's current access: the runtime samples the counter at some point after it.</summary>
        public ulong AccessStartedAt { get; set; }

        public List<string> Violations { get; } = new();

        public int Raises { get; private set; }

        public bool Level(int intid) => _lines[intid];

        public void SetLevel(int vcpu, int intid, bool level)
        {
            // Called under the vCPU's lock: the timer state is stable while we look at it.
            TimerContext t = intid == Vcpu!.Physical.Ppi ? Vcpu.Physical : Vcpu.Virtual;
            ulong now = counter.Now;
            if (_lines[intid] == level)
            {
                Violations.Add($"redundant {(level ? "raise" : "lowering")} of {intid} at {now}");
            }

            // should_fire only turns true as the count grows (for a fixed CTL/CVAL, which the lock
            // holds still): a raise must be right now; a lowering (only guest writes lower) must
            // have been right at some count since the access began, the earliest being its start.
            bool justified = level ? t.ShouldFire(now) : !t.ShouldFire(AccessStartedAt);
            if (!justified)
            {
                Violations.Add($"{(level ? "spurious raise" : "wrong lowering")} of {intid} at {now}: CTL=0x{t.Ctl:X} CVAL={t.Cval} count={t.CountAt(now)}");
            }

            _lines[intid] = level;
            Raises += level ? 1 : 0;
        }
    }
}
