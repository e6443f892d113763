using Microsoft.Extensions.Time.Testing;
using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// A <see cref="ManualCounterThreading.Confined"/> counter takes no lock, so it must refuse every
/// thread but its own, before changing anything: the counter's own calls, and the VM calls that would
/// arm or cancel its host timers.
/// </summary>
public sealed class ConfinedCounterTests
{
    [Fact]
    public void AnotherThreadIsRefusedAndNothingChanges()
    {
        var counter = new ManualCounter(62_500_000, 1_000, ManualCounterThreading.Confined);
        HostTimer timer = counter.CreateTimer(static () => { });
        timer.Arm(5_000);

        var errors = new List<Exception>();
        ulong seenNow = 0;
        OtherThread.Run(() =>
        {
            errors.Add(Assert.Throws<InvalidOperationException>(() => timer.Arm(2_000)));
            errors.Add(Assert.Throws<InvalidOperationException>(() => timer.Cancel()));
            errors.Add(Assert.Throws<InvalidOperationException>(() => timer.Deadline));
            errors.Add(Assert.Throws<InvalidOperationException>(() => counter.AdvanceTo(10_000)));
            errors.Add(Assert.Throws<InvalidOperationException>(() => counter.NextDeadline));
            errors.Add(Assert.Throws<InvalidOperationException>(() => counter.ArmedCount));
            seenNow = counter.Now;                  // the count itself may be read anywhere
        });

        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Contains("confined to managed thread", e.Message, StringComparison.Ordinal));
        Assert.Equal(1_000UL, seenNow);
        Assert.Equal(1_000UL, counter.Now);
        Assert.Equal((UInt128)5_000, timer.Deadline);
        Assert.Equal(1, counter.ArmedCount);
        Assert.Equal(ManualCounterThreading.Confined, counter.Threading);
    }

    [Fact]
    public void MoveToCurrentThreadHandsTheCounterOver()
    {
        var counter = new ManualCounter(62_500_000, 0, ManualCounterThreading.Confined);
        int fired = 0;
        HostTimer timer = counter.CreateTimer(() => fired++);

        OtherThread.Run(() =>
        {
            counter.MoveToCurrentThread();
            timer.Arm(100);
            counter.AdvanceTo(100);
        });

        Assert.Equal(1, fired);
        Assert.Throws<InvalidOperationException>(() => timer.Arm(200));
        counter.MoveToCurrentThread();
        timer.Arm(200);
        counter.AdvanceTo(300);
        Assert.Equal(2, fired);
    }

    [Fact]
    public void ASharedCounterTakesEveryThread()
    {
        var counter = new ManualCounter(62_500_000, 0);
        HostTimer timer = counter.CreateTimer(static () => { });
        OtherThread.Run(() => timer.Arm(100));
        Assert.Equal((UInt128)100, timer.Deadline);
        Assert.Equal(ManualCounterThreading.Shared, counter.Threading);
    }

    [Fact]
    public void ATrappedAccessOnTheWrongThreadChangesNothing()
    {
        var vm = new TestVm(threading: ManualCounterThreading.Confined);
        vm.Write(SysregAccessor.CntpCtlEl0, CntpCtl.EnableMask);
        vm.Write(SysregAccessor.CntpTvalEl0, 500);
        UInt128? deadline = vm.Vcpu.Physical.HostTimerDeadline;
        ulong cval = vm.Vcpu.Physical.Cval;
        int changes = vm.Irq.Changes.Count;
        Assert.NotNull(deadline);

        // The host hands the counter to another thread while the vCPU is still loaded here.
        OtherThread.Run(vm.Counter.MoveToCurrentThread);

        var esr = Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: false, rt: 1);
        ulong[] registers = new ulong[31];
        registers[1] = 0;     // CVAL in the past: would raise the line and cancel the host timer
        var error = Assert.Throws<InvalidOperationException>(() => vm.Vcpu.HandleTrap(esr, registers));
        Assert.Contains("confined to managed thread", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => vm.Vcpu.Put());
        Assert.Throws<InvalidOperationException>(() => vm.Vcpu.Load());

        Assert.Equal(cval, vm.Vcpu.Physical.Cval);
        Assert.False(vm.Vcpu.Physical.Level);
        Assert.Equal(changes, vm.Irq.Changes.Count);
        Assert.True(vm.Vcpu.IsLoaded);
        vm.Counter.MoveToCurrentThread();
        Assert.Equal(deadline, vm.Vcpu.Physical.HostTimerDeadline);
    }

    [Fact]
    public void VmWideCallsOnTheWrongThreadChangeNothing()
    {
        var vm = new TestVm(threading: ManualCounterThreading.Confined);
        vm.Write(SysregAccessor.CntvCtlEl0, CntpCtl.EnableMask);
        vm.Write(SysregAccessor.CntvCvalEl0, 1_000);
        vm.Vcpu.Put();
        var clock = new FakeTimeProvider();
        TimerSnapshot snapshot = TimerSnapshot.Capture(vm.Vm, clock);
        ulong offset = vm.Vm.VirtualOffset;

        OtherThread.Run(() =>
        {
            Assert.Throws<InvalidOperationException>(() => vm.Vm.SetVirtualOffset(offset + 5_000));
            Assert.Throws<InvalidOperationException>(() => vm.Vm.SetCounterOffset(offset + 5_000));
            Assert.Throws<InvalidOperationException>(() => snapshot.TryRestore(vm.Vm, out _));
            Assert.False(vm.Vcpu.IsBlocked);                    // reads are allowed
        });

        Assert.Equal(offset, vm.Vm.VirtualOffset);
        Assert.Equal(snapshot.ToJson(), TimerSnapshot.Capture(vm.Vm, clock).ToJson());
    }
}
