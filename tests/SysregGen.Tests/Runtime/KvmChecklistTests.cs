using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The behaviour checklist of kvm-timer.md §8 (items 1-58), one fact per applicable item. Defaults: modern
/// KVM semantics, in-kernel vGIC (the recording controller), non-NV VM, non-VHE host (so every CNTP_*
/// guest access traps and is emulated). Guest accesses are EL1 AArch64 unless the item says otherwise.
/// </summary>
/// <remarks>
/// Items without a fact, or only partly covered:
/// <list type="bullet">
/// <item>53: the model has no PMU nor any other in-kernel device that claims a PPI, so no collision can be set up.</item>
/// <item>58 (the vEL2 parts: CNTP_CTL_EL0 → HPTIMER, CNTP_CTL_EL02 → PTIMER with guest E2H = 1 in vEL2):
/// the VM has no nested virtualisation. Only the parts that apply to a non-NV VM are tested
/// (CNTHV_CTL_EL2 and an unrecognised encoding are UNDEFINED).</item>
/// </list>
/// Item 47 (no in-kernel irqchip) does apply: a VM created with a null interrupt controller is the
/// model's "userspace irqchip" (see <see cref="VmTimers"/>' constructor).
/// </remarks>
public sealed class KvmChecklistTests
{
    private const int Ptimer = TestVm.PtimerIrq;
    private const int Vtimer = TestVm.VtimerIrq;

    // ---- Defaults, init and reset --------------------------------------------------------------

    [Fact]
    public void Item01_DefaultTimerIrqsAre27_30_28_26()
    {
        var vm = new VmTimers(new ManualCounter(), new RecordingInterruptController());
        Assert.Equal(27, vm.GetTimerIrq(TimerId.Virtual));
        Assert.Equal(30, vm.GetTimerIrq(TimerId.Physical));
        Assert.Equal(28, vm.GetTimerIrq(TimerId.HypVirtual));
        Assert.Equal(26, vm.GetTimerIrq(TimerId.HypPhysical));
    }

    [Fact]
    public void Item02_ResetClearsCtlKeepsCvalAndLowersLine()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x2000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1234);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));

        t.Vcpu.Reset();

        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0x0UL, t.Vcpu.Physical.Ctl);
        Assert.Equal(0x1234UL, t.Read(SysregAccessor.CntpCvalEl0));

        // Stored CTL is 0: only the synthesised ISTATUS (CVAL <= now) is left in a read.
        Assert.Equal(Istatus, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item03_NewVcpuVirtualCounterStartsAtZeroPhysicalIsRaw()
    {
        TestVm t = CreatedAt(0x0000_0012_3456_7890UL);
        Assert.Equal(0x0UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x0000_0012_3456_7890UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCnt));

        t.Counter.Advance(0x10);
        Assert.Equal(0x10UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x0000_0012_3456_78A0UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCnt));
    }

    [Fact]
    public void Item04_CreatingAnotherVcpuRestartsTheVirtualCounterForAll()
    {
        TestVm t = CreatedAt(0x1000);
        t.Counter.AdvanceTo(0x5000);
        Assert.Equal(0x4000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));

        VcpuTimers vcpu1 = t.AddVcpu();

        Assert.Equal(0x0UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x0UL, vcpu1.ReadOneReg(KvmRegisterIds.TimerCnt));
    }

    // ---- Line / should_fire --------------------------------------------------------------------

    [Fact]
    public void Item05_PtimerLineHighWhenEnabledAndExpired()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));
        Assert.True(t.Vcpu.Physical.ShouldFire(t.Counter.Now));
    }

    [Fact]
    public void Item06_PtimerLineLowWhenMasked()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable | Imask);
        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void Item07_PtimerLineLowWhenDisabled()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, 0x0);
        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void Item08_LineRisesWhenTheDeadlinePasses()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1000 + 1000);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.Advance(999);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.Advance(1);
        Assert.True(t.Irq.Level(0, Ptimer));
        Assert.Equal(1, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void Item09_CvalZeroFiresAtAnyCount()
    {
        var t = new TestVm();
        t.Write(SysregAccessor.CntpCvalEl0, 0x0);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));

        var late = new TestVm();
        late.Counter.AdvanceTo(0xFFFF_FFFF_FFFF_FF00UL);
        late.Write(SysregAccessor.CntpCvalEl0, 0x0);
        late.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(late.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item10_CvalAllOnesNeverFiresBeforeTheCounterReachesIt()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);

        t.Counter.AdvanceTo(0xFFFF_FFFF_FFFF_FFFEUL);

        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void Item11_MaskingWriteLowersTheLineAtOnce()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpCtlEl0, Enable | Imask);
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item12_CvalIntoTheFutureLowersLineAndRearms()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpCvalEl0, 0x1000 + 10_000);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.Advance(9_999);
        Assert.False(t.Irq.Level(0, Ptimer));
        t.Counter.Advance(1);
        Assert.True(t.Irq.Level(0, Ptimer));
        Assert.Equal(2, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void Item13_UnmaskingAnExpiredTimerRaisesTheLine()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable | Imask);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item14_EarlyDeadlineCallbackChangesNothingAndRearmsForTheRest()
    {
        // Host timers that fire 0x100 cycles early, as an hrtimer can after a clock adjustment.
        var counter = new EarlyFiringCounter(new ManualCounter(), early: 0x100);
        var irq = new RecordingInterruptController();
        var vm = new VmTimers(counter, irq);
        VcpuTimers vcpu = vm.CreateVcpu();
        var guest = new GuestCpu(vcpu);
        Assert.Equal(KvmResult.Ok, vcpu.Load());
        counter.Inner.AdvanceTo(0x1000);
        Assert.Equal(GuestAccessOutcome.Completed, guest.Execute(SysregAccessor.CntpCvalEl0, isWrite: true, value: 0x2000).Outcome);
        Assert.Equal(GuestAccessOutcome.Completed, guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: true, value: Enable).Outcome);
        Assert.Equal((UInt128)0x1F00, counter.Inner.NextDeadline);

        // The early expiry raises nothing and re-arms for the remainder.
        counter.Inner.AdvanceTo(0x1F00);
        Assert.Empty(irq.Changes);
        Assert.Equal((UInt128)0x2000, counter.Inner.NextDeadline);
        Assert.Equal(0x1UL, vcpu.Physical.Ctl);

        counter.Inner.AdvanceTo(0x1FFF);
        Assert.False(irq.Level(0, Ptimer));
        counter.Inner.AdvanceTo(0x2000);
        Assert.True(irq.Level(0, Ptimer));
        Assert.Single(irq.Changes);
    }

    [Fact]
    public void Item15_DeadlineExpiryNeverLowersALine()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x800);

        // A physical offset larger than the count: the ptimer's view is 2^64 - 0x800, past CVAL 0x10,
        // so its line rises; at physical 0x1000 the view wraps to 0 and the condition ends with no
        // event to re-evaluate it (the format lets such a line fall at the next re-evaluation).
        t.Vm.SetPhysicalOffset(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x10);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));
        t.Write(SysregAccessor.CntvCvalEl0, 0x1008);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);

        // The vtimer's expiry, while the ptimer's condition no longer holds, raises its own line
        // and leaves the ptimer's alone: an expiry only ever raises.
        t.Counter.AdvanceTo(0x1008);
        Assert.False(t.Vcpu.Physical.ShouldFire(t.Counter.Now));
        Assert.True(t.Irq.Level(0, Vtimer));
        Assert.True(t.Irq.Level(0, Ptimer));

        // The next re-evaluation (here a put and load) lowers it.
        t.Vcpu.Put();
        t.Vcpu.Load();
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item16_DisablingCancelsTheArmedDeadline()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);

        t.Write(SysregAccessor.CntpCtlEl0, 0x0);
        t.Counter.AdvanceTo(0x2000);

        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0, t.Irq.Raises(0, Ptimer));
    }

    // ---- CTL register ---------------------------------------------------------------------------

    [Fact]
    public void Item17_CtlReadEnabledAndExpiredIs0x5()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1000);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.Equal(0x5UL, t.Read(SysregAccessor.CntpCtlEl0));
    }

    [Fact]
    public void Item18_CtlReadDisabledAndExpiredIs0x4()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0FFF);
        t.Write(SysregAccessor.CntpCtlEl0, 0x0);
        Assert.Equal(0x4UL, t.Read(SysregAccessor.CntpCtlEl0));
    }

    [Fact]
    public void Item19_CtlReadMaskedAndExpiredIs0x7WithLineLow()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0FFF);
        t.Write(SysregAccessor.CntpCtlEl0, Enable | Imask);
        Assert.Equal(0x7UL, t.Read(SysregAccessor.CntpCtlEl0));
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item20_CtlReadBeforeCvalHasNoIstatus()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1001);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.Equal(0x1UL, t.Read(SysregAccessor.CntpCtlEl0));
    }

    [Fact]
    public void Item21_WritingIstatusNeverSetsIt()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x2000);
        t.Write(SysregAccessor.CntpCtlEl0, 0x7);
        Assert.Equal(0x3UL, t.Vcpu.Physical.Ctl);
        Assert.Equal(0x3UL, t.Read(SysregAccessor.CntpCtlEl0));

        t.Counter.AdvanceTo(0x2000);
        Assert.Equal(0x7UL, t.Read(SysregAccessor.CntpCtlEl0));
    }

    [Fact]
    public void Item22_CtlWriteKeepsOnlyTheLow32Bits()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x2000);
        t.Write(SysregAccessor.CntpCtlEl0, 0xFFFF_FFFF_0000_0001UL);
        Assert.Equal(0x1UL, t.Vcpu.Physical.Ctl);
        Assert.Equal(0x1UL, t.Read(SysregAccessor.CntpCtlEl0));
    }

    // ---- TVAL register --------------------------------------------------------------------------

    [Fact]
    public void Item23_TvalAllOnesIsMinusOne()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1_0000);
        t.Write(SysregAccessor.CntpCvalEl0, 0xFFFF_FFFF_FFFF_FFFFUL);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Write(SysregAccessor.CntpTvalEl0, 0x0000_0000_FFFF_FFFFUL);

        Assert.Equal(0xFFFFUL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item24_TvalWriteIgnoresBits63To32()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1_0000);
        t.Write(SysregAccessor.CntpTvalEl0, 0x0000_0001_0000_0005UL);
        Assert.Equal(0x1_0005UL, t.Read(SysregAccessor.CntpCvalEl0));
    }

    [Fact]
    public void Item25_TvalWriteOfInt32MaxAddsIt()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1_0000);
        t.Write(SysregAccessor.CntpTvalEl0, 0x7FFF_FFFFUL);
        Assert.Equal(0x8000_FFFFUL, t.Read(SysregAccessor.CntpCvalEl0));
    }

    [Fact]
    public void Item26_TvalWriteOf0x80000000SubtractsIt()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x0000_0001_2345_6789UL);
        t.Write(SysregAccessor.CntpTvalEl0, 0x8000_0000UL);
        Assert.Equal(0x0000_0000_A345_6789UL, t.Read(SysregAccessor.CntpCvalEl0));
    }

    [Fact]
    public void Item27_TvalReadIsCvalMinusNow()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1000 + 10);
        Assert.Equal(0x0000_0000_0000_000AUL, t.Read(SysregAccessor.CntpTvalEl0));
    }

    [Fact]
    public void Item28_NegativeTvalReadIsZeroExtended()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0FFF);
        Assert.Equal(0x0000_0000_FFFF_FFFFUL, t.Read(SysregAccessor.CntpTvalEl0));
    }

    [Fact]
    public void Item29_TvalReadIsTruncatedTo32Bits()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1000 + 0x1_0000_0007UL);
        Assert.Equal(0x7UL, t.Read(SysregAccessor.CntpTvalEl0));
    }

    [Fact]
    public void Item30_NegativeLookingTvalDoesNotFireBeforeCval()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        const ulong cval = 0x1000 + 0x7FFF_FFFFUL + 0x11; // δ = 0x11
        t.Write(SysregAccessor.CntpCvalEl0, cval);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);

        Assert.Equal(0x8000_0010UL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.False(t.Irq.Level(0, Ptimer));

        t.Counter.AdvanceTo(cval - 1);
        Assert.False(t.Irq.Level(0, Ptimer));
        t.Counter.AdvanceTo(cval);
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item31_TvalMinus2000AtCount1000WrapsAndDoesNotFire()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(1000);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        t.Write(SysregAccessor.CntpTvalEl0, unchecked((ulong)-2000L));

        Assert.Equal(0xFFFF_FFFF_FFFF_FC18UL, t.Read(SysregAccessor.CntpCvalEl0)); // 2^64 - 1000
        Assert.False(t.Irq.Level(0, Ptimer));
        Assert.Equal(0x0UL, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
    }

    [Fact]
    public void Item32_TvalZeroThenOneCycleReadsMinusOneAndFires()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        t.Write(SysregAccessor.CntpTvalEl0, 0x0);
        t.Counter.Advance(1);

        Assert.Equal(0x0000_0000_FFFF_FFFFUL, t.Read(SysregAccessor.CntpTvalEl0));
        Assert.True(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void Item33_VtimerTvalWriteUsesTheVirtualOffset()
    {
        TestVm t = CreatedAt(0x5000); // voffset = 0x5000
        t.Counter.AdvanceTo(0x8000);  // virtual count 0x3000
        t.Write(SysregAccessor.CntvTvalEl0, 0xFFFF_FF00UL); // -0x100

        Assert.Equal(0x2F00UL, t.Read(SysregAccessor.CntvCvalEl0));
    }

    // ---- CVAL and counters ----------------------------------------------------------------------

    [Fact]
    public void Item34_CvalRoundTrips64Bits()
    {
        var t = new TestVm();
        t.Write(SysregAccessor.CntpCvalEl0, 0xDEAD_BEEF_CAFE_F00DUL);
        Assert.Equal(0xDEAD_BEEF_CAFE_F00DUL, t.Read(SysregAccessor.CntpCvalEl0));
        t.Write(SysregAccessor.CntvCvalEl0, 0xDEAD_BEEF_CAFE_F00DUL);
        Assert.Equal(0xDEAD_BEEF_CAFE_F00DUL, t.Read(SysregAccessor.CntvCvalEl0));
    }

    [Fact]
    public void Item35_EachCounterUsesItsOwnOffset()
    {
        TestVm t = CreatedAt(0x1000);                       // voffset = 0x1000
        t.Counter.AdvanceTo(0x5000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x100); // poffset = 0x4F00
        t.Counter.AdvanceTo(0x6000);

        Assert.Equal(0x5000UL, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0x1100UL, t.Read(SysregAccessor.CntpctEl0));
        Assert.Equal(0x5000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x1100UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCnt));
    }

    [Fact]
    public void Item36_GuestCounterWritesAreUndefinedAndChangeNoOffset()
    {
        TestVm t = CreatedAt(0x1000);
        t.Counter.AdvanceTo(0x3000);
        t.Vcpu.LoadOk();

        GuestAccessResult v = t.Guest.Execute(SysregAccessor.CntvctEl0, isWrite: true, value: 0x42);
        GuestAccessResult p = t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: true, value: 0x42);

        Assert.Equal(GuestAccessOutcome.Undefined, v.Outcome);
        Assert.Equal(GuestAccessOutcome.Undefined, p.Outcome);
        Assert.Equal(0x1000UL, t.Vm.VirtualOffset);
        Assert.Equal(0x0UL, t.Vm.PhysicalOffset);
        Assert.Equal(0x2000UL, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0x3000UL, t.Read(SysregAccessor.CntpctEl0));
    }

    // ---- Userspace ONE_REG and offsets ----------------------------------------------------------

    [Fact]
    public void Item37_TimerCntSetOnOneVcpuMovesEveryVcpu()
    {
        var t = new TestVm(vcpus: 2);
        t.Counter.AdvanceTo(0x10_0000);
        t.Vm.Vcpus[0].WriteOneReg(KvmRegisterIds.TimerCnt, 0x300);

        Assert.Equal(0x0F_FD00UL, t.Vm.VirtualOffset);
        Assert.Equal(0x300UL, t.Vm.Vcpus[1].ReadOneReg(KvmRegisterIds.TimerCnt));
        t.Counter.Advance(5);
        Assert.Equal(0x305UL, t.Read(SysregAccessor.CntvctEl0, vcpu: 1));
    }

    [Fact]
    public void Item38_PtimerCntSetsThePhysicalOffsetAndTrapsCntpct()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x10_0000);
        t.Vcpu.LoadOk();
        Assert.False(t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: false).Emulated);

        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x300);
        Assert.Equal(0x0F_FD00UL, t.Vm.PhysicalOffset);

        t.Counter.Advance(0x20);
        GuestAccessResult r = t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: false, rt: 0);
        Assert.Equal(GuestAccessOutcome.Completed, r.Outcome);
        Assert.Equal(0x320UL, r.Value);
        Assert.True(r.Emulated);
        Assert.Equal(0x6232_F801u, r.Esr); // MRS X0, CNTPCT_EL0
    }

    [Fact]
    public void Item39_CounterOffsetIoctlSetsBothOffsets()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x10_0000);

        Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(0x4_0000));

        Assert.Equal(0x4_0000UL, t.Vm.VirtualOffset);
        Assert.Equal(0x4_0000UL, t.Vm.PhysicalOffset);
        Assert.Equal(0x0C_0000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x0C_0000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCnt));
    }

    [Fact]
    public void Item40_CounterWritesAreIgnoredAfterTheIoctl()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x10_0000);
        Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(0x4_0000));

        Assert.Equal(KvmResult.Ok, t.Vcpu.SetOneReg(KvmRegisterIds.TimerCnt, 0x1234));
        Assert.Equal(KvmResult.Ok, t.Vcpu.SetOneReg(KvmRegisterIds.PtimerCnt, 0x5678));

        Assert.Equal(0x4_0000UL, t.Vm.VirtualOffset);
        Assert.Equal(0x4_0000UL, t.Vm.PhysicalOffset);
        Assert.Equal(0x0C_0000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
        Assert.Equal(0x0C_0000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCnt));
    }

    [Fact]
    public void Item41_CounterOffsetWithReservedSetIsInvalidAndChangesNothing()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x10_0000);

        Assert.Equal(KvmResult.InvalidArgument, t.Vm.SetCounterOffset(0x4_0000, reserved: 1));

        Assert.Equal(0x0UL, t.Vm.VirtualOffset);
        Assert.Equal(0x0UL, t.Vm.PhysicalOffset);
        Assert.False(t.Vm.CounterOffsetPinned);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCnt, 0x100); // not pinned: takes effect
        Assert.Equal(0x0F_FF00UL, t.Vm.VirtualOffset);
    }

    [Fact]
    public void Item42_CounterOffsetWhileAVcpuRunsIsBusy()
    {
        var t = new TestVm(vcpus: 2);
        t.Counter.AdvanceTo(0x10_0000);
        t.Vm.Vcpus[1].LoadOk();

        Assert.Equal(KvmResult.Busy, t.Vm.SetCounterOffset(0x4_0000));
        Assert.Equal(0x0UL, t.Vm.VirtualOffset);
        Assert.False(t.Vm.CounterOffsetPinned);

        t.Vm.Vcpus[1].Put();
        Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(0x4_0000));
        Assert.Equal(0x4_0000UL, t.Vm.VirtualOffset);
    }

    [Fact]
    public void Item43_OneRegCtlStripsIstatusAndReadsItBack()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCval, 0x2000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCtl, 0x7);

        Assert.Equal(0x3UL, t.Vcpu.Virtual.Ctl);
        Assert.Equal(0x3UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCtl));

        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCval, 0x0800);
        Assert.Equal(0x7UL, t.Vcpu.ReadOneReg(KvmRegisterIds.TimerCtl));
    }

    [Fact]
    public void Item44_OneRegCvalOnAPutVcpuChangesTheLineOnlyAtLoad()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntvCvalEl0, 0x10_0000);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Vcpu.Put();

        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCval, 0x0800);
        Assert.False(t.Irq.Level(0, Vtimer));
        Assert.Empty(t.Irq.Changes);

        t.Vcpu.LoadOk();
        Assert.True(t.Irq.Level(0, Vtimer));
    }

    [Fact]
    public void Item45_OneRegIdValues()
    {
        Assert.Equal(0x6030_0000_0013_DF19UL, KvmRegisterIds.TimerCtl);
        Assert.Equal(0x6030_0000_0013_DF02UL, KvmRegisterIds.TimerCval);
        Assert.Equal(0x6030_0000_0013_DF1AUL, KvmRegisterIds.TimerCnt);
        Assert.Equal(0x6030_0000_0013_DF11UL, KvmRegisterIds.PtimerCtl);
        Assert.Equal(0x6030_0000_0013_DF12UL, KvmRegisterIds.PtimerCval);
        Assert.Equal(0x6030_0000_0013_DF01UL, KvmRegisterIds.PtimerCnt);
    }

    [Fact]
    public void Item46_SwappedIdsMeanCounterAndComparator()
    {
        Assert.True(KvmRegisterIds.TryDecode(0x6030_0000_0013_DF1AUL, out TimerId t1, out TimerRegister r1));
        Assert.Equal((TimerId.Virtual, TimerRegister.Count), (t1, r1));
        Assert.True(KvmRegisterIds.TryDecode(0x6030_0000_0013_DF02UL, out TimerId t2, out TimerRegister r2));
        Assert.Equal((TimerId.Virtual, TimerRegister.Cval), (t2, r2));

        var t = new TestVm();
        t.Counter.AdvanceTo(0x10_0000);
        t.Vcpu.WriteOneReg(0x6030_0000_0013_DF1AUL, 0x777);   // the virtual counter
        t.Vcpu.WriteOneReg(0x6030_0000_0013_DF02UL, 0xABCD);  // the virtual comparator
        Assert.Equal(0x777UL, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0xABCDUL, t.Read(SysregAccessor.CntvCvalEl0));
    }

    // ---- Device attributes ----------------------------------------------------------------------

    [Fact]
    public void Item47_SetTimerIrqWithoutAnInKernelIrqchipIsInvalid()
    {
        var vm = new VmTimers(new ManualCounter(), interruptController: null);
        Assert.Equal(KvmResult.InvalidArgument, vm.SetTimerIrq(TimerId.Virtual, 20));
        Assert.Equal(27, vm.GetTimerIrq(TimerId.Virtual));
    }

    [Fact]
    public void Item48_TimerIrqMustBeAPpi()
    {
        var t = new TestVm();
        Assert.Equal(KvmResult.InvalidArgument, t.Vm.SetTimerIrq(TimerId.Physical, 15));
        Assert.Equal(KvmResult.InvalidArgument, t.Vm.SetTimerIrq(TimerId.Physical, 32));
        Assert.Equal(30, t.Vm.GetTimerIrq(TimerId.Physical));
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Physical, 16));
        Assert.Equal(16, t.Vm.GetTimerIrq(TimerId.Physical));
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Physical, 31));
        Assert.Equal(31, t.Vm.GetTimerIrq(TimerId.Physical));
    }

    [Fact]
    public void Item49_UnknownAttributeIsNoSuchAttributeAfterTheValueCheck()
    {
        var t = new TestVm();
        Assert.Equal(KvmResult.NoSuchAttribute, t.Vm.SetTimerIrq((TimerId)4, 20));

        // The PPI check comes first: an invalid value with an unknown id is -EINVAL.
        Assert.Equal(KvmResult.InvalidArgument, t.Vm.SetTimerIrq((TimerId)4, 15));

        // GET of id 4 is -ENXIO; HAS_ATTR is 0 for ids 0..3 and -ENXIO for 4.
        Assert.Equal(KvmResult.NoSuchAttribute, t.Vm.TryGetTimerIrq((TimerId)4, out _));
        Assert.Equal(KvmResult.Ok, t.Vm.TryGetTimerIrq(TimerId.HypPhysical, out int hp));
        Assert.Equal(26, hp);
        for (int id = 0; id < 4; id++)
        {
            Assert.Equal(KvmResult.Ok, VmTimers.HasTimerIrq((TimerId)id));
        }

        Assert.Equal(KvmResult.NoSuchAttribute, VmTimers.HasTimerIrq((TimerId)4));
    }

    [Fact]
    public void Item50_TimerIrqIsVmWide()
    {
        var t = new TestVm(vcpus: 2);
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Virtual, 29));
        Assert.Equal(29, t.Vm.Vcpus[1].Virtual.Ppi);

        t.Write(SysregAccessor.CntvCvalEl0, 0x0, vcpu: 1);
        t.Write(SysregAccessor.CntvCtlEl0, Enable, vcpu: 1);
        Assert.True(t.Irq.Level(1, 29));
        Assert.False(t.Irq.Level(1, Vtimer));
    }

    [Fact]
    public void Item51_DuplicateVtimerPtimerIrqFailsTheFirstRun()
    {
        var t = new TestVm();
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Virtual, 25));
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.Physical, 25));

        Assert.Equal(KvmResult.InvalidArgument, t.Vcpu.Load());
        Assert.False(t.Vcpu.IsLoaded);
    }

    [Fact]
    public void Item52_DuplicateHvtimerIrqDoesNotPreventRunning()
    {
        var t = new TestVm();
        Assert.Equal(KvmResult.Ok, t.Vm.SetTimerIrq(TimerId.HypVirtual, 27));
        Assert.Equal(KvmResult.Ok, t.Vcpu.Load());
        Assert.True(t.Vcpu.IsLoaded);
    }

    [Fact]
    public void Item54_TimerIrqsAreFrozenOnceAVcpuHasRun()
    {
        var t = new TestVm(vcpus: 2);
        t.Vm.Vcpus[1].LoadOk();
        t.Vm.Vcpus[1].Put();

        Assert.Equal(KvmResult.Busy, t.Vm.SetTimerIrq(TimerId.Virtual, 20));
        Assert.Equal(KvmResult.Busy, t.Vm.SetTimerIrq(TimerId.Physical, 20));
        Assert.Equal(KvmResult.Busy, t.Vm.SetTimerIrq(TimerId.HypVirtual, 20));
        Assert.Equal(KvmResult.Busy, t.Vm.SetTimerIrq(TimerId.HypPhysical, 20));
        Assert.Equal(27, t.Vm.GetTimerIrq(TimerId.Virtual));
        Assert.Equal(30, t.Vm.GetTimerIrq(TimerId.Physical));
    }

    // ---- Blocking / deadlines -------------------------------------------------------------------

    [Fact]
    public void Item55_BlockingWithNoTimerAbleToFireArmsNothing()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x2000);
        t.Write(SysregAccessor.CntpCtlEl0, 0x0);
        t.Write(SysregAccessor.CntvCvalEl0, 0x2000);
        t.Write(SysregAccessor.CntvCtlEl0, Enable | Imask);
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();

        Assert.Null(t.Vcpu.BackgroundDeadline);
        Assert.Equal(0, t.Counter.ArmedCount);
        t.Counter.AdvanceTo(0x10_0000);
        Assert.Equal(0, wakes.Count);
    }

    [Fact]
    public void Item56_BackgroundDeadlineIsTheEarliestAndExpiryOnlyWakes()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntvCvalEl0, 0x1000 + 0x300); // Δv = 0x300
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1000 + 0x200); // Δp = 0x200
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1200, t.Vcpu.BackgroundDeadline);

        t.Counter.AdvanceTo(0x1200);
        Assert.Equal(1, wakes.Count);
        Assert.True(t.Vcpu.WokenSinceBlock);
        Assert.Empty(t.Irq.Changes); // the expiry does not inject

        t.Vcpu.Unblock();
        t.Vcpu.LoadOk();
        Assert.True(t.Irq.Level(0, Ptimer));
        Assert.False(t.Irq.Level(0, Vtimer));
    }

    // ---- Trap routing (AArch32 and NV) ----------------------------------------------------------

    [Fact]
    public void Item57_Aarch32McrrMrrcOfCntpCvalUseRtLowRt2High()
    {
        var t = new TestVm();
        Span<ulong> r = stackalloc ulong[15];
        r[2] = 0x89AB_CDEF;
        r[3] = 0x0123_4567;

        // MCRR p15, 2, R2, R3, c14
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(0x13E2_0C5CUL, r));
        Assert.Equal(0x0123_4567_89AB_CDEFUL, t.Vcpu.Physical.Cval);

        // MRRC p15, 2, R0, R1, c14
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(0x13E2_041DUL, r));
        Assert.Equal(0x89AB_CDEFUL, r[0]);
        Assert.Equal(0x0123_4567UL, r[1]);
    }

    [Fact]
    public void Item58_NonNvVmUndefinesHvTimerAndUnknownTimerEncodings()
    {
        var t = new TestVm();
        Span<ulong> x = stackalloc ulong[31];

        // MRS X0, CNTHV_CTL_EL2 (3, 4, c14, c3, 1): a known encoding, but no EL2 timers without NV.
        Assert.True(SysregEncodings.TryFromEsr(0x6233_3807UL, out SysregAccessor hv));
        Assert.Equal(SysregAccessor.CnthvCtlEl2, hv);
        Assert.Equal(AccessOutcome.Undefined, t.Vcpu.HandleTrap(0x6233_3807UL, x));

        // MRS X0, S3_3_C14_C0_3: an encoding no spec defines. KVM's sys_regs.c injects an UNDEF for it;
        // here the runtime says it is not one of its registers, and the host (which may have its own) decides.
        Assert.True(SysregAccess.TryDecode(0x6236_F801UL, out _));
        Assert.False(SysregEncodings.TryFromEsr(0x6236_F801UL, out _));
        Assert.Equal(AccessOutcome.Unhandled, t.Vcpu.HandleTrap(0x6236_F801UL, x));
    }
}
