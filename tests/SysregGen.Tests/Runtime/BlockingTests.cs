using Microsoft.Extensions.Time.Testing;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The background timer of a vCPU blocked in WFI (kvm-timer.md §4.7 kvm_bg_timer_expire, §4.8
/// kvm_timer_blocking, checklist items 55/56, known bug 5): what is armed, when the vCPU is woken,
/// and that waking never touches guest-visible state.
/// </summary>
public sealed class BlockingTests
{
    private const int Ptimer = TestVm.PtimerIrq;
    private const int Vtimer = TestVm.VtimerIrq;

    [Theory]
    [InlineData(0x0UL, 0x0UL)]                 // both disabled
    [InlineData(Enable | Imask, Enable | Imask)] // both masked
    [InlineData(Imask, Enable | Imask)]        // disabled+masked, masked
    public void NothingIsArmedWhenNoTimerCanFire(ulong ptimerCtl, ulong vtimerCtl)
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, ptimerCtl);
        t.Write(SysregAccessor.CntvCvalEl0, 0x1200);
        t.Write(SysregAccessor.CntvCtlEl0, vtimerCtl);
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();

        Assert.True(t.Vcpu.IsBlocked);
        Assert.Null(t.Vcpu.BackgroundDeadline);
        Assert.Equal(0, t.Counter.ArmedCount);
        t.Counter.AdvanceTo(0x100_0000);
        Assert.Equal(0, wakes.Count);
        Assert.False(t.Vcpu.WokenSinceBlock);
    }

    [Fact]
    public void BackgroundDeadlineIsThePtimerWhenItIsEarlier()
    {
        TestVm t = CreatedAt(0x10_0000); // voffset = 0x10_0000
        t.Write(SysregAccessor.CntvCvalEl0, 0x300);      // virtual: physical 0x10_0300
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Write(SysregAccessor.CntpCvalEl0, 0x10_0200);  // physical 0x10_0200
        t.Write(SysregAccessor.CntpCtlEl0, Enable);

        t.Vcpu.Block();

        Assert.Equal((UInt128)0x10_0200, t.Vcpu.BackgroundDeadline);
    }

    [Fact]
    public void BackgroundDeadlineIsTheVtimerWhenItIsEarlier()
    {
        TestVm t = CreatedAt(0x10_0000); // voffset = 0x10_0000
        t.Write(SysregAccessor.CntvCvalEl0, 0x300);      // virtual: physical 0x10_0300
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Write(SysregAccessor.CntpCvalEl0, 0x10_0400);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);

        t.Vcpu.Block();

        Assert.Equal((UInt128)0x10_0300, t.Vcpu.BackgroundDeadline);
    }

    [Fact]
    public void AMaskedEarlierTimerDoesNotCount()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable | Imask);
        t.Write(SysregAccessor.CntvCvalEl0, 0x1800);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);

        t.Vcpu.Block();

        Assert.Equal((UInt128)0x1800, t.Vcpu.BackgroundDeadline);
    }

    [Fact]
    public void EarlyExpiryRearmsForTheRemainder()
    {
        var t = new TestVm();
        t.Write(SysregAccessor.CntvCvalEl0, 0x1000);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();
        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1000, t.Vcpu.BackgroundDeadline);

        // Userspace moves the virtual counter back by 0x500 while the vCPU sleeps (no re-evaluation of
        // a blocked vCPU), so the background timer armed for physical 0x1000 fires early.
        t.Counter.AdvanceTo(0x800);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCnt, 0x300);
        t.Counter.AdvanceTo(0x1000);

        Assert.Equal(0, wakes.Count);
        Assert.False(t.Vcpu.WokenSinceBlock);
        Assert.Equal((UInt128)0x1500, t.Vcpu.BackgroundDeadline);

        t.Counter.AdvanceTo(0x14FF);
        Assert.Equal(0, wakes.Count);
        t.Counter.AdvanceTo(0x1500);
        Assert.Equal(1, wakes.Count);
    }

    [Fact]
    public void EarlyHostTimerOfATimeProviderCounterRearms()
    {
        // 1 kHz: one cycle per millisecond. 5e9 cycles is past the longest .NET timer wait (2^32 - 2 ms),
        // so the host timer fires early first and must re-arm for the rest.
        var time = new FakeTimeProvider();
        var counter = new TimeProviderCounter(time, frequency: 1000);
        var vm = new VmTimers(counter, new RecordingInterruptController());
        VcpuTimers vcpu = vm.CreateVcpu();
        WakeRecorder wakes = vcpu.RecordWakes();
        vcpu.LoadOk();
        var guest = new GuestCpu(vcpu);
        Assert.Equal(GuestAccessOutcome.Completed, guest.Execute(SysregAccessor.CntpCvalEl0, isWrite: true, value: 5_000_000_000UL).Outcome);
        Assert.Equal(GuestAccessOutcome.Completed, guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: true, value: Enable).Outcome);

        vcpu.Block();
        Assert.Equal((UInt128)5_000_000_000UL, vcpu.BackgroundDeadline);

        time.Advance(TimeSpan.FromMilliseconds(4_294_967_294));
        Assert.Equal(0, wakes.Count);
        time.Advance(TimeSpan.FromMilliseconds(5_000_000_000 - 4_294_967_294 - 1));
        Assert.Equal(0, wakes.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, wakes.Count);
    }

    [Fact]
    public void TimeProviderCounterWakesExactlyAtTheDeadline()
    {
        // 10 MHz = one cycle per 100 ns tick.
        var time = new FakeTimeProvider();
        var counter = new TimeProviderCounter(time, frequency: 10_000_000);
        var vm = new VmTimers(counter, new RecordingInterruptController());
        VcpuTimers vcpu = vm.CreateVcpu();
        WakeRecorder wakes = vcpu.RecordWakes();
        vcpu.LoadOk();
        var guest = new GuestCpu(vcpu);
        guest.Execute(SysregAccessor.CntvTvalEl0, isWrite: true, value: 1000);
        guest.Execute(SysregAccessor.CntvCtlEl0, isWrite: true, value: Enable);

        vcpu.Block();
        time.Advance(TimeSpan.FromTicks(999));
        Assert.Equal(0, wakes.Count);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, wakes.Count);
    }

    [Fact]
    public void TimeProviderCounterRaisesALoadedVcpusLineExactlyAtTheDeadline()
    {
        // The timer's own host timer (kvm_hrtimer_expire), on a counter that calls its timers back
        // through delegates: 10 MHz, one cycle per 100 ns tick.
        var time = new FakeTimeProvider();
        var counter = new TimeProviderCounter(time, frequency: 10_000_000);
        var vgic = new RecordingInterruptController();
        var vm = new VmTimers(counter, vgic);
        VcpuTimers vcpu = vm.CreateVcpu();
        vcpu.LoadOk();
        var guest = new GuestCpu(vcpu);
        guest.Execute(SysregAccessor.CntvTvalEl0, isWrite: true, value: 1000);
        guest.Execute(SysregAccessor.CntvCtlEl0, isWrite: true, value: Enable);

        time.Advance(TimeSpan.FromTicks(999));
        Assert.False(vcpu.Virtual.Level);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(vcpu.Virtual.Level);
        Assert.Equal((vcpu.Id, vm.GetTimerIrq(TimerId.Virtual), true), Assert.Single(vgic.Changes));
    }

    [Fact]
    public void WakeCallbackIsCalledExactlyOnce()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntvCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1200);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();
        t.Counter.AdvanceTo(0x1300);
        t.Counter.AdvanceTo(0x10_0000);

        Assert.Equal(1, wakes.Count);
        Assert.True(t.Vcpu.WokenSinceBlock);
    }

    [Fact]
    public void UnblockCancelsTheBackgroundTimer()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();
        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1100, t.Vcpu.BackgroundDeadline);

        t.Vcpu.Unblock();

        Assert.False(t.Vcpu.IsBlocked);
        Assert.Null(t.Vcpu.BackgroundDeadline);
        Assert.Equal(0, t.Counter.ArmedCount);
        t.Counter.AdvanceTo(0x2000);
        Assert.Equal(0, wakes.Count);
        Assert.False(t.Irq.Level(0, Ptimer));
    }

    [Fact]
    public void BlockingWithALineAssertedWakesAtOnce()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x0800);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.True(t.Irq.Level(0, Ptimer));
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();

        Assert.Equal(1, wakes.Count);
        Assert.True(t.Vcpu.WokenSinceBlock);
        Assert.Null(t.Vcpu.BackgroundDeadline);
    }

    [Fact]
    public void BlockingWithATimerAlreadyDueWakesAtOnce()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Vcpu.LoadOk();
        t.Vcpu.Put();

        // Userspace makes the vtimer due on a put vCPU: the line stays low until load...
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCval, 0x0800);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCtl, Enable);
        Assert.False(t.Irq.Level(0, Vtimer));
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        // ...but WFI does not sleep on a due timer.
        t.Vcpu.Block();

        Assert.Equal(1, wakes.Count);
        Assert.True(t.Vcpu.WokenSinceBlock);
    }

    [Fact]
    public void BackgroundExpiryLeavesGuestVisibleStateAlone()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();
        t.Vcpu.Block();

        t.Counter.AdvanceTo(0x1200);

        Assert.Equal(1, wakes.Count);
        Assert.Empty(t.Irq.Changes);
        Assert.False(t.Vcpu.Physical.Level);
        Assert.Equal(DeviceIrqLevel.None, t.Vcpu.DeviceIrqLevel);
        Assert.Equal(Enable, t.Vcpu.Physical.Ctl);
        Assert.Equal(0x1100UL, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCval));
        Assert.Equal(Enable | Istatus, t.Vcpu.ReadOneReg(KvmRegisterIds.PtimerCtl));

        t.Vcpu.Unblock();
        t.Vcpu.LoadOk();
        Assert.True(t.Irq.Level(0, Ptimer));
        Assert.Equal(1, t.Irq.Raises(0, Ptimer));
    }

    [Fact]
    public void BackgroundDeadlineIsNullUnlessBlockedAndNotWoken()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x1100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        t.Vcpu.RecordWakes();
        Assert.Null(t.Vcpu.BackgroundDeadline); // loaded

        t.Vcpu.Put();
        Assert.Null(t.Vcpu.BackgroundDeadline); // put, not blocked

        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1100, t.Vcpu.BackgroundDeadline);

        t.Counter.AdvanceTo(0x1100);
        Assert.True(t.Vcpu.IsBlocked);
        Assert.Null(t.Vcpu.BackgroundDeadline); // woken
    }

    [Fact]
    public void BackgroundDeadlineBeyondTheCounterRange()
    {
        var t = new TestVm();
        t.Counter.AdvanceTo(0x1000);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, 0x0); // poffset = 0x1000
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCval, 0xFFFF_FFFF_FFFF_FF00UL);
        t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCtl, Enable);
        WakeRecorder wakes = t.Vcpu.RecordWakes();

        t.Vcpu.Block();

        // Physical count at which the guest's count (P - 0x1000) reaches CVAL: 2^64 + 0xF00.
        Assert.Equal(new UInt128(0x1, 0x0F00), t.Vcpu.BackgroundDeadline);
        t.Counter.AdvanceTo(0xFFFF_FFFF_FFFF_FFFFUL);
        Assert.Equal(0, wakes.Count);
    }
}
