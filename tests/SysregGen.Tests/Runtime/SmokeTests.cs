using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>The first example of the trace format, step by step: a tickless guest's TVAL, WFI, wake-up and mask.</summary>
public sealed class SmokeTests
{
    [Fact]
    public void PtimerTvalWfiWakeAndMask()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpTvalEl0, 0x100);
        Assert.Equal(0x1100UL, t.Read(SysregAccessor.CntpCvalEl0));
        t.Write(SysregAccessor.CntpCtlEl0, 0x1);
        Assert.Equal(0x1UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, TestVm.PtimerIrq));

        t.Counter.AdvanceTo(0x1010);
        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1100, t.Vcpu.BackgroundDeadline);
        t.Counter.AdvanceTo(0x10FF);
        Assert.False(t.Vcpu.WokenSinceBlock);
        t.Counter.AdvanceTo(0x1100);
        Assert.True(t.Vcpu.WokenSinceBlock);
        Assert.True(t.Irq.Level(0, TestVm.PtimerIrq));
        Assert.Equal(1, t.Irq.Raises(0, TestVm.PtimerIrq));

        Assert.Equal(0x5UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.Equal(0x0UL, t.Read(SysregAccessor.CntpTvalEl0));
        t.Counter.AdvanceTo(0x1101);
        Assert.Equal(0xFFFF_FFFFUL, t.Read(SysregAccessor.CntpTvalEl0));
        t.Write(SysregAccessor.CntpCtlEl0, 0x3);
        Assert.False(t.Irq.Level(0, TestVm.PtimerIrq));
        Assert.Equal(0x7UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.Equal(1, t.Irq.Raises(0, TestVm.PtimerIrq));
        Assert.Equal(0, t.Irq.RedundantCalls);
    }

    [Fact]
    public void TrappedAccessesGoThroughTheGeneratedDispatcher()
    {
        var t = new TestVm();
        Assert.Equal(KvmResult.Ok, t.Vcpu.Load());

        // On a non-VHE host CNTP_* traps: the write is emulated and the syndrome is the trap's.
        var result = t.Guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: true, value: 1, rt: 1);
        Assert.True(result.Emulated);
        Assert.Equal(0x6232_F824u, result.Esr);

        // CNTVCT does not trap there.
        result = t.Guest.Execute(SysregAccessor.CntvctEl0, isWrite: false);
        Assert.False(result.Emulated);
        Assert.Equal(GuestAccessOutcome.Completed, result.Outcome);

        // Hypervisor-side emulation from a syndrome and the guest's registers.
        Span<ulong> x = stackalloc ulong[31];
        x[2] = 0xDEAD;
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: false, rt: 2), x));
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: true, rt: 7), x));
        Assert.Equal(0xDEADUL, x[7]);
        Assert.Equal(AccessOutcome.Undefined, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpctEl0.Encoding(), isRead: false, rt: 0), x));
    }
}
