using SysregGen.Registers;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The CNTHCTL_EL2 values KVM programs around guest entry (kvm-timer.md §2.6, §4.3, §4.9), fed to the
/// architectural trap decision (arm-timer-arch.md §4.5): exactly which guest EL1 accesses reach EL2.
/// </summary>
public sealed class WorldSwitchTests
{
    private static readonly SysregAccessor[] PhysicalTimer =
    {
        SysregAccessor.CntpCtlEl0, SysregAccessor.CntpCvalEl0, SysregAccessor.CntpTvalEl0,
    };

    private static readonly SysregAccessor[] VirtualTimer =
    {
        SysregAccessor.CntvCtlEl0, SysregAccessor.CntvCvalEl0, SysregAccessor.CntvTvalEl0,
    };

    private static readonly (SysregAccessor Accessor, Sysreg Register)[] Direct =
    {
        (SysregAccessor.CntpctEl0, Sysreg.Cntpct), (SysregAccessor.CntvctEl0, Sysreg.Cntvct),
        (SysregAccessor.CntpCtlEl0, Sysreg.CntpCtl), (SysregAccessor.CntpCvalEl0, Sysreg.CntpCval), (SysregAccessor.CntpTvalEl0, Sysreg.CntpTval),
        (SysregAccessor.CntvCtlEl0, Sysreg.CntvCtl), (SysregAccessor.CntvCvalEl0, Sysreg.CntvCval), (SysregAccessor.CntvTvalEl0, Sysreg.CntvTval),
    };

    private static TrapDecision Decide(HostMode mode, ulong poffset, SysregFeatures features, SysregAccessor accessor, bool isWrite = false)
    {
        TrapControls controls = GuestControls(mode, poffset, features);
        return TrapDecisions.Decide(accessor, isWrite, el: 1, in controls);
    }

    // ---- non-VHE host ---------------------------------------------------------------------------

    [Fact]
    public void NonVheGuestEntryClearsEl1pcenAndSetsEl1pcten()
    {
        ulong raw = WorldSwitch.GuestEntry(HostMode.NonVhe, 0).Raw;
        Assert.Equal(0x1UL, raw & 0x3); // EL1PCTEN (bit0) = 1, EL1PCEN (bit1) = 0
    }

    [Fact]
    public void NonVhePhysicalTimerTrapsToEl2()
    {
        foreach (SysregAccessor a in PhysicalTimer)
        {
            Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, a));
            Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, a, isWrite: true));
        }

        foreach (SysregAccessor a in new[] { SysregAccessor.A32CntpCtl, SysregAccessor.A32CntpTval, SysregAccessor.A32CntpCval })
        {
            Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, a));
        }
    }

    [Fact]
    public void NonVheCountersAndVirtualTimerDoNotTrap()
    {
        Assert.Equal(TrapDecision.Access(Sysreg.Cntpct, 1), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, SysregAccessor.CntpctEl0));
        Assert.Equal(TrapDecision.Access(Sysreg.Cntvct, 1), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, SysregAccessor.CntvctEl0));
        Assert.Equal(TrapDecision.Access(Sysreg.CntvCtl, 1), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, SysregAccessor.CntvCtlEl0));
        Assert.Equal(TrapDecision.Access(Sysreg.CntvCval, 1), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, SysregAccessor.CntvCvalEl0));
        Assert.Equal(TrapDecision.Access(Sysreg.CntvTval, 1), Decide(HostMode.NonVhe, 0, SysregFeatures.Vhe, SysregAccessor.CntvTvalEl0));
    }

    [Fact]
    public void NonVhePhysicalOffsetTrapsCntpctToo()
    {
        ulong raw = WorldSwitch.GuestEntry(HostMode.NonVhe, 0x1000).Raw;
        Assert.Equal(0x0UL, raw & 0x3);

        Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.NonVhe, 0x1000, SysregFeatures.Vhe, SysregAccessor.CntpctEl0));
        Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.NonVhe, 0x1000, SysregFeatures.Vhe, SysregAccessor.CntpCtlEl0));
        Assert.Equal(TrapDecision.Access(Sysreg.Cntvct, 1), Decide(HostMode.NonVhe, 0x1000, SysregFeatures.Vhe, SysregAccessor.CntvctEl0));
        foreach (SysregAccessor a in VirtualTimer)
        {
            Assert.Equal(TrapOutcome.Access, Decide(HostMode.NonVhe, 0x1000, SysregFeatures.Vhe, a).Outcome);
        }
    }

    [Fact]
    public void NonVheHostRunsWithEl1pctenAndEl1pcenSet()
    {
        Assert.Equal(0x3UL, WorldSwitch.Host(HostMode.NonVhe).Raw & 0x3);
    }

    // ---- VHE host -------------------------------------------------------------------------------

    [Fact]
    public void VheGuestEntrySetsTheE2H1PositionsOfEl1pctenAndEl1pten()
    {
        ulong raw = WorldSwitch.GuestEntry(HostMode.Vhe, 0).Raw;
        Assert.Equal(0xC00UL, raw & 0xC00); // bit10 EL1PCTEN, bit11 EL1PTEN
        Assert.True(WorldSwitch.GuestE2H(HostMode.Vhe));
        Assert.False(WorldSwitch.GuestE2H(HostMode.NonVhe));
    }

    [Theory]
    [InlineData(HostMode.Vhe)]
    [InlineData(HostMode.VheEcv)]
    public void VheNothingTrapsWithoutAPhysicalOffset(HostMode mode)
    {
        foreach ((SysregAccessor a, Sysreg r) in Direct)
        {
            Assert.Equal(TrapDecision.Access(r, 1), Decide(mode, 0, SysregFeatures.Vhe, a));
        }
    }

    [Fact]
    public void VhePhysicalOffsetWithoutEcvTrapsThePhysicalTimerAndCounter()
    {
        ulong raw = WorldSwitch.GuestEntry(HostMode.Vhe, 0x1000).Raw;
        Assert.Equal(0x0UL, raw & 0xC00);

        Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.Vhe, 0x1000, SysregFeatures.Vhe, SysregAccessor.CntpctEl0));
        foreach (SysregAccessor a in PhysicalTimer)
        {
            Assert.Equal(TrapDecision.Trap(2), Decide(HostMode.Vhe, 0x1000, SysregFeatures.Vhe, a));
        }

        Assert.Equal(TrapDecision.Access(Sysreg.Cntvct, 1), Decide(HostMode.Vhe, 0x1000, SysregFeatures.Vhe, SysregAccessor.CntvctEl0));
        foreach (SysregAccessor a in VirtualTimer)
        {
            Assert.Equal(TrapOutcome.Access, Decide(HostMode.Vhe, 0x1000, SysregFeatures.Vhe, a).Outcome);
        }
    }

    [Fact]
    public void VhePhysicalOffsetWithEcvUsesCntpoffAndTrapsNothing()
    {
        ulong raw = WorldSwitch.GuestEntry(HostMode.VheEcv, 0x1000).Raw;
        Assert.Equal(0x1C00UL, raw & 0x1C00); // EL1PCTEN, EL1PTEN and ECV (bit12)

        foreach ((SysregAccessor a, Sysreg r) in Direct)
        {
            Assert.Equal(TrapDecision.Access(r, 1), Decide(HostMode.VheEcv, 0x1000, SysregFeatures.Vhe, a));
        }
    }

    // ---- the same through a vCPU ----------------------------------------------------------------

    [Fact]
    public void GuestAccessEmulatesExactlyTheTrappedAccessesOnANonVheHost()
    {
        var t = new TestVm(mode: HostMode.NonVhe);
        t.Vcpu.LoadOk();
        Assert.True(t.Guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: false).Emulated);
        Assert.False(t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: false).Emulated);
        Assert.False(t.Guest.Execute(SysregAccessor.CntvCtlEl0, isWrite: false).Emulated);

        t.Counter.AdvanceTo(0x100);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x0); // physical offset 0x100
        Assert.Equal(0x100UL, t.Vm.PhysicalOffset);
        Assert.True(t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: false).Emulated);
    }

    [Fact]
    public void GuestAccessEmulatesNothingOnAVheHost()
    {
        var t = new TestVm(mode: HostMode.Vhe);
        t.Vcpu.LoadOk();
        foreach ((SysregAccessor a, Sysreg _) in Direct)
        {
            GuestAccessResult r = t.Guest.Execute(a, isWrite: false);
            Assert.Equal(GuestAccessOutcome.Completed, r.Outcome);
            Assert.False(r.Emulated);
        }
    }

    // ---- which timers a real host runs in hardware (timer_map) ---------------------------------

    [Fact]
    public void NonVheOnlyTheVirtualTimerIsHardwareBacked()
    {
        var t = new TestVm(mode: HostMode.NonVhe);
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Virtual));
        Assert.False(t.Vcpu.IsHardwareBacked(TimerId.Physical));
    }

    [Fact]
    public void VheBothTimersAreHardwareBacked()
    {
        var t = new TestVm(mode: HostMode.Vhe);
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Virtual));
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Physical));
    }

    [Fact]
    public void VhePhysicalOffsetWithoutEcvMakesThePhysicalTimerEmulated()
    {
        var t = new TestVm(mode: HostMode.Vhe, features: SysregFeatures.Vhe);
        t.Counter.AdvanceTo(0x1000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x0);
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Virtual));
        Assert.False(t.Vcpu.IsHardwareBacked(TimerId.Physical));
    }

    [Fact]
    public void VhePhysicalOffsetWithEcvKeepsThePhysicalTimerInHardware()
    {
        var t = new TestVm(mode: HostMode.VheEcv);
        t.Counter.AdvanceTo(0x1000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x0);
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Virtual));
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Physical));
    }
}
