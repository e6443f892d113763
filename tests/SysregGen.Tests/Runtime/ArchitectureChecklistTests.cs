using SysregGen.Registers;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The architecture checklist of arm-timer-arch.md §7, items 1-31, for the EL1 physical (CNTP_*, PPI 30)
/// and virtual (CNTV_*, PPI 27) timers, driven through the guest access path of a non-VHE host (EL1
/// AArch64 unless stated). "count" is the physical count; no offsets unless the item sets one.
/// </summary>
/// <remarks>
/// Where QEMU and KVM differ, KVM wins: a CTL read reports ISTATUS from the condition even while
/// ENABLE = 0 (items 4 and 10 expect ISTATUS = 1 when CVAL &lt;= count).
/// Not covered:
/// <list type="bullet">
/// <item>25: the EL2 views (CNTVCT at EL2 with E2H = 0/1) and the host EL0 view with E2H = TGE = 1; the guest
/// has no EL2 here. The EL0 and EL1 guest views are tested.</item>
/// <item>28: QEMU's host-timer deadline; the architectural ISTATUS part is tested.</item>
/// <item>29: a guest cannot write CNTVOFF_EL2; the modelled equivalent (userspace TIMER_CNT moving the
/// virtual offset of a running vCPU) is tested.</item>
/// <item>30: the EL2 view of CNTPCT (the guest has no EL2); the EL1 view with a physical offset is tested.</item>
/// <item>31: entirely the host's EL0 view with E2H = TGE = 1, which this guest-only model does not have.</item>
/// </list>
/// </remarks>
public sealed class ArchitectureChecklistTests
{
    private const int Ptimer = TestVm.PtimerIrq;
    private const int Vtimer = TestVm.VtimerIrq;

    private static TestVm PtimerAt(ulong count, ulong ctl, ulong cval)
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(count);
        t.Write(SysregAccessor.CntpCvalEl0, cval);
        t.Write(SysregAccessor.CntpCtlEl0, ctl);
        return t;
    }

    // ---- Timer condition / ISTATUS / IRQ --------------------------------------------------------

    [Fact]
    public void Item01_BeforeCvalNoIstatusNoIrq()
    {
        TestVm t = PtimerAt(999, ctl: 0b001, cval: 1000);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item02_AtCvalIstatusAndIrq()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 1000);
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item03_MaskedAtCvalIstatusButNoIrq()
    {
        TestVm t = PtimerAt(1000, ctl: 0b011, cval: 1000);
        Assert.Equal(0b111UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item04_DisabledNoIrqAndKvmReportsTheCondition()
    {
        TestVm t = PtimerAt(0x1234, ctl: 0b000, cval: 0);
        Assert.Equal(0b100UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.AdvanceTo(0xFFFF_FFFF_FFFF_FFFFUL);
        Assert.Equal(0b100UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item05_CvalZeroEnabledHasIstatus()
    {
        TestVm t = PtimerAt(0x1234, ctl: 0b001, cval: 0);
        Assert.Equal(Istatus, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item06_CvalAllOnesOneAboveTheCountHasNoIstatus()
    {
        TestVm t = PtimerAt(0xFFFF_FFFF_FFFF_FFFEUL, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item07_UnsignedCompareSmallCvalHugeCountFires()
    {
        TestVm t = PtimerAt(0xFFFF_FFFF_FFFF_FFF0UL, ctl: 0b001, cval: 0x10);
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item08_UnsignedCompareHugeCvalSmallCountDoesNotFire()
    {
        TestVm t = PtimerAt(0x10, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFF0UL);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item09_ClearingImaskRaisesIrqWithoutCvalWrite()
    {
        TestVm t = PtimerAt(1000, ctl: 0b011, cval: 1000);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpCtlEl0, 0b001);
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item10_DisablingDeassertsIrq()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 1000);
        Assert.True(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpCtlEl0, 0b000);
        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0b100UL, t.Read(SysregAccessor.CntpCtlEl0)); // KVM: ISTATUS from the condition
    }

    [Fact]
    public void Item11_AllOnesCtlWriteKeepsEnableImaskOnly()
    {
        TestVm t = PtimerAt(1000, ctl: 0b000, cval: 1000);
        t.Write(SysregAccessor.CntpCtlEl0, 0xFFFF_FFFF_FFFF_FFFFUL);
        Assert.Equal(0b111UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item12_IstatusIsReadOnly()
    {
        TestVm t = PtimerAt(999, ctl: 0b000, cval: 1000);
        t.Write(SysregAccessor.CntpCtlEl0, 0b101);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    // ---- TVAL read ------------------------------------------------------------------------------

    [Fact]
    public void Item13_TvalReadPositive()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 1500);
        Assert.Equal(0x0000_0000_0000_01F4UL, t.Read(SysregAccessor.CntpTvalEl0));
    }

    [Fact]
    public void Item14_TvalReadNegativeIsZeroExtended()
    {
        TestVm t = PtimerAt(1500, ctl: 0b001, cval: 1000);
        Assert.Equal(0x0000_0000_FFFF_FE0CUL, t.Read(SysregAccessor.CntpTvalEl0));
    }

    [Fact]
    public void Item15_TvalReadTruncatesWhileConditionUnmet()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 1000 + 0x1_0000_0000UL);
        Assert.Equal(0x0UL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.Equal(0x0UL, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
    }

    [Fact]
    public void Item16_TvalRead0x80000000LooksNegativeButNotMet()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 1000 + 0x8000_0000UL);
        Assert.Equal(0x0000_0000_8000_0000UL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.Equal(0x0UL, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
    }

    [Fact]
    public void Item17_Aarch32MrcCntpTvalReturnsTheLow32Bits()
    {
        TestVm t = PtimerAt(1500, ctl: 0b001, cval: 1000);
        GuestAccessResult r = t.Guest.Execute(SysregAccessor.A32CntpTval, isWrite: false, rt: 0);
        Assert.Equal(GuestAccessOutcome.Completed, r.Outcome);
        Assert.Equal(0xFFFF_FE0CUL, r.Value);
        Assert.Equal(0x0FE0_3805u, r.Esr); // MRC p15, 0, R0, c14, c2, 0, trapped to EL2 (EL1PCEN = 0)
    }

    // ---- TVAL write -----------------------------------------------------------------------------

    [Fact]
    public void Item18_TvalWriteMinusOne()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 0xFFFF_FFFFUL);
        Assert.Equal(999UL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item19_TvalWriteZeroFiresAtOnce()
    {
        TestVm t = PtimerAt(1000, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 0x0);
        Assert.Equal(1000UL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item20_TvalWriteIgnoresBits63To32()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(5);
        t.Write(SysregAccessor.CntpTvalEl0, 0xFFFF_FFFF_0000_0010UL);
        Assert.Equal(0x15UL, t.Read(SysregAccessor.CntpCvalEl0));
    }

    [Fact]
    public void Item21_TvalWrite0x80000000AtCountZeroWrapsUnsigned()
    {
        TestVm t = PtimerAt(0, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 0x8000_0000UL);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.Equal(0x8000_0000UL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item22_TvalWriteNearTheTopOfTheCountWraps()
    {
        TestVm t = PtimerAt(0xFFFF_FFFF_FFFF_FFF0UL, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 0x7FFF_FFFFUL);
        Assert.Equal(0x7FFF_FFEFUL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.Equal(0x7FFF_FFFFUL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item23_TvalWrite0x80000000At2Pow32()
    {
        TestVm t = PtimerAt(0x1_0000_0000UL, ctl: 0b001, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 0x8000_0000UL);
        Assert.Equal(0x8000_0000UL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item24_TvalWriteWhileDisabledThenEnableLate()
    {
        TestVm t = PtimerAt(1000, ctl: 0b000, cval: 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpTvalEl0, 100);
        Assert.Equal(1100UL, t.Read(SysregAccessor.CntpCvalEl0));

        t.Counter.AdvanceTo(1200);
        Assert.False(t.Irq.Level(0, Ptimer));
        t.Write(SysregAccessor.CntpCtlEl0, 0b001);
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    // ---- Virtual counter / offsets --------------------------------------------------------------

    [Fact]
    public void Item25_CntvctAtEl0AndEl1AppliesCntvoff()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(1000);
        t.Vm.SetVirtualOffset(100);
        t.Guest.Cntkctl = 0x2; // EL0VCTEN: EL0 may read CNTVCT
        t.Vcpu.LoadOk();

        Assert.Equal(900UL, t.Read(SysregAccessor.CntvctEl0));
        t.Guest.El = 0;
        GuestAccessResult el0 = t.Guest.Execute(SysregAccessor.CntvctEl0, isWrite: false);
        Assert.Equal(GuestAccessOutcome.Completed, el0.Outcome);
        Assert.Equal(900UL, el0.Value);
    }

    [Fact]
    public void Item26_VtimerConditionUsesTheVirtualCount()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(1000);
        t.Vm.SetVirtualOffset(100);
        t.Write(SysregAccessor.CntvCvalEl0, 950);
        t.Write(SysregAccessor.CntvCtlEl0, 0b001);

        t.Counter.AdvanceTo(1049);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntvCtlEl0));
        Assert.False(t.Irq.Level(0, Vtimer));

        t.Counter.AdvanceTo(1050);
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntvCtlEl0));
        Assert.True(t.Irq.Level(0, Vtimer));
    }

    [Fact]
    public void Item27_CntvTvalWriteUsesTheVirtualCount()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(1000);
        t.Vm.SetVirtualOffset(100);
        t.Write(SysregAccessor.CntvTvalEl0, 50);
        Assert.Equal(950UL, t.Read(SysregAccessor.CntvCvalEl0));
    }

    [Fact]
    public void Item28_OffsetAboveTheCountWrapsTheVirtualCount()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(1000);
        t.Vm.SetVirtualOffset(2000);
        t.Write(SysregAccessor.CntvCvalEl0, 5000);
        t.Write(SysregAccessor.CntvCtlEl0, 0b001);

        Assert.Equal(0xFFFF_FFFF_FFFF_FC18UL, t.Read(SysregAccessor.CntvctEl0)); // 2^64 - 1000
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntvCtlEl0));
        Assert.True(t.Irq.Level(0, Vtimer));
    }

    [Fact]
    public void Item29_MovingTheVirtualOffsetBackFiresAtOnce()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(900);
        t.Write(SysregAccessor.CntvCvalEl0, 950);
        t.Write(SysregAccessor.CntvCtlEl0, 0b001);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntvCtlEl0));

        // CNTVOFF = -100 via userspace: virtual count 1000 at physical 900.
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCnt, 1000);

        Assert.Equal(0xFFFF_FFFF_FFFF_FF9CUL, t.Vm.VirtualOffset);
        Assert.True(t.Irq.Level(0, Vtimer));
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntvCtlEl0));
    }

    [Fact]
    public void Item30_PhysicalOffsetAppliesToCntpctAndTheCntpCondition()
    {
        var t = new TestVm(mode: HostMode.Vhe, features: SysregFeatures.Vhe | SysregFeatures.Ecv);
        t.Counter.AdvanceTo(1000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 900); // CNTPOFF = 100

        Assert.Equal(100UL, t.Vm.PhysicalOffset);
        Assert.Equal(900UL, t.Read(SysregAccessor.CntpctEl0));

        t.Write(SysregAccessor.CntpCvalEl0, 950);
        t.Write(SysregAccessor.CntpCtlEl0, 0b001);
        t.Counter.AdvanceTo(1049);
        Assert.Equal(0b001UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.AdvanceTo(1050);
        Assert.Equal(0b101UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }
}
