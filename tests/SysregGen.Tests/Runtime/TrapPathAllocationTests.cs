using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The trap path allocates nothing: from the syndrome through the dispatcher, the handlers, the
/// level update and the host-timer re-arm. Counted in bytes (not timed), so it is a plain test.
/// </summary>
[Collection(EventSourceCollection.Name)]
public sealed class TrapPathAllocationTests
{
    [Fact]
    public void AFullTimerProgrammingRoundAllocatesNothing()
    {
        // A controller that keeps only counts: the recording fixture's change log would allocate.
        var counter = new ManualCounter();
        var gic = new CountingController();
        var vm = new VmTimers(counter, gic);
        VcpuTimers vcpu = vm.CreateVcpu();
        vcpu.Load();
        ulong[] x = new ulong[31];
        uint tvalWrite = Esr.ForAccess(SysregAccessor.CntpTvalEl0.Encoding(), isRead: false, rt: 1);
        uint ctlRead = Esr.ForAccess(SysregAccessor.CntpCtlEl0.Encoding(), isRead: true, rt: 0);
        uint cvalWrite = Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: false, rt: 2);
        uint mcrCtl = Esr.ForAccess(SysregAccessor.A32CntpCtl.Encoding(), isRead: false, rt: 3);
        x[3] = 1;

        void Round()
        {
            x[1] = 0x1000;                          // TVAL ahead: line low, host timer armed
            vcpu.HandleTrap(tvalWrite, x);
            vcpu.HandleTrap(ctlRead, x);
            x[2] = counter.Now;                   // CVAL now: line high, host timer cancelled
            vcpu.HandleTrap(cvalWrite, x);
            vcpu.HandleTrap(mcrCtl, x);           // AArch32 MCR CNTP_CTL
            counter.Advance(1);
        }

        for (int i = 0; i < 1_000; i++)
        {
            Round(); // warm up: tiering, the heap's array growth
        }

        Assert.Equal(0, Allocations.Fewest(Round));
        Assert.True(gic.Raises >= 10_000);
    }

    private sealed class CountingController : IVirtualInterruptController
    {
        public int Raises { get; private set; }

        public void SetLevel(int vcpu, int intid, bool level) => Raises += level ? 1 : 0;
    }
}

/// <summary>Tests that enable the timers' EventSource, or need it off, run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EventSourceCollection
{
    public const string Name = "Timer EventSource";
}
