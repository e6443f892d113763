using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Timers;

namespace SysregGen.Tests.Infrastructure;

/// <summary>Small helpers shared by the checklist, blocking and world-switch tests.</summary>
internal static class RuntimeTestHelpers
{
    /// <summary>CTL.ENABLE (bit 0).</summary>
    public const ulong Enable = 0x1;

    /// <summary>CTL.IMASK (bit 1).</summary>
    public const ulong Imask = 0x2;

    /// <summary>CTL.ISTATUS (bit 2).</summary>
    public const ulong Istatus = 0x4;

    /// <summary>A wall clock that stands still, so that two captures of the same state give the same JSON.</summary>
    public static TimeProvider FixedClock { get; } = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// A <see cref="TestVm"/> whose vCPUs are created once the counter has reached <paramref name="start"/>
    /// (so, as KVM does at vCPU creation, the VM's virtual offset is <paramref name="start"/>).
    /// </summary>
    public static TestVm CreatedAt(ulong start, int vcpus = 1, HostMode mode = HostMode.NonVhe, SysregFeatures features = SysregFeatures.Vhe)
    {
        var t = new TestVm(vcpus: 0, mode: mode, features: features);
        t.Counter.AdvanceTo(start);
        for (int i = 0; i < vcpus; i++)
        {
            t.AddVcpu();
        }

        return t;
    }

    /// <summary>
    /// Creates one more vCPU and its guest CPU. A woken vCPU resumes at once, as the trace format has
    /// it: unblocked and loaded again.
    /// </summary>
    public static VcpuTimers AddVcpu(this TestVm t)
    {
        VcpuTimers vcpu = t.Vm.CreateVcpu();
        vcpu.WakeCallback = v =>
        {
            v.Unblock();
            v.Load();
        };
        t.Guests.Add(new SysregGen.Simulation.Cpu.GuestCpu(vcpu));
        return vcpu;
    }

    /// <summary>Replaces the vCPU's wake callback by one that only counts calls (the vCPU stays blocked and put).</summary>
    public static WakeRecorder RecordWakes(this VcpuTimers vcpu)
    {
        var recorder = new WakeRecorder();
        vcpu.WakeCallback = _ => Interlocked.Increment(ref recorder.CountField);
        return recorder;
    }

    /// <summary>KVM_GET_ONE_REG that must succeed.</summary>
    public static ulong ReadOneReg(this VcpuTimers vcpu, ulong id)
    {
        Assert.Equal(KvmResult.Ok, vcpu.GetOneReg(id, out ulong value));
        return value;
    }

    /// <summary>KVM_SET_ONE_REG that must succeed.</summary>
    public static void WriteOneReg(this VcpuTimers vcpu, ulong id, ulong value) =>
        Assert.Equal(KvmResult.Ok, vcpu.SetOneReg(id, value));

    /// <summary>Loads the vCPU, which must succeed.</summary>
    public static void LoadOk(this VcpuTimers vcpu) => Assert.Equal(KvmResult.Ok, vcpu.Load());

    /// <summary>
    /// The trap controls a guest runs under on a host of <paramref name="mode"/>: E2H = 1 on a VHE host
    /// (it stays set while the guest runs), TGE = 0, CNTHCTL_EL2 as <see cref="WorldSwitch.GuestEntry"/> programs it.
    /// </summary>
    public static TrapControls GuestControls(HostMode mode, ulong physicalOffset, SysregFeatures features) => new()
    {
        E2H = mode != HostMode.NonVhe,
        Tge = false,
        Cnthctl = WorldSwitch.GuestEntry(mode, physicalOffset).Raw,
        Cntkctl = 0,
        Features = features,
    };
}

/// <summary>Counts calls of a vCPU's wake callback.</summary>
internal sealed class WakeRecorder
{
    public int CountField;

    public int Count => Volatile.Read(ref CountField);
}
