using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;

namespace SysregGen.Tests.Infrastructure;

/// <summary>A VM on a manual counter with a recording interrupt controller, and a guest CPU model per vCPU: the usual fixture of runtime tests.</summary>
internal sealed class TestVm
{
    public TestVm(int vcpus = 1, HostMode mode = HostMode.NonVhe, ulong frequency = 62_500_000, SysregFeatures features = SysregFeatures.Vhe, bool nested = false, ManualCounterThreading threading = ManualCounterThreading.Shared)
    {
        Counter = new ManualCounter(frequency, 0, threading);
        Irq = new RecordingInterruptController();
        Vm = new VmTimers(Counter, Irq, new VmTimersOptions { HostMode = mode, Features = features, NestedVirtualization = nested });
        for (int i = 0; i < vcpus; i++)
        {
            this.AddVcpu();
        }
    }

    public ManualCounter Counter { get; }

    public RecordingInterruptController Irq { get; }

    public VmTimers Vm { get; }

    public VcpuTimers Vcpu => Vm.Vcpus[0];

    /// <summary>Each vCPU's guest CPU, by id.</summary>
    public List<GuestCpu> Guests { get; } = new();

    /// <summary>vCPU 0's guest CPU.</summary>
    public GuestCpu Guest => Guests[0];

    public const int PtimerIrq = 30;

    public const int VtimerIrq = 27;

    /// <summary>A guest access at EL1 that must complete; returns the value read.</summary>
    public ulong Access(SysregAccessor accessor, bool isWrite, ulong value = 0, int vcpu = 0)
    {
        VcpuTimers v = Vm.Vcpus[vcpu];
        if (!v.IsLoaded)
        {
            v.Unblock();
            Assert.Equal(SysregGen.Runtime.KvmResult.Ok, v.Load());
        }

        GuestAccessResult result = Guests[vcpu].Execute(accessor, isWrite, value);
        Assert.Equal(GuestAccessOutcome.Completed, result.Outcome);
        return result.Value;
    }

    public ulong Read(SysregAccessor accessor, int vcpu = 0) => Access(accessor, isWrite: false, vcpu: vcpu);

    public void Write(SysregAccessor accessor, ulong value, int vcpu = 0) => Access(accessor, isWrite: true, value, vcpu);
}
