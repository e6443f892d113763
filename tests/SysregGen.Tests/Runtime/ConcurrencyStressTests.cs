using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// Host-timer expiries race the vCPU thread's trapped accesses, as hrtimer callbacks race guest
/// exits in KVM: 10^6 racing operations, half of them counter advances on a clock thread, whose
/// expiries the runtime hands to the vCPU's thread (the trap path takes no lock). The interrupt
/// controller below checks, at every call (always on the vCPU's thread, or it reports a violation),
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
        checker.VcpuThread = Environment.CurrentManagedThreadId;
        int kicks = 0;
        vcpu.KickCallback = _ => Interlocked.Increment(ref kicks);
        Assert.Equal(KvmResult.Ok, vcpu.Load());

        // Each side runs until it has done its share and the other has finished, and the guest on
        // until enough expiries were handed over (on a busy machine the two threads may seldom run
        // at once), so the two race for the whole run whichever is faster; a time limit stops a
        // machine too busy to race, and the assertions below then say so.
        using var start = new Barrier(2);
        bool clockDone = false;
        bool guestDone = false;
        const int minimumKicks = 1000;
        var limit = System.Diagnostics.Stopwatch.StartNew();
        var clock = new Thread(() =>
        {
            start.SignalAndWait();
            var random = new Random(1);
            for (int i = 0; i < operationsPerThread || !Volatile.Read(ref guestDone); i++)
            {
                counter.Advance((ulong)random.Next(0, 64));
            }

            Volatile.Write(ref clockDone, true);
        });

        clock.Start();
        start.SignalAndWait();
        var random = new Random(2);
        var guest = new GuestCpu(vcpu);
        int accesses = 0;
        for (int i = 0; i < operationsPerThread || !Volatile.Read(ref clockDone) || (Volatile.Read(ref kicks) < minimumKicks && limit.Elapsed < TimeSpan.FromSeconds(60)); i++)
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
            if (i + 1 >= operationsPerThread && (Volatile.Read(ref kicks) >= minimumKicks || limit.Elapsed >= TimeSpan.FromSeconds(60)))
            {
                Volatile.Write(ref guestDone, true);
            }
        }

        Volatile.Write(ref guestDone, true);
        clock.Join();
        Assert.True(accesses >= operationsPerThread);
        Assert.Empty(checker.Violations);

        // Quiescent: the expiries the clock thread handed over are handled (as before a guest entry),
        // host timers armed after its last advance fire at the next one; then every line is what
        // its timer asks for (nothing was lost on the way).
        vcpu.Sync();
        counter.AdvanceTo(counter.Now);
        Assert.Empty(checker.Violations);
        foreach (TimerContext t in new[] { vcpu.Physical, vcpu.Virtual })
        {
            Assert.Equal(t.ShouldFire(counter.Now), t.Level);
            Assert.Equal(t.Level, checker.Level(t.Ppi));
        }

        Assert.True(kicks >= minimumKicks, $"only {kicks} expiries were handed over: the race was not exercised");
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

        public int VcpuThread { get; set; }

        public void SetLevel(int vcpu, int intid, bool level)
        {
            if (Environment.CurrentManagedThreadId != VcpuThread)
            {
                Violations.Add($"level change of {intid} on thread {Environment.CurrentManagedThreadId}, not the vCPU's");
            }

            // Called on the vCPU's own thread (expiries from the clock thread are handed over to it),
            // so the timer state is stable while we look at it.
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
