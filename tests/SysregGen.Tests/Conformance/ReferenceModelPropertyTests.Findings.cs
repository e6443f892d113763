using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Simulation.Replay;

namespace SysregGen.Tests.Conformance;

/// <summary>
/// The bugs the property test found in the runtime and the simulation (issue 11), each with the
/// smallest sequence that showed it, kept as regression tests now that they are fixed.
/// </summary>
public sealed partial class ReferenceModelPropertyTests
{
    [Fact]
    public void CntfrqIsLostAcrossASnapshot()
    {
        // A guest hypervisor at (virtual) EL2, the highest EL it has, programs CNTFRQ_EL0 as firmware
        // would; the VM is saved and restored (timers through TimerSnapshot, the CPU through
        // GuestCpu.Capture/Restore); the value must survive.
        (_, GuestCpu before) = RunningGuestHypervisor();
        Assert.Equal(GuestAccessOutcome.Completed, before.Execute(SysregAccessor.CntfrqEl0, isWrite: true, 0x1234).Outcome);
        var after = new GuestCpu(before.Timers);
        after.Restore(before.Capture());
        Assert.Equal(0x1234UL, after.Execute(SysregAccessor.CntfrqEl0, isWrite: false).Value);
    }

    [Fact]
    public void AResetRaisesNoLine()
    {
        // The guest hypervisor's virtual timer is enabled but not yet due under its CNTVOFF_EL2; it
        // would be due without it. A reset disables the timer and zeroes the offset: no line may rise.
        (Runtime t, GuestCpu guest) = RunningGuestHypervisor(elapsed: 0x1000);
        guest.Execute(SysregAccessor.CntvoffEl2, isWrite: true, 0x100);
        guest.Execute(SysregAccessor.CntvCvalEl0, isWrite: true, 0xF80);
        guest.Execute(SysregAccessor.CntvCtlEl0, isWrite: true, 1);
        Assert.False(t.Irq.Level(0, ReferenceModel.Vtimer));

        guest.Reset();

        Assert.Equal(0, t.Irq.Raises(0, ReferenceModel.Vtimer));
    }

    [Fact]
    public void AOneRegWriteToARunningVcpuReevaluatesItsLines()
    {
        // The guest hypervisor's virtual timer fires under CNTVOFF_EL2 = 0x100 with the count below it
        // (a huge virtual count); once the count passes 0x100 the virtual count wraps to 0 and the
        // condition ends, the line staying high until a re-evaluation. Userspace then writes
        // CNTPOFF_EL2, which is not in force: on a running vCPU that is exit, set, re-entry, and the
        // re-entry re-evaluates the line.
        (Runtime t, GuestCpu guest) = RunningGuestHypervisor();
        guest.Execute(SysregAccessor.CntvoffEl2, isWrite: true, 0x100);
        guest.Execute(SysregAccessor.CntvCvalEl0, isWrite: true, 0x80);
        guest.Execute(SysregAccessor.CntvCtlEl0, isWrite: true, 1);
        Assert.True(t.Irq.Level(0, ReferenceModel.Vtimer));
        t.Counter.AdvanceTo(t.Counter.Now + 0x110);

        Assert.Equal(KvmResult.Ok, t.Vm.Vcpus[0].SetOneReg(KvmRegisterIds.Cntpoff, 7));

        Assert.False(t.Irq.Level(0, ReferenceModel.Vtimer));
    }

    [Fact]
    public void RestoringACpuOverItsTimersChangesNoLine()
    {
        // The guest hypervisor's CNTPOFF_EL2 is in force (FEAT_ECV, CNTHCTL_EL2.ECV, not in its host)
        // and keeps its guest's EL1 physical timer from being due. The VM is saved and restored as the
        // replayer does it: timers first, then a CPU model on each restored vCPU, then its state.
        (Runtime t, GuestCpu guest) = RunningGuestHypervisor(ecv: true, elapsed: 0x1000);
        guest.Hcr = GuestCpu.HcrRw | GuestCpu.HcrE2H;
        guest.Execute(SysregAccessor.CnthctlEl2, isWrite: true, 0xC03 | 1 << 12);
        guest.Execute(SysregAccessor.CntpoffEl2, isWrite: true, 0x100);
        guest.El = 1;
        guest.Execute(SysregAccessor.CntpCvalEl0, isWrite: true, 0xF80);
        guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: true, 1);
        Assert.False(t.Irq.Level(0, ReferenceModel.Ptimer));

        string json = TimerSnapshot.Capture(t.Vm).ToJson();
        var vm = new VmTimers(t.Counter, t.Irq, t.Vm.Options);
        Assert.True(TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out _) && snapshot!.TryRestore(vm, out _));
        new GuestCpu(vm.Vcpus[0]).Restore(guest.Capture());

        Assert.Equal(0, t.Irq.Raises(0, ReferenceModel.Ptimer));
    }

    [Fact]
    public void DeadlinesAreTheGuestHypervisorsCounts()
    {
        // Under a guest hypervisor, `cnt` is the guest hypervisor's physical count (the replayer adds its
        // VM offset to reach its host's); a deadline is a count of the same trace and must be read alike.
        const string Trace = """
            {"kind":"config","case":"el2-deadline","el":2,"hcr_el2":"0x80000000","cnthctl_el2":"0x3","cntvoff_el2":"0x0"}
            {"kind":"write","reg":"CNTHP_CVAL_EL2","value":"0x1000","cnt":"0x10"}
            {"kind":"write","reg":"CNTHP_CTL_EL2","value":"0x1","cnt":"0x10"}
            {"kind":"block"}
            {"kind":"deadline","expected":"0x1000"}
            """;
        ReplayResult result = TraceReplayer.Replay(TraceReader.Read("deadline.jsonl", Trace));
        Assert.Empty(result.Mismatches);
    }

    /// <summary>A VM with virtual EL2 and one vCPU, running (loaded) its guest hypervisor at EL2, <paramref name="elapsed"/> counts after the VM started.</summary>
    private static (Runtime Vm, GuestCpu Guest) RunningGuestHypervisor(bool ecv = false, ulong elapsed = 0)
    {
        var t = new Runtime(new ModelVm(true, ecv, 0x1000, 1), ecv ? HostMode.VheEcv : HostMode.Vhe);
        t.Counter.AdvanceTo(t.Counter.Now + elapsed);
        Assert.Equal(KvmResult.Ok, t.Vm.Vcpus[0].Load());
        return (t, t.Guests[0]);
    }
}
