using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// The EL2 timers and a guest hypervisor at virtual EL2 (KVM's NV): the architecture's EL2 and VHE
/// rows (/work/shared/reference/arm-timer-arch.md §1.2, §4.1, §4.5, §7 items 25, 30, 31, 38, 44,
/// 45, 46) and KVM's four contexts, timer map and trap mapping (kvm-timer.md §4.1-§4.3, §4.6, §8 items 52, 58).
/// </summary>
public sealed class NestedVirtualizationTests
{
    private const ulong E2h = GuestCpu.HcrE2H;
    private const ulong Tge = GuestCpu.HcrTge;
    private const ulong Rw = GuestCpu.HcrRw;

    /// <summary>A VM whose vCPU runs a guest hypervisor at virtual EL2, with the VM's counter offset <paramref name="vmOffset"/>.</summary>
    private static TestVm Nested(ulong vmOffset = 0, HostMode mode = HostMode.Vhe, SysregFeatures features = SysregFeatures.Vhe)
    {
        var t = new TestVm(vcpus: 0, mode: mode, features: features, nested: true);
        Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(vmOffset));
        t.AddVcpu();
        return t;
    }

    private static void At(GuestCpu guest, int el, ulong hcr)
    {
        guest.Hcr = hcr;
        guest.El = el;
    }

    [Fact]
    public void AVcpuWithVirtualEl2HasFourTimersOnKvmsDefaultPpis()
    {
        TestVm t = Nested();
        Assert.Equal(4, t.Vcpu.Timers.Length);
        Assert.Equal(new[] { 30, 27, 28, 26 }, t.Vcpu.Timers.ToArray().Select(x => x.Ppi));
        Assert.Equal(2, t.Guest.El); // a vCPU with EL2 starts in its hypervisor
        Assert.Equal(2, new TestVm().Vcpu.Timers.Length);
    }

    [Fact]
    public void TheEl2TimersRaiseTheirOwnLinesOnlyOnChange()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CnthpCvalEl2, 0x1100);
        t.Write(SysregAccessor.CnthpCtlEl2, Enable);
        t.Write(SysregAccessor.CnthvTvalEl2, 0);
        t.Write(SysregAccessor.CnthvCtlEl2, Enable);
        t.Counter.AdvanceTo(0x1100);

        Assert.Equal(new[] { (0, 28, true), (0, 26, true) }, t.Irq.Changes);
        Assert.Equal(0, t.Irq.RedundantCalls);
    }

    [Fact]
    public void Item52_OnlyTheTimersAVcpuHasMustHaveDistinctPpis()
    {
        // Without NV only the first two timers are validated (KVM item 52); with NV, all four.
        var plain = new TestVm();
        Assert.Equal(KvmResult.Ok, plain.Vm.SetTimerIrq(TimerId.HypVirtual, 27));
        Assert.Equal(KvmResult.Ok, plain.Vcpu.Load());

        TestVm nested = Nested();
        Assert.Equal(KvmResult.Ok, nested.Vm.SetTimerIrq(TimerId.HypVirtual, 27));
        Assert.Equal(KvmResult.InvalidArgument, nested.Vcpu.Load());
        Assert.False(nested.Vcpu.IsLoaded);
        Assert.Equal(KvmResult.Ok, nested.Vm.SetTimerIrq(TimerId.HypVirtual, 22));
        Assert.Equal(KvmResult.Ok, nested.Vcpu.Load());
        Assert.Equal(KvmResult.Busy, nested.Vm.SetTimerIrq(TimerId.HypPhysical, 21));
    }

    [Fact]
    public void Item25_TheVirtualCountAtEachElOfAGuestHypervisor()
    {
        // The guest hypervisor's physical count is the host's minus the VM's offset; its CNTVOFF_EL2
        // comes on top for its guest, and for itself at EL2 only while E2H is 0.
        TestVm t = Nested(vmOffset: 0x100);
        t.Guest.Cntvoff = 0x40;
        t.Guest.Cnthctl = Cnthctl.FromRaw(0x3); // E2H0 layout: nothing trapped
        t.Counter.AdvanceTo(0x1100);

        At(t.Guest, 2, Rw);
        Assert.Equal(0x1000UL, t.Read(SysregAccessor.CntpctEl0));
        Assert.Equal(0xFC0UL, t.Read(SysregAccessor.CntvctEl0));

        At(t.Guest, 2, Rw | E2h);
        t.Guest.Cnthctl = Cnthctl.FromRaw(0xC03); // E2H1 layout: EL0/EL1 counters and timers not trapped
        Assert.Equal(0x1000UL, t.Read(SysregAccessor.CntvctEl0));

        At(t.Guest, 0, Rw | E2h | Tge); // its host's EL0
        Assert.Equal(0x1000UL, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0x1000UL, t.Read(SysregAccessor.CntpctEl0));

        At(t.Guest, 1, Rw | E2h); // its guest
        Assert.Equal(0xFC0UL, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0x1000UL, t.Read(SysregAccessor.CntpctEl0));
    }

    [Fact]
    public void Item38_AHostEl0ReachesTheEl2TimersThroughTheEl0Encodings()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Write(SysregAccessor.CnthpCvalEl2, 0x5000);
        t.Write(SysregAccessor.CnthpCtlEl2, Enable | Imask);
        t.Write(SysregAccessor.CntpCvalEl02, 0x7000); // the EL1 physical timer, through the alias

        t.Guest.Cnthctl = Cnthctl.FromRaw(0x303); // EL0PTEN, EL0VTEN, EL0PCTEN, EL0VCTEN
        At(t.Guest, 0, Rw | E2h | Tge);
        Assert.Equal(0x5000UL, t.Read(SysregAccessor.CntpCvalEl0));
        Assert.Equal(Enable | Imask, t.Read(SysregAccessor.CntpCtlEl0) & (Enable | Imask));

        t.Guest.Cnthctl = Cnthctl.FromRaw(0x103); // EL0PTEN clear: the host's EL0 traps to (virtual) EL2
        GuestAccessResult trapped = t.Guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: false);
        Assert.Equal((GuestAccessOutcome.TrappedToGuest, 2, 0x6232F805u), (trapped.Outcome, trapped.TargetEl, trapped.Esr!.Value));
    }

    [Fact]
    public void Item44_TheEl02AliasesNeedE2hAndReachTheEl1Timers()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw);
        GuestAccessResult undefined = t.Guest.Execute(SysregAccessor.CntpCtlEl02, isWrite: false);
        Assert.Equal((GuestAccessOutcome.Undefined, 2), (undefined.Outcome, undefined.TargetEl));

        At(t.Guest, 2, Rw | E2h);
        t.Write(SysregAccessor.CntpCtlEl02, Enable | Imask);
        t.Write(SysregAccessor.CntpCtlEl0, 0); // CNTHP_CTL_EL2 with E2H set
        Assert.Equal(Enable | Imask, t.Vcpu.Physical.Ctl);
        Assert.Equal(0UL, t.Vcpu[TimerId.HypPhysical].Ctl);

        // Flipping E2H makes the same encoding reach the other register.
        At(t.Guest, 2, Rw);
        Assert.Equal(Enable | Imask, t.Read(SysregAccessor.CntpCtlEl0) & (Enable | Imask));
    }

    [Fact]
    public void Item45_CntkctlAtEl2WithE2hIsCnthctl_AndTheEl12AliasIsTheGuestsCntkctl()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Write(SysregAccessor.CntkctlEl12, 0x303);
        t.Write(SysregAccessor.CntkctlEl1, 0xC03);
        Assert.Equal(0x303UL, t.Guest.Cntkctl);
        Assert.Equal(0xC03UL, t.Guest.Cnthctl.Raw);
        Assert.Equal(0xC03UL, t.Read(SysregAccessor.CnthctlEl2));
    }

    [Fact]
    public void Item46_WithoutVirtualEl2TheEl2RegistersAreUndefinedAndEl2DoesNotExist()
    {
        var t = new TestVm();
        foreach (SysregAccessor a in new[] { SysregAccessor.CnthctlEl2, SysregAccessor.CntvoffEl2, SysregAccessor.CnthpCtlEl2, SysregAccessor.CntpoffEl2 })
        {
            Assert.Equal(GuestAccessOutcome.Undefined, t.Guest.Execute(a, isWrite: false).Outcome);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => t.Guest.El = 2);
        Assert.Throws<ArgumentException>(() => t.Guest.Hcr = Rw | E2h | Tge);
        Assert.Throws<InvalidOperationException>(() => t.Guest.Cntvoff = 1);
        Assert.Equal(KvmResult.InvalidArgument, t.Vcpu.SetVirtualEl2(new VirtualEl2State(true, true, 0, 0, false)));
    }

    [Fact]
    public void Items30And31_CntpoffOffsetsTheGuestsPhysicalViewButNotEl2OrTheHost()
    {
        TestVm t = Nested(features: SysregFeatures.Vhe | SysregFeatures.Ecv);
        At(t.Guest, 2, Rw | E2h);
        t.Write(SysregAccessor.CntkctlEl1, 0xC03 | 1 << 12); // CNTHCTL_EL2 with ECV
        t.Write(SysregAccessor.CntpoffEl2, 100);
        t.Counter.AdvanceTo(1000);
        Assert.Equal(1000UL, t.Read(SysregAccessor.CntpctEl0));

        At(t.Guest, 1, Rw | E2h);
        Assert.Equal(900UL, t.Read(SysregAccessor.CntpctEl0));
        t.Write(SysregAccessor.CntpCvalEl0, 950);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        Assert.Equal(0UL, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
        t.Counter.AdvanceTo(1050);
        Assert.Equal(Istatus, t.Read(SysregAccessor.CntpCtlEl0) & Istatus);
        Assert.True(t.Irq.Level(0, 30));

        At(t.Guest, 0, Rw | E2h | Tge); // no CNTPOFF in the host
        t.Guest.Cnthctl = Cnthctl.FromRaw(0x303 | 1 << 12);
        Assert.Equal(1050UL, t.Read(SysregAccessor.CntpctEl0));

        // Without ECV set, CNTPOFF_EL2 does not apply.
        At(t.Guest, 2, Rw | E2h);
        t.Write(SysregAccessor.CntkctlEl1, 0xC03);
        At(t.Guest, 1, Rw | E2h);
        Assert.Equal(1050UL, t.Read(SysregAccessor.CntpctEl0));
    }

    [Fact]
    public void TheTimerMapOfKvmSection4_3()
    {
        // (host, NV, hyp context) -> the direct timers; everything else is emulated.
        Assert.Equal(new[] { TimerId.Virtual }, Direct(HostMode.NonVhe, nested: false, hyp: false));
        Assert.Equal(new[] { TimerId.Physical, TimerId.Virtual }, Direct(HostMode.Vhe, nested: false, hyp: false));
        Assert.Equal(new[] { TimerId.HypVirtual, TimerId.HypPhysical }, Direct(HostMode.Vhe, nested: true, hyp: true));
        Assert.Equal(new[] { TimerId.Physical, TimerId.Virtual }, Direct(HostMode.Vhe, nested: true, hyp: false));

        // Through a vCPU: entering the guest's own guest moves the hardware timers to the EL1 contexts.
        TestVm t = Nested();
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.HypPhysical));
        At(t.Guest, 1, Rw | E2h);
        Assert.True(t.Vcpu.IsHardwareBacked(TimerId.Physical));
        Assert.False(t.Vcpu.IsHardwareBacked(TimerId.HypPhysical));

        static TimerId[] Direct(HostMode mode, bool nested, bool hyp) =>
            Enum.GetValues<TimerId>().Where(timer => WorldSwitch.IsDirect(mode, timer, 0, nested, hyp)).ToArray();
    }

    [Fact]
    public void Item58_TheTrapHandlerMapsEncodingsAsKvmDoesInHypContext()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Vcpu.LoadOk();
        Span<ulong> x = stackalloc ulong[31];

        // MSR CNTP_CVAL_EL0, X1 -> CNTHP_CVAL_EL2; MSR CNTP_CVAL_EL02, X1 -> CNTP_CVAL_EL0.
        x[1] = 0x1234;
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCvalEl0.Encoding(), isRead: false, rt: 1), x));
        x[1] = 0x5678;
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CntpCvalEl02.Encoding(), isRead: false, rt: 1), x));
        Assert.Equal(0x1234UL, t.Vcpu[TimerId.HypPhysical].Cval);
        Assert.Equal(0x5678UL, t.Vcpu.Physical.Cval);

        // CNTHV_* with E2H clear: the architecture lets EL2 use it (KVM's access_hv_timer would UNDEF).
        At(t.Guest, 2, Rw);
        x[1] = 0x9ABC;
        Assert.Equal(AccessOutcome.Handled, t.Vcpu.HandleTrap(Esr.ForAccess(SysregAccessor.CnthvCvalEl2.Encoding(), isRead: false, rt: 1), x));
        Assert.Equal(0x9ABCUL, t.Vcpu[TimerId.HypVirtual].Cval);
    }

    [Fact]
    public void TheGuestsTrapsGoToItsHypervisorWithTheirSyndrome_NotToTheHost()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Guest.Cnthctl = Cnthctl.FromRaw(0x403); // E2H1 layout: EL1PCTEN set, EL1PTEN clear
        At(t.Guest, 1, Rw | E2h);
        ulong ctlBefore = t.Vcpu.Physical.Ctl;

        GuestAccessResult r = t.Guest.Execute(SysregAccessor.CntpCtlEl0, isWrite: true, value: Enable, rt: 1);

        Assert.Equal((GuestAccessOutcome.TrappedToGuest, 2, 0x6232F824u), (r.Outcome, r.TargetEl, r.Esr!.Value));
        Assert.Equal(ctlBefore, t.Vcpu.Physical.Ctl); // not emulated by the host
        Assert.False(t.Guest.Execute(SysregAccessor.CntpctEl0, isWrite: false).Emulated); // EL1PCTEN set: direct
    }

    [Fact]
    public void TheHypervisorsEl2TimerKeepsCountingWhileItsGuestRuns_AndWakesTheVcpu()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw | E2h);
        t.Counter.AdvanceTo(0x1000);
        t.Write(SysregAccessor.CnthpTvalEl2, 0x500);
        t.Write(SysregAccessor.CnthpCtlEl2, Enable);

        At(t.Guest, 1, Rw | E2h); // the guest runs, then waits for an interrupt
        t.Vcpu.Block();
        Assert.Equal((UInt128)0x1500, t.Vcpu.BackgroundDeadline);
        t.Counter.AdvanceTo(0x1500);
        Assert.True(t.Vcpu.WokenSinceBlock);
        Assert.True(t.Irq.Level(0, 26));
    }

    [Fact]
    public void AGuestHypervisorsReservedBitsAreNotStored()
    {
        TestVm t = Nested();
        At(t.Guest, 2, Rw);
        t.Write(SysregAccessor.CnthctlEl2, ulong.MaxValue);
        // E2H0 layout without FEAT_ECV or FEAT_RME: EL1PCTEN, EL1PCEN, EVNTEN, EVNTDIR, EVNTI.
        Assert.Equal(0xFFUL, t.Read(SysregAccessor.CnthctlEl2));

        t.Write(SysregAccessor.CnthpCtlEl2, ulong.MaxValue);
        Assert.Equal(Enable | Imask, t.Vcpu[TimerId.HypPhysical].Ctl);
    }

    [Fact]
    public void OneRegAndSnapshotsCarryTheEl2TimersAndTheOffsets()
    {
        TestVm t = Nested(vmOffset: 0x10);
        At(t.Guest, 2, Rw | E2h);
        t.Counter.AdvanceTo(0x2000);
        t.Write(SysregAccessor.CnthpCvalEl2, 0x3000);
        t.Write(SysregAccessor.CnthvCtlEl2, Enable | Imask);
        t.Vcpu.WriteOneReg(KvmRegisterIds.Cntvoff, 0x77);
        Assert.Equal(0x77UL, t.Guest.Cntvoff);
        Assert.Equal(0x3000UL, t.Vcpu.ReadOneReg(KvmRegisterIds.CnthpCval));
        Assert.Equal(KvmResult.NoSuchRegister, new TestVm().Vcpu.GetOneReg(KvmRegisterIds.CnthpCtl, out _));

        string json = TimerSnapshot.Capture(t.Vm, FixedClock).ToJson();
        var copy = new TestVm(vcpus: 0, mode: HostMode.Vhe, nested: true);
        copy.Counter.AdvanceTo(t.Counter.Now);
        Assert.True(TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error), error);
        Assert.True(snapshot!.TryRestore(copy.Vm, out error), error);
        Assert.Equal(json, TimerSnapshot.Capture(copy.Vm, FixedClock).ToJson());
        Assert.Equal(0x77UL, copy.Vm.Vcpus[0].VirtualEl2.Cntvoff);

        Assert.False(snapshot.TryRestore(new TestVm(vcpus: 0, mode: HostMode.Vhe).Vm, out error));
        Assert.Contains("virtual EL2", error, StringComparison.Ordinal);
    }
}
