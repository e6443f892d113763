using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The threading protocol of docs/runtime.md: a loaded vCPU belongs to the thread that loaded it;
/// expiries and re-evaluations from other threads are requests its owner handles (before an access,
/// at Sync, put or block) after a kick; other threads are refused its state until it is put, and a
/// refused call changes nothing.
/// </summary>
public sealed class OwnershipTests
{
    [Fact]
    public void AnExpiryOnAnotherThreadIsHandedToTheOwnerAndKicksIt()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntpTvalEl0, 100);
        vm.Write(SysregAccessor.CntpCtlEl0, 1);
        int kicks = 0;
        vm.Vcpu.KickCallback = v => Interlocked.Increment(ref kicks);

        OtherThread.Run(() => vm.Counter.Advance(100));

        Assert.Equal(1, kicks);
        Assert.True(vm.Vcpu.HasPendingRequests);
        Assert.False(vm.Irq.Level(0, TestVm.PtimerIrq));    // not yet: the owner has not run

        vm.Vcpu.Sync();
        Assert.False(vm.Vcpu.HasPendingRequests);
        Assert.True(vm.Irq.Level(0, TestVm.PtimerIrq));
        Assert.Equal(1, vm.Irq.Raises(0, TestVm.PtimerIrq));
    }

    [Fact]
    public void TheOwnersNextTrappedAccessHandlesARequestFirst()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntpTvalEl0, 10);
        vm.Write(SysregAccessor.CntpCtlEl0, 1);
        OtherThread.Run(() => vm.Counter.Advance(10));

        Assert.Equal(5UL, vm.Read(SysregAccessor.CntpCtlEl0));    // ENABLE | ISTATUS
        Assert.True(vm.Irq.Level(0, TestVm.PtimerIrq));
        Assert.False(vm.Vcpu.HasPendingRequests);
    }

    [Fact]
    public void PutHandlesRequestsAndAnExpiryAfterPutIsNoRequest()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntpTvalEl0, 10);
        vm.Write(SysregAccessor.CntpCtlEl0, 1);
        OtherThread.Run(() => vm.Counter.Advance(10));
        vm.Vcpu.Put();
        Assert.True(vm.Irq.Level(0, TestVm.PtimerIrq));
        Assert.False(vm.Vcpu.HasPendingRequests);

        // Put: the state is shared again, under the lock, from any thread (putting it again included).
        OtherThread.Run(() =>
        {
            vm.Vcpu.Put();
            Assert.Equal(AccessOutcome.Handled, vm.Vcpu.WriteSysreg(TimerId.Physical, TimerRegister.Tval, 50));
            vm.Counter.Advance(50);
        });
        Assert.False(vm.Vcpu.HasPendingRequests);
    }

    [Fact]
    public void AnotherThreadIsRefusedALoadedVcpuAndChangesNothing()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntpCvalEl0, 1234);
        var errors = new List<Exception>();
        OtherThread.Run(() =>
        {
            errors.Add(Assert.Throws<InvalidOperationException>(() => vm.Vcpu.WriteSysreg(TimerId.Physical, TimerRegister.Cval, 99)));
            errors.Add(Assert.Throws<InvalidOperationException>(() => vm.Vcpu.Load()));
            errors.Add(Assert.Throws<InvalidOperationException>(() => vm.Vcpu.Put()));
            errors.Add(Assert.Throws<InvalidOperationException>(() => vm.Vcpu.SetOneReg(SysregGen.Runtime.Userspace.KvmRegisterIds.PtimerCval, 7)));
            Assert.False(vm.Vcpu.IsBlocked);                    // reads are allowed
        });

        Assert.All(errors, e => Assert.Contains("loaded on another thread", e.Message, StringComparison.Ordinal));
        Assert.Equal(1234UL, vm.Read(SysregAccessor.CntpCvalEl0));
        Assert.True(vm.Vcpu.IsLoaded);
    }

    [Fact]
    public void AnOffsetChangeOnAnotherThreadIsAReevaluationRequest()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntvCvalEl0, 1_000);
        vm.Write(SysregAccessor.CntvCtlEl0, 1);
        int kicks = 0;
        vm.Vcpu.KickCallback = _ => kicks++;

        OtherThread.Run(() => vm.Vm.SetVirtualOffset(unchecked(0UL - 2_000)));    // the virtual count jumps past CVAL

        Assert.Equal(1, kicks);
        Assert.False(vm.Irq.Level(0, TestVm.VtimerIrq));
        vm.Vcpu.Sync();
        Assert.True(vm.Irq.Level(0, TestVm.VtimerIrq));
    }

    [Fact]
    public void TheOwnerMayMoveToAnotherThreadThroughPutAndLoad()
    {
        var vm = new TestVm();
        vm.Write(SysregAccessor.CntpTvalEl0, 10);
        vm.Write(SysregAccessor.CntpCtlEl0, 1);
        vm.Vcpu.Put();
        OtherThread.Run(() =>
        {
            Assert.Equal(KvmResult.Ok, vm.Vcpu.Load());
            vm.Counter.Advance(10);                               // on the new owner: handled at once
            Assert.True(vm.Irq.Level(0, TestVm.PtimerIrq));
            vm.Vcpu.Put();
        });

        Assert.Equal(KvmResult.Ok, vm.Vcpu.Load());
        Assert.True(vm.Irq.Level(0, TestVm.PtimerIrq));
    }
}
