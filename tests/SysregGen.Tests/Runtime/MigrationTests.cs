using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// Moving a VM between hosts and checkpoints as a VMM does (kvm-timer.md §4.11, items 37-42): the VMM
/// owns the counter offset, a register replay gives the same VM in any order, the downtime policy
/// decides what guest time does, and hot-added vCPUs leave the others alone.
/// </summary>
public sealed class MigrationTests
{
    private const SysregFeatures Features = SysregFeatures.Vhe | SysregFeatures.Ecv;

    /// <summary>How a vCPU was left when its VMM stopped the VM.</summary>
    public enum RunState
    {
        Put,
        Loaded,
        Blocked,
    }

    /// <summary>A VM as a VMM finds it: offsets (pinned by the ioctl, or set through the counters), timers, virtual EL2.</summary>
    public sealed record VmState(bool Nested, bool Pinned, ulong Start, ulong VirtualCount, ulong PhysicalCount, ulong Run, VcpuState[] Vcpus)
    {
        public override string ToString() =>
            $"nested {Nested}, pinned {Pinned}, start 0x{Start:x}, CNTVCT 0x{VirtualCount:x}, CNTPCT 0x{PhysicalCount:x}, run 0x{Run:x}, vcpus [{string.Join("; ", Vcpus.AsEnumerable())}]";
    }

    /// <summary>A vCPU's timers (by <see cref="TimerId"/>), what its CPU model tells the timers of virtual EL2, and its run state at the stop.</summary>
    public sealed record VcpuState(ulong[] Ctl, ulong[] Cval, VirtualEl2State El2, RunState RunState)
    {
        public override string ToString() =>
            $"{RunState}, CTL [{string.Join(", ", Ctl)}], CVAL [{string.Join(", ", Cval.Select(c => $"0x{c:x}"))}], {El2}";
    }

    /// <summary>Compare values near the counts the VM runs at, and anywhere in the 64-bit range.</summary>
    private static readonly Gen<ulong> Cvals = Gen.Frequency((4, Gen.ULong[0, 0x400_0000]), (1, Gen.ULong));

    /// <summary>
    /// Guest counts, and the guest hypervisor's offsets below them, that do not wrap past 2^64 while
    /// the test runs (where a wrap ends a condition, the line may fall at that tick or at the next
    /// re-evaluation: trace-format.md), so that an observation does not depend on when it is made.
    /// </summary>
    private static readonly Gen<ulong> Counts = Gen.Frequency((3, Gen.ULong[0x100_0000, 0x400_0000]), (1, Gen.ULong[0x100_0000, 1UL << 62]));

    private static readonly Gen<ulong> GuestOffsets = Gen.ULong[0, 0x80_0000];

    private static Gen<VcpuState> Vcpus(bool nested) =>
        Gen.Select(Gen.ULong[0, 3].Array[4], Cvals.Array[4], Gen.Bool, Gen.Bool, GuestOffsets, GuestOffsets, Gen.Bool, Gen.Enum<RunState>())
            .Select((ctl, cval, hyp, e2h, cntvoff, cntpoff, applies, run) => new VcpuState(
                ctl, cval, nested ? new VirtualEl2State(hyp, e2h, cntvoff, cntpoff, applies) : default, run));

    private static readonly Gen<VmState> States =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.ULong[0, 0x10_0000], Counts, Counts, Gen.ULong[0, 0x8_0000])
            .SelectMany((nested, pinned, start, vcount, pcount, run) => Vcpus(nested).Array[1, 3].Select(vcpus =>
                new VmState(nested, pinned || nested, start, vcount, pcount, run, vcpus)));

    private static readonly ulong[] CtlIds = { KvmRegisterIds.PtimerCtl, KvmRegisterIds.TimerCtl, KvmRegisterIds.CnthvCtl, KvmRegisterIds.CnthpCtl };

    private static readonly ulong[] CvalIds = { KvmRegisterIds.PtimerCval, KvmRegisterIds.TimerCval, KvmRegisterIds.CnthvCval, KvmRegisterIds.CnthpCval };

    private static ulong[] RegisterList(bool nested) => nested ? KvmRegisterIds.All.Concat(KvmRegisterIds.Nested).ToArray() : KvmRegisterIds.All;

    /// <summary>
    /// Builds the VM: offsets, then the timers through one-reg, then every vCPU runs for
    /// <see cref="VmState.Run"/> cycles and is left in its run state.
    /// </summary>
    private static TestVm Build(VmState s)
    {
        var t = new TestVm(vcpus: 0, features: Features, nested: s.Nested);
        t.Counter.AdvanceTo(s.Start);
        if (s.Pinned)
        {
            Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(s.Start - s.VirtualCount));
        }

        foreach (VcpuState state in s.Vcpus)
        {
            VcpuTimers vcpu = t.AddVcpu();
            Assert.Equal(KvmResult.Ok, vcpu.SetVirtualEl2(state.El2));
            for (int i = 0; i < vcpu.Timers.Length; i++)
            {
                vcpu.WriteOneReg(CtlIds[i], state.Ctl[i]);
                vcpu.WriteOneReg(CvalIds[i], state.Cval[i]);
            }
        }

        if (!s.Pinned)
        {
            t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCnt, s.VirtualCount);
            t.Vcpu.WriteOneReg(KvmRegisterIds.PtimerCnt, s.PhysicalCount);
        }

        foreach (VcpuTimers vcpu in t.Vm.Vcpus)
        {
            vcpu.RecordWakes(); // a woken vCPU stays where the test left it
            vcpu.LoadOk();
        }

        t.Counter.AdvanceTo(s.Start + s.Run);
        for (int v = 0; v < s.Vcpus.Length; v++)
        {
            VcpuTimers vcpu = t.Vm.Vcpus[v];
            if (s.Vcpus[v].RunState == RunState.Blocked)
            {
                vcpu.Block();
            }
            else if (s.Vcpus[v].RunState == RunState.Put)
            {
                vcpu.Put();
            }
        }

        return t;
    }

    /// <summary>
    /// Everything a guest and its VMM can tell of the VM, in the guest's time: every register through
    /// one-reg, the lines once each vCPU runs, and, once each blocks, how far away its wake-up is.
    /// Changes the VM (it runs and blocks every vCPU).
    /// </summary>
    private static List<string> Observe(TestVm t)
    {
        var seen = new List<string>();
        ulong[] ids = RegisterList(t.Vm.Options.NestedVirtualization);
        foreach (VcpuTimers vcpu in t.Vm.Vcpus)
        {
            seen.AddRange(ids.Select(id => $"vcpu{vcpu.Id} {KvmRegisterIds.NameOf(id)} = 0x{vcpu.ReadOneReg(id):x}"));
            seen.Add($"vcpu{vcpu.Id} woken: {vcpu.WokenSinceBlock && vcpu.IsBlocked}");
        }

        foreach (VcpuTimers vcpu in t.Vm.Vcpus)
        {
            vcpu.RecordWakes();
            vcpu.Unblock();
            vcpu.LoadOk();
            seen.AddRange(vcpu.Timers.ToArray().Select(x => $"vcpu{vcpu.Id} line {x.Ppi}: {t.Irq.Level(vcpu.Id, x.Ppi)}"));
        }

        foreach (VcpuTimers vcpu in t.Vm.Vcpus)
        {
            vcpu.Block();
            string wake = vcpu.BackgroundDeadline is UInt128 at ? $"in 0x{at - t.Counter.Now:x}" : vcpu.WokenSinceBlock ? "at once" : "never";
            seen.Add($"vcpu{vcpu.Id} wakes {wake}");
        }

        return seen;
    }

    [Fact]
    public void AOneRegReplayGivesTheSameVmInAnyOrder()
    {
        Gen.Select(States.Where(s => s.Vcpus.All(v => v.RunState == RunState.Put)), Gen.ULong[0, 0x100_0000], Gen.Int.Array[64])
            .Sample((state, origin, order) =>
            {
                TestVm original = Build(state);
                ulong capturedAt = original.Counter.Now;
                ulong[] ids = RegisterList(state.Nested);
                var saved = original.Vm.Vcpus.SelectMany(v => ids.Select(id => (Vcpu: v.Id, Id: id, Value: v.ReadOneReg(id)))).ToList();
                var el2 = original.Vm.Vcpus.Select(v => v.VirtualEl2).ToArray();

                var restored = new TestVm(vcpus: 0, features: Features, nested: state.Nested);
                restored.Counter.AdvanceTo(origin);
                if (state.Pinned)
                {
                    // The VMM owns the offset: the one it set, moved by the new host's count (guest time paused).
                    Assert.Equal(KvmResult.Ok, restored.Vm.SetCounterOffset(original.Vm.VirtualOffset + (origin - capturedAt)));
                }

                var writes = saved.Select(r => (Action)(() => restored.Vm.Vcpus[r.Vcpu].WriteOneReg(r.Id, r.Value)))
                    .Concat(el2.Select((e, v) => (Action)(() =>
                        Assert.Equal(KvmResult.Ok, restored.Vm.Vcpus[v].SetVirtualEl2(restored.Vm.Vcpus[v].VirtualEl2 with { InHypContext = e.InHypContext, E2H = e.E2H, CntpoffApplies = e.CntpoffApplies })))))
                    .Select((write, i) => (write, key: order[i % order.Length] ^ i))
                    .OrderBy(w => w.key)
                    .ToList();
                foreach (VcpuState _ in state.Vcpus)
                {
                    restored.AddVcpu();
                }

                writes.ForEach(w => w.write());

                Assert.Empty(restored.Irq.Changes); // stopped vCPUs emulate nothing: no storm, whatever the order
                Assert.Equal(Observe(original), Observe(restored));
            }, iter: 300);
    }

    [Fact]
    public void ASnapshotRestoresEveryObservableOnAHostWithAnotherOrigin()
    {
        Gen.Select(States, Gen.ULong[0, 0x100_0000]).Sample((state, origin) =>
        {
            TestVm original = Build(state);
            TimerSnapshot snapshot = TimerSnapshot.Capture(original.Vm, FixedClock);
            var restored = new TestVm(vcpus: 0, features: Features, nested: state.Nested);
            restored.Counter.AdvanceTo(origin);

            Assert.True(snapshot.TryRestore(restored.Vm, out string? error), error);

            Assert.Equal(Observe(original), Observe(restored));
        }, iter: 300);
    }

    [Fact]
    public void AdvancingByTheDowntimeIsTheSameAsTheVmHavingRunThroughIt()
    {
        Gen.Select(States, Gen.ULong[0, 0x100_0000], Gen.Int[0, 1_000_000]).Sample((state, origin, microseconds) =>
        {
            TestVm original = Build(state);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
            TimerSnapshot snapshot = TimerSnapshot.Capture(original.Vm, clock);
            var downtime = TimeSpan.FromTicks(microseconds * 10L);
            ulong cycles = (ulong)(downtime.Ticks * (long)original.Vm.Frequency / TimeSpan.TicksPerSecond);

            var restored = new TestVm(vcpus: 0, features: Features, nested: state.Nested);
            restored.Counter.AdvanceTo(origin);
            clock.Advance(downtime);
            int before = original.Irq.Changes.Count;
            original.Counter.AdvanceTo(original.Counter.Now + cycles); // the VM that did not migrate runs on
            int[] wakes = original.Vm.Vcpus.Select(v => v.WokenSinceBlock && v.IsBlocked ? 1 : 0).ToArray();

            var options = new RestoreOptions { Policy = DowntimePolicy.AdvanceByDowntime, Clock = clock };
            Assert.True(snapshot.TryRestore(restored.Vm, options, out string? error), error);

            // Timers that expired in the downtime fire once each, at the restore, as they did in the VM that ran on.
            Assert.Equal(original.Irq.Changes.Skip(before).Order(), restored.Irq.Changes.Order());
            Assert.Equal(wakes, restored.Vm.Vcpus.Select(v => v.WokenSinceBlock && v.IsBlocked ? 1 : 0));
            Assert.Equal(Observe(original), Observe(restored));
        }, iter: 300);
    }

    [Fact]
    public void PausingGuestTimeContinuesFromTheCapturedCountsAndAdvancingMovesThemByTheDowntime()
    {
        TestVm original = CreatedAt(0x5000, vcpus: 1);
        original.Write(SysregAccessor.CntvCvalEl0, 0x1000);
        original.Write(SysregAccessor.CntvCtlEl0, Enable);
        original.Vcpu.Put();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        TimerSnapshot snapshot = TimerSnapshot.Capture(original.Vm, clock);
        clock.Advance(TimeSpan.FromMilliseconds(2));

        foreach ((DowntimePolicy policy, ulong expected) in new[] { (DowntimePolicy.PauseGuestTime, 0UL), (DowntimePolicy.AdvanceByDowntime, 125_000UL) })
        {
            var restored = new TestVm(vcpus: 0);
            restored.Counter.AdvanceTo(0x9_0000);
            Assert.True(snapshot.TryRestore(restored.Vm, new RestoreOptions { Policy = policy, Clock = clock }, out string? error), error);
            Assert.Equal(expected, restored.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt)); // 2 ms at 62.5 MHz
            Assert.Equal(0x1000UL, restored.Vcpu.ReadOneReg(KvmRegisterIds.TimerCval)); // CVAL is in guest time: untouched
        }

        var explicitly = new TestVm(vcpus: 0);
        var given = new RestoreOptions { Policy = DowntimePolicy.AdvanceByDowntime, Downtime = TimeSpan.FromSeconds(1), Clock = clock };
        Assert.True(snapshot.TryRestore(explicitly.Vm, given, out _));
        Assert.Equal(62_500_000UL, explicitly.Vcpu.ReadOneReg(KvmRegisterIds.TimerCnt));
    }

    [Fact]
    public void ADowntimeThatCannotBeMeasuredOrAnotherFrequencyIsAClearError()
    {
        TestVm original = CreatedAt(0x5000);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        TimerSnapshot snapshot = TimerSnapshot.Capture(original.Vm, clock);
        var target = new TestVm(vcpus: 0);

        var behind = new FakeTimeProvider(clock.GetUtcNow().AddHours(-1)); // the restoring host's clock is behind the capture's
        Assert.False(snapshot.TryRestore(target.Vm, new RestoreOptions { Policy = DowntimePolicy.AdvanceByDowntime, Clock = behind }, out string? error));
        Assert.StartsWith("downtime: ", error, StringComparison.Ordinal);

        Assert.False(snapshot.TryRestore(target.Vm, new RestoreOptions { Policy = (DowntimePolicy)7 }, out error));
        Assert.StartsWith("policy: ", error, StringComparison.Ordinal);

        var faster = new TestVm(vcpus: 0, frequency: 1_000_000_000);
        Assert.False(snapshot.TryRestore(faster.Vm, out error));
        Assert.Equal("frequency: the snapshot was taken at 62500000 Hz but the VM's counter runs at 1000000000 Hz.", error);
        Assert.Empty(target.Vm.Vcpus);
        Assert.Empty(faster.Vm.Vcpus);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AVcpuHotAddedToARunningVmKeepsTheVmsCountersAndDisturbsNoOne(bool pinned)
    {
        var t = new TestVm(vcpus: 0);
        t.Counter.AdvanceTo(0x1000);
        if (pinned)
        {
            Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(0x800));
        }

        t.AddVcpu();
        t.AddVcpu();
        ulong offset = t.Vm.VirtualOffset;
        t.Write(SysregAccessor.CntvCvalEl0, 0x3000 - offset);
        t.Write(SysregAccessor.CntvCtlEl0, Enable);
        t.Write(SysregAccessor.CntpTvalEl0, 0x100, vcpu: 1);
        t.Write(SysregAccessor.CntpCtlEl0, Enable, vcpu: 1);
        t.Counter.AdvanceTo(0x1100); // vCPU 1's physical timer fires while it runs
        t.Counter.AdvanceTo(0x2000);
        var before = t.Irq.Changes.ToList();

        VcpuTimers added = t.AddVcpu();

        Assert.Equal(offset, t.Vm.VirtualOffset);
        Assert.Equal(0x2000 - offset, t.Read(SysregAccessor.CntvctEl0));
        Assert.Equal(0x2000 - offset, t.Read(SysregAccessor.CntvctEl0, vcpu: 1));
        Assert.Equal(0x2000 - offset, t.Read(SysregAccessor.CntvctEl0, vcpu: added.Id));
        Assert.Equal(before, t.Irq.Changes);
        t.Counter.AdvanceTo(0x2FFF);
        Assert.False(t.Irq.Level(0, TestVm.VtimerIrq));
        t.Counter.AdvanceTo(0x3000); // vCPU 0's timer fires when it always would have
        Assert.True(t.Irq.Level(0, TestVm.VtimerIrq));
    }

    [Fact]
    public void TheCounterOffsetIsBusyWhileAVcpuIsBlockedInWfi()
    {
        var t = new TestVm(vcpus: 2);
        t.Counter.AdvanceTo(0x1000);
        t.Vm.Vcpus[1].RecordWakes();
        t.Vm.Vcpus[1].Block();

        Assert.Equal(KvmResult.Busy, t.Vm.SetCounterOffset(0x400));
        Assert.False(t.Vm.CounterOffsetPinned);

        t.Vm.Vcpus[1].Unblock();
        Assert.Equal(KvmResult.Ok, t.Vm.SetCounterOffset(0x400));
        Assert.Equal(0xC00UL, t.Vm.Vcpus[1].ReadOneReg(KvmRegisterIds.TimerCnt));
    }

    [Fact]
    public void AVersion1SnapshotIsStillReadAndRestored()
    {
        string json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Runtime", "Fixtures", "snapshot-v1.json"));
        Assert.True(TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error), error);
        Assert.Equal(TimerSnapshot.CurrentVersion, snapshot!.Version);
        Assert.Equal("Vhe", snapshot.Features);
        Assert.Equal(0x303UL, snapshot.Vcpus[1].Version1CpuState!.Cntkctl); // for the CPU model to restore

        var restored = new TestVm(vcpus: 0);
        restored.Counter.AdvanceTo(0x3000);
        Assert.True(snapshot.TryRestore(restored.Vm, out error), error);

        Assert.Equal(20, restored.Vm.GetTimerIrq(TimerId.Virtual));
        Assert.Equal(0x2F00UL, restored.Vm.Vcpus[1].ReadOneReg(KvmRegisterIds.PtimerCnt));
        Assert.Equal((UInt128)0x3200, restored.Vm.Vcpus[0].BackgroundDeadline);
        Assert.True(restored.Vm.Vcpus[1].IsLoaded);
        Assert.Empty(restored.Irq.Changes); // its saved levels agree with its timers

        string withRes0 = json.Replace("\"cntkctl\": 771", "\"cntkctl\": 1027", StringComparison.Ordinal);
        Assert.False(TimerSnapshot.TryParse(withRes0, out _, out error));
        Assert.Equal("vcpus[1].cntkctl: 0x403 sets RES0 bits 0x400.", error);
    }

    [Fact]
    public void ANewerVersionIsToldApartFromABrokenSnapshotWhateverItsNewFields()
    {
        const string newer = """{ "version": 3, "frequency": 62500000, "counterOffsets": { "virtual": 5 } }""";
        Assert.False(TimerSnapshot.TryParse(newer, out _, out string? error));
        Assert.Equal("version: the snapshot is format version 3, newer than this library reads (1 to 2): update SysregGen.Runtime.", error);

        Assert.False(TimerSnapshot.TryParse("""{ "version": "2" }""", out _, out error));
        Assert.Equal("version: \"2\" is not a format version (1 to 2).", error);
        Assert.False(TimerSnapshot.TryParse("[2]", out _, out error));
        Assert.Equal("(the snapshot): [2] is not the snapshot.", error);
    }

    [Fact]
    public void ALoadedVcpusLinesComeFromItsTimersNotFromTheSnapshot()
    {
        var t = new TestVm(vcpus: 1);
        t.Write(SysregAccessor.CntvCtlEl0, 0); // loaded, its virtual timer disabled
        string json = TimerSnapshot.Capture(t.Vm, FixedClock).ToJson();
        string forged = json.Replace("\"level\": false", "\"level\": true", StringComparison.Ordinal);
        Assert.True(TimerSnapshot.TryParse(forged, out TimerSnapshot? snapshot, out string? error), error);

        var restored = new TestVm(vcpus: 0);
        Assert.True(snapshot!.TryRestore(restored.Vm, out error), error);

        Assert.False(restored.Vcpu.Timers[(int)TimerId.Virtual].Level);
        Assert.False(restored.Vcpu.Timers[(int)TimerId.Physical].Level);
        Assert.Equal(json, TimerSnapshot.Capture(restored.Vm, FixedClock).ToJson());
    }

    [Fact]
    public void VirtualEl2StateIsCheckedAgainstTheCpuFeatures()
    {
        var t = new TestVm(vcpus: 1, nested: true); // FEAT_VHE only: no CNTPOFF_EL2
        Assert.Equal(KvmResult.InvalidArgument, t.Vcpu.SetVirtualEl2(new VirtualEl2State(true, true, 0, 0, CntpoffApplies: true)));
        Assert.False(t.Vcpu.VirtualEl2.CntpoffApplies);

        string json = TimerSnapshot.Capture(t.Vm, FixedClock).ToJson().Replace("\"cntpoffApplies\": false", "\"cntpoffApplies\": true", StringComparison.Ordinal);
        Assert.False(TimerSnapshot.TryParse(json, out _, out string? error));
        Assert.StartsWith("vcpus[0].virtualEl2.cntpoffApplies: ", error, StringComparison.Ordinal);
    }
}
